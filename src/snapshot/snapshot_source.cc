#include "snapshot/snapshot_source.h"

namespace shardlift::snapshot {

namespace {

// What a snapshot says about its failures: "<index> shard <n>: <reason>" lines.
std::string DescribeFailures(const SnapshotInfo& snapshot) {
  std::string out;
  if (!snapshot.reason.empty()) out += "\n  reason: " + snapshot.reason;
  for (const ShardFailure& failure : snapshot.failures) {
    out += "\n  failed: " + failure.index + " shard " + std::to_string(failure.shard_id) + ": " +
           failure.reason + (failure.status.empty() ? "" : " (" + failure.status + ")");
  }
  return out;
}

}  // namespace

std::optional<SnapshotSpec> ParseSnapshotSpec(std::string_view argument) {
  if (!argument.starts_with(kSourcePrefix)) return std::nullopt;
  argument.remove_prefix(kSourcePrefix.size());
  const size_t hash = argument.rfind('#');
  if (hash == std::string_view::npos) return SnapshotSpec{std::string(argument), ""};
  return SnapshotSpec{std::string(argument.substr(0, hash)),
                      std::string(argument.substr(hash + 1))};
}

Result<SnapshotSource> OpenSnapshotSource(const SnapshotSpec& spec,
                                          const SnapshotOptions& options) {
  SL_ASSIGN_OR_RETURN(const Repository repository, Repository::Open(spec.repository));
  SL_ASSIGN_OR_RETURN(SnapshotInfo snapshot, repository.Select(spec.selector));
  SL_ASSIGN_OR_RETURN(auto global, repository.ReadGlobal(snapshot));
  const std::string about =
      "snapshot " + snapshot.name + " (" + std::string(ToString(snapshot.state)) + ")";

  std::vector<es5::IndexInfo> indices;
  std::vector<es5::Problem> problems;
  std::vector<std::string> missing;
  for (const std::string& name : snapshot.indices) {
    Result<IndexSnapshot> index = repository.ReadIndex(snapshot, name, options.scratch_dir);
    if (!index.ok()) {
      problems.push_back({name, index.status()});
      continue;
    }
    es5::IndexInfo info;
    info.meta = std::move(index->meta);
    info.state_file = index->meta_file;
    for (ShardEntry& shard : index->shards) {
      const std::string which = name + " shard " + std::to_string(shard.shard_id);
      if (shard.directory == nullptr) {
        if (snapshot.complete()) {
          // ES writes a shard's file list before it counts the snapshot a success.
          problems.push_back(
              {name, Status::NotFound(shard.dir + "/snap-" + snapshot.uuid + ".dat: missing, yet " +
                                      about + " holds " + which)});
        } else {
          missing.push_back(which);
          info.warnings.push_back("shard " + std::to_string(shard.shard_id) + " is not in " +
                                  about);
        }
        continue;
      }
      es5::ShardCopy copy;
      copy.shard_dir = shard.dir;
      copy.facts.where = shard.dir;
      copy.facts.store_bytes = shard.directory->total_bytes();
      copy.store = std::move(shard.directory);
      es5::ShardInfo entry;
      entry.shard_id = shard.shard_id;
      entry.copies.push_back(std::move(copy));
      entry.choice.chosen = 0;
      entry.choice.reason = "snapshot " + snapshot.name;
      info.shards.push_back(std::move(entry));
    }
    indices.push_back(std::move(info));
  }
  if (!snapshot.complete() && !options.allow_partial) {
    std::string lacking;
    for (const std::string& shard : missing) lacking += (lacking.empty() ? "" : ", ") + shard;
    return Status::InvalidArgument(
        repository.dir() + ": " + about + " is not complete" + DescribeFailures(snapshot) +
        "\n  shards it does not hold: " + (lacking.empty() ? "none found missing" : lacking) +
        "\n--allow-partial reads the shards it holds");
  }
  SnapshotSource source;
  source.dir = es5::DataDir::FromIndices(
      global ? std::optional(std::move(global->first)) : std::nullopt, global ? global->second : "",
      std::move(indices), std::move(problems));
  source.facts.repository = repository.dir();
  source.facts.snapshot = std::move(snapshot);
  source.facts.missing_shards = std::move(missing);
  source.facts.warnings = repository.data().warnings;
  return source;
}

}  // namespace shardlift::snapshot
