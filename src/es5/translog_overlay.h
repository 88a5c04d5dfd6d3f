// TranslogOverlay: what replaying a shard's translog does to the documents of its Lucene commit.
//
// ES recovery replays every op in file order with "version greater wins" (VersionType EXTERNAL
// for recovery): an index op applies if the doc is unknown or the op's version is greater than
// the current one; a delete op likewise, leaving a tombstone whose version later ops must beat.
// The overlay records the per-uid op history in one pass over the translog; then each committed
// doc is resolved against it (kept, replaced or deleted), and afterwards the ops whose documents
// survive are listed in op order, so they can be emitted after the shard's committed docs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/result.h"
#include "es5/translog.h"

namespace shardlift::es5 {

class TranslogOverlay {
 public:
  struct Stats {
    int64_t index_ops = 0;
    int64_t delete_ops = 0;
    int64_t replaced = 0;                 // committed docs whose translog version wins
    int64_t deleted = 0;                  // committed docs removed by a delete op
    int64_t added = 0;                    // docs only the translog holds
    std::vector<std::string> torn_tails;  // dropped torn last ops (warnings)
  };

  // Reads every op of `translog` once. `single_type` names the type of a single-type index,
  // whose format-2 deletes carry only an `_id`.
  static Result<TranslogOverlay> Build(ShardTranslog& translog, std::string_view single_type);

  // Resolves a committed doc. True if it stays as committed; false if the translog replaces or
  // deletes it (a replacement is then listed by SurvivingOps()).
  bool KeepCommitted(std::string_view uid, int64_t committed_version);

  // After every committed doc was resolved: the sequence numbers (0-based, in replay order
  // across generations) of the index ops whose documents end up live, ascending.
  std::vector<int64_t> SurvivingOps();

  bool empty() const { return history_.empty(); }
  const Stats& stats() const { return stats_; }

  // "type#id": the key ops and committed docs are matched on.
  static void MakeUid(std::string_view type, std::string_view id, std::string* uid);

 private:
  struct Op {
    int64_t sequence;
    int64_t version;
    bool is_delete;
  };
  struct Outcome {
    bool exists;
    int64_t winner;  // sequence of the winning index op; −1 = the committed doc
  };
  struct History {
    std::vector<Op> ops;
    bool resolved = false;  // a committed doc was matched against it
    Outcome outcome{false, -1};
  };

  static Outcome Replay(const std::vector<Op>& ops, bool committed, int64_t committed_version);

  struct UidHash {
    using is_transparent = void;
    size_t operator()(std::string_view uid) const { return std::hash<std::string_view>()(uid); }
  };
  std::unordered_map<std::string, History, UidHash, std::equal_to<>> history_;
  Stats stats_;
};

}  // namespace shardlift::es5
