#include "pipeline/units.h"

#include <algorithm>
#include <charconv>
#include <map>

namespace shardlift::pipeline {
namespace {

// A whole decimal number in [1, 1'000'000], nothing before or after.
bool ParseCount(std::string_view text, int& out) {
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, out);
  return error == std::errc() && stop == end && !text.empty() && out >= 1 && out <= 1'000'000;
}

}  // namespace

Result<UnitShare> UnitShare::Parse(std::string_view text) {
  const size_t slash = text.find('/');
  UnitShare share;
  if (slash == std::string_view::npos || !ParseCount(text.substr(0, slash), share.index) ||
      !ParseCount(text.substr(slash + 1), share.count)) {
    return Status::InvalidArgument("--units " + std::string(text) +
                                   ": give i/n, the i-th of n shares (1 <= i <= n)");
  }
  if (share.index > share.count) {
    return Status::InvalidArgument("--units " + std::string(text) + ": " +
                                   std::to_string(share.index) + " is more than the " +
                                   std::to_string(share.count) + " shares");
  }
  return share;
}

std::vector<Unit> ListUnits(const es5::DataDir& dir, std::vector<std::string> indices) {
  std::sort(indices.begin(), indices.end());
  std::map<std::string_view, const es5::IndexInfo*> by_name;
  for (const es5::IndexInfo& info : dir.indices()) by_name[info.meta.name] = &info;
  std::vector<Unit> units;
  for (const std::string& name : indices) {
    auto it = by_name.find(name);
    if (it == by_name.end()) continue;
    std::vector<const es5::ShardInfo*> shards;
    for (const es5::ShardInfo& shard : it->second->shards) shards.push_back(&shard);
    std::sort(shards.begin(), shards.end(),
              [](const auto* a, const auto* b) { return a->shard_id < b->shard_id; });
    for (const es5::ShardInfo* shard : shards) {
      Unit& unit = units.emplace_back();
      unit.number = static_cast<int>(units.size());
      unit.index = name;
      unit.index_uuid = it->second->meta.uuid;
      unit.shard = shard->shard_id;
      if (const es5::ShardCopy* copy = shard->chosen()) {
        unit.docs = copy->facts.docs;
        unit.bytes = copy->facts.store_bytes;
      }
    }
  }
  return units;
}

std::vector<Unit> TakeShare(const std::vector<Unit>& units, UnitShare share) {
  if (share.whole()) return units;
  std::vector<const Unit*> largest_first;
  largest_first.reserve(units.size());
  for (const Unit& unit : units) largest_first.push_back(&unit);
  std::stable_sort(largest_first.begin(), largest_first.end(),
                   [](const Unit* a, const Unit* b) { return a->docs > b->docs; });
  std::vector<int64_t> load(static_cast<size_t>(share.count), 0);
  std::vector<const Unit*> mine;
  for (const Unit* unit : largest_first) {
    const auto lightest = std::min_element(load.begin(), load.end());
    *lightest += std::max<int64_t>(unit->docs, 0) + 1;
    if (lightest - load.begin() == share.index - 1) mine.push_back(unit);
  }
  std::sort(mine.begin(), mine.end(),
            [](const Unit* a, const Unit* b) { return a->number < b->number; });
  std::vector<Unit> out;
  out.reserve(mine.size());
  for (const Unit* unit : mine) out.push_back(*unit);
  return out;
}

}  // namespace shardlift::pipeline
