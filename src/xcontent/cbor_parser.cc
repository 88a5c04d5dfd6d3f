#include "xcontent/cbor_parser.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "xcontent/number_text.h"
#include "xcontent/parse_error.h"
#include "xcontent/utf8.h"

namespace shardlift::xcontent {

namespace {

constexpr char kFormat[] = "CBOR";
constexpr uint8_t kBreak = 0xFF;
constexpr uint64_t kTagPositiveBignum = 2;
constexpr uint64_t kTagNegativeBignum = 3;
constexpr uint64_t kTagDecimalFraction = 4;

enum Major : uint8_t {
  kUnsigned = 0,
  kNegative = 1,
  kBytes = 2,
  kText = 3,
  kArray = 4,
  kMap = 5,
  kTag = 6,
  kSimple = 7,
};

float HalfToFloat(uint16_t half) {
  const int exponent = (half >> 10) & 0x1F;
  const int fraction = half & 0x3FF;
  float value;
  if (exponent == 0) {
    value = std::ldexp(static_cast<float>(fraction), -24);
  } else if (exponent == 0x1F) {
    if (fraction != 0) return NAN;  // Jackson returns Float.NaN whatever the sign and payload
    value = INFINITY;
  } else {
    value = std::ldexp(static_cast<float>(fraction + 0x400), exponent - 25);
  }
  return (half & 0x8000) ? -value : value;
}

std::string_view AsText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace

Status CborParser::Fail(uint64_t offset, std::string_view what) const {
  return ParseError(kFormat, offset, what);
}

Status CborParser::Truncated(std::string_view what) const {
  return Fail(static_cast<uint64_t>(pos_ - begin_),
              "truncated body: expected " + std::string(what));
}

Status CborParser::ReadHead(Head* head) {
  head->offset = static_cast<uint64_t>(pos_ - begin_);
  if (pos_ == end_) return Truncated("a data item");
  const uint8_t initial = *pos_++;
  head->major = initial >> 5;
  head->info = initial & 0x1F;
  head->indefinite = false;
  head->argument = 0;
  if (head->info < 24) {
    head->argument = head->info;
  } else if (head->info <= 27) {
    const size_t size = size_t{1} << (head->info - 24);
    if (static_cast<size_t>(end_ - pos_) < size) return Truncated("the argument of a data item");
    for (size_t i = 0; i < size; ++i) head->argument = (head->argument << 8) | *pos_++;
  } else if (head->info == 31 &&
             (head->major == kBytes || head->major == kText || head->major == kArray ||
              head->major == kMap || head->major == kSimple)) {
    head->indefinite = true;
  } else {
    return Fail(head->offset, "invalid additional information " + std::to_string(head->info) +
                                  " in " + DescribeByte(initial));
  }
  return Status();
}

Status CborParser::Parse(ByteView body, Handler& handler) {
  begin_ = pos_ = body.data();
  end_ = begin_ + body.size();
  stack_.Clear();
  do {
    if (!stack_.empty()) {
      int64_t& left = left_[stack_.depth() - 1];
      const bool object = stack_.InObject();
      if (left == 0 || (left < 0 && pos_ < end_ && *pos_ == kBreak)) {
        if (left < 0) ++pos_;
        stack_.Pop();
        SL_RETURN_IF_ERROR(object ? handler.EndObject() : handler.EndArray());
        continue;
      }
      if (left > 0) --left;
      if (object) SL_RETURN_IF_ERROR(ParseKey(handler));
    }
    SL_RETURN_IF_ERROR(ParseValue(handler));
  } while (!stack_.empty());
  if (pos_ != end_) {
    return Fail(static_cast<uint64_t>(pos_ - begin_),
                "unexpected bytes after the end of the document");
  }
  return Status();
}

Status CborParser::ParseKey(Handler& handler) {
  Head head;
  SL_RETURN_IF_ERROR(ReadHead(&head));
  switch (head.major) {
    case kText:
    case kBytes: {
      std::string_view name;
      SL_RETURN_IF_ERROR(ReadString(head, &name));
      // A byte-string key is read as UTF-8 (Jackson: new String(bytes, UTF_8)).
      if (head.major == kBytes) SL_RETURN_IF_ERROR(CheckUtf8(name, head.offset));
      return handler.Key(name);
    }
    case kUnsigned:
    case kNegative: {
      // Jackson's _numberToName: the value in Java int (8/16/32-bit) or long (64-bit) arithmetic.
      const bool negative = head.major == kNegative;
      char buf[24];
      char* end;
      if (head.info == 27) {
        auto value = static_cast<int64_t>(head.argument);
        if (negative) value = static_cast<int64_t>(~static_cast<uint64_t>(value));
        end = std::to_chars(buf, buf + sizeof buf, value).ptr;
      } else {
        auto value = static_cast<int32_t>(static_cast<uint32_t>(head.argument));
        if (negative) value = static_cast<int32_t>(~static_cast<uint32_t>(value));
        end = std::to_chars(buf, buf + sizeof buf, value).ptr;
      }
      return handler.Key(std::string_view(buf, static_cast<size_t>(end - buf)));
    }
    default:
      return Fail(head.offset, "expected a key (text, integer or byte string), got major type " +
                                   std::to_string(head.major));
  }
}

Status CborParser::ParseValue(Handler& handler) {
  Head head;
  SL_RETURN_IF_ERROR(ReadHead(&head));
  uint64_t tag = 0;
  bool tagged = false;
  if (head.major == kTag) {
    tagged = true;
    tag = head.argument;
    SL_RETURN_IF_ERROR(ReadHead(&head));
    if (head.major == kTag) {
      return Fail(head.offset, "more than one tag on a value (Jackson allows one)");
    }
  }
  switch (head.major) {
    case kUnsigned:
    case kNegative:
      return ParseInteger(head, handler);
    case kBytes: {
      std::string_view bytes;
      SL_RETURN_IF_ERROR(ReadString(head, &bytes));
      if (tagged && (tag == kTagPositiveBignum || tag == kTagNegativeBignum)) {
        if (bytes.size() > kMaxBigIntegerBytes) {
          return Status::Unsupported("CBOR offset " + std::to_string(head.offset) + ": bignum of " +
                                     std::to_string(bytes.size()) + " bytes");
        }
        // Jackson 2.8: new BigInteger(bytes) (two's complement), negated for tag 3.
        number_.clear();
        const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
        AppendTwosComplementDecimal(data, bytes.size(), number_);
        if (tag == kTagNegativeBignum && number_ != "0") {
          if (number_[0] == '-') {
            number_.erase(0, 1);
          } else {
            number_.insert(0, 1, '-');
          }
        }
        return handler.BigInteger(number_);
      }
      return handler.Binary(ByteView(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
    }
    case kText: {
      std::string_view text;
      SL_RETURN_IF_ERROR(ReadString(head, &text));
      return handler.String(text);
    }
    case kArray:
      if (tagged && tag == kTagDecimalFraction) return ParseDecimalFraction(head, handler);
      return OpenContainer(head, handler);
    case kMap:
      return OpenContainer(head, handler);
    default:
      return ParseSimple(head, handler);
  }
}

Status CborParser::OpenContainer(const Head& head, Handler& handler) {
  const bool object = head.major == kMap;
  if (!head.indefinite) {
    // Every item takes at least one byte: a longer count cannot be real.
    const uint64_t minimum_bytes = object ? head.argument * 2 : head.argument;
    if (head.argument > static_cast<uint64_t>(end_ - pos_) ||
        minimum_bytes > static_cast<uint64_t>(end_ - pos_)) {
      return Fail(head.offset, "container of " + std::to_string(head.argument) +
                                   " items does not fit in the rest of the body");
    }
  }
  if (!stack_.Push(object)) {
    return Fail(head.offset, "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  left_[stack_.depth() - 1] = head.indefinite ? -1 : static_cast<int64_t>(head.argument);
  return object ? handler.StartObject() : handler.StartArray();
}

Status CborParser::ParseInteger(const Head& head, Handler& handler) {
  // Jackson 2.8's arithmetic, including its slips for negative arguments at or above 2^31
  // (32-bit) and 2^63 (64-bit), which it reads as (int)n - 1 and (long)n - 1 rather than -1-n.
  const uint64_t n = head.argument;
  const bool negative = head.major == kNegative;
  if (head.info == 27) {  // 64-bit: long, or BigInteger beyond it
    if (n <= static_cast<uint64_t>(INT64_MAX)) {
      return handler.Long(negative ? -static_cast<int64_t>(n) - 1 : static_cast<int64_t>(n));
    }
    // Positive: n itself. Negative: (long)n - 1 = -((2^64 - n) + 1).
    const uint64_t magnitude = negative ? 0 - n : n;
    uint8_t bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(magnitude >> (56 - 8 * i));
    number_.clear();
    AppendMagnitudeDecimal(bytes, sizeof bytes, negative, negative, number_);
    return handler.BigInteger(number_);
  }
  if (n <= static_cast<uint64_t>(INT32_MAX)) {
    return handler.Int(negative ? -static_cast<int32_t>(n) - 1 : static_cast<int32_t>(n));
  }
  // A 32-bit argument above int32 is a long.
  const int64_t as_java_int = static_cast<int32_t>(static_cast<uint32_t>(n));
  return handler.Long(negative ? as_java_int - 1 : static_cast<int64_t>(n));
}

Status CborParser::ParseSimple(const Head& head, Handler& handler) {
  switch (head.info) {
    case 20:
      return handler.Bool(false);
    case 21:
      return handler.Bool(true);
    case 22:
      return handler.Null();
    case 25:
      return handler.Float(HalfToFloat(static_cast<uint16_t>(head.argument)));
    case 26: {
      const auto bits = static_cast<uint32_t>(head.argument);
      float value;
      std::memcpy(&value, &bits, sizeof value);
      return handler.Float(value);
    }
    case 27: {
      double value;
      std::memcpy(&value, &head.argument, sizeof value);
      return handler.Double(value);
    }
    case 31:
      return Fail(head.offset, "unexpected break (0xff) outside an indefinite-length container");
    default:
      return Fail(head.offset, "unsupported simple value " + std::to_string(head.argument) +
                                   " (Jackson reads only false, true, null and floats)");
  }
}

Status CborParser::ParseDecimalFraction(const Head& array_head, Handler& handler) {
  if (array_head.indefinite || array_head.argument != 2) {
    return Fail(array_head.offset, "decimal fraction (tag 4) must be an array of 2 integers");
  }
  Head scale_head;
  SL_RETURN_IF_ERROR(ReadHead(&scale_head));
  if ((scale_head.major != kUnsigned && scale_head.major != kNegative) ||
      scale_head.argument > static_cast<uint64_t>(INT32_MAX)) {
    return Fail(scale_head.offset, "decimal fraction scale must be an int");
  }
  const int64_t scale = scale_head.major == kNegative
                            ? -static_cast<int64_t>(scale_head.argument) - 1
                            : static_cast<int64_t>(scale_head.argument);
  // The mantissa: any integer, possibly a tagged bignum; its text goes through number_.
  class MantissaText final : public Handler {
   public:
    explicit MantissaText(std::string* out) : out_(out) {}
    Status Int(int32_t v) override { return Long(v); }
    Status Long(int64_t v) override {
      *out_ = std::to_string(v);
      return Status();
    }
    Status BigInteger(std::string_view decimal) override {
      out_->assign(decimal);
      return Status();
    }
    Status StartObject() override { return NotInteger(); }
    Status Key(std::string_view) override { return NotInteger(); }
    Status EndObject() override { return NotInteger(); }
    Status StartArray() override { return NotInteger(); }
    Status EndArray() override { return NotInteger(); }
    Status String(std::string_view) override { return NotInteger(); }
    Status Float(float) override { return NotInteger(); }
    Status Double(double) override { return NotInteger(); }
    Status BigDecimal(std::string_view) override { return NotInteger(); }
    Status RawNumber(std::string_view, NumberKind) override { return NotInteger(); }
    Status Bool(bool) override { return NotInteger(); }
    Status Null() override { return NotInteger(); }
    Status Binary(ByteView) override { return NotInteger(); }

   private:
    static Status NotInteger() { return Status::Corruption("not an integer"); }
    std::string* out_;
  };
  const uint64_t mantissa_offset = static_cast<uint64_t>(pos_ - begin_);
  MantissaText mantissa(&unscaled_);
  const int depth = stack_.depth();
  if (Status s = ParseValue(mantissa); !s.ok() || stack_.depth() != depth) {
    return Fail(mantissa_offset, "decimal fraction mantissa must be an integer");
  }
  number_.clear();
  AppendJavaBigDecimal(unscaled_, scale, number_);
  return handler.BigDecimal(number_);
}

Status CborParser::CheckUtf8(std::string_view text, uint64_t offset) const {
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  if (const size_t valid = ValidUtf8Prefix(data, text.size()); valid < text.size()) {
    return Fail(offset, "invalid UTF-8 in string, " + DescribeByte(data[valid]) + " at byte " +
                            std::to_string(valid) + " of the string");
  }
  return Status();
}

Status CborParser::ReadString(const Head& head, std::string_view* bytes) {
  const bool text = head.major == kText;
  if (!head.indefinite) {
    if (head.argument > static_cast<uint64_t>(end_ - pos_)) {
      return Truncated(std::to_string(head.argument) + " bytes of string");
    }
    *bytes = AsText(pos_, head.argument);
    pos_ += head.argument;
    return text ? CheckUtf8(*bytes, head.offset) : Status();
  }
  chunks_.clear();
  for (;;) {
    if (pos_ == end_) return Truncated("a chunk or the break ending a chunked string");
    if (*pos_ == kBreak) {
      ++pos_;
      break;
    }
    Head chunk;
    SL_RETURN_IF_ERROR(ReadHead(&chunk));
    if (chunk.major != head.major || chunk.indefinite) {
      return Fail(chunk.offset,
                  "chunk of a chunked string must be a definite string of the same type");
    }
    if (chunk.argument > static_cast<uint64_t>(end_ - pos_)) {
      return Truncated(std::to_string(chunk.argument) + " bytes of string chunk");
    }
    chunks_.append(reinterpret_cast<const char*>(pos_), chunk.argument);
    pos_ += chunk.argument;
  }
  *bytes = chunks_;
  return text ? CheckUtf8(*bytes, head.offset) : Status();
}

}  // namespace shardlift::xcontent
