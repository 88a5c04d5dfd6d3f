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

  // Decodes the next field into `field`. False after the last one, or on corrupt data (see
  // status(); it is also an error when the document has bytes left after its last field).
  bool Next(StoredField& field) {
    if (remaining_ <= 0) return in_.AtEnd() ? false : BytesAfterLastField();
    --remaining_;
    field_at_ = in_.position();
    const auto header = static_cast<uint64_t>(in_.ReadVLong());
    if (header > kMaxHeader) return InvalidHeader(header);
    field.number = static_cast<int32_t>(header >> kTypeBits);
    field.type = static_cast<StoredFieldType>(header & kTypeMask);
    if (field.type == StoredFieldType::kString || field.type == StoredFieldType::kBytes) {
      const int32_t length = in_.ReadVInt();
      if (length < 0) return NegativeLength();
      field.bytes = in_.ReadBytes(static_cast<uint64_t>(length));
      field.bits = 0;
      return in_.ok();
    }
    return ReadNumber(field);
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

  bool BytesAfterLastField();
  bool InvalidHeader(uint64_t header);
  bool NegativeLength();
  bool ReadNumber(StoredField& field);

  io::DataInput in_;
  int32_t remaining_;
  uint64_t field_at_ = 0;
};

}  // namespace shardlift::lucene
