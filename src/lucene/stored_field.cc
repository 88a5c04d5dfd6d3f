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

io::DataInput StoredFieldIterator::Input() const {
  const uint8_t* const base = region_->bytes.data();
  return io::DataInput(*region_, static_cast<uint64_t>(pos_ - base),
                       static_cast<uint64_t>(end_ - base));
}

bool StoredFieldIterator::Resume(const io::DataInput& in) {
  pos_ = in.cursor();
  if (in.ok()) return true;
  if (status_.ok()) status_ = in.status();
  pos_ = end_;  // the document ends here: Next() and Find() return false from now on
  remaining_ = 0;
  return false;
}

const Status& StoredFieldIterator::FailAt(const uint8_t* at, std::string_view what) {
  io::DataInput in = Input();
  in.FailAt(static_cast<uint64_t>(at - region_->bytes.data()), what);
  Resume(in);
  return status_;
}

bool StoredFieldIterator::ReadLongHeader(uint64_t& header) {
  io::DataInput in = Input();
  header = static_cast<uint64_t>(in.ReadVLong());
  if (!Resume(in)) return false;
  if (header > kMaxHeader) {
    FailAt(field_at_,
           "stored field number " + std::to_string(header >> kTypeBits) + " out of range");
    return false;
  }
  return true;
}

bool StoredFieldIterator::ReadLongLength(uint32_t& length) {
  io::DataInput in = Input();
  const int32_t value = in.ReadVInt();
  if (in.ok() && value < 0) {
    FailAt(field_at_, "negative stored field length");
    return false;
  }
  length = static_cast<uint32_t>(value);
  if (in.ok() && length > in.remaining()) in.ReadBytes(length);  // records the truncation
  return Resume(in);
}

bool StoredFieldIterator::BytesAfterLastField() {
  FailAt(pos_, std::to_string(end_ - pos_) + " bytes left after the document's last field");
  return false;
}

bool StoredFieldIterator::ReadNumber(StoredField& field) {
  io::DataInput in = Input();
  field.bytes = {};
  switch (field.type) {
    case StoredFieldType::kInt:
      field.bits = static_cast<uint64_t>(static_cast<int64_t>(in.ReadZInt()));
      break;
    case StoredFieldType::kFloat:
      field.bits = ReadZFloatBits(in);
      break;
    case StoredFieldType::kLong:
      field.bits = ReadTLong(in);
      break;
    case StoredFieldType::kDouble:
      field.bits = ReadZDoubleBits(in);
      break;
    default:
      in.FailAt(static_cast<uint64_t>(field_at_ - region_->bytes.data()),
                "invalid stored field type " + std::to_string(static_cast<int>(field.type)));
      break;
  }
  return Resume(in);
}

}  // namespace shardlift::lucene
