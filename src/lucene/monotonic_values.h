// Monotonic sequences stored as blocks of "expected value + packed deviation": Lucene's
// DirectMonotonicReader (Lucene54: block metadata in the .dvm, packed data in the .dvd) and
// MonotonicBlockPackedReader (Lucene50: everything inline in the .dvd). Both compute value i of a
// block as min + (int64)(avg * (float)j) + packed[j], with 32-bit float math (spec §10.3).
#pragma once

#include <cstdint>
#include <vector>

#include "base/status.h"
#include "io/data_input.h"
#include "io/file_slice.h"

namespace shardlift::lucene {

class MonotonicValues {
 public:
  // DirectMonotonic block metadata read from a .dvm: the values are not usable until Bind().
  static MonotonicValues ReadDirectMeta(io::DataInput& meta, uint64_t num_values,
                                        int32_t block_shift);

  // Points the blocks read by ReadDirectMeta at their packed data, which lies in `data`
  // ([begin, end) of the .dvd `file`), checking that every block fits.
  Status Bind(const io::FileSlice& file, uint64_t begin, uint64_t end);

  // MonotonicBlockPacked values read from `data` (positioned at them) with the given parameters.
  static MonotonicValues ReadBlockPacked(io::DataInput& data, int32_t packed_ints_version,
                                         int32_t block_size, uint64_t num_values);

  uint64_t size() const { return num_values_; }

  // Value `index` (< size()).
  int64_t Get(uint64_t index) const;

 private:
  struct Block {
    int64_t min;
    float average;
    int32_t bits;
    uint64_t offset;  // DirectMonotonic: offset of the packed values within the bound range
    ByteView packed;  // set by Bind / ReadBlockPacked
  };

  uint64_t num_values_ = 0;
  int32_t block_shift_ = 0;
  std::vector<Block> blocks_;
};

}  // namespace shardlift::lucene
