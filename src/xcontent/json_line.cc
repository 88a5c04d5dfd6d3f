#include "xcontent/json_line.h"

#include <cstring>

#include "xcontent/container_stack.h"
#include "xcontent/json_escape.h"
#include "xcontent/parse_error.h"
#include "xcontent/plain_json.h"
#include "xcontent/utf8.h"
#include "xcontent/word_scan.h"

namespace shardlift::xcontent {

namespace {

constexpr char kFormat[] = "JSON";

bool IsDigit(uint8_t c) { return static_cast<uint8_t>(c - '0') < 10; }

bool IsHex(uint8_t c) { return IsDigit(c) || static_cast<uint8_t>((c | 0x20) - 'a') < 6; }

uint32_t HexValue4(const uint8_t* p) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    const uint8_t c = p[i];
    value = (value << 4) | (IsDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return value;
}

// One body: validated along JsonParser's grammar, and copied to `out` in runs between the bytes
// that do not go on the line (line breaks, comments, the BOM).
class LineScanner {
 public:
  LineScanner(ByteView body, std::string& out)
      : begin_(body.data()), p_(begin_), end_(begin_ + body.size()), run_(begin_), out_(out) {}

  Status Scan();

 private:
  // Whitespace and comments; the fast case (a token right here) is inline.
  bool SkipSpace() {
    if (p_<end_&& * p_> ' ' && *p_ != '/') return true;
    return SkipSpaceSlow();
  }
  bool SkipSpaceSlow();
  bool Value();
  bool Key();
  bool String();
  bool Escape(const uint8_t* open);
  bool Number();
  bool Literal();

  // Copies the bytes since the last cut, then skips [p_, resume).
  void Cut(const uint8_t* resume, std::string_view replacement) {
    out_.append(reinterpret_cast<const char*>(run_), static_cast<size_t>(p_ - run_));
    out_.append(replacement);
    run_ = p_ = resume;
  }
  bool Fail(const uint8_t* at, std::string what) {
    error_ = ParseError(kFormat, static_cast<uint64_t>(at - begin_), what);
    return false;
  }
  bool Expected(std::string_view what);

