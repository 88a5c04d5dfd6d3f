// One stored field of a document, as a view into the decoded chunk, and the iterator that decodes
// a document's fields one at a time (spec §8.7).
#pragma once

#include <bit>
#include <cstdint>
#include <limits>
#include <string_view>

#include "base/status.h"
#include "io/data_input.h"

namespace shardlift::lucene {

// The low 3 bits of a field's header.
enum class StoredFieldType : uint8_t {
  kString = 0,
  kBytes = 1,
  kInt = 2,
  kFloat = 3,
  kLong = 4,
  kDouble = 5,
};

struct StoredField {
  int32_t number = 0;
  StoredFieldType type = StoredFieldType::kString;
  io::ByteView bytes;  // kString (UTF-8) / kBytes: valid until the cursor leaves the chunk
  uint64_t bits = 0;   // kInt/kLong: the value as int64; kFloat/kDouble: the raw IEEE bits

  std::string_view text() const {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  }
  int64_t int_value() const { return static_cast<int64_t>(bits); }
  float float_value() const { return std::bit_cast<float>(static_cast<uint32_t>(bits)); }
  double double_value() const { return std::bit_cast<double>(bits); }
};

// Decodes the fields of one document in stored order. Cheap to create (no allocation); skipping a
// field costs only its header and length.
class StoredFieldIterator {
 public:
  StoredFieldIterator(io::DataInput in, int32_t num_fields)
      : in_(std::move(in)), remaining_(num_fields) {}
  // Reads a document at bytes [begin, end) of a decoded chunk (see io::DataInput), built in place:
  // the per-document hot path.
  StoredFieldIterator(io::ByteView chunk, uint64_t begin, uint64_t end, const io::FileSlice& origin,
                      uint64_t origin_offset, const char* what, int32_t num_fields)
      : in_(chunk, begin, end, origin, origin_offset, what), remaining_(num_fields) {}

  // Decodes the next field into `field`. False after the last one, or on corrupt data (see
  // status(); it is also an error when the document has bytes left after its last field).
  bool Next(StoredField& field) {
    if (remaining_ <= 0) return in_.AtEnd() ? false : BytesAfterLastField();
    return ReadHeader(field) && ReadValue(field);
  }

  // Goes on to the next field numbered `number` and decodes it into `field`; the fields before it
  // are stepped over by their length, not decoded. False when the document has no (further) such
  // field (status() is then OK) or on corrupt data. Looking up one field (say _source) this way
  // costs little more than the headers before it; unlike Next(), it leaves the bytes after the
  // field unchecked.
  bool Find(int32_t number, StoredField& field) {
    while (remaining_ > 0) {
      if (!ReadHeader(field)) return false;
      if (field.number == number) return ReadValue(field);
      if (!SkipValue(field.type)) return false;
    }
    return false;
  }

  const Status& status() const { return in_.status(); }

  // Marks the field last returned by Next() as bad (e.g. its number is not in the field infos):
  // the error names the field's position in the file.
  const Status& FailField(std::string_view what) { return in_.FailAt(field_at_, what); }

 private:
  static constexpr int kTypeBits = 3;
  static constexpr uint64_t kTypeMask = 7;
  static constexpr uint64_t kMaxHeader =
      (uint64_t{std::numeric_limits<int32_t>::max()} << kTypeBits) | kTypeMask;

  bool ReadHeader(StoredField& field) {
    --remaining_;
    field_at_ = in_.position();
    const auto header = static_cast<uint64_t>(in_.ReadVLong());
    if (header > kMaxHeader) return InvalidHeader(header);
    field.number = static_cast<int32_t>(header >> kTypeBits);
    field.type = static_cast<StoredFieldType>(header & kTypeMask);
    return true;  // a failed read leaves a sticky error that the value's read reports
  }

  bool ReadValue(StoredField& field) {
    if (field.type == StoredFieldType::kString || field.type == StoredFieldType::kBytes) {
      const int32_t length = in_.ReadVInt();
      if (length < 0) return NegativeLength();
      field.bytes = in_.ReadBytes(static_cast<uint64_t>(length));
      field.bits = 0;
      return in_.ok();
    }
    return ReadNumber(field);
  }

  bool SkipValue(StoredFieldType type) {
    if (type == StoredFieldType::kString || type == StoredFieldType::kBytes) {
      const int32_t length = in_.ReadVInt();
      if (length < 0) return NegativeLength();
      in_.Skip(static_cast<uint64_t>(length));
      return in_.ok();
    }
    StoredField number;  // numbers are a few bytes: decoding is as cheap as skipping
    number.type = type;
    return ReadNumber(number);
  }

  bool BytesAfterLastField();
  bool InvalidHeader(uint64_t header);
  bool NegativeLength();
  bool ReadNumber(StoredField& field);

  io::DataInput in_;
  int32_t remaining_;
  uint64_t field_at_ = 0;
};

}  // namespace shardlift::lucene
