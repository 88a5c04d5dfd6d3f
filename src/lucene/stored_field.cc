#include "lucene/stored_field.h"

namespace shardlift::lucene {

namespace {

// TLong unit encodings (CompressingStoredFieldsWriter).
constexpr uint8_t kSecondEncoding = 0x40;
constexpr uint8_t kHourEncoding = 0x80;
constexpr uint8_t kDayEncoding = 0xC0;
constexpr int64_t kSecond = 1000;
constexpr int64_t kHour = 60 * 60 * kSecond;
constexpr int64_t kDay = 24 * kHour;

inline uint32_t SmallIntegerFloatBits(uint8_t b) {
  return std::bit_cast<uint32_t>(static_cast<float>((b & 0x7f) - 1));
}

uint32_t ReadZFloatBits(io::DataInput& in) {
  const uint8_t b = in.ReadByte();
  if (b == 0xFF) return static_cast<uint32_t>(in.ReadInt());  // negative float, raw bits
  if (b & 0x80) return SmallIntegerFloatBits(b);              // small integer -1..125
  const auto mid = static_cast<uint16_t>(in.ReadShort());
  return (uint32_t{b} << 24) | (uint32_t{mid} << 8) | in.ReadByte();
}

uint64_t ReadZDoubleBits(io::DataInput& in) {
  const uint8_t b = in.ReadByte();
  if (b == 0xFF) return static_cast<uint64_t>(in.ReadLong());  // negative double, raw bits
  if (b == 0xFE) {                                             // exactly a float
    return std::bit_cast<uint64_t>(
        static_cast<double>(std::bit_cast<float>(static_cast<uint32_t>(in.ReadInt()))));
  }
  if (b & 0x80) {  // small integer -1..124
    return std::bit_cast<uint64_t>(static_cast<double>((b & 0x7f) - 1));
  }
  const auto high = static_cast<uint32_t>(in.ReadInt());
  const auto mid = static_cast<uint16_t>(in.ReadShort());
  return (uint64_t{b} << 56) | (uint64_t{high} << 24) | (uint64_t{mid} << 8) | in.ReadByte();
}

uint64_t ReadTLong(io::DataInput& in) {
  const uint8_t header = in.ReadByte();
  uint64_t zigzag = header & 0x1F;
  if (header & 0x20) zigzag |= static_cast<uint64_t>(in.ReadVLong()) << 5;
  uint64_t value = (zigzag >> 1) ^ (~(zigzag & 1) + 1);
  // Multiplication wraps like Java's long arithmetic.
  switch (header & kDayEncoding) {
    case kSecondEncoding:
      value *= kSecond;
      break;
    case kHourEncoding:
      value *= kHour;
      break;
    case kDayEncoding:
      value *= kDay;
      break;
    default:
      break;
  }
  return value;
}

}  // namespace

bool StoredFieldIterator::BytesAfterLastField() {
  if (in_.ok()) {
    in_.Fail(std::to_string(in_.remaining()) + " bytes left after the document's last field");
  }
  return false;
}

bool StoredFieldIterator::InvalidHeader(uint64_t header) {
  in_.FailAt(field_at_,
             "stored field number " + std::to_string(header >> kTypeBits) + " out of range");
  return false;
}

bool StoredFieldIterator::NegativeLength() {
  in_.FailAt(field_at_, "negative stored field length");
  return false;
}

bool StoredFieldIterator::ReadNumber(StoredField& field) {
  field.bytes = {};
  switch (field.type) {
    case StoredFieldType::kInt:
      field.bits = static_cast<uint64_t>(static_cast<int64_t>(in_.ReadZInt()));
      break;
    case StoredFieldType::kFloat:
      field.bits = ReadZFloatBits(in_);
      break;
    case StoredFieldType::kLong:
      field.bits = ReadTLong(in_);
      break;
    case StoredFieldType::kDouble:
      field.bits = ReadZDoubleBits(in_);
      break;
    default:
      in_.FailAt(field_at_,
                 "invalid stored field type " + std::to_string(static_cast<int>(field.type)));
      break;
  }
  return in_.ok();
}

}  // namespace shardlift::lucene
