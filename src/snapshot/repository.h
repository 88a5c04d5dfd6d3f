// Repository: an Elasticsearch 2.0–5.6 `fs` snapshot repository, read-only
// (docs/snapshot-repository-format.md §7): its snapshots, the choice of one, and what that one
// holds: global metadata, index metadata, and each shard as a Lucene directory.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "es5/metadata.h"
#include "snapshot/repository_data.h"
#include "snapshot/shard_directory.h"
#include "snapshot/snapshot_info.h"

namespace shardlift::snapshot {

// The selector that picks the newest SUCCESS snapshot.
inline constexpr std::string_view kLatest = "latest";

struct ShardEntry {
  int shard_id = 0;
  std::string dir;                                  // <repo>/indices/<id>/<shard>
  std::shared_ptr<const ShardDirectory> directory;  // null: the snapshot holds no such shard
};

struct IndexSnapshot {
  es5::IndexMetadata meta;
  std::string meta_file;           // <repo>/indices/<id>/meta-<key>.dat
  std::vector<ShardEntry> shards;  // 0 … number_of_shards − 1
};

class Repository {
 public:
  static Result<Repository> Open(std::string dir);

  const std::string& dir() const { return dir_; }
  const RepositoryData& data() const { return data_; }

  // The info of `entry` (snap-<key>.dat). `uuid` is the key of the snapshot's blobs: for a 2.x
  // snapshot, its name.
  Result<SnapshotInfo> ReadInfo(const SnapshotEntry& entry) const;
  // Every snapshot's info, in the repository's order.
  Result<std::vector<SnapshotInfo>> ReadInfos() const;

  // The snapshot `selector` names: a snapshot name; kLatest, the SUCCESS snapshot that started
  // last (then ended last); or "" when the repository holds exactly one. Never guesses: with
  // several snapshots and no name, or a name that matches none, the error lists them all.
  Result<SnapshotInfo> Select(std::string_view selector) const;

  // The snapshot's global metadata (templates, persistent settings), and the blob it came from;
  // nullopt when the snapshot has none.
  Result<std::optional<std::pair<es5::GlobalMetadata, std::string>>> ReadGlobal(
      const SnapshotInfo& snapshot) const;

  // Index `name` of `snapshot`: its metadata and its shards. Shards are opened as Lucene
  // directories (their files are mapped only when read); parts to assemble go to `scratch_dir`.
  Result<IndexSnapshot> ReadIndex(const SnapshotInfo& snapshot, const std::string& name,
                                  const std::string& scratch_dir) const;

 private:
  Repository(std::string dir, RepositoryData data) : dir_(std::move(dir)), data_(std::move(data)) {}

  std::string dir_;
  RepositoryData data_;
};

// "<name>  uuid <uuid>  <state>  <start> → <end>  indices <a,b>  ES <version>".
std::string DescribeSnapshot(const SnapshotInfo& snapshot);
// DescribeSnapshot of each, a line each, indented by two spaces.
std::string DescribeSnapshots(const std::vector<SnapshotInfo>& snapshots);

}  // namespace shardlift::snapshot
