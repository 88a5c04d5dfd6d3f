// JsonWriter: a Handler that appends one line of JSON to a caller-owned string, printing every
// value the way Elasticsearch 5 (Jackson 2.8's UTF8JsonGenerator, via copyCurrentStructure) did:
//  * ints and longs in decimal, BigInteger / BigDecimal as their Java toString text;
//  * doubles and floats in Java's Double/Float.toString layout ("1.0", "1.0E-5") with the shortest
//    digits that read back to the same value; NaN and ±Infinity as the strings "NaN",
//    "Infinity", "-Infinity" (Jackson's default QUOTE_NON_NUMERIC_NUMBERS);
//  * binary as a base64 string (standard alphabet, padded);
//  * strings with Jackson's escapes: \" \\ \b \t \n \f \r, other controls as \u00XX, characters
//    beyond U+FFFF as an escaped surrogate pair (\uD83D\uDE00), everything else as UTF-8;
//  * JSON numbers exactly as they were written.
// It allocates nothing beyond growing the output string.
#pragma once

#include <string>

#include "xcontent/handler.h"

namespace shardlift::xcontent {

class JsonWriter final : public Handler {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  // Starts a new document, appended to `out`.
  void Reset(std::string* out) {
    out_ = out;
    need_comma_ = false;
  }

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
  void BeforeValue() {
    if (need_comma_) out_->push_back(',');
    need_comma_ = true;
  }
  void AppendQuoted(std::string_view text);
  // A number whose text is already what Jackson would print.
  Status Verbatim(std::string_view number_text);

  std::string* out_;
  bool need_comma_ = false;  // a value was written at the current level
};

// Appends `text` (valid UTF-8) as a quoted JSON string with Jackson's escapes.
void AppendJsonString(std::string_view text, std::string& out);

}  // namespace shardlift::xcontent
