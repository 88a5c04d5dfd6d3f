// What a repository holds: the snapshots and where each index's files are
// (docs/snapshot-repository-format.md §1.3, §3).
//
//  * 5.0–5.6 write `index-<N>` (JSON, the highest N is current) and `index.latest` (int64 N, for
//    stores that cannot list). Snapshots are keyed by uuid; `indices/<id>/` is the repository's
//    own id for the index, or the index name for an index a 2.x snapshot holds.
//  * 2.0–2.4 write `index` (JSON list of names). Snapshots are keyed by name, and the index
//    directories are the index names.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "io/file_slice.h"
#include "snapshot/snapshot_info.h"

namespace shardlift::snapshot {

enum class Layout { kEs2, kEs5 };

struct SnapshotEntry {
  std::string name;
  std::string uuid;                    // the key of its blobs; the name for 2.x snapshots
  std::optional<SnapshotState> state;  // written by 5.5+ only; snap-<key>.dat is the truth
};

struct IndexEntry {
  std::string name;
  std::string id;  // the directory under indices/
};

struct RepositoryData {
  Layout layout = Layout::kEs5;
  int64_t generation = -1;  // N of index-N; -1 for 2.x
  std::string file;         // the file read
  std::vector<SnapshotEntry> snapshots;
  std::vector<IndexEntry> indices;  // 5.x only
  std::vector<std::string> warnings;

  // The directory under indices/ of index `name`: its id, or for 2.x its name. Null (5.x) when
  // the repository data does not know the index.
  std::optional<std::string> IndexDir(std::string_view name) const;
};

// Reads the repository data of the repository in `dir`. NotFound when `dir` holds neither
// `index-N` nor `index`.
Result<RepositoryData> ReadRepositoryData(const std::string& dir);

// Parses `file`, the JSON of an `index-N` (kEs5) or `index` (kEs2).
Result<RepositoryData> ParseRepositoryData(const io::FileSlice& file, Layout layout);

}  // namespace shardlift::snapshot
