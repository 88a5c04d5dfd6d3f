// Units of work: one shard of one source index. Numbered 1.. in a fixed order (indices by name,
// shards by number; closed indices too, as migrate loads them), so that independent workers —
// `migrate --phase documents --units i/n` on several machines — agree on them without talking to
// each other, and a journal can say which of them are done (pipeline/journal.h).
//
// The split into n shares balances documents: the units, largest first (ties: lower number
// first), each go to the share with the fewest documents so far (ties: the lower share), every
// unit counting one document more than it holds so that empty ones spread too. Each share lists
// its units in unit order.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "es5/data_dir.h"
#include "translate/prepared_stream.h"

namespace shardlift::pipeline {

struct Unit {
  int number = 0;  // 1-based
  std::string index;
  std::string index_uuid;
  int shard = 0;
  int64_t docs = 0;    // of the chosen copy: committed live documents + translog operations
  uint64_t bytes = 0;  // of the chosen copy's store
};

// "i/n": the i-th of n shares (1 ≤ i ≤ n); 1/1 is everything.
struct UnitShare {
  int index = 1;
  int count = 1;

  static Result<UnitShare> Parse(std::string_view text);
  bool whole() const { return count == 1; }
  std::string ToString() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// The units of the indices named `indices` (any order), numbered as above.
std::vector<Unit> ListUnits(const es5::DataDir& dir, std::vector<std::string> indices);
// The units of `share`, in unit order.
std::vector<Unit> TakeShare(const std::vector<Unit>& units, UnitShare share);

// The documents of one shard of an index from document `skip` on, in the shard's fixed read order
// (SourceDocuments::StreamShard): a resumed unit starts where the target has every one before.
using ShardStream = std::function<Status(const translate::SourceIndex& index, int shard,
                                         int64_t skip, const translate::DocumentVisitor& visit)>;

}  // namespace shardlift::pipeline
