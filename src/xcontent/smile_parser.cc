#include "xcontent/smile_parser.h"

#include <cstring>

#include "xcontent/number_text.h"
#include "xcontent/parse_error.h"
#include "xcontent/utf8.h"

namespace shardlift::xcontent {

namespace {

constexpr char kFormat[] = "SMILE";
constexpr size_t kSharedTableSize = 1024;  // SmileConstants.MAX_SHARED_NAMES / _STRING_VALUES
constexpr uint8_t kEndOfString = 0xFC;
constexpr uint8_t kEndOfContent = 0xFF;

int32_t ZigZag32(uint32_t n) { return static_cast<int32_t>((n >> 1) ^ (~(n & 1) + 1)); }
int64_t ZigZag64(uint64_t n) { return static_cast<int64_t>((n >> 1) ^ (~(n & 1) + 1)); }

}  // namespace

// Bounds-checked reading of the body; every error names the offset where the problem is.
class SmileParser::Cursor {
 public:
  explicit Cursor(ByteView body)
      : begin_(body.data()), pos_(body.data()), end_(pos_ + body.size()) {}

  uint64_t offset() const { return static_cast<uint64_t>(pos_ - begin_); }
  uint64_t OffsetOf(const uint8_t* p) const { return static_cast<uint64_t>(p - begin_); }
  size_t remaining() const { return static_cast<size_t>(end_ - pos_); }
  bool AtEnd() const { return pos_ == end_; }
  uint8_t Peek() const { return *pos_; }
  const uint8_t* position() const { return pos_; }

  Status Fail(uint64_t at, std::string_view what) const { return ParseError(kFormat, at, what); }
  Status Truncated(std::string_view what) const {
    return Fail(offset(), std::string("truncated body: expected ") + std::string(what));
  }

  bool Next(uint8_t* byte) {
    if (pos_ == end_) return false;
    *byte = *pos_++;
    return true;
  }

  // `count` bytes as a view, or false when the body is shorter.
  bool Take(size_t count, const uint8_t** bytes) {
    if (remaining() < count) return false;
    *bytes = pos_;
    pos_ += count;
    return true;
  }

  // SMILE VInt: 7-bit groups, most significant first; the last byte has the high bit set and
  // carries 6 bits. At most `max_bytes` long (wrapping like Java's int/long arithmetic).
  Status ReadVInt(int max_bytes, std::string_view what, uint64_t* value) {
    const uint64_t start = offset();
    uint64_t v = 0;
    for (int i = 0; i < max_bytes; ++i) {
      uint8_t b;
      if (!Next(&b)) return Truncated(what);
      if (b & 0x80) {
        *value = (v << 6) | (b & 0x3F);
        return Status();
      }
      v = (v << 7) | b;
    }
    return Fail(start, std::string(what) + " longer than " + std::to_string(max_bytes) + " bytes");
  }

  // A string of `size` bytes; `ascii` demands 7-bit bytes, else well-formed UTF-8.
  Status ReadText(size_t size, bool ascii, std::string_view* text) {
    const uint8_t* bytes;
    if (!Take(size, &bytes)) return Truncated(std::to_string(size) + " bytes of text");
    return CheckText(bytes, size, ascii, text);
  }

  // A string ended by 0xFC (long strings and names).
  Status ReadTerminatedText(bool ascii, std::string_view* text) {
    const void* marker = std::memchr(pos_, kEndOfString, remaining());
    if (marker == nullptr) return Truncated("the end-of-string marker 0xfc");
    const uint8_t* bytes = pos_;
    const size_t size = static_cast<size_t>(static_cast<const uint8_t*>(marker) - pos_);
    pos_ += size + 1;
    return CheckText(bytes, size, ascii, text);
  }

