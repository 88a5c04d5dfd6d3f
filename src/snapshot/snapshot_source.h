// A snapshot as a source: `snapshot:<repo-dir>[#<snapshot>]` in place of a path.data root. The
// chosen snapshot becomes an es5::DataDir with one copy per shard (its ShardDirectory, no
// translog: a snapshot is a flushed commit, exactly what ES would restore), its global metadata
// (templates, persistent settings) and index metadata, so everything above reads it as it reads
// a data dir.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "es5/data_dir.h"
#include "snapshot/repository.h"
#include "snapshot/snapshot_info.h"

namespace shardlift::snapshot {

inline constexpr std::string_view kSourcePrefix = "snapshot:";

struct SnapshotSpec {
  std::string repository;  // the repository directory
  std::string selector;    // a snapshot name, kLatest, or "" (the only one)
};

// The spec `argument` spells, or nullopt when it does not start with kSourcePrefix. The
// selector follows the last '#' (ES refuses '#' in snapshot names).
std::optional<SnapshotSpec> ParseSnapshotSpec(std::string_view argument);

struct SnapshotOptions {
  // Read a PARTIAL or FAILED snapshot: the shards it holds; the others are listed as missing.
  bool allow_partial = false;
  std::string scratch_dir = DefaultScratchDir();  // for parts that must be assembled
};

// What was read, for reports.
struct SnapshotFacts {
  std::string repository;
  SnapshotInfo snapshot;
  std::vector<std::string> missing_shards;  // "<index> shard <n>", when allow_partial
  std::vector<std::string> warnings;        // about the repository as a whole
};

struct SnapshotSource {
  es5::DataDir dir;  // no nodes, no locks; one copy per shard
  SnapshotFacts facts;
};

// Opens the snapshot `spec` names. A snapshot that is not SUCCESS is refused, saying which shards
// it lacks, unless `allow_partial`. What cannot be read of one index (its metadata, a shard's
// file list) is a problem of that index in dir.problems(), as for a data dir.
Result<SnapshotSource> OpenSnapshotSource(const SnapshotSpec& spec, const SnapshotOptions& options);

}  // namespace shardlift::snapshot
