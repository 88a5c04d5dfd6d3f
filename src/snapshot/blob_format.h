// The framing of a snapshot repository's metadata blobs (ES ChecksumBlobStoreFormat, 2.0–5.6;
// docs/snapshot-repository-format.md §2): a Lucene codec header (codec name, format version 1),
// an XContent body, a Lucene footer whose CRC-32 covers everything before it. The body is SMILE,
// or `DFL\0` + raw DEFLATE of it when the repository compresses (in 5.x only the root and index
// metadata blobs, never a shard's): every body is sniffed, as ES does.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/result.h"
#include "io/file_slice.h"

namespace shardlift::snapshot {

// ChecksumBlobStoreFormat.VERSION: the only version ES 2.0–5.6 wrote.
inline constexpr int32_t kBlobFormatVersion = 1;

// Codec names, one per kind of blob.
inline constexpr std::string_view kSnapshotCodec = "snapshot";        // snap-*.dat, root and shard
inline constexpr std::string_view kGlobalMetadataCodec = "metadata";  // root meta-*.dat
inline constexpr std::string_view kIndexMetadataCodec = "index-metadata";  // index meta-*.dat
inline constexpr std::string_view kShardSnapshotsCodec = "snapshots";      // shard index-N

struct Blob {
  io::FileSlice body;  // the XContent as stored (maybe compressed); errors name its offsets
  nlohmann::ordered_json dom;
  bool compressed = false;  // the body was `DFL\0` + raw DEFLATE
};

// Checks `file`'s footer and CRC first (a damaged blob is reported as such, not as whatever its
// header then looks like), then the header: magic, `codec`, version 1. The body is everything
// between header and footer; it is parsed to its end (a DFL body inflates to at most
// xcontent::kMaxInflatedMetadata).
Result<Blob> ReadBlob(const io::FileSlice& file, std::string_view codec);

// ReadBlob of the file at `path`.
Result<Blob> OpenBlob(const std::string& path, std::string_view codec);

}  // namespace shardlift::snapshot
