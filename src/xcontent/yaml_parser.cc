#include "xcontent/yaml_parser.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "xcontent/number_text.h"
#include "xcontent/parse_error.h"
#include "xcontent/utf8.h"

namespace shardlift::xcontent {

namespace {

constexpr char kFormat[] = "YAML";
constexpr std::string_view kYamlTagPrefix = "tag:yaml.org,2002:";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAnchorChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '-' || c == '_';
}
bool IsFlowIndicator(char c) { return c != '\0' && std::strchr(",[]{}", c) != nullptr; }

bool AllOf(std::string_view text, const char* allowed) {
  for (const char c : text) {
    if (std::strchr(allowed, c) == nullptr) return false;
  }
  return true;
}

// 'text', for messages (built by appending: GCC 12 misfires -Wrestrict on "'" + string).
std::string InQuotes(std::string_view text) {
  std::string out(1, '\'');
  out.append(text).push_back('\'');
  return out;
}

std::string_view StripSign(std::string_view text) {
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  return text;
}

// SnakeYAML's Resolver.BOOL.
bool IsYamlBoolWord(std::string_view t) {
  for (const char* word : {"yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false",
                           "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"}) {
    if (t == word) return true;
  }
  return false;
}

// Jackson's YAMLParser._matchYAMLBoolean: by length, case-insensitive (y and n included).
int MatchJacksonBool(std::string_view t) {  // 1 true, 0 false, -1 neither
  auto equals = [t](std::string_view word) {
    if (t.size() != word.size()) return false;
    for (size_t i = 0; i < t.size(); ++i) {
      if ((t[i] | 0x20) != word[i]) return false;
    }
    return true;
  };
  if (equals("y") || equals("on") || equals("yes") || equals("true")) return 1;
  if (equals("n") || equals("no") || equals("off") || equals("false")) return 0;
  return -1;
}

// `(?::[0-5]?[0-9])+` at the start of `t`: consumes the groups, false if there are none.
bool ConsumeSexagesimalGroups(std::string_view& t) {
  int groups = 0;
  while (!t.empty() && t[0] == ':') {
    size_t digits = 1;
    while (digits < t.size() && IsDigit(t[digits])) ++digits;
    --digits;
    if (digits == 0 || digits > 2 || (digits == 2 && t[1] > '5')) return false;
    t.remove_prefix(1 + digits);
    ++groups;
  }
  return groups > 0;
}

// SnakeYAML's Resolver.INT.
bool MatchYamlInt(std::string_view text) {
  const std::string_view t = StripSign(text);
  if (t.empty()) return false;
  if (t.size() > 2 && t.substr(0, 2) == "0b") return AllOf(t.substr(2), "01_");
  if (t.size() > 2 && t.substr(0, 2) == "0x") return AllOf(t.substr(2), "0123456789abcdefABCDEF_");
  if (t[0] == '0') return t.size() == 1 || AllOf(t.substr(1), "01234567_");
  if (t[0] < '1' || t[0] > '9') return false;
  if (AllOf(t, "0123456789_")) return true;
  std::string_view rest = t.substr(t.find(':') == std::string_view::npos ? t.size() : t.find(':'));
  if (!AllOf(t.substr(0, t.size() - rest.size()), "0123456789_")) return false;
  return ConsumeSexagesimalGroups(rest) && rest.empty();
}

// SnakeYAML's Resolver.FLOAT.
bool MatchYamlFloat(std::string_view text) {
  if (text == ".nan" || text == ".NaN" || text == ".NAN") return true;
  std::string_view t = StripSign(text);
  if (t == ".inf" || t == ".Inf" || t == ".INF") return true;
  // [0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*
  if (!t.empty() && IsDigit(t[0]) && t.find(':') != std::string_view::npos) {
    std::string_view rest = t.substr(t.find(':'));
    if (!AllOf(t.substr(0, t.size() - rest.size()), "0123456789_")) return false;
    if (!ConsumeSexagesimalGroups(rest) || rest.empty() || rest[0] != '.') return false;
    return AllOf(rest.substr(1), "0123456789_");
  }
  // (\.[0-9]+|[0-9_]+(\.[0-9_]*)?)([eE][-+]?[0-9]+)?
  const size_t exponent = t.find_first_of("eE");
  std::string_view mantissa = t.substr(0, exponent);
  if (exponent != std::string_view::npos) {
    const std::string_view e = StripSign(t.substr(exponent + 1));
    if (e.empty() || !AllOf(e, "0123456789")) return false;
  }
  if (mantissa.empty()) return false;
  if (mantissa[0] == '.') return mantissa.size() > 1 && AllOf(mantissa.substr(1), "0123456789");
  const size_t dot = mantissa.find('.');
  const std::string_view whole = mantissa.substr(0, dot);
  if (whole.empty() || !AllOf(whole, "0123456789_")) return false;
  return dot == std::string_view::npos || AllOf(mantissa.substr(dot + 1), "0123456789_");
}

// Jackson's PATTERN_FLOAT: [-+]?([0-9][0-9_]*)?\.[0-9]*([eE][-+][0-9]+)?
bool MatchJacksonFloat(std::string_view text) {
  std::string_view t = StripSign(text);
  const size_t dot = t.find('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view whole = t.substr(0, dot);
  if (!whole.empty() && (!IsDigit(whole[0]) || !AllOf(whole, "0123456789_"))) return false;
  t.remove_prefix(dot + 1);
  const size_t exponent = t.find_first_of("eE");
  if (!AllOf(t.substr(0, exponent), "0123456789")) return false;
  if (exponent == std::string_view::npos) return true;
  const std::string_view e = t.substr(exponent + 1);
  return e.size() >= 2 && (e[0] == '+' || e[0] == '-') && AllOf(e.substr(1), "0123456789");
}

}  // namespace

Status YamlParser::Fail(uint64_t offset, std::string_view what) const {
  return ParseError(kFormat, offset, what);
}

size_t YamlParser::BreakAt(const char* p) const {
  if (p >= end_) return 0;
  const auto c = static_cast<uint8_t>(*p);
  if (c == '\n') return 1;
  if (c == '\r') return end_ - p >= 2 && p[1] == '\n' ? 2 : 1;
  // YAML 1.1 (SnakeYAML) also breaks lines at NEL, LS and PS.
  if (c == 0xC2 && end_ - p >= 2 && static_cast<uint8_t>(p[1]) == 0x85) return 2;
  if (c == 0xE2 && end_ - p >= 3 && static_cast<uint8_t>(p[1]) == 0x80 &&
      (static_cast<uint8_t>(p[2]) == 0xA8 || static_cast<uint8_t>(p[2]) == 0xA9)) {
    return 3;
  }
  return 0;
}

bool YamlParser::IsBlankAt(size_t ahead) const {
  const char c = Peek(ahead);
  return c == '\0' || c == ' ' || c == '\t' || BreakAt(pos_ + ahead) > 0;
}

bool YamlParser::AtLineEnd() const { return AtEnd() || *pos_ == '#' || BreakAt(pos_) > 0; }

bool YamlParser::AtDocumentMarker() const {
  if (Column() != 0 || end_ - pos_ < 3) return false;
  return (std::memcmp(pos_, "---", 3) == 0 || std::memcmp(pos_, "...", 3) == 0) && IsBlankAt(3);
}

void YamlParser::SkipSpaces() {
  while (pos_ < end_ && (*pos_ == ' ' || *pos_ == '\t')) ++pos_;
}

bool YamlParser::SkipLineBreak(std::string* as_text) {
  const size_t length = BreakAt(pos_);
  if (length == 0) return false;
  if (as_text != nullptr) {
    // SnakeYAML's scanLineBreak: CR, LF, CRLF and NEL read as "\n"; LS and PS as themselves.
    if (length == 3) {
      as_text->append(pos_, 3);
    } else {
      as_text->push_back('\n');
    }
  }
  pos_ += length;
  line_start_ = pos_;
  return true;
}

bool YamlParser::SkipToContent() {
  for (;;) {
    SkipSpaces();
    if (AtEnd()) return false;
    if (*pos_ == '#') {
      while (pos_ < end_ && BreakAt(pos_) == 0) ++pos_;
    } else if (!SkipLineBreak()) {
      return true;
    }
  }
}

Status YamlParser::Push() {
  if (++depth_ > kMaxDepth) {
    return FailHere("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  return Status();
}

// SnakeYAML 1.15's StreamReader accepts only printable characters: tab, line breaks, 0x20-0x7E,
// U+0085, U+00A0-U+D7FF and U+E000-U+FFFD. It checked Java chars, so it also refused every
// character beyond U+FFFF (a surrogate pair), which ES 5.6 therefore could not index from YAML;
// we accept those (later SnakeYAML versions do, and their meaning is not in doubt).
Status YamlParser::CheckCharacters() const {
  const auto* data = reinterpret_cast<const uint8_t*>(begin_);
  const size_t size = static_cast<size_t>(end_ - begin_);
  if (const size_t valid = ValidUtf8Prefix(data, size); valid < size) {
    return Fail(valid, "invalid UTF-8, " + DescribeByte(data[valid]));
  }
  for (size_t i = 0; i < size;) {
    const uint8_t c = data[i];
    uint32_t cp = c;
    size_t length = 1;
    if (c >= 0xF0) {
      length = 4;
      cp = 0x10000;
    } else if (c >= 0xE0) {
      length = 3;
      cp = ((c & 0x0Fu) << 12) | ((data[i + 1] & 0x3Fu) << 6) | (data[i + 2] & 0x3Fu);
    } else if (c >= 0xC0) {
      length = 2;
      cp = ((c & 0x1Fu) << 6) | (data[i + 1] & 0x3Fu);
    }
    const bool printable = cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp <= 0x7E) ||
                           cp == 0x85 || (cp >= 0xA0 && cp <= 0xD7FF) ||
                           (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
    if (!printable) return Fail(i, "special characters are not allowed in YAML");
    i += length;
  }
  return Status();
}

Status YamlParser::Parse(ByteView body, Handler& handler) {
  begin_ = pos_ = line_start_ = reinterpret_cast<const char*>(body.data());
  end_ = begin_ + body.size();
  handler_ = &handler;
  depth_ = 0;
  flow_level_ = 0;
  SL_RETURN_IF_ERROR(CheckCharacters());
  // Directives (%YAML, %TAG) before an explicit document start are skipped.
  while (SkipToContent() && Column() == 0 && *pos_ == '%') {
    while (pos_ < end_ && BreakAt(pos_) == 0) ++pos_;
  }
  if (AtDocumentMarker() && *pos_ == '-') pos_ += 3;
  SL_RETURN_IF_ERROR(ParseBlockNode(-1, Context::kDocument));
  // Only comments, a document end or the next document (which ES never reads) may follow.
  if (SkipToContent() && !AtDocumentMarker()) {
    return FailHere("expected the end of the document");
  }
  return Status();
}

Status YamlParser::ParseProperties(Properties* properties) {
  for (;;) {
    if (Peek() == '&') {
      const uint64_t start = Offset();
      ++pos_;
      while (pos_ < end_ && IsAnchorChar(*pos_)) ++pos_;
      if (Offset() == start + 1) return Fail(start, "expected an anchor name after '&'");
    } else if (Peek() == '!') {
      const char* start = pos_++;
      if (Peek() == '<') {
        while (pos_ < end_ && *pos_ != '>' && BreakAt(pos_) == 0) ++pos_;
        if (Peek() != '>') return FailHere("expected '>' closing a verbatim tag");
        ++pos_;
      } else {
        while (pos_ < end_ && *pos_ != ' ' && *pos_ != '\t' && BreakAt(pos_) == 0 &&
               !(flow_level_ > 0 && IsFlowIndicator(*pos_))) {
          ++pos_;
        }
      }
      properties->has_tag = true;
      properties->tag = std::string_view(start, static_cast<size_t>(pos_ - start));
    } else {
      return Status();
    }
    if (!IsBlankAt(0) && !(flow_level_ > 0 && IsFlowIndicator(Peek()))) {
      return FailHere("expected a space after a node property");
    }
    SkipSpaces();
  }
}

Status YamlParser::ParseBlockNode(int parent_indent, Context context) {
  SkipSpaces();
  Properties properties;
  SL_RETURN_IF_ERROR(ParseProperties(&properties));
  bool block_allowed = context != Context::kAfterKey;
  const Scalar empty{"", Style::kPlain, false, Offset()};
  if (AtLineEnd()) {
    if (!SkipToContent() || AtDocumentMarker()) return EmitScalar(empty, properties);
    const int column = Column();
    const bool nested = column > parent_indent || (context == Context::kAfterKey &&
                                                   column == parent_indent && AtSequenceEntry());
    if (!nested) return EmitScalar(empty, properties);
    block_allowed = true;
    SL_RETURN_IF_ERROR(ParseProperties(&properties));
    if (AtLineEnd()) return FailHere("node properties alone on a line are not supported");
  }
  const int column = Column();
  const char c = Peek();
  if (block_allowed && c == '-' && IsBlankAt(1)) return ParseBlockSequence(column);
  if (block_allowed && c == '?' && IsBlankAt(1)) return ParseBlockMapping(column, nullptr);
  Scalar scalar;
  if (c == '|' || c == '>') {
    SL_RETURN_IF_ERROR(ParseBlockScalar(parent_indent, &scalar));
    return EmitScalar(scalar, properties);
  }
  if (c == '[' || c == '{') {
    SL_RETURN_IF_ERROR(ParseFlowCollection());
    SkipSpaces();
    if (Peek() == ':' && IsBlankAt(1)) return FailHere("collections as keys are not supported");
    return Status();
  }
  if (c == '*') {
    SL_RETURN_IF_ERROR(ParseAlias(&scalar));
  } else if (c == '"' || c == '\'') {
    SL_RETURN_IF_ERROR(ParseQuoted(&scalar));
  } else {
    SL_RETURN_IF_ERROR(ParsePlain(parent_indent, /*flow=*/false, &scalar));
  }
  SkipSpaces();
  if (Peek() == ':' && IsBlankAt(1)) {
    if (!block_allowed) return FailHere("mapping values are not allowed here");
    SL_RETURN_IF_ERROR(CheckSimpleKey(scalar));
    if (scalar.style == Style::kAlias) {
      return Fail(scalar.offset, "an alias cannot be a key (Jackson 2.8 rejects it)");
    }
    return ParseBlockMapping(column, &scalar);
  }
  return EmitScalar(scalar, properties);
}

Status YamlParser::ParseBlockKey(int indent, bool explicit_key, Scalar* key) {
  const char c = Peek();
  if (c == '"' || c == '\'') {
    SL_RETURN_IF_ERROR(ParseQuoted(key));
  } else if (c == '*' || c == '[' || c == '{') {
    return FailHere("a mapping key must be a scalar");
  } else {
    SL_RETURN_IF_ERROR(ParsePlain(indent, /*flow=*/false, key));
  }
  return explicit_key ? Status() : CheckSimpleKey(*key);
}

Status YamlParser::ParseBlockMapping(int indent, const Scalar* first_key) {
  SL_RETURN_IF_ERROR(Push());
  SL_RETURN_IF_ERROR(handler_->StartObject());
  const Properties none;
  for (bool first = true;; first = false) {
    Scalar key;
    bool entry_done = false;  // an explicit "? key" entry reads its own value
    if (first && first_key != nullptr) {
      key = *first_key;
    } else if (Peek() == '?' && IsBlankAt(1)) {
      // Explicit key: "? key" then, on a later line at the same indentation, ": value".
      ++pos_;
      SkipSpaces();
      key = Scalar{"", Style::kPlain, false, Offset()};
      if (!AtLineEnd()) SL_RETURN_IF_ERROR(ParseBlockKey(indent, /*explicit_key=*/true, &key));
      SL_RETURN_IF_ERROR(EmitKey(key));
      if (SkipToContent() && !AtDocumentMarker() && Column() == indent && Peek() == ':' &&
          IsBlankAt(1)) {
        ++pos_;
        SL_RETURN_IF_ERROR(ParseBlockNode(indent, Context::kCompact));
      } else {
        SL_RETURN_IF_ERROR(EmitScalar(Scalar{"", Style::kPlain, false, Offset()}, none));
      }
      entry_done = true;
    } else {
      SL_RETURN_IF_ERROR(ParseBlockKey(indent, /*explicit_key=*/false, &key));
    }
    if (!entry_done) {
      SkipSpaces();
      if (!(Peek() == ':' && IsBlankAt(1))) return FailHere("expected ':' after a mapping key");
      ++pos_;
      SL_RETURN_IF_ERROR(EmitKey(key));
      SL_RETURN_IF_ERROR(ParseBlockNode(indent, Context::kAfterKey));
    }
    if (!SkipToContent() || AtDocumentMarker() || Column() < indent) break;
    if (Column() > indent) return FailHere("bad indentation of a mapping entry");
  }
  Pop();
  return handler_->EndObject();
}

Status YamlParser::ParseBlockSequence(int indent) {
  SL_RETURN_IF_ERROR(Push());
  SL_RETURN_IF_ERROR(handler_->StartArray());
  for (;;) {
    ++pos_;  // '-'
    SL_RETURN_IF_ERROR(ParseBlockNode(indent, Context::kCompact));
    if (!SkipToContent() || AtDocumentMarker() || Column() < indent) break;
    if (Column() > indent) return FailHere("bad indentation of a sequence entry");
    if (!AtSequenceEntry()) break;  // the enclosing mapping goes on at this indentation
  }
  Pop();
  return handler_->EndArray();
}

Status YamlParser::ParseFlowNode(Scalar* scalar, Properties* properties, bool* is_scalar) {
  SL_RETURN_IF_ERROR(ParseProperties(properties));
  if (!SkipToContent()) return FailHere("unterminated flow collection");
  const char c = Peek();
  *is_scalar = c != '[' && c != '{';
  if (!*is_scalar) return ParseFlowCollection();
  if (c == '*') return ParseAlias(scalar);
  if (c == '"' || c == '\'') return ParseQuoted(scalar);
  if (c == ',' || c == ']' || c == '}' || c == ':') {
    *scalar = Scalar{"", Style::kPlain, false, Offset()};
    return Status();
  }
  return ParsePlain(-1, /*flow=*/true, scalar);
}

Status YamlParser::ParseFlowCollection() {
  const bool is_map = Peek() == '{';
  const char close = is_map ? '}' : ']';
  const uint64_t start = Offset();
  ++pos_;
  ++flow_level_;
  SL_RETURN_IF_ERROR(Push());
  SL_RETURN_IF_ERROR(is_map ? handler_->StartObject() : handler_->StartArray());
  auto skip = [&]() -> Status {
    if (!SkipToContent()) return Fail(start, "unterminated flow collection");
    return Status();
  };
  for (;;) {
    SL_RETURN_IF_ERROR(skip());
    if (Peek() == close) {
      ++pos_;
      break;
    }
    const bool explicit_key = is_map && Peek() == '?' && IsBlankAt(1);
    if (explicit_key) ++pos_;
    Scalar item;
    Properties properties;
    bool is_scalar = false;
    SL_RETURN_IF_ERROR(ParseFlowNode(&item, &properties, &is_scalar));
    SL_RETURN_IF_ERROR(skip());
    if (is_map || (is_scalar && Peek() == ':')) {
      // A key (in a flow sequence: a single-pair mapping).
      if (!is_scalar || item.style == Style::kAlias) return Fail(start, "a key must be a scalar");
      if (!is_map) {
        SL_RETURN_IF_ERROR(Push());
        SL_RETURN_IF_ERROR(handler_->StartObject());
      }
      if (!explicit_key) SL_RETURN_IF_ERROR(CheckSimpleKey(item));
      SL_RETURN_IF_ERROR(EmitKey(item));
      Scalar value{"", Style::kPlain, false, Offset()};
      Properties value_properties;
      bool value_is_scalar = true;
      if (Peek() == ':') {
        ++pos_;
        SL_RETURN_IF_ERROR(skip());
        if (Peek() != ',' && Peek() != close) {
          SL_RETURN_IF_ERROR(ParseFlowNode(&value, &value_properties, &value_is_scalar));
        }
      }
      if (value_is_scalar) SL_RETURN_IF_ERROR(EmitScalar(value, value_properties));
      if (!is_map) {
        Pop();
        SL_RETURN_IF_ERROR(handler_->EndObject());
      }
      SL_RETURN_IF_ERROR(skip());
    } else if (is_scalar) {
      SL_RETURN_IF_ERROR(EmitScalar(item, properties));
    }
    if (Peek() == ',') {
      ++pos_;
      continue;
    }
    if (Peek() != close) {
      return FailHere(is_map ? "expected ',' or '}' in a flow mapping"
                             : "expected ',' or ']' in a flow sequence");
    }
    ++pos_;
    break;
  }
  --flow_level_;
  Pop();
  return is_map ? handler_->EndObject() : handler_->EndArray();
}

Status YamlParser::ParseAlias(Scalar* scalar) {
  const uint64_t start = Offset();
  const char* name = ++pos_;
  while (pos_ < end_ && IsAnchorChar(*pos_)) ++pos_;
  if (pos_ == name) return Fail(start, "expected an alias name after '*'");
  *scalar =
      Scalar{std::string_view(name, static_cast<size_t>(pos_ - name)), Style::kAlias, false, start};
  return Status();
}

Status YamlParser::ParsePlain(int block_indent, bool flow, Scalar* scalar) {
  const uint64_t start = Offset();
  const char first = Peek();
  const bool indicator_start =
      (first == '-' || (!flow && (first == '?' || first == ':'))) && !IsBlankAt(1);
  if (first == '\0' ||
      (std::strchr("-?:,[]{}#&*!|>'\"%@`", first) != nullptr && !indicator_start)) {
    return Fail(start, "found character " + InQuotes(std::string_view(&first, 1)) +
                           " that cannot start any token");
  }
  // SnakeYAML's scanPlain: chunks of non-blank text joined by the whitespace between them on a
  // line, or by folded line breaks (one break = a space, n+1 breaks = n newlines).
  const int min_column = block_indent + 1;
  const char* single = nullptr;  // the only chunk so far, as a view into the body
  size_t single_size = 0;
  bool multi_line = false;
  text_.clear();
  separator_.clear();
  for (;;) {
    if (Peek() == '#') break;
    const char* chunk = pos_;
    while (pos_ < end_) {
      const char c = *pos_;
      if (c == ' ' || c == '\t' || BreakAt(pos_) > 0) break;
      if (!flow && c == ':' && IsBlankAt(1)) break;
      if (flow && std::strchr(",:?[]{}", c) != nullptr) break;
      ++pos_;
    }
    if (flow && Peek() == ':' && !IsBlankAt(1) && !IsFlowIndicator(Peek(1))) {
      return FailHere("found unexpected ':' in a plain scalar inside a flow collection");
    }
    if (pos_ == chunk) break;
    if (single == nullptr && text_.empty()) {
      single = chunk;
      single_size = static_cast<size_t>(pos_ - chunk);
    } else {
      if (single != nullptr) {
        text_.assign(single, single_size);
        single = nullptr;
      }
      text_ += separator_;
      text_.append(chunk, static_cast<size_t>(pos_ - chunk));
    }
    // SnakeYAML's scanPlainSpaces: the whitespace on the line, or the folded line breaks.
    const char* spaces = pos_;
    SkipSpaces();
    separator_.assign(spaces, static_cast<size_t>(pos_ - spaces));
    std::string line_break;
    if (SkipLineBreak(&line_break)) {
      if (AtDocumentMarker()) break;
      std::string breaks;
      for (;;) {
        while (Peek() == ' ') ++pos_;
        if (!SkipLineBreak(&breaks)) break;
        if (AtDocumentMarker()) break;
      }
      if (AtDocumentMarker()) break;
      separator_ = line_break != "\n" ? line_break + breaks : breaks.empty() ? " " : breaks;
      multi_line = true;
    } else if (separator_.empty()) {
      break;
    }
    if (Peek() == '#' || (!flow && Column() < min_column)) break;
  }
  const std::string_view text =
      single != nullptr ? std::string_view(single, single_size) : std::string_view(text_);
  // A scalar continued on a later line only if a second chunk was appended.
  *scalar = Scalar{text, Style::kPlain, multi_line && single == nullptr, start};
  return Status();
}

Status YamlParser::ParseQuoted(Scalar* scalar) {
  const uint64_t start = Offset();
  const char quote = *pos_++;
  const bool double_quoted = quote == '"';
  text_.clear();
  bool multi_line = false;
  uint32_t pending_high_surrogate = 0;
  for (;;) {
    if (AtEnd()) return Fail(start, "unterminated quoted scalar");
    const char c = *pos_;
    if (pending_high_surrogate != 0 && !(c == '\\' && Peek(1) == 'u')) {
      return FailHere("unpaired surrogate escape (not representable in UTF-8)");
    }
    if (c == quote && !(quote == '\'' && Peek(1) == '\'')) {
      ++pos_;
      break;
    }
    if (c == '\'' && quote == '\'') {  // '' inside single quotes
      text_ += '\'';
      pos_ += 2;
    } else if (c == '\\' && double_quoted) {
      const uint64_t escape = Offset();
      ++pos_;
      const char e = Peek();
      static constexpr std::pair<char, const char*> kReplacements[] = {
          {'0', "\0"},       {'a', "\a"},       {'b', "\b"},           {'t', "\t"},
          {'n', "\n"},       {'v', "\v"},       {'f', "\f"},           {'r', "\r"},
          {'e', "\x1B"},     {' ', " "},        {'"', "\""},           {'\\', "\\"},
          {'N', "\xC2\x85"}, {'_', "\xC2\xA0"}, {'L', "\xE2\x80\xA8"}, {'P', "\xE2\x80\xA9"}};
      bool replaced = false;
      for (const auto& [key, replacement] : kReplacements) {
        if (e == key) {
          text_.append(replacement, key == '0' ? 1 : std::strlen(replacement));
          ++pos_;
          replaced = true;
          break;
        }
      }
      if (replaced) continue;
      if (e == 'x' || e == 'u' || e == 'U') {
        const size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        ++pos_;
        uint32_t cp = 0;
        if (static_cast<size_t>(end_ - pos_) < digits ||
            std::from_chars(pos_, pos_ + digits, cp, 16).ptr != pos_ + digits) {
          return Fail(escape, "expected " + std::to_string(digits) + " hex digits in an escape");
        }
        pos_ += digits;
        if (cp >= 0xD800 && cp <= 0xDBFF && pending_high_surrogate == 0) {
          pending_high_surrogate = cp;
          continue;
        }
        if (pending_high_surrogate != 0) {
          if (cp < 0xDC00 || cp > 0xDFFF) {
            return Fail(escape, "unpaired surrogate escape (not representable in UTF-8)");
          }
          cp = 0x10000 + ((pending_high_surrogate - 0xD800) << 10) + (cp - 0xDC00);
          pending_high_surrogate = 0;
        } else if ((cp >= 0xDC00 && cp <= 0xDFFF) || cp > 0x10FFFF) {
          return Fail(escape, "escape of an invalid code point");
        }
        AppendUtf8(cp, text_);
        continue;
      }
      if (SkipLineBreak()) {
        // An escaped line break: the break and the next line's indentation vanish.
        multi_line = true;
        for (;;) {
          SkipSpaces();
          if (AtDocumentMarker()) return FailHere("document marker inside a quoted scalar");
          if (!SkipLineBreak(&text_)) break;
        }
        continue;
      }
      return Fail(escape, "unknown escape character " + InQuotes(std::string_view(&e, 1)));
    } else if (c == ' ' || c == '\t' || BreakAt(pos_) > 0) {
      const char* spaces = pos_;
      SkipSpaces();
      if (AtEnd()) return Fail(start, "unterminated quoted scalar");
      std::string line_break;
      if (!SkipLineBreak(&line_break)) {
        text_.append(spaces, static_cast<size_t>(pos_ - spaces));
        continue;
      }
      // Trailing spaces go; one "\n" break folds to a space, further breaks stay.
      multi_line = true;
      std::string breaks;
      for (;;) {
        SkipSpaces();
        if (AtDocumentMarker()) return FailHere("document marker inside a quoted scalar");
        if (!SkipLineBreak(&breaks)) break;
      }
      if (line_break != "\n") {
        text_ += line_break;
      } else if (breaks.empty()) {
        text_ += ' ';
      }
      text_ += breaks;
    } else {
      const char* run = pos_;
      while (pos_ < end_ && *pos_ != quote && *pos_ != ' ' && *pos_ != '\t' && BreakAt(pos_) == 0 &&
             !(double_quoted && *pos_ == '\\')) {
        ++pos_;
      }
      text_.append(run, static_cast<size_t>(pos_ - run));
    }
  }
  *scalar = Scalar{text_, double_quoted ? Style::kDouble : Style::kSingle, multi_line, start};
  return Status();
}

Status YamlParser::ParseBlockScalar(int block_indent, Scalar* scalar) {
  const uint64_t start = Offset();
  const bool folded = *pos_++ == '>';
  int chomping = 0;  // -1 strip, 0 clip, +1 keep
  int increment = 0;
  for (int i = 0; i < 2; ++i) {
    const char c = Peek();
    if ((c == '+' || c == '-') && chomping == 0) {
      chomping = c == '+' ? 1 : -1;
      ++pos_;
    } else if (c >= '1' && c <= '9' && increment == 0) {
      increment = c - '0';
      ++pos_;
    } else if (c == '0') {
      return FailHere("block scalar indentation indicator must be 1-9");
    }
  }
  SkipSpaces();
  if (Peek() == '#') {
    while (pos_ < end_ && BreakAt(pos_) == 0) ++pos_;
  }
  if (!AtEnd() && !SkipLineBreak()) {
    return FailHere("expected a comment or a line break after a block scalar indicator");
  }
  const int min_indent = std::max(block_indent + 1, 1);
  text_.clear();
  std::string breaks;
  // Consumes line breaks and indentation up to `indent` (SnakeYAML's scanBlockScalarBreaks).
  auto scan_breaks = [&](int indent) {
    breaks.clear();
    for (;;) {
      while (Column() < indent && Peek() == ' ') ++pos_;
      if (!SkipLineBreak(&breaks)) return;
    }
  };
  int indent;
  if (increment == 0) {
    int max_indent = 0;
    for (;;) {
      if (Peek() == ' ') {
        ++pos_;
        max_indent = std::max(max_indent, Column());
      } else if (!SkipLineBreak(&breaks)) {
        break;
      }
    }
    indent = std::max(min_indent, max_indent);
  } else {
    indent = min_indent + increment - 1;
    scan_breaks(indent);
  }
  std::string line_break;
  while (Column() == indent && !AtEnd()) {
    text_ += breaks;
    const bool leading_non_space = Peek() != ' ' && Peek() != '\t';
    const char* line = pos_;
    while (pos_ < end_ && BreakAt(pos_) == 0) ++pos_;
    text_.append(line, static_cast<size_t>(pos_ - line));
    line_break.clear();
    SkipLineBreak(&line_break);
    scan_breaks(indent);
    if (Column() != indent || AtEnd()) break;
    if (folded && line_break == "\n" && leading_non_space && Peek() != ' ' && Peek() != '\t') {
      if (breaks.empty()) text_ += ' ';
    } else {
      text_ += line_break;
    }
  }
  if (chomping >= 0) text_ += line_break;
  if (chomping > 0) text_ += breaks;
  *scalar = Scalar{text_, Style::kBlock, true, start};
  return Status();
}

// SnakeYAML's simple keys: on one line, and at most 1024 characters up to the ':' (here).
Status YamlParser::CheckSimpleKey(const Scalar& key) const {
  if (key.multi_line) return Fail(key.offset, "an implicit key must fit on one line");
  size_t characters = 0;
  for (const char* p = begin_ + key.offset; p < pos_; ++p) {
    if ((static_cast<uint8_t>(*p) & 0xC0) != 0x80) ++characters;
  }
  if (characters > 1024) {
    return Fail(key.offset, "an implicit key longer than 1024 characters (SnakeYAML's limit)");
  }
  return Status();
}

Status YamlParser::EmitKey(const Scalar& key) { return handler_->Key(key.text); }

Status YamlParser::EmitScalar(const Scalar& scalar, const Properties& properties) {
  if (scalar.style == Style::kAlias) return handler_->String(scalar.text);
  if (properties.has_tag && properties.tag != "!") {
    std::string_view tag = properties.tag;
    if (tag.substr(0, 2) == "!!") {
      tag.remove_prefix(2);
    } else if (tag.substr(0, 2) == "!<" && tag.substr(2, kYamlTagPrefix.size()) == kYamlTagPrefix) {
      tag = tag.substr(2 + kYamlTagPrefix.size(), tag.size() - 3 - kYamlTagPrefix.size());
    } else {
      return handler_->String(scalar.text);
    }
    return EmitTyped(scalar, tag.substr(0, tag.find(',')));
  }
  // Without a tag only plain scalars are typed (the "!" tag types any style, as in Jackson).
  if (scalar.style != Style::kPlain && !properties.has_tag) return handler_->String(scalar.text);
  const std::string_view t = scalar.text;
  if (t.empty()) return handler_->Null();
  const char first = t[0];
  if (std::strchr("yYnNtTfFoO", first) != nullptr && IsYamlBoolWord(t)) {
    return handler_->Bool(MatchJacksonBool(t) == 1);
  }
  if (std::strchr("-+0123456789", first) != nullptr && MatchYamlInt(t)) return EmitInteger(scalar);
  if (std::strchr("-+0123456789.", first) != nullptr && MatchYamlFloat(t)) return EmitFloat(scalar);
  if (t == "~" || t == "null" || t == "Null" || t == "NULL") return handler_->Null();
  return handler_->String(t);
}

Status YamlParser::EmitTyped(const Scalar& scalar, std::string_view type) {
  if (type == "bool") {
    const int value = MatchJacksonBool(scalar.text);
    if (value >= 0) return handler_->Bool(value == 1);
  } else if (type == "int") {
    return EmitInteger(scalar);
  } else if (type == "float") {
    return EmitFloat(scalar);
  } else if (type == "null") {
    return handler_->Null();
  }
  return handler_->String(scalar.text);
}

// Jackson's _decodeNumberScalar and _parseNumericValue: "-?[0-9]+" is an integer whose kind
// depends on its digit count; a "[-+]?([0-9][0-9_]*)?\.[0-9]*([eE][-+][0-9]+)?" is a double;
// anything else a string.
Status YamlParser::EmitInteger(const Scalar& scalar) {
  const std::string_view t = scalar.text;
  const bool negative = !t.empty() && t[0] == '-';
  const std::string_view digits = t.substr(negative ? 1 : 0);
  if (digits.empty()) return Fail(scalar.offset, InQuotes(t) + " is not a number");
  if (!AllOf(digits, "0123456789")) {
    if (MatchJacksonFloat(t)) return EmitFloat(scalar);
    return handler_->String(t);
  }
  const size_t length = digits.size();
  if (length <= 18) {
    int64_t value = 0;
    std::from_chars(digits.data(), digits.data() + length, value);
    if (negative) value = -value;
    if (length <= 9 || (length == 10 && value >= INT32_MIN && value <= INT32_MAX)) {
      return handler_->Int(static_cast<int32_t>(value));
    }
    return handler_->Long(value);
  }
  int64_t value = 0;
  if (length == 19 && std::from_chars(t.data(), t.data() + t.size(), value).ec == std::errc()) {
    return handler_->Long(value);
  }
  number_.clear();
  const size_t significant = std::min(digits.find_first_not_of('0'), length);
  if (significant == length) return handler_->BigInteger("0");
  if (negative) number_ += '-';
  number_ += digits.substr(significant);
  return handler_->BigInteger(number_);
}

Status YamlParser::EmitFloat(const Scalar& scalar) {
  number_.clear();
  for (const char c : scalar.text) {
    if (c != '_') number_ += c;
  }
  double value;
  if (number_ == "NaN") return handler_->Double(NAN);
  if (number_ == "Infinity" || number_ == "+Infinity") return handler_->Double(INFINITY);
  if (number_ == "-Infinity") return handler_->Double(-INFINITY);
  if (!ParseDecimalDouble(number_, &value)) {
    return Fail(scalar.offset, "malformed numeric value " + InQuotes(number_) +
                                   " (Jackson 2.8 cannot read this YAML float either)");
  }
  return handler_->Double(value);
}

}  // namespace shardlift::xcontent
