// A shard's snapshot: `indices/<id>/<shard>/snap-<key>.dat` (codec "snapshot"; ES
// BlobStoreIndexShardSnapshot; docs/snapshot-repository-format.md §6): every file of the Lucene
// commit the snapshot took, each mapped to the blob(s) holding its bytes. Incremental snapshots
// share blobs, so this list, never a listing of the shard directory, says which files are the
// snapshot's.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "io/file_slice.h"
#include "io/mapped_file.h"

namespace shardlift::snapshot {

// ES's FileInfo: one Lucene file and its blob(s).
struct FileInfo {
  std::string blob;           // "__<base 36 generation>"
  std::string physical_name;  // the Lucene file name, e.g. "_0.cfs"
  uint64_t length = 0;
  std::optional<uint32_t> checksum;   // the CRC-32 in the file's Lucene footer, when recorded
  std::optional<uint64_t> part_size;  // the repository's chunk_size when the blob was written
  std::string written_by;             // Lucene version, informational
  std::vector<uint8_t> meta_hash;     // segments_N and .si: the first min(length, 1 MiB) bytes

  // ES's numberOfParts: ceil(length / part_size), at least 1. One part is the blob `<blob>`;
  // several are `<blob>.part0` … (io::SplitFile).
  uint64_t PartCount() const;
};

struct ShardSnapshot {
  std::string name;             // the snapshot's name
  int64_t index_version = 0;    // the commit's generation
  std::vector<FileInfo> files;  // every file of the commit, segments_N included
};

// Parses the body of a shard's `snap-<key>.dat` and checks what ES would refuse or what would
// make the commit ambiguous: unknown FileInfo fields, blob names that are no data blob (`v__`
// virtual blobs are ES 7's), file names with a path, a file or a blob listed twice, a part size
// ≤ 0, not exactly one segments_N.
Result<ShardSnapshot> ParseShardSnapshot(const nlohmann::ordered_json& dom,
                                         const io::FileSlice& where);

}  // namespace shardlift::snapshot