  const uint8_t* const begin_;
  const uint8_t* p_;
  const uint8_t* const end_;
  const uint8_t* run_;  // the first byte not copied to out_ yet
  std::string& out_;
  ContainerStack stack_;
  Status error_;
};

bool LineScanner::Expected(std::string_view what) {
  std::string message = "expected ";
  message += what;
  if (p_ == end_) {
    message += ", got the end of the body";
  } else if (*p_ >= 0x20 && *p_ < 0x7F) {
    message += ", got '";
    message += static_cast<char>(*p_);
    message += '\'';
  } else {
    message += ", got " + DescribeByte(*p_);
  }
  return Fail(p_, std::move(message));
}

bool LineScanner::SkipSpaceSlow() {
  while (p_ < end_) {
    switch (*p_) {
      case ' ':
      case '\t':
        ++p_;
        break;
      case '\n':
      case '\r':
        Cut(p_ + 1, "");
        break;
      case '/': {
        const uint8_t* open = p_;
        if (end_ - p_ >= 2 && p_[1] == '/') {
          const uint8_t* q = p_ + 2;
          while (q < end_ && *q != '\n' && *q != '\r') ++q;
          Cut(q, " ");
        } else if (end_ - p_ >= 2 && p_[1] == '*') {
          const uint8_t* q = p_ + 2;
          for (;;) {
            q = static_cast<const uint8_t*>(std::memchr(q, '*', static_cast<size_t>(end_ - q)));
            if (q == nullptr || end_ - q < 2) return Fail(open, "unterminated /* comment");
            ++q;
            if (*q == '/') break;
          }
          Cut(q + 1, " ");
        } else {
          return Expected("a comment after '/'");
        }
        break;
      }
      default:
        return true;
    }
  }
  return true;
}

Status LineScanner::Scan() {
  const size_t original_size = out_.size();
  if (end_ - p_ >= 3 && p_[0] == 0xEF && p_[1] == 0xBB && p_[2] == 0xBF) run_ = p_ += 3;
  const bool ok = [this] {
    for (;;) {
      // A value is expected here.
      if (!SkipSpace()) return false;
      if (p_ < end_ && (*p_ == '{' || *p_ == '[')) {
        const bool object = *p_ == '{';
        if (!stack_.Push(object)) {
          return Fail(p_, "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
        }
        ++p_;
        if (!SkipSpace()) return false;
        if (p_ < end_ && *p_ == (object ? '}' : ']')) {
          ++p_;
          stack_.Pop();
        } else {
          if (object && !Key()) return false;
          continue;
        }
      } else if (!Value()) {
        return false;
      }
      // A value ended: close containers until one continues with ','.
      for (;;) {
        if (!SkipSpace()) return false;
        if (stack_.empty()) return p_ == end_ || Expected("the end of the document");
        const bool object = stack_.InObject();
        if (p_ < end_ && *p_ == ',') {
          ++p_;
          if (object && !Key()) return false;
          break;
        }
        if (p_ < end_ && *p_ == (object ? '}' : ']')) {
          ++p_;
          stack_.Pop();
          continue;
        }
        return Expected(object ? "',' or '}'" : "',' or ']'");
      }
    }
  }();
  if (!ok) {
    out_.resize(original_size);
    return std::move(error_);
  }
  out_.append(reinterpret_cast<const char*>(run_), static_cast<size_t>(end_ - run_));
  return Status();
}

bool LineScanner::Key() {
  if (!SkipSpace()) return false;
  if (p_ == end_ || *p_ != '"') return Expected("a quoted key");
  if (!String() || !SkipSpace()) return false;
  if (p_ == end_ || *p_ != ':') return Expected("':'");
  ++p_;
  return true;
}

bool LineScanner::Value() {
  if (p_ == end_) return Expected("a value");
  const uint8_t c = *p_;
  if (c == '"') return String();
  if (c == '-' || IsDigit(c)) return Number();
  return Literal();
}

bool LineScanner::Literal() {
  for (const std::string_view literal : {"true", "false", "null"}) {
    if (static_cast<size_t>(end_ - p_) >= literal.size() &&
        std::memcmp(p_, literal.data(), literal.size()) == 0) {
      p_ += literal.size();
      return true;
    }
  }
  return Expected("a value");
}

bool LineScanner::Number() {
  if (*p_ == '-') ++p_;
  if (p_ == end_ || !IsDigit(*p_)) return Expected("a digit");
  if (*p_ == '0' && end_ - p_ >= 2 && IsDigit(p_[1])) {
    return Fail(p_, "leading zeros are not allowed in numbers");
  }
  while (p_ < end_ && IsDigit(*p_)) ++p_;
  if (p_ < end_ && *p_ == '.') {
    ++p_;
    if (p_ == end_ || !IsDigit(*p_)) return Expected("a digit after the decimal point");
    while (p_ < end_ && IsDigit(*p_)) ++p_;
  }
  if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
    ++p_;
    if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
    if (p_ == end_ || !IsDigit(*p_)) return Expected("a digit in the exponent");
    while (p_ < end_ && IsDigit(*p_)) ++p_;
  }
  return true;
}

// A string at p_ (its opening quote): runs of plain bytes are found eight at a time, and only a
// run holding bytes >= 0x80 is checked as UTF-8.
bool LineScanner::String() {
  const uint8_t* open = p_++;
  for (;;) {
    const uint8_t* run = p_;
    uint64_t high = 0;
    for (;;) {
      if (end_ - p_ < 8) {
        while (p_ < end_ && *p_ != '"' && *p_ != '\\' && *p_ >= 0x20) high |= *p_++ & 0x80;
        break;
      }
      const uint64_t w = word::Load(p_);
      const uint64_t stop = word::Equal(w, '"') | word::Equal(w, '\\') | word::Below(w, 0x20);
      if (stop != 0) {
        const size_t plain = word::FirstFlagged(stop);
        high |= word::Before(word::NonAscii(w), plain);
        p_ += plain;
        break;
      }
      high |= word::NonAscii(w);
      p_ += 8;
    }
    if (high != 0) {
      const size_t size = static_cast<size_t>(p_ - run);
      if (const size_t valid = ValidUtf8Prefix(run, size); valid < size) {
        return Fail(run + valid, "invalid UTF-8 in string, " + DescribeByte(run[valid]));
      }
    }
    if (p_ == end_) return Fail(open, "unterminated string");
    if (*p_ == '"') {
      ++p_;
      return true;
    }
    if (*p_ != '\\') {
      return Fail(p_, "unescaped control character " + DescribeByte(*p_) + " in string");
    }
    if (!Escape(open)) return false;
  }
}

// The escape at p_ (its backslash). \u escapes must make whole code points: a high surrogate
// followed by a low one, as JsonParser (and UTF-8) require.
bool LineScanner::Escape(const uint8_t* open) {
  const uint8_t* escape = p_++;
  if (p_ == end_) return Fail(open, "unterminated string");
  const uint8_t c = *p_++;
  if (IsShortEscape(c)) return true;
  if (c != 'u') {
    return Fail(escape, "invalid escape '\\" + std::string(1, static_cast<char>(c)) + "'");
  }
  const auto hex4 = [this](uint32_t& unit) {
    if (end_ - p_ < 4 || !IsHex(p_[0]) || !IsHex(p_[1]) || !IsHex(p_[2]) || !IsHex(p_[3])) {
      return false;
    }
    unit = HexValue4(p_);
    p_ += 4;
    return true;
  };
  uint32_t unit;
  if (!hex4(unit)) return Fail(escape, "expected 4 hex digits after \\u");
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    uint32_t low;
    if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u' || (p_ += 2, !hex4(low)) || low < 0xDC00 ||
        low > 0xDFFF) {
      return Fail(escape, "unpaired surrogate escape (not representable in UTF-8)");
    }
  } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
    return Fail(escape, "unpaired surrogate escape (not representable in UTF-8)");
  }
  return true;
}

}  // namespace

Status AppendJsonLine(ByteView body, std::string& out) {
  if (IsPlainJsonLine(body)) {
    out.append(reinterpret_cast<const char*>(body.data()), body.size());
    return Status();
  }
  return AppendJsonLineCarefully(body, out);
}

Status AppendJsonLineCarefully(ByteView body, std::string& out) {
  return LineScanner(body, out).Scan();
}

}  // namespace shardlift::xcontent
