#include "xcontent/json_writer.h"

#include <array>
#include <charconv>
#include <cmath>

#include "xcontent/base64.h"
#include "xcontent/number_text.h"
#include "xcontent/word_scan.h"

namespace shardlift::xcontent {

namespace {

constexpr char kHexUpper[] = "0123456789ABCDEF";

// 0: copy as is; 1: needs an escape; 2: lead byte of a 4-byte sequence (escaped surrogates).
constexpr auto kEscapeClass = [] {
  std::array<uint8_t, 256> table{};
  for (int c = 0; c < 0x20; ++c) table[c] = 1;
  table['"'] = 1;
  table['\\'] = 1;
  for (int c = 0xF0; c < 0x100; ++c) table[c] = 2;
  return table;
}();

char* WriteUnicodeEscape(uint32_t unit, char* d) {
  d[0] = '\\';
  d[1] = 'u';
  d[2] = kHexUpper[(unit >> 12) & 0xF];
  d[3] = kHexUpper[(unit >> 8) & 0xF];
  d[4] = kHexUpper[(unit >> 4) & 0xF];
  d[5] = kHexUpper[unit & 0xF];
  return d + 6;
}

void AppendNonFinite(double value, std::string& out) {
  out += std::isnan(value) ? "\"NaN\"" : value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
}

// The length of the prefix of `text` that needs no escape: the bulk of almost every string.
size_t PlainPrefix(const uint8_t* p, size_t size) {
  size_t i = 0;
  for (; size - i >= 8; i += 8) {
    const uint64_t w = word::Load(p + i);
    const uint64_t flags =
        word::Below(w, 0x20) | word::Equal(w, '"') | word::Equal(w, '\\') | word::AtLeastF0(w);
    if (flags != 0) return i + word::FirstFlagged(flags);
  }
  while (i < size && kEscapeClass[p[i]] == 0) ++i;
  return i;
}

}  // namespace

void AppendJsonString(std::string_view text, std::string& out) {
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const auto* end = p + text.size();
  const size_t plain = PlainPrefix(p, text.size());
  out.push_back('"');
  out.append(text.data(), plain);
  p += plain;
  if (p == end) {
    out.push_back('"');
    return;
  }
  // Room for the worst case of the rest (every byte a \u00XX escape), written through a pointer
  // and trimmed.
  const size_t start = out.size();
  out.resize(start + static_cast<size_t>(end - p) * 6 + 1);
  char* d = out.data() + start;
  while (p < end) {
    const uint8_t c = *p;
    switch (kEscapeClass[c]) {
      case 0:
        *d++ = static_cast<char>(c);
        ++p;
        continue;
      case 2:
        // Valid 4-byte UTF-8 (the parsers guarantee it): Jackson escapes it as a surrogate pair.
        if (end - p >= 4) {
          const uint32_t cp =
              ((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
          d = WriteUnicodeEscape(0xD800 + ((cp - 0x10000) >> 10), d);
          d = WriteUnicodeEscape(0xDC00 + (cp & 0x3FF), d);
          p += 4;
        } else {
          *d++ = static_cast<char>(c);
          ++p;
        }
        continue;
      default:
        ++p;
        *d++ = '\\';
        switch (c) {
          case '"':
            *d++ = '"';
            break;
          case '\\':
            *d++ = '\\';
            break;
          case '\b':
            *d++ = 'b';
            break;
          case '\t':
            *d++ = 't';
            break;
          case '\n':
            *d++ = 'n';
            break;
          case '\f':
            *d++ = 'f';
            break;
          case '\r':
            *d++ = 'r';
            break;
          default:
            d = WriteUnicodeEscape(c, d - 1);
        }
    }
  }
  *d++ = '"';
  out.resize(static_cast<size_t>(d - out.data()));
}

void JsonWriter::AppendQuoted(std::string_view text) { AppendJsonString(text, *out_); }

Status JsonWriter::Verbatim(std::string_view number_text) {
  BeforeValue();
  out_->append(number_text);
  return Status();
}

Status JsonWriter::StartObject() {
  BeforeValue();
  out_->push_back('{');
  need_comma_ = false;
  return Status();
}

Status JsonWriter::Key(std::string_view name) {
  BeforeValue();
  AppendQuoted(name);
  out_->push_back(':');
  need_comma_ = false;
  return Status();
}

Status JsonWriter::EndObject() {
  out_->push_back('}');
  need_comma_ = true;
  return Status();
}

Status JsonWriter::StartArray() {
  BeforeValue();
  out_->push_back('[');
  need_comma_ = false;
  return Status();
}

Status JsonWriter::EndArray() {
  out_->push_back(']');
  need_comma_ = true;
  return Status();
}

Status JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendQuoted(value);
  return Status();
}

Status JsonWriter::Int(int32_t value) { return Long(value); }

Status JsonWriter::Long(int64_t value) {
  BeforeValue();
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
  out_->append(buf, end);
  return Status();
}

Status JsonWriter::BigInteger(std::string_view decimal) { return Verbatim(decimal); }

Status JsonWriter::Float(float value) {
  BeforeValue();
  if (std::isfinite(value)) {
    AppendJavaFloat(value, *out_);
  } else {
    AppendNonFinite(value, *out_);
  }
  return Status();
}

Status JsonWriter::Double(double value) {
  BeforeValue();
  if (std::isfinite(value)) {
    AppendJavaDouble(value, *out_);
  } else {
    AppendNonFinite(value, *out_);
  }
  return Status();
}

Status JsonWriter::BigDecimal(std::string_view text) { return Verbatim(text); }

Status JsonWriter::RawNumber(std::string_view text, NumberKind) { return Verbatim(text); }

Status JsonWriter::Bool(bool value) {
  BeforeValue();
  out_->append(value ? "true" : "false");
  return Status();
}

Status JsonWriter::Null() {
  BeforeValue();
  out_->append("null");
  return Status();
}

Status JsonWriter::Binary(ByteView bytes) {
  BeforeValue();
  out_->push_back('"');
  AppendBase64(bytes, *out_);
  out_->push_back('"');
  return Status();
}

}  // namespace shardlift::xcontent
