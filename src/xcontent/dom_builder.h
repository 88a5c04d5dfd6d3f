// DomBuilder: a Handler that builds an nlohmann::ordered_json tree (for metadata: state files,
// mappings, alias filters), keeping key order.
//
// Value mapping: strings, booleans, null as themselves; ints and longs as number_integer;
// integers beyond int64 as number_unsigned when they fit in uint64, else as the nearest double
// (documented loss; no real metadata holds such numbers); floats as the double of their shortest
// decimal text (so 0.1f becomes 0.1, as Jackson prints it); doubles as they are (NaN and
// infinities stay, and nlohmann dumps them as null); BigDecimal and JSON numbers with a fraction
// or exponent as the nearest double; binary as a binary value (e.g. compressed mappings inside a
// SMILE state file). A repeated key keeps its first position and its last value, as Jackson's
// LinkedHashMap does.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "xcontent/handler.h"

namespace shardlift::xcontent {

class DomBuilder final : public Handler {
 public:
  // The document built so far (complete once the parser returned OK); resets the builder.
  nlohmann::ordered_json Take();

  Status StartObject() override;
  Status Key(std::string_view name) override;
  Status EndObject() override;
  Status StartArray() override;
  Status EndArray() override;
  Status String(std::string_view value) override;
  Status Int(int32_t value) override;
  Status Long(int64_t value) override;
  Status BigInteger(std::string_view decimal) override;
  Status Float(float value) override;
  Status Double(double value) override;
  Status BigDecimal(std::string_view text) override;
  Status RawNumber(std::string_view text, NumberKind kind) override;
  Status Bool(bool value) override;
  Status Null() override;
  Status Binary(ByteView bytes) override;

 private:
  // Places `value` where the parser is (root, under the pending key, or at the end of an
  // array) and returns where it landed.
  nlohmann::ordered_json* Add(nlohmann::ordered_json&& value);

  nlohmann::ordered_json root_;
  std::vector<nlohmann::ordered_json*> open_;  // the enclosing containers, innermost last
  std::string key_;                            // the pending key inside an object
};

}  // namespace shardlift::xcontent
