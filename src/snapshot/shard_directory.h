// ShardDirectory: a shard of a snapshot as a Lucene directory. Its files are the file list of the
// shard's snapshot (never a listing of the shard's directory, which holds the blobs of every
// snapshot of the shard), each opened from its blob in place:
//  * one part: the blob `__N`, mapped;
//  * several parts `__N.part0` …: mapped side by side as one file, or, when the parts are not
//    whole pages (a chunk_size of 1kb, say), copied into an unlinked scratch file first
//    (io::MappedFile::OpenSplit).
// Before a file is handed out, its size must be the recorded length, its Lucene footer must hold
// the recorded checksum, and segments_N and .si must begin with their recorded meta_hash. The
// Lucene readers then verify the CRC of every file they read, as for a data dir. Errors name the
// blob (or part) and the Lucene file: "<repo>/indices/<id>/0/__3: offset 812 (_0.fdt +812)".
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "io/mapped_file.h"
#include "lucene/directory.h"
#include "snapshot/shard_snapshot.h"

namespace shardlift::snapshot {

class ShardDirectory final : public lucene::Directory {
 public:
  // The files of `snapshot`, whose blobs are in `shard_dir`. Parts that must be assembled are
  // copied into `scratch_dir`.
  ShardDirectory(std::string shard_dir, ShardSnapshot snapshot, std::string scratch_dir);

  Result<std::vector<std::string>> List() const override;
  Result<io::FileSlice> Open(std::string_view name) const override;
  std::string Describe(std::string_view name) const override;
  const std::string& location() const override { return shard_dir_; }

  const ShardSnapshot& snapshot() const { return snapshot_; }
  // The bytes of all files of the snapshot.
  uint64_t total_bytes() const;

 private:
  const FileInfo* Find(std::string_view name) const;
  // The blob(s) of `file` mapped and checked; a file still open elsewhere is not mapped again.
  Result<std::shared_ptr<const io::MappedFile>> Map(const FileInfo& file) const;
  Status Check(const FileInfo& file, const io::FileSlice& slice) const;

  std::string shard_dir_;
  ShardSnapshot snapshot_;
  std::string scratch_dir_;
  std::map<std::string, size_t, std::less<>> by_name_;  // physical name → index in files
  mutable std::mutex mutex_;
  mutable std::map<size_t, std::weak_ptr<const io::MappedFile>> mapped_;
};

// Where scratch files go: $TMPDIR, else /tmp.
std::string DefaultScratchDir();

}  // namespace shardlift::snapshot
