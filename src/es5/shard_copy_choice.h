// Which copy of a shard to read when several nodes' data dirs hold one (spec §5, ES's
// gateway/PrimaryShardAllocator).
//
// A copy is valid if its shard state was readable and belongs to this index (uuid), and it is not
// stale: with a non-empty in-sync set (5.x) its allocation id must be in it; without one (a 2.x
// index never started under 5.x) its legacy version must be the highest. A copy whose Lucene
// store does not open is used only if no valid copy opens. Among the valid copies we take the one
// holding the most data (committed docs + translog ops), then the primary, then the larger store,
// then the first given, and say why.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shardlift::es5 {

struct ShardCopyFacts {
  std::string where;           // the shard directory, for messages
  bool state_readable = true;  // the shard _state parsed
  std::string state_error;     // why not: the file and offset
  bool primary = false;
  std::string index_uuid;       // as the shard state records it
  std::string allocation_id;    // 5.x; empty in 2.x
  int64_t legacy_version = -1;  // 2.x; −1 (NO_VERSION) when written by 5.x
  bool store_readable = true;   // the newest Lucene commit opened
  int64_t docs = 0;             // committed live docs + translog ops
  uint64_t store_bytes = 0;
};

struct ShardCopyChoice {
  int chosen = -1;                    // index into the facts; −1 when no copy can be used
  std::string reason;                 // why this one (or why none)
  std::vector<std::string> rejected;  // "<where>: <why>" for every copy not taken
};

ShardCopyChoice ChooseShardCopy(const std::vector<ShardCopyFacts>& copies,
                                const std::vector<std::string>& in_sync_ids,
                                std::string_view index_uuid);

}  // namespace shardlift::es5
