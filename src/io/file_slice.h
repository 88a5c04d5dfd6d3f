// FileSlice: a read-only byte range of a mapped file that knows where it lives.
//
// A plain file is a slice covering the whole mapping; a compound sub-file (e.g. `_0.fdt` inside
// `_0.cfs`) is a slice with a name and a base offset. Error messages name the file on disk and the
// absolute offset in it, plus the sub-file when there is one, so a user can find the bad byte.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "io/mapped_file.h"

namespace shardlift::io {

class FileSlice {
 public:
  // The whole file.
  explicit FileSlice(std::shared_ptr<const MappedFile> file);

  // Maps `path` and returns the whole file as a slice.
  static Result<FileSlice> Open(const std::string& path);

  // A slice over an in-memory copy of `bytes` named `name` (fuzz targets, tests).
  static FileSlice FromBytes(std::string name, std::vector<uint8_t> bytes);

  // A sub-range [offset, offset+length) of this slice, named `name` (e.g. "_0.fdt").
  // Fails with a corruption error (at this slice's `offset`) if the range does not fit.
  Result<FileSlice> Sub(uint64_t offset, uint64_t length, std::string_view name) const;

  ByteView bytes() const { return bytes_; }
  uint64_t size() const { return bytes_.size(); }
  const std::string& path() const { return file_->path(); }
  // The logical file name: the sub-file name for a slice, else the file's path.
  const std::string& name() const { return name_.empty() ? file_->path() : name_; }
  const MappedFile& file() const { return *file_; }

  // "<path>: offset <absolute>" or "<path>: offset <absolute> (<name> +<relative>)"; for a split
  // file, the part holding the byte and the offset in it (MappedFile::Locate).
  std::string Describe(uint64_t relative_offset) const;

  // MappedFile::Release of [begin, end) of this slice.
  void Release(uint64_t begin, uint64_t end) const { file_->Release(base_ + begin, base_ + end); }

  // Corruption status located at `relative_offset` of this slice.
  Status CorruptionAt(uint64_t relative_offset, std::string_view what) const;

 private:
  FileSlice(std::shared_ptr<const MappedFile> file, ByteView bytes, uint64_t base, std::string name)
      : file_(std::move(file)), bytes_(bytes), base_(base), name_(std::move(name)) {}

  std::shared_ptr<const MappedFile> file_;  // keeps the mapping alive
  ByteView bytes_;
  uint64_t base_ = 0;  // offset of bytes_[0] in the file on disk
  std::string name_;   // sub-file name; empty for a whole file
};

}  // namespace shardlift::io
