// Translog checkpoint files (`translog.ckp`, `translog-<G>.ckp`; index/translog/Checkpoint):
// how many bytes and ops of a generation's `.tlog` were fsynced.
//
// ES 5.x: 48 bytes = Lucene codec header "ckp" v1, int64 offset, int32 op count, int64 generation,
// Lucene footer (CRC-32). ES 2.x: 20 bytes, the same three numbers with no header or footer.
#pragma once

#include <cstdint>

#include "base/result.h"
#include "io/file_slice.h"

namespace shardlift::es5 {

struct Checkpoint {
  static constexpr uint64_t kLegacySize = 20;
  static constexpr uint64_t kSize = 48;

  int64_t offset = 0;  // bytes of valid data in the .tlog, header included
  int32_t num_ops = 0;
  int64_t generation = 0;
  bool legacy = false;  // the 20-byte ES 2.x form
};

Result<Checkpoint> ReadCheckpoint(const io::FileSlice& file);

}  // namespace shardlift::es5