 private:
  Status CheckText(const uint8_t* bytes, size_t size, bool ascii, std::string_view* text) const {
    const size_t valid = ValidUtf8Prefix(bytes, size);
    if (valid < size) {
      return Fail(OffsetOf(bytes + valid),
                  "invalid UTF-8 in string, " + DescribeByte(bytes[valid]));
    }
    if (ascii && !IsAscii(bytes, size)) {
      size_t i = 0;
      while (bytes[i] < 0x80) ++i;
      return Fail(OffsetOf(bytes + i),
                  "non-ASCII " + DescribeByte(bytes[i]) + " in a string marked ASCII");
    }
    *text = std::string_view(reinterpret_cast<const char*>(bytes), size);
    return Status();
  }

  static bool IsAscii(const uint8_t* bytes, size_t size) {
    uint8_t any = 0;
    for (size_t i = 0; i < size; ++i) any |= bytes[i];
    return any < 0x80;
  }

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
};

SmileParser::SmileParser() {
  shared_names_.reserve(kSharedTableSize);
  shared_values_.reserve(kSharedTableSize);
}

namespace {

// Appends to a shared table, starting over when it is full (as Jackson's parser does).
void AddShared(std::vector<std::string_view>& table, std::string_view text) {
  if (table.size() == kSharedTableSize) table.clear();
  table.push_back(text);
}

}  // namespace

Status SmileParser::Parse(ByteView body, Handler& handler) {
  Cursor in(body);
  const uint8_t* header;
  if (!in.Take(4, &header) || header[0] != ':' || header[1] != ')' || header[2] != '\n') {
    return in.Fail(0, "expected the SMILE header ':)\\n'");
  }
  if ((header[3] >> 4) != 0) {
    return in.Fail(3, "unknown SMILE format version " + std::to_string(header[3] >> 4));
  }
  shared_names_enabled_ = header[3] & 0x01;
  shared_values_enabled_ = header[3] & 0x02;
  shared_names_.clear();
  shared_values_.clear();
  stack_.Clear();

  bool awaiting_value = false;  // a key was read; its value comes next
  do {
    uint8_t token;
    if (!in.Next(&token)) return in.Truncated(awaiting_value ? "a value" : "a token");
    const uint64_t at = in.offset() - 1;
    if (stack_.InObject() && !awaiting_value) {
      if (token == 0xFB) {
        stack_.Pop();
        SL_RETURN_IF_ERROR(handler.EndObject());
      } else {
        SL_RETURN_IF_ERROR(ParseKey(token, at, in, handler));
        awaiting_value = true;
      }
    } else {
      awaiting_value = false;
      SL_RETURN_IF_ERROR(ParseValue(token, at, in, handler));
    }
  } while (!stack_.empty());

  if (!in.AtEnd() && in.Peek() == kEndOfContent) {
    uint8_t marker;
    in.Next(&marker);
  }
  if (!in.AtEnd()) return in.Fail(in.offset(), "unexpected bytes after the end of the document");
  return Status();
}

Status SmileParser::ParseKey(uint8_t token, uint64_t at, Cursor& in, Handler& handler) {
  std::string_view name;
  if (token == 0x20) return handler.Key("");
  if ((token >= 0x30 && token <= 0x33) || (token >= 0x40 && token <= 0x7F)) {
    size_t index = token & 0x3F;
    if (token < 0x40) {
      uint8_t low;
      if (!in.Next(&low)) return in.Truncated("the second byte of a shared-name reference");
      index = (size_t{token & 0x03u} << 8) | low;
    }
    if (index >= shared_names_.size()) {
      return in.Fail(at, "reference to shared name " + std::to_string(index) + " but only " +
                             std::to_string(shared_names_.size()) + " are defined" +
                             (shared_names_enabled_ ? "" : " (shared names are off)"));
    }
    return handler.Key(shared_names_[index]);
  }
  if (token == 0x34) {
    SL_RETURN_IF_ERROR(in.ReadTerminatedText(/*ascii=*/false, &name));
  } else if (token >= 0x80 && token <= 0xBF) {
    SL_RETURN_IF_ERROR(in.ReadText((token & 0x3F) + 1, /*ascii=*/true, &name));
  } else if (token >= 0xC0 && token <= 0xF7) {
    SL_RETURN_IF_ERROR(in.ReadText((token & 0x3F) + 2, /*ascii=*/false, &name));
  } else {
    return in.Fail(at, "expected a key or the end of an object, got " + DescribeByte(token));
  }
  if (shared_names_enabled_) AddShared(shared_names_, name);
  return handler.Key(name);
}

Status SmileParser::ParseValue(uint8_t token, uint64_t at, Cursor& in, Handler& handler) {
  std::string_view text;
  switch (token >> 5) {
    case 0:  // 0x01-0x1F: short shared-value reference
      if (token == 0) break;
      return SharedValue(token - 1, at, in, handler);
    case 1:  // 0x20-0x3F: literals and numbers
      switch (token) {
        case 0x20:
          return handler.String("");
        case 0x21:
          return handler.Null();
        case 0x22:
          return handler.Bool(false);
        case 0x23:
          return handler.Bool(true);
        case 0x24:
        case 0x25:
        case 0x26:
        case 0x28:
        case 0x29:
        case 0x2A:
          return ParseNumber(token, at, in, handler);
      }
      break;
    case 2:  // 0x40-0x7F: ASCII of 1-64 bytes
    case 3:
    case 4:  // 0x80-0xBF: UTF-8 of 2-65 bytes
    case 5: {
      const bool ascii = token < 0x80;
      SL_RETURN_IF_ERROR(in.ReadText((token & 0x3F) + (ascii ? 1 : 2), ascii, &text));
      if (shared_values_enabled_) AddShared(shared_values_, text);
      return handler.String(text);
    }
    case 6:  // 0xC0-0xDF: small int
      return handler.Int(ZigZag32(token & 0x1F));
    default:  // 0xE0-0xFF
      switch (token) {
        case 0xE0:
        case 0xE4:
          SL_RETURN_IF_ERROR(in.ReadTerminatedText(/*ascii=*/token == 0xE0, &text));
          return handler.String(text);
        case 0xE8:
          SL_RETURN_IF_ERROR(ReadSevenBitBinary(in, "binary", UINT64_MAX));
          return handler.Binary(binary_);
        case 0xEC:
        case 0xED:
        case 0xEE:
        case 0xEF: {
          uint8_t low;
          if (!in.Next(&low)) return in.Truncated("the second byte of a shared-value reference");
          return SharedValue((size_t{token & 0x03u} << 8) | low, at, in, handler);
        }
        case 0xF8:
        case 0xFA:
          if (!stack_.Push(token == 0xFA)) {
            return in.Fail(at, "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
          }
          return token == 0xFA ? handler.StartObject() : handler.StartArray();
        case 0xF9:
          if (!stack_.InArray()) break;
          stack_.Pop();
          return handler.EndArray();
        case 0xFD: {
          uint64_t size;
          SL_RETURN_IF_ERROR(in.ReadVInt(5, "binary length", &size));
          const uint8_t* bytes;
          if (!in.Take(size, &bytes))
            return in.Truncated(std::to_string(size) + " bytes of binary");
          return handler.Binary(ByteView(bytes, size));
        }
      }
  }
  return in.Fail(at, "expected a value, got " + DescribeByte(token));
}

Status SmileParser::SharedValue(size_t index, uint64_t at, Cursor& in, Handler& handler) {
  if (index >= shared_values_.size()) {
    return in.Fail(at, "reference to shared string value " + std::to_string(index) + " but only " +
                           std::to_string(shared_values_.size()) + " are defined" +
                           (shared_values_enabled_ ? "" : " (shared values are off)"));
  }
  return handler.String(shared_values_[index]);
}

Status SmileParser::ParseNumber(uint8_t token, uint64_t at, Cursor& in, Handler& handler) {
  uint64_t bits = 0;
  switch (token) {
    case 0x24:
      SL_RETURN_IF_ERROR(in.ReadVInt(5, "32-bit VInt", &bits));
      return handler.Int(ZigZag32(static_cast<uint32_t>(bits)));
    case 0x25:
      SL_RETURN_IF_ERROR(in.ReadVInt(10, "64-bit VInt", &bits));
      return handler.Long(ZigZag64(bits));
    case 0x28:
    case 0x29: {
      // 5 (float) or 10 (double) bytes of 7 bits each, most significant first.
      const int count = token == 0x28 ? 5 : 10;
      for (int i = 0; i < count; ++i) {
        uint8_t b;
        if (!in.Next(&b)) return in.Truncated("the bytes of a floating-point number");
        if (b & 0x80) return in.Fail(in.offset() - 1, "floating-point byte with the high bit set");
        bits = (bits << 7) | b;
      }
      if (token == 0x28) {
        auto raw = static_cast<uint32_t>(bits);
        // Jackson keeps SMILE floats as a double, which quiets a signaling NaN.
        if ((raw & 0x7F800000u) == 0x7F800000u && (raw & 0x007FFFFFu) != 0) raw |= 0x00400000u;
        float value;
        std::memcpy(&value, &raw, sizeof value);
        return handler.Float(value);
      }
      double value;
      std::memcpy(&value, &bits, sizeof value);
      return handler.Double(value);
    }
    case 0x26:
      SL_RETURN_IF_ERROR(ReadSevenBitBinary(in, "BigInteger", kMaxBigIntegerBytes));
      number_.clear();
      AppendTwosComplementDecimal(binary_.data(), binary_.size(), number_);
      return handler.BigInteger(number_);
    default: {  // 0x2A BigDecimal: zigzag scale, then the unscaled value as a BigInteger
      SL_RETURN_IF_ERROR(in.ReadVInt(5, "BigDecimal scale", &bits));
      const int32_t scale = ZigZag32(static_cast<uint32_t>(bits));
      SL_RETURN_IF_ERROR(ReadSevenBitBinary(in, "BigDecimal", kMaxBigIntegerBytes));
      if (binary_.empty()) return in.Fail(at, "BigDecimal without digits");
      unscaled_.clear();
      AppendTwosComplementDecimal(binary_.data(), binary_.size(), unscaled_);
      number_.clear();
      AppendJavaBigDecimal(unscaled_, scale, number_);
      return handler.BigDecimal(number_);
    }
  }
}

Status SmileParser::ReadSevenBitBinary(Cursor& in, std::string_view what, uint64_t max_size) {
  const uint64_t start = in.offset();
  uint64_t size;
  SL_RETURN_IF_ERROR(in.ReadVInt(5, "length", &size));
  // n bytes take n/7*8 full groups plus (n%7)+1 bytes for the rest.
  const uint64_t encoded = size / 7 * 8 + (size % 7 ? size % 7 + 1 : 0);
  if (encoded > in.remaining()) {
    return in.Truncated(std::to_string(encoded) + " bytes of " + std::string(what));
  }
  if (size > max_size) {
    return Status::Unsupported("SMILE offset " + std::to_string(start) + ": " + std::string(what) +
                               " of " + std::to_string(size) + " bytes (at most " +
                               std::to_string(max_size) + " supported)");
  }
  const uint8_t* src;
  in.Take(encoded, &src);
  for (uint64_t i = 0; i < encoded; ++i) {
    if (src[i] & 0x80)
      return in.Fail(in.OffsetOf(src + i), "7-bit encoded byte with the high bit set");
  }
  binary_.resize(size);
  uint8_t* out = binary_.data();
  uint64_t left = size;
  for (; left >= 7; left -= 7, src += 8) {
    // 8 bytes of 7 bits = 56 bits = 7 bytes.
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 7) | src[i];
    for (int i = 6; i >= 0; --i) *out++ = static_cast<uint8_t>(v >> (8 * i));
  }
  if (left > 0) {
    // The last n bytes come in n+1 bytes: n-1 full 7-bit groups' worth plus a right-aligned tail,
    // exactly as Jackson's _read7BitBinaryWithLength decodes them.
    uint32_t value = src[0];
    for (uint64_t i = 1; i < left; ++i) {
      value = (value << 7) | src[i];
      *out++ = static_cast<uint8_t>(value >> (7 - i));
    }
    value <<= left;
    *out = static_cast<uint8_t>(value + src[left]);
  }
  return Status();
}

}  // namespace shardlift::xcontent
