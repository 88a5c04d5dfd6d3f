// Directory: where the files of a Lucene index come from, by name.
//
// An index directory on disk is an FsDirectory. A shard of a snapshot repository is another kind:
// its Lucene files are blobs under other names (snapshot/shard_directory.h). The readers open
// every file through this interface and list it once, to find the newest commit, so they read
// both alike.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "io/file_slice.h"

namespace shardlift::lucene {

class Directory {
 public:
  virtual ~Directory() = default;

  // The names of the files in the index, sorted.
  virtual Result<std::vector<std::string>> List() const = 0;
  // File `name`, whole. NotFound when the index has no such file.
  virtual Result<io::FileSlice> Open(std::string_view name) const = 0;
  // How messages name file `name`: its path on disk, or the blob holding it.
  virtual std::string Describe(std::string_view name) const = 0;
  // How messages name the index itself.
  virtual const std::string& location() const = 0;
};

// An index directory on disk.
class FsDirectory final : public Directory {
 public:
  explicit FsDirectory(std::string path) : path_(std::move(path)) {}

  // Every entry, whatever its kind: a FIFO named segments_9 is the newest commit, and refused
  // when it is opened, never passed over for an older one.
  Result<std::vector<std::string>> List() const override;
  Result<io::FileSlice> Open(std::string_view name) const override;
  std::string Describe(std::string_view name) const override;
  const std::string& location() const override { return path_; }

 private:
  std::string path_;
};

}  // namespace shardlift::lucene
