// ShardTranslog: the translog generations of one shard copy that may hold ops missing from its
// Lucene commit, in replay order (index/translog/Translog recovery, spec §7.5).
//
// With C = the generation in `translog.ckp` and G = the commit's `translog_generation`, ES replays
// `translog-g.tlog` bounded by `translog-g.ckp` for g = G … C−1 and then `translog-C.tlog` bounded
// by `translog.ckp`. Older generations still on disk are already in the commit and are ignored.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "es5/translog_reader.h"

namespace shardlift::es5 {

class ShardTranslog {
 public:
  static Result<ShardTranslog> Open(const std::string& translog_dir, std::string_view uuid,
                                    int64_t commit_generation);

  // The readers in replay order; each reads its ops once.
  std::vector<TranslogReader>& generations() { return generations_; }
  // Ops the checkpoints promise across the replayed generations.
  int64_t expected_ops() const { return expected_ops_; }

 private:
  std::vector<TranslogReader> generations_;
  int64_t expected_ops_ = 0;
};

}  // namespace shardlift::es5
