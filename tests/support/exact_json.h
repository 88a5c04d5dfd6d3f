// ExactJson: a small JSON reader for tests that compares values exactly as the fixtures demand:
// object key order kept, integers compared as exact decimal text (big ones included), floats
// compared as IEEE doubles with the sign of zero (so 1.0 ≠ 1, -0.0 ≠ 0.0, and 0.1 written with 17
// digits equals 0.1), strings compared after unescaping (escaping may differ).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shardlift::testing {

struct JsonValue {
  enum class Kind { kNull, kBool, kInteger, kFloat, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::string text;   // kInteger: normalised decimal digits; kString: the UTF-8 value
  double number = 0;  // kFloat
  std::vector<JsonValue> items;
  struct Member;  // a pair<string, JsonValue> would need JsonValue complete here
  std::vector<Member> members;

  // The member `key` of an object, or null.
  const JsonValue* Find(std::string_view key) const;
  bool IsNull() const { return kind == Kind::kNull; }
};

struct JsonValue::Member {
  std::string key;
  JsonValue value;
};

// Parses one JSON text; returns false (and sets `error`) if it is not valid JSON.
bool ParseJson(std::string_view text, JsonValue* out, std::string* error);

// Empty if equal; else a path and what differs ("/a/3: 1.0 vs 1").
std::string DiffJson(const JsonValue& expected, const JsonValue& actual,
                     const std::string& path = "");

// Compact text of a value, for messages.
std::string ToText(const JsonValue& value);

}  // namespace shardlift::testing
