#include "support/exact_json.h"

#include <cmath>
#include <cstdlib>

#include "xcontent/utf8.h"

namespace shardlift::testing {

namespace {

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  bool Parse(JsonValue* out, std::string* error) {
    const bool ok = Value(out, 0) && (SkipSpace(), pos_ == text_.size());
    if (!ok) *error = "invalid JSON at byte " + std::to_string(pos_);
    return ok;
  }

 private:
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool Literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  bool Value(JsonValue* out, int depth) {
    if (depth > 512) return false;
    SkipSpace();
    if (pos_ >= text_.size()) return false;
    const char c = text_[pos_];
    if (c == '{') return Object(out, depth);
    if (c == '[') return Array(out, depth);
    if (c == '"') {
      out->kind = JsonValue::Kind::kString;
      return String(&out->text);
    }
    if (Literal("null")) {
      out->kind = JsonValue::Kind::kNull;
      return true;
    }
    if (Literal("true") || Literal("false")) {
      out->kind = JsonValue::Kind::kBool;
      out->boolean = text_[pos_ - 1] == 'e' && text_[pos_ - 2] == 'u';
      return true;
    }
    return Number(out);
  }
  bool Object(JsonValue* out, int depth) {
    out->kind = JsonValue::Kind::kObject;
    ++pos_;
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == '}') return ++pos_, true;
    while (true) {
      SkipSpace();
      std::string key;
      if (pos_ >= text_.size() || text_[pos_] != '"' || !String(&key)) return false;
      SkipSpace();
      if (pos_ >= text_.size() || text_[pos_++] != ':') return false;
      out->members.push_back({std::move(key), JsonValue()});
      if (!Value(&out->members.back().value, depth + 1)) return false;
      SkipSpace();
      if (pos_ >= text_.size()) return false;
      if (text_[pos_] == '}') return ++pos_, true;
      if (text_[pos_++] != ',') return false;
    }
  }
  bool Array(JsonValue* out, int depth) {
    out->kind = JsonValue::Kind::kArray;
    ++pos_;
    SkipSpace();
    if (pos_ < text_.size() && text_[pos_] == ']') return ++pos_, true;
    while (true) {
      out->items.emplace_back();
      if (!Value(&out->items.back(), depth + 1)) return false;
      SkipSpace();
      if (pos_ >= text_.size()) return false;
      if (text_[pos_] == ']') return ++pos_, true;
      if (text_[pos_++] != ',') return false;
    }
  }
  bool Hex4(uint32_t* unit) {
    if (pos_ + 4 > text_.size()) return false;
    *unit = static_cast<uint32_t>(
        std::strtoul(std::string(text_.substr(pos_, 4)).c_str(), nullptr, 16));
    pos_ += 4;
    return true;
  }
  bool String(std::string* out) {
    ++pos_;  // opening quote
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (c != '\\') {
        out->push_back(c);
        continue;
      }
      if (pos_ >= text_.size()) return false;
      const char e = text_[pos_++];
      switch (e) {
        case '"':
          out->push_back('"');
          break;
        case '\\':
          out->push_back('\\');
          break;
        case '/':
          out->push_back('/');
          break;
        case 'b':
          out->push_back('\b');
          break;
        case 'f':
          out->push_back('\f');
          break;
        case 'n':
          out->push_back('\n');
          break;
        case 'r':
          out->push_back('\r');
          break;
        case 't':
          out->push_back('\t');
          break;
        case 'u': {
          uint32_t unit = 0;
          if (!Hex4(&unit)) return false;
          if (unit >= 0xD800 && unit <= 0xDBFF && text_.substr(pos_, 2) == "\\u") {
            const size_t save = pos_;
            pos_ += 2;
            uint32_t low = 0;
            if (Hex4(&low) && low >= 0xDC00 && low <= 0xDFFF) {
              xcontent::AppendUtf8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), *out);
              break;
            }
            pos_ = save;
          }
          xcontent::AppendUtf8(unit, *out);  // a lone surrogate stays distinguishable (3-byte form)
          break;
        }
        default:
          return false;
      }
    }
    return false;
  }
  bool Number(JsonValue* out) {
    const size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    bool is_float = false;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '.' || c == 'e' || c == 'E') {
        is_float = true;
      } else if (!((c >= '0' && c <= '9') || c == '+' || c == '-')) {
        break;
      }
      ++pos_;
    }
    const std::string token(text_.substr(start, pos_ - start));
    if (token.empty() || token == "-") return false;
    if (is_float) {
      out->kind = JsonValue::Kind::kFloat;
      out->number = std::strtod(token.c_str(), nullptr);
      out->text = token;
      return true;
    }
    out->kind = JsonValue::Kind::kInteger;
    std::string digits = token;
    const bool negative = digits[0] == '-';
    if (negative) digits.erase(0, 1);
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
    out->text = negative && digits != "0" ? std::string(1, '-').append(digits) : digits;
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const auto& [name, value] : members) {
    if (name == key) return &value;
  }
  return nullptr;
}

