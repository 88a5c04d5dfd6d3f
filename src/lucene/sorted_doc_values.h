// SORTED doc values: per-doc ordinals (a NumericEntry) into a sorted terms dictionary (a
// BinaryEntry: FIXED, VARIABLE or PREFIX_COMPRESSED), as the Lucene54/Lucene50 producers'
// getSorted / getBinary read them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "io/data_input.h"
#include "io/file_slice.h"
#include "lucene/monotonic_values.h"
#include "lucene/numeric_doc_values.h"

namespace shardlift::lucene {

// A parsed BinaryEntry. Which fields are set depends on `format`.
struct BinaryEntry {
  int32_t format = 0;  // kBinaryFixedUncompressed, ...
  int64_t missing_offset = 0;
  int32_t min_length = 0;
  int32_t max_length = 0;
  uint64_t count = 0;
  int64_t offset = 0;
  int64_t addresses_offset = 0;
  int64_t addresses_end_offset = 0;  // Lucene54 VARIABLE
  MonotonicValues addresses;         // Lucene54 VARIABLE: DirectMonotonic meta
  bool addresses_inline = false;     // Lucene50 VARIABLE: MonotonicBlockPacked at addresses_offset
  int32_t packed_ints_version = 0;   // PREFIX_COMPRESSED, Lucene50 VARIABLE
  int32_t block_size = 0;
  int64_t reverse_index_offset = 0;  // PREFIX_COMPRESSED (only needed for term lookups by value)
};

// The values of a BINARY entry by index: for SORTED fields, the terms by ordinal.
class BinaryValues {
 public:
  static Result<BinaryValues> Open(const BinaryEntry& entry, const io::FileSlice& data,
                                   uint64_t data_end);

  uint64_t count() const { return count_; }

  // The bytes of value `index` (< count()). The view points into the file or into this object's
  // scratch buffer, valid until the next call.
  Result<ByteView> Get(uint64_t index);

 private:
  Result<ByteView> GetPrefixCompressed(uint64_t index);

  const io::FileSlice* data_ = nullptr;
  int32_t format_ = 0;
  uint64_t count_ = 0;
  uint64_t values_begin_ = 0;  // .dvd range of the value bytes
  uint64_t values_end_ = 0;
  int32_t fixed_length_ = 0;
  MonotonicValues addresses_;  // VARIABLE: count + 1 bounds; PREFIX: start of each 16-term block
  std::vector<uint8_t> scratch_;
};

class SortedDocValues {
 public:
  static Result<SortedDocValues> Open(const NumericEntry& ords, const BinaryEntry& terms,
                                      const io::FileSlice& data, uint64_t data_end,
                                      int32_t max_doc);

  uint64_t value_count() const { return terms_.count(); }
  // The ordinal of `doc`'s value, -1 when it has none.
  int64_t Ord(int32_t doc) const { return ords_.Value(doc); }
  // The term of `ord` (see BinaryValues::Get for the view's lifetime).
  Result<ByteView> LookupOrd(int64_t ord);
  // `doc`'s value, or nullopt when it has none.
  Result<std::optional<ByteView>> Get(int32_t doc);

 private:
  SortedDocValues(NumericDocValues ords, BinaryValues terms)
      : ords_(std::move(ords)), terms_(std::move(terms)) {}

  NumericDocValues ords_;
  BinaryValues terms_;
};

}  // namespace shardlift::lucene
