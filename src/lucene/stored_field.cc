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

bool StoredFieldIterator::ReadField(io::DataInput& in, StoredField& field) {
  static constexpr uint64_t kMaxHeader =
      (uint64_t{std::numeric_limits<int32_t>::max()} << kTypeBits) | kTypeMask;
  const uint64_t at = in.position();
  field_at_ = region_->bytes.data() + at;
  const auto header = static_cast<uint64_t>(in.ReadVLong());
  if (!in.ok()) return false;
  if (header > kMaxHeader) {
    in.FailAt(at, "stored field number " + std::to_string(header >> kTypeBits) + " out of range");
    return false;
  }
  field.number = static_cast<int32_t>(header >> kTypeBits);
  field.type = static_cast<StoredFieldType>(header & kTypeMask);
  field.bytes = {};
  field.bits = 0;
  switch (field.type) {
    case StoredFieldType::kString:
    case StoredFieldType::kBytes: {
      const int32_t length = in.ReadVInt();
      if (in.ok() && length < 0) in.FailAt(at, "negative stored field length");
      if (in.ok()) field.bytes = in.ReadBytes(static_cast<uint64_t>(length));
      break;
    }
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
      in.FailAt(at, "invalid stored field type " + std::to_string(static_cast<int>(field.type)));
      break;
  }
  return in.ok();
}

bool StoredFieldIterator::NextCarefully(StoredField& field) {
  io::DataInput in = Input();
  if (remaining_ <= 0) {
    if (in.AtEnd()) return false;
    in.Fail(std::to_string(in.remaining()) + " bytes left after the document's last field");
  } else {
    --remaining_;
    ReadField(in, field);
  }
  return Resume(in);
}

bool StoredFieldIterator::FindCarefully(int32_t number, StoredField& field) {
  io::DataInput in = Input();
  while (remaining_ > 0) {
    --remaining_;
    if (!ReadField(in, field)) return Resume(in);
    if (field.number == number) return Resume(in);
  }
  Resume(in);
  return false;
}

}  // namespace shardlift::lucene
