#include "xcontent/json_parser.h"

#include <charconv>
#include <cstring>

#include "xcontent/parse_error.h"
#include "xcontent/utf8.h"

namespace shardlift::xcontent {

namespace {

constexpr char kFormat[] = "JSON";

bool IsDigit(uint8_t c) { return c >= '0' && c <= '9'; }

int HexValue(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Jackson's kind for an integer literal: by value.
NumberKind IntegerKind(std::string_view text) {
  int64_t value;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc()) return NumberKind::kBigInteger;
  return value >= INT32_MIN && value <= INT32_MAX ? NumberKind::kInt : NumberKind::kLong;
}

}  // namespace

Status JsonParser::Fail(const uint8_t* at, std::string_view what) const {
  return ParseError(kFormat, static_cast<uint64_t>(at - begin_), what);
}

Status JsonParser::Expected(std::string_view what) const {
  std::string message = "expected ";
  message += what;
  if (pos_ == end_) {
    message += ", got the end of the body";
  } else {
    const uint8_t c = *pos_;
    message += ", got ";
    if (c >= 0x20 && c < 0x7F) {
      message += '\'';
      message += static_cast<char>(c);
      message += '\'';
    } else {
      message += DescribeByte(c);
    }
  }
  return Fail(pos_, message);
}

Status JsonParser::SkipSpace() {
  while (pos_ < end_) {
    const uint8_t c = *pos_;
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      ++pos_;
    } else if (c == '/') {
      const uint8_t* start = pos_;
      if (end_ - pos_ >= 2 && pos_[1] == '/') {
        while (pos_ < end_ && *pos_ != '\n' && *pos_ != '\r') ++pos_;
      } else if (end_ - pos_ >= 2 && pos_[1] == '*') {
        pos_ += 2;
        for (;;) {
          const auto* star =
              static_cast<const uint8_t*>(std::memchr(pos_, '*', static_cast<size_t>(end_ - pos_)));
          if (star == nullptr || end_ - star < 2) return Fail(start, "unterminated /* comment");
          pos_ = star + 1;
          if (*pos_ == '/') {
            ++pos_;
            break;
          }
        }
      } else {
        return Expected("a comment after '/'");
      }
    } else {
      break;
    }
  }
  return Status();
}

