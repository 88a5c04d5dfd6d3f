// One stored field of a document, as a view into the decoded chunk, and the iterator that decodes
// a document's fields one at a time (spec §8.7).
#pragma once

#include <algorithm>
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
  ByteView bytes;     // kString (UTF-8) / kBytes: valid until the cursor leaves the chunk
  uint64_t bits = 0;  // kInt/kLong: the value as int64; kFloat/kDouble: the raw IEEE bits

  std::string_view text() const {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
  }
  int64_t int_value() const { return static_cast<int64_t>(bits); }
  float float_value() const { return std::bit_cast<float>(static_cast<uint32_t>(bits)); }
  double double_value() const { return std::bit_cast<double>(bits); }
};

// Decodes the fields of one document in stored order. Cheap to create (a few words, no
// allocation); skipping a field costs only its header and length. The common field (a string or
// bytes value whose header and length take one or two bytes each) is decoded straight from the
// bytes; anything else, and every error, goes through an io::DataInput made on the spot, so
// messages name the file and offset as usual.
class StoredFieldIterator {
 public:
  // Reads the document at region.bytes[begin, end) (begin ≤ end ≤ region.bytes.size(), which the
  // caller guarantees): a decoded chunk, or a file's own bytes. `region` must outlive the
  // iterator; positions in errors are relative to region.bytes[0].
  StoredFieldIterator(const io::ByteRegion& region, uint64_t begin, uint64_t end,
                      int32_t num_fields)
      : region_(&region),
        pos_(region.bytes.data() + begin),
        end_(region.bytes.data() + end),
        remaining_(num_fields) {}

  // Decodes the next field into `field`. False after the last one, or on corrupt data (see
  // status(); it is also an error when the document has bytes left after its last field).
  bool Next(StoredField& field) {
    const uint8_t* p = pos_;
    if (remaining_ > 0 && DecodeCommonField(p, end_, field)) [[likely]] {
      --remaining_;
      field_at_ = pos_;
      pos_ = p;
      return true;
    }
    return NextCarefully(field);
  }

  // Goes on to the next field numbered `number` and decodes it into `field`; the fields before it
  // are stepped over by their length, not decoded. False when the document has no (further) such
  // field (status() is then OK) or on corrupt data. Looking up one field (say _source) this way
  // costs little more than the headers before it; unlike Next(), it leaves the bytes after the
  // field unchecked.
  bool Find(int32_t number, StoredField& field) {
    const uint8_t* p = pos_;  // the walk runs on locals; the members are set where it stops
    for (int32_t left = remaining_; left > 0; --left) {
      const uint8_t* const at = p;
      if (!DecodeCommonField(p, end_, field)) [[unlikely]] {
        pos_ = at;
        remaining_ = left;
        return FindCarefully(number, field);
      }
      if (field.number == number) {
        field_at_ = at;
        pos_ = p;
        remaining_ = left - 1;
        return true;
      }
    }
    pos_ = p;
    remaining_ = std::min(remaining_, 0);
    return false;
  }

  const Status& status() const { return status_; }

  // Marks the field last returned by Next() as bad (e.g. its number is not in the field infos):
  // the error names the field's position in the file.
  const Status& FailField(std::string_view what) { return FailAt(field_at_, what); }

 private:
  static constexpr int kTypeBits = 3;
  static constexpr uint32_t kTypeMask = 7;

  static bool IsBytes(StoredFieldType type) {
    return type == StoredFieldType::kString || type == StoredFieldType::kBytes;
  }

  // Decodes the common field at `p` into `field` and moves `p` past it; false, with nothing
  // changed, for any other field (or corrupt bytes), which the careful paths then read.
  static bool DecodeCommonField(const uint8_t*& p, const uint8_t* end, StoredField& field) {
    const uint8_t* q = p;
    uint32_t header;
    uint32_t length;
    if (!io::DecodeShortVarint(q, end, header) ||
        !IsBytes(static_cast<StoredFieldType>(header & kTypeMask)) ||
        !io::DecodeShortVarint(q, end, length) || length > static_cast<size_t>(end - q)) {
      return false;
    }
    field.number = static_cast<int32_t>(header >> kTypeBits);
    field.type = static_cast<StoredFieldType>(header & kTypeMask);
    field.bytes = ByteView(q, length);
    field.bits = 0;
    p = q + length;
    return true;
  }

  // The careful paths: every field through a DataInput at the current position.
  bool NextCarefully(StoredField& field);
  bool FindCarefully(int32_t number, StoredField& field);
  bool ReadField(io::DataInput& in, StoredField& field);
  io::DataInput Input() const;
  bool Resume(const io::DataInput& in);
  const Status& FailAt(const uint8_t* at, std::string_view what);

  const io::ByteRegion* region_;
  const uint8_t* pos_;
  const uint8_t* end_;
  int32_t remaining_;
  const uint8_t* field_at_ = nullptr;  // where the field last read starts
  Status status_;
};

}  // namespace shardlift::lucene
