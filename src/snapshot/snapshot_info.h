// A snapshot's info: the root blob `snap-<key>.dat` (codec "snapshot"; ES SnapshotInfo, 2.x
// Snapshot; docs/snapshot-repository-format.md §4).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "io/file_slice.h"

namespace shardlift::snapshot {

// SnapshotState, with the byte ES 5 keeps in the repository data.
enum class SnapshotState : int {
  kInProgress = 0,
  kSuccess = 1,
  kFailed = 2,
  kPartial = 3,
  kIncompatible = 4,  // 5.x: written by a version this ES cannot restore
};

std::string_view ToString(SnapshotState state);
std::optional<SnapshotState> SnapshotStateNamed(std::string_view name);
std::optional<SnapshotState> SnapshotStateOfByte(int64_t value);

struct ShardFailure {
  std::string index;
  std::string index_uuid;  // 5.x; ES 5.6 writes the index name here
  int64_t shard_id = -1;
  std::string reason;
  std::string node_id;
  std::string status;
};

struct SnapshotInfo {
  std::string name;
  std::string uuid;                  // empty when written by 2.x (the name is the key then)
  int64_t version_id = 0;            // the ES version that wrote it; 0 when not recorded
  std::vector<std::string> indices;  // index names
  SnapshotState state = SnapshotState::kInProgress;
  std::string reason;  // why it FAILED
  int64_t start_time_ms = 0;
  int64_t end_time_ms = 0;
  int64_t total_shards = 0;
  int64_t successful_shards = 0;
  std::vector<ShardFailure> failures;

  // ES restores SUCCESS and PARTIAL snapshots; only SUCCESS holds every shard.
  bool complete() const { return state == SnapshotState::kSuccess; }
};

// Parses the body of a root `snap-<key>.dat`: {"snapshot": {…}}. `where` (the body) names the
// blob in errors.
Result<SnapshotInfo> ParseSnapshotInfo(const nlohmann::ordered_json& dom,
                                       const io::FileSlice& where);

// "2020-06-30T01:02:03.456Z" (UTC) for milliseconds since the epoch.
std::string FormatTimestamp(int64_t ms);

}  // namespace shardlift::snapshot
