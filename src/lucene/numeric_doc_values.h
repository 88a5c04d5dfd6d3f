// NUMERIC doc values (and the ordinals of SORTED ones): the NumericEntry of a .dvm and the
// per-document lookup into the .dvd (Lucene54/Lucene50 producers' getNumeric, spec §10.2–10.3).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "base/result.h"
#include "io/data_input.h"
#include "io/file_slice.h"
#include "lucene/monotonic_values.h"

namespace shardlift::lucene {

// A parsed NumericEntry. Which fields are set depends on `format`.
struct NumericEntry {
  int32_t format = 0;          // kDeltaCompressed, ...
  int64_t missing_offset = 0;  // kAllLive, kAllMissing or the .dvd offset of a bitset / doc list
  int64_t offset = 0;
  int64_t end_offset = 0;
  uint64_t count = 0;
  int64_t min_value = 0;  // DELTA, GCD; CONST: the constant
  int64_t gcd = 0;
  int32_t bits_per_value = 0;
  std::vector<int64_t> table;
  // MONOTONIC (Lucene54): DirectMonotonic meta; Lucene50 keeps its block parameters instead.
  MonotonicValues monotonic;
  int32_t packed_ints_version = 0;
  int32_t block_size = 0;
  // SPARSE: the docs with a value (DirectMonotonic over [missing_offset, offset)), the values.
  uint64_t num_docs_with_value = 0;
  bool ordinal = false;  // missing docs read -1 (ordinals) instead of 0
  std::unique_ptr<NumericEntry> values;
};

// The values of one numeric field of a segment (or the ordinals of a SORTED field). Built and
// range-checked once; lookups cannot fail.
class NumericDocValues {
 public:
  // Binds `entry` to the .dvd `data` (body [0, data_end)) for a segment of `max_doc` docs.
  static Result<NumericDocValues> Open(const NumericEntry& entry, const io::FileSlice& data,
                                       uint64_t data_end, int32_t max_doc);

  // Whether `doc` has a value (Lucene's docsWithField).
  bool HasValue(int32_t doc) const;
  // What Lucene's getNumeric returns for `doc`: its value, or the missing value (0; -1 for
  // SPARSE ordinals) when it has none.
  int64_t Value(int32_t doc) const;
  // The value if the doc has one.
  std::optional<int64_t> Get(int32_t doc) const {
    if (!HasValue(doc)) return std::nullopt;
    return Value(doc);
  }

 private:
  enum class Presence : uint8_t { kAll, kNone, kBitset, kSparse };

  // Value at index `i` of the packed encodings (DELTA, GCD, TABLE, CONST).
  int64_t Decode(uint64_t i) const;
  // SPARSE: the rank of `doc` in the doc list, or -1.
  int64_t SparseRank(int32_t doc) const;
  bool BitsetGet(uint64_t i) const { return (bitset_[i >> 3] >> (i & 7)) & 1; }

  int32_t format_ = 0;
  Presence presence_ = Presence::kAll;
  ByteView bitset_;  // kBitset, and CONST's value mask
  ByteView packed_;
  int32_t bits_ = 0;
  int64_t min_ = 0;
  int64_t gcd_ = 0;
  std::vector<int64_t> table_;
  // SPARSE
  MonotonicValues sparse_docs_;
  std::unique_ptr<NumericDocValues> sparse_values_;
  int64_t missing_value_ = 0;
};

}  // namespace shardlift::lucene
