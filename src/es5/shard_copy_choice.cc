#include "es5/shard_copy_choice.h"

#include <algorithm>

namespace shardlift::es5 {

namespace {

constexpr std::string_view kUnknownUuid = "_na_";

// True if `a` should be preferred over `b` among valid copies.
bool Better(const ShardCopyFacts& a, const ShardCopyFacts& b) {
  if (a.store_readable != b.store_readable) return a.store_readable;
  if (a.docs != b.docs) return a.docs > b.docs;
  if (a.primary != b.primary) return a.primary;
  return a.store_bytes > b.store_bytes;
}

}  // namespace

ShardCopyChoice ChooseShardCopy(const std::vector<ShardCopyFacts>& copies,
                                const std::vector<std::string>& in_sync_ids,
                                std::string_view index_uuid) {
  ShardCopyChoice choice;
  std::vector<bool> valid(copies.size(), false);
  int64_t max_legacy_version = -1;
  for (const ShardCopyFacts& copy : copies) {
    if (copy.state_readable) max_legacy_version = std::max(max_legacy_version, copy.legacy_version);
  }
  for (size_t i = 0; i < copies.size(); ++i) {
    const ShardCopyFacts& copy = copies[i];
    std::string why;
    if (!copy.state_readable) {
      why = "shard state unreadable: " + copy.state_error;
    } else if (copy.index_uuid != index_uuid && copy.index_uuid != kUnknownUuid) {
      why = "belongs to index uuid " + copy.index_uuid;
    } else if (!in_sync_ids.empty() && std::find(in_sync_ids.begin(), in_sync_ids.end(),
                                                 copy.allocation_id) == in_sync_ids.end()) {
      why = "stale: allocation id \"" + copy.allocation_id + "\" is not in the in-sync set";
    } else if (in_sync_ids.empty() && copy.legacy_version < max_legacy_version) {
      why = "stale: legacy version " + std::to_string(copy.legacy_version) + " < " +
            std::to_string(max_legacy_version);
    }
    if (why.empty()) {
      valid[i] = true;
    } else {
      choice.rejected.push_back(copy.where + ": " + why);
    }
  }
  for (size_t i = 0; i < copies.size(); ++i) {
    if (valid[i] && (choice.chosen < 0 || Better(copies[i], copies[choice.chosen]))) {
      choice.chosen = static_cast<int>(i);
    }
  }
  if (choice.chosen < 0) {
    choice.reason = copies.empty() ? "no copy of this shard in the given data directories"
                                   : "no valid copy: every copy is stale or unreadable";
    return choice;
  }
  const ShardCopyFacts& best = copies[choice.chosen];
  const auto valid_count = std::count(valid.begin(), valid.end(), true);
  std::string basis = in_sync_ids.empty() ? "highest legacy version" : "in-sync";
  if (valid_count == 1) {
    choice.reason = copies.size() == 1 ? "the only copy" : "the only valid copy (" + basis + ")";
  } else {
    choice.reason = basis + ", " + (best.primary ? "primary" : "replica") + ", most data (" +
                    std::to_string(best.docs) + " docs) of " + std::to_string(valid_count) +
                    " valid copies";
  }
  if (!best.store_readable) choice.reason += "; its Lucene store does not open";
  for (size_t i = 0; i < copies.size(); ++i) {
    if (valid[i] && static_cast<int>(i) != choice.chosen) {
      choice.rejected.push_back(copies[i].where + ": valid, holds " +
                                std::to_string(copies[i].docs) + " docs");
    }
  }
  return choice;
}

}  // namespace shardlift::es5
