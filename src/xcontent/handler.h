// Handler: the events every XContent parser emits (SAX style), in document order.
//
// Parsers (SMILE, CBOR, YAML, JSON) call one method per token; writers (JsonWriter, DomBuilder)
// and filters (ForwardingHandler) implement it. Numbers keep the kind Jackson 2.8 would report
// for them (JsonParser.NumberType), so a writer can print them the way Elasticsearch 5 did.
// Views passed to a handler are valid only during the call.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/byte_view.h"
#include "base/status.h"

namespace shardlift::xcontent {

// Jackson's JsonParser.NumberType, which decides how a number is printed as JSON.
enum class NumberKind : unsigned char {
  kInt,         // fits in int32
  kLong,        // fits in int64
  kBigInteger,  // any other integer
  kFloat,       // IEEE single (SMILE/CBOR float32, CBOR half)
  kDouble,      // IEEE double (and every JSON/YAML number with a fraction or exponent)
  kBigDecimal,  // arbitrary precision decimal
};

class Handler {
 public:
  virtual ~Handler() = default;

  virtual Status StartObject() = 0;
  // An object key: valid UTF-8.
  virtual Status Key(std::string_view name) = 0;
  virtual Status EndObject() = 0;
  virtual Status StartArray() = 0;
  virtual Status EndArray() = 0;

  // A string value: valid UTF-8.
  virtual Status String(std::string_view value) = 0;
  virtual Status Int(int32_t value) = 0;
  virtual Status Long(int64_t value) = 0;
  // An integer outside int64 (or written as a big integer): optional '-' and decimal digits.
  virtual Status BigInteger(std::string_view decimal) = 0;
  virtual Status Float(float value) = 0;
  virtual Status Double(double value) = 0;
  // A BigDecimal as Java's BigDecimal.toString() prints it ("1.50", "-2E+3", "1.2E-9").
  virtual Status BigDecimal(std::string_view text) = 0;
  // A number from JSON text, exactly as written (e.g. "1.50e3"), and the kind Jackson gives it.
  virtual Status RawNumber(std::string_view text, NumberKind kind) = 0;
  virtual Status Bool(bool value) = 0;
  virtual Status Null() = 0;
  virtual Status Binary(ByteView bytes) = 0;
};

}  // namespace shardlift::xcontent
