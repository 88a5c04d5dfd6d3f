// ExactJson: a JSON document as written. Numbers keep their text, so they compare exactly
// within their kind: 1 is not 1.0, big integers and long decimals are never rounded, -0.0 keeps
// its sign (1.50 and 1.5 are the same decimal). Verify compares the `_source` ES 7 holds with the
// one migrate sent through it; ES 7 returns it as sent, so anything but equality is a difference.
// Object members compare regardless of their order (an updated document may be re-serialized).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace shardlift {

class ExactJson {
 public:
  enum class Kind : uint8_t { kNull, kBool, kInteger, kDecimal, kString, kArray, kObject };

  // Parses one JSON document (the dialect of xcontent::JsonParser); errors name the offset.
  static Result<ExactJson> Parse(std::string_view text);

  Kind kind() const { return kind_; }
  bool boolean() const { return boolean_; }
  // A string's value, or a number's text as written.
  const std::string& text() const { return text_; }
  // Array items, or object member values (in order).
  const std::vector<ExactJson>& items() const { return items_; }
  std::vector<ExactJson>& items() { return items_; }
  // Object member names, parallel to items().
  const std::vector<std::string>& keys() const { return keys_; }
  // The member `key` of an object, or nullptr.
  const ExactJson* Find(std::string_view key) const;
  ExactJson* Find(std::string_view key) {
    return const_cast<ExactJson*>(std::as_const(*this).Find(key));
  }

  // Compact JSON (numbers as written).
  void AppendJson(std::string& out) const;
  std::string ToJson() const;

 private:
  friend class ExactJsonBuilder;

  Kind kind_ = Kind::kNull;
  bool boolean_ = false;
  std::string text_;
  std::vector<ExactJson> items_;
  std::vector<std::string> keys_;
};

// Equal as JSON values (see above).
bool SameJson(const ExactJson& a, const ExactJson& b);

// What differs between `expected` and `found`, one line per difference, each starting with the
// JSON pointer of the place ("/user/tags/2: expected "a", found "b""); at most `limit` lines
// (then a last "…" line). Empty when SameJson.
std::vector<std::string> DiffJson(const ExactJson& expected, const ExactJson& found, size_t limit);

}  // namespace shardlift