bool ParseJson(std::string_view text, JsonValue* out, std::string* error) {
  *out = JsonValue();
  return Parser(text).Parse(out, error);
}

std::string ToText(const JsonValue& value) {
  switch (value.kind) {
    case JsonValue::Kind::kNull:
      return "null";
    case JsonValue::Kind::kBool:
      return value.boolean ? "true" : "false";
    case JsonValue::Kind::kInteger:
      return value.text;
    case JsonValue::Kind::kFloat:
      return value.text + " (float)";
    case JsonValue::Kind::kString:
      return std::string(1, '"').append(value.text, 0, 80).append(1, '"');
    case JsonValue::Kind::kArray:
      return std::string(1, '[').append(std::to_string(value.items.size())).append(" items]");
    case JsonValue::Kind::kObject:
      return std::string(1, '{').append(std::to_string(value.members.size())).append(" members}");
  }
  return "?";
}

std::string DiffJson(const JsonValue& expected, const JsonValue& actual, const std::string& path) {
  const std::string where = (path.empty() ? "/" : path) + ": ";
  if (expected.kind != actual.kind) return where + ToText(expected) + " vs " + ToText(actual);
  switch (expected.kind) {
    case JsonValue::Kind::kNull:
      return "";
    case JsonValue::Kind::kBool:
      return expected.boolean == actual.boolean
                 ? ""
                 : where + ToText(expected) + " vs " + ToText(actual);
    case JsonValue::Kind::kInteger:
    case JsonValue::Kind::kString:
      return expected.text == actual.text ? "" : where + ToText(expected) + " vs " + ToText(actual);
    case JsonValue::Kind::kFloat:
      return expected.number == actual.number &&
                     std::signbit(expected.number) == std::signbit(actual.number)
                 ? ""
                 : where + ToText(expected) + " vs " + ToText(actual);
    case JsonValue::Kind::kArray:
      if (expected.items.size() != actual.items.size()) {
        return where + ToText(expected) + " vs " + ToText(actual);
      }
      for (size_t i = 0; i < expected.items.size(); ++i) {
        std::string diff =
            DiffJson(expected.items[i], actual.items[i], path + "/" + std::to_string(i));
        if (!diff.empty()) return diff;
      }
      return "";
    case JsonValue::Kind::kObject:
      if (expected.members.size() != actual.members.size()) {
        return where + ToText(expected) + " vs " + ToText(actual);
      }
      for (size_t i = 0; i < expected.members.size(); ++i) {
        if (expected.members[i].key != actual.members[i].key) {
          return where + "key #" + std::to_string(i) + " \"" + expected.members[i].key +
                 "\" vs \"" + actual.members[i].key + "\"";
        }
        std::string diff = DiffJson(expected.members[i].value, actual.members[i].value,
                                    path + "/" + expected.members[i].key);
        if (!diff.empty()) return diff;
      }
      return "";
  }
  return "";
}

}  // namespace shardlift::testing
