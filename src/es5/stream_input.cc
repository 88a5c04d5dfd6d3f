#include "es5/stream_input.h"

#include "xcontent/utf8.h"

namespace shardlift::es5 {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool IsHighSurrogate(char32_t unit) { return unit >= 0xD800 && unit <= 0xDBFF; }
bool IsLowSurrogate(char32_t unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

// One UTF-16 code unit as StreamOutput.writeString encodes it; 0 after a failure.
char32_t ReadUnit(io::DataInput& in) {
  const uint64_t at = in.position();
  const uint8_t b = in.ReadByte();
  switch (b >> 4) {
    case 0x0:
    case 0x1:
    case 0x2:
    case 0x3:
    case 0x4:
    case 0x5:
    case 0x6:
    case 0x7:
      return b;
    case 0xC:
    case 0xD:
      return static_cast<char32_t>(((b & 0x1F) << 6) | (in.ReadByte() & 0x3F));
    case 0xE: {
      const uint8_t b2 = in.ReadByte();
      const uint8_t b3 = in.ReadByte();
      return static_cast<char32_t>(((b & 0x0F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F));
    }
    default:
      in.FailAt(at, "invalid string: unexpected byte " + std::to_string(b));
      return 0;
  }
}

}  // namespace

void ReadEsString(io::DataInput& in, std::string* out) {
  out->clear();
  const uint64_t at = in.position();
  const int32_t units = in.ReadVInt();
  if (units < 0 || static_cast<uint64_t>(units) > in.remaining()) {
    in.FailAt(at, "string of " + std::to_string(units) + " characters does not fit in the " +
                      std::to_string(in.remaining()) + " bytes left");
    return;
  }
  char32_t pending_high = 0;  // a high surrogate waiting for its low half
  for (int32_t i = 0; i < units && in.ok(); ++i) {
    const char32_t unit = ReadUnit(in);
    if (pending_high != 0) {
      if (IsLowSurrogate(unit)) {
        xcontent::AppendUtf8(0x10000 + ((pending_high - 0xD800) << 10) + (unit - 0xDC00), *out);
        pending_high = 0;
        continue;
      }
      xcontent::AppendUtf8(kReplacement, *out);
      pending_high = 0;
    }
    if (IsHighSurrogate(unit)) {
      pending_high = unit;
    } else {
      xcontent::AppendUtf8(IsLowSurrogate(unit) ? kReplacement : unit, *out);
    }
  }
  if (pending_high != 0) xcontent::AppendUtf8(kReplacement, *out);
}

bool ReadOptionalEsString(io::DataInput& in, std::string* out) {
  const uint64_t at = in.position();
  const uint8_t present = in.ReadByte();
  if (present > 1) {
    in.FailAt(at, "optional-string marker " + std::to_string(present) + ", expected 0 or 1");
  }
  if (present != 1) {
    out->clear();
    return false;
  }
  ReadEsString(in, out);
  return true;
}

ByteView ReadEsBytes(io::DataInput& in) {
  const uint64_t at = in.position();
  const int32_t length = in.ReadVInt();
  if (length < 0) {
    in.FailAt(at, "negative byte length " + std::to_string(length));
    return {};
  }
  return in.ReadBytes(static_cast<uint64_t>(length));
}

}  // namespace shardlift::es5