Status JsonParser::Parse(ByteView body, Handler& handler) {
  begin_ = pos_ = body.data();
  end_ = begin_ + body.size();
  if (body.size() >= 3 && pos_[0] == 0xEF && pos_[1] == 0xBB && pos_[2] == 0xBF) pos_ += 3;
  stack_.Clear();

  for (;;) {
    // A value is expected here.
    SL_RETURN_IF_ERROR(SkipSpace());
    if (pos_ < end_ && (*pos_ == '{' || *pos_ == '[')) {
      const bool object = *pos_ == '{';
      if (!stack_.Push(object)) {
        return Fail(pos_, "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
      }
      ++pos_;
      SL_RETURN_IF_ERROR(object ? handler.StartObject() : handler.StartArray());
      SL_RETURN_IF_ERROR(SkipSpace());
      if (pos_ < end_ && *pos_ == (object ? '}' : ']')) {
        ++pos_;
        stack_.Pop();
        SL_RETURN_IF_ERROR(object ? handler.EndObject() : handler.EndArray());
      } else {
        if (object) SL_RETURN_IF_ERROR(ParseKey(handler));
        continue;
      }
    } else {
      SL_RETURN_IF_ERROR(ParseScalar(handler));
    }

    // A value ended: close containers until one continues with ','.
    for (;;) {
      SL_RETURN_IF_ERROR(SkipSpace());
      if (stack_.empty()) {
        if (pos_ != end_) return Expected("the end of the document");
        return Status();
      }
      const bool object = stack_.InObject();
      if (pos_ < end_ && *pos_ == ',') {
        ++pos_;
        if (object) SL_RETURN_IF_ERROR(ParseKey(handler));
        break;
      }
      if (pos_ < end_ && *pos_ == (object ? '}' : ']')) {
        ++pos_;
        stack_.Pop();
        SL_RETURN_IF_ERROR(object ? handler.EndObject() : handler.EndArray());
        continue;
      }
      return Expected(object ? "',' or '}'" : "',' or ']'");
    }
  }
}

Status JsonParser::ParseKey(Handler& handler) {
  SL_RETURN_IF_ERROR(SkipSpace());
  if (pos_ == end_ || *pos_ != '"') return Expected("a quoted key");
  std::string_view name;
  SL_RETURN_IF_ERROR(ParseString(&name));
  SL_RETURN_IF_ERROR(handler.Key(name));
  SL_RETURN_IF_ERROR(SkipSpace());
  if (pos_ == end_ || *pos_ != ':') return Expected("':'");
  ++pos_;
  return Status();
}

Status JsonParser::ParseScalar(Handler& handler) {
  if (pos_ == end_) return Expected("a value");
  switch (*pos_) {
    case '"': {
      std::string_view text;
      SL_RETURN_IF_ERROR(ParseString(&text));
      return handler.String(text);
    }
    case 't':
    case 'f':
    case 'n': {
      static constexpr std::string_view kLiterals[] = {"true", "false", "null"};
      for (const std::string_view literal : kLiterals) {
        if (static_cast<size_t>(end_ - pos_) >= literal.size() &&
            std::memcmp(pos_, literal.data(), literal.size()) == 0) {
          pos_ += literal.size();
          if (literal == "null") return handler.Null();
          return handler.Bool(literal == "true");
        }
      }
      return Expected("a value");
    }
    default:
      if (*pos_ == '-' || IsDigit(*pos_)) return ParseNumber(handler);
      return Expected("a value");
  }
}

Status JsonParser::ParseNumber(Handler& handler) {
  const uint8_t* start = pos_;
  if (*pos_ == '-') ++pos_;
  if (pos_ == end_ || !IsDigit(*pos_)) return Expected("a digit");
  if (*pos_ == '0' && end_ - pos_ >= 2 && IsDigit(pos_[1])) {
    return Fail(pos_, "leading zeros are not allowed in numbers");
  }
  while (pos_ < end_ && IsDigit(*pos_)) ++pos_;
  bool integral = true;
  if (pos_ < end_ && *pos_ == '.') {
    integral = false;
    ++pos_;
    if (pos_ == end_ || !IsDigit(*pos_)) return Expected("a digit after the decimal point");
    while (pos_ < end_ && IsDigit(*pos_)) ++pos_;
  }
  if (pos_ < end_ && (*pos_ == 'e' || *pos_ == 'E')) {
    integral = false;
    ++pos_;
    if (pos_ < end_ && (*pos_ == '+' || *pos_ == '-')) ++pos_;
    if (pos_ == end_ || !IsDigit(*pos_)) return Expected("a digit in the exponent");
    while (pos_ < end_ && IsDigit(*pos_)) ++pos_;
  }
  const std::string_view text(reinterpret_cast<const char*>(start),
                              static_cast<size_t>(pos_ - start));
  return handler.RawNumber(text, integral ? IntegerKind(text) : NumberKind::kDouble);
}

Status JsonParser::ParseString(std::string_view* text) {
  const uint8_t* open = pos_++;
  bool escaped = false;
  unescaped_.clear();
  for (;;) {
    const uint8_t* run = pos_;
    while (pos_ < end_ && *pos_ != '"' && *pos_ != '\\' && *pos_ >= 0x20) ++pos_;
    const size_t run_size = static_cast<size_t>(pos_ - run);
    if (const size_t valid = ValidUtf8Prefix(run, run_size); valid < run_size) {
      return Fail(run + valid, "invalid UTF-8 in string, " + DescribeByte(run[valid]));
    }
    if (pos_ == end_) return Fail(open, "unterminated string");
    if (*pos_ < 0x20) {
      return Fail(pos_, "unescaped control character " + DescribeByte(*pos_) + " in string");
    }
    if (*pos_ == '"') {
      if (!escaped) {
        *text = std::string_view(reinterpret_cast<const char*>(open + 1), run_size);
      } else {
        unescaped_.append(reinterpret_cast<const char*>(run), run_size);
        *text = unescaped_;
      }
      ++pos_;
      return Status();
    }
    // A backslash escape.
    if (!escaped) {
      escaped = true;
      unescaped_.append(reinterpret_cast<const char*>(open + 1), run_size);
    } else {
      unescaped_.append(reinterpret_cast<const char*>(run), run_size);
    }
    const uint8_t* escape = pos_++;
    if (pos_ == end_) return Fail(open, "unterminated string");
    const uint8_t c = *pos_++;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        unescaped_.push_back(static_cast<char>(c));
        break;
      case 'b':
        unescaped_.push_back('\b');
        break;
      case 'f':
        unescaped_.push_back('\f');
        break;
      case 'n':
        unescaped_.push_back('\n');
        break;
      case 'r':
        unescaped_.push_back('\r');
        break;
      case 't':
        unescaped_.push_back('\t');
        break;
      case 'u': {
        auto read_hex4 = [this](uint32_t* unit) {
          if (end_ - pos_ < 4) return false;
          uint32_t v = 0;
          for (int i = 0; i < 4; ++i) {
            const int digit = HexValue(pos_[i]);
            if (digit < 0) return false;
            v = (v << 4) | static_cast<uint32_t>(digit);
          }
          pos_ += 4;
          *unit = v;
          return true;
        };
        uint32_t unit;
        if (!read_hex4(&unit)) return Fail(escape, "expected 4 hex digits after \\u");
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          uint32_t low;
          if (end_ - pos_ < 2 || pos_[0] != '\\' || pos_[1] != 'u' ||
              (pos_ += 2, !read_hex4(&low)) || low < 0xDC00 || low > 0xDFFF) {
            return Fail(escape, "unpaired surrogate escape (not representable in UTF-8)");
          }
          unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
          return Fail(escape, "unpaired surrogate escape (not representable in UTF-8)");
        }
        AppendUtf8(unit, unescaped_);
        break;
      }
      default:
        return Fail(escape, "invalid escape '\\" + std::string(1, static_cast<char>(c)) + "'");
    }
  }
}

}  // namespace shardlift::xcontent
