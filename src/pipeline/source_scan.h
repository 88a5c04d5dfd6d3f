// What `inspect` and `export` share: opening the source data dirs safely, choosing the shards to
// read, reading each shard's documents, and adding up per-index counts that reconcile.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "es5/data_dir.h"
#include "es5/index_pattern.h"
#include "es5/shard_reader.h"
#include "pipeline/document_json.h"
#include "snapshot/snapshot_source.h"

namespace shardlift::pipeline {

struct SourceOptions {
  bool force = false;          // read a data dir while a node.lock is held
  bool allow_partial = false;  // read the shards a PARTIAL or FAILED snapshot holds
};

// What a command reads: data dirs, or one snapshot shaped as a data dir.
struct OpenedSource {
  es5::DataDir dir;
  std::optional<snapshot::SnapshotFacts> snapshot;  // when the source is a snapshot
};

// Opens `sources`: path.data roots, read as one data dir (refused, InvalidArgument, while an
// Elasticsearch process holds a node.lock, unless `force`); or a single
// `snapshot:<repo-dir>[#<snapshot>]` (snapshot/snapshot_source.h).
Result<OpenedSource> OpenSource(const std::vector<std::string>& sources,
                                const SourceOptions& options);

// The directories `sources` name (a snapshot's repository dir), which nothing may write into.
std::vector<std::string> SourceDirs(const std::vector<std::string>& sources);

// Human-readable lock state lines ("<lock file>: free" / "held by pid N" / "no lock file").
std::vector<std::string> DescribeLocks(const es5::DataDir& dir);

struct ShardJob {
  const es5::IndexInfo* index;
  const es5::ShardInfo* shard;
};

// The chosen copies of every shard of every index `pattern` selects, in export order (index name,
// shard id).
std::vector<ShardJob> SelectShards(const es5::DataDir& dir, const es5::IndexPattern& pattern);

struct ShardOutcome {
  es5::ShardStats stats;
  SourceFormats formats;
  Status status;                         // the shard could not be read (fully)
  std::vector<std::string> broken_docs;  // documents skipped under --skip-broken
};

// Reads `job`'s documents, appending each one's NDJSON line to `lines` and then calling
// `line_added`, which may hand `lines` on and clear it (lines are built in place: no copy).
// A document whose `_source` does not convert fails the shard, or is skipped and listed when
// `skip_broken_docs`.
void ReadShard(const ShardJob& job, bool skip_broken_docs, DocumentJson& json, std::string& lines,
               const std::function<Status()>& line_added, ShardOutcome& outcome);

// How many documents of each segment `inspect` converts to learn the source formats.
inline constexpr int32_t kSurveySamplesPerSegment = 32;

// What `inspect` reads of `job`: the counts of ReadShard, from metadata where it suffices
// (es5::ShardReader::Survey, checksums not verified), and the source formats of a sample of
// documents. A sampled document that does not convert is listed in `broken_docs`.
void SurveyShard(const ShardJob& job, DocumentJson& json, ShardOutcome& outcome);

// Per-index totals.
struct IndexTally {
  int64_t shards = 0;
  int64_t committed_live = 0;
  int64_t nested_skipped = 0;
  int64_t emitted = 0;       // written out
  int64_t skipped_docs = 0;  // read, but unconvertible and skipped (--skip-broken)
  int64_t source_disabled = 0;
  int64_t translog_index_ops = 0;
  int64_t translog_delete_ops = 0;
  int64_t translog_added = 0;
  int64_t translog_replaced = 0;
  int64_t translog_deleted = 0;
  SourceFormats formats;
  std::vector<std::string> warnings;  // torn translog tails
  std::vector<std::string> broken;    // shards and documents that could not be read

  void Add(const ShardJob& job, const ShardOutcome& outcome);
  // committed live + translog added − translog deleted == emitted + skipped docs
  bool Reconciles() const {
    return committed_live + translog_added - translog_deleted == emitted + skipped_docs;
  }
};

}  // namespace shardlift::pipeline
