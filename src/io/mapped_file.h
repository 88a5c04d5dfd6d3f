// MappedFile: a whole file mapped read-only into memory, or a file stored in parts (SplitFile)
// mapped as one.
//
// The source is never written: files are opened O_RDONLY and mapped PROT_READ.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/byte_view.h"
#include "base/result.h"

namespace shardlift::io {

// A file stored as consecutive part files `<base>.part0`, `<base>.part1`, …: each `part_size`
// bytes long, the last one the rest (how a snapshot repository cuts a blob by its chunk_size).
struct SplitFile {
  std::string base;
  uint64_t length = 0;     // of the whole file
  uint64_t part_size = 1;  // > 0

  uint64_t parts() const { return length == 0 ? 1 : (length - 1) / part_size + 1; }
  std::string PartPath(uint64_t part) const { return base + ".part" + std::to_string(part); }
  uint64_t PartLength(uint64_t part) const {
    return part + 1 < parts() ? part_size : length - part * part_size;
  }
};

class MappedFile {
 public:
  // Maps `path`; an empty file maps to an empty view.
  static Result<std::shared_ptr<const MappedFile>> Open(const std::string& path);

  // The parts of `file` as one contiguous view. Each part must be a regular file of exactly its
  // length. When every part but the last is a whole number of pages (and there are at most
  // kMaxPartMappings), the parts are mapped side by side into one reserved range: no copy, backed
  // by the page cache like any mapped file. Otherwise they are copied into an unlinked scratch
  // file in `scratch_dir` (O_TMPFILE: gone when unmapped) and that is mapped.
  static Result<std::shared_ptr<const MappedFile>> OpenSplit(const SplitFile& file,
                                                             const std::string& scratch_dir);
  // Mappings one split file may take (the kernel allows a process vm.max_map_count, 65530).
  static constexpr uint64_t kMaxPartMappings = 1024;

  // An in-memory stand-in named `name` that owns `bytes`: lets fuzz targets and tests feed readers
  // through the same FileSlice path without touching the disk.
  static std::shared_ptr<const MappedFile> FromBytes(std::string name, std::vector<uint8_t> bytes);

  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  // The file's path; for a split file "<base>.part0-<last>".
  const std::string& path() const { return path_; }
  // "<path>: offset <offset>"; for a split file, the part holding `offset` and the offset in it.
  std::string Locate(uint64_t offset) const;
  ByteView bytes() const { return {data_, size_}; }
  uint64_t size() const { return size_; }

  // Tells the kernel we will read the whole file front to back (read-ahead).
  void AdviseSequential() const;
  // Gives back the whole pages inside [begin, end): the process stops holding them (its RSS), the
  // page cache keeps them, and a later read maps them again. A reader that streams a file front
  // to back calls it behind itself, so that its memory does not grow with the file.
  void Release(uint64_t begin, uint64_t end) const;

 private:
  MappedFile(std::string path, const uint8_t* data, uint64_t size, uint64_t mapped)
      : path_(std::move(path)), data_(data), size_(size), mapped_(mapped) {}
  MappedFile(std::string name, std::vector<uint8_t> bytes);

  std::string path_;
  const uint8_t* data_;
  uint64_t size_;
  uint64_t mapped_ = 0;  // bytes to unmap (size_ rounded up for a split file)
  std::optional<SplitFile> split_;
  std::vector<uint8_t> owned_;  // FromBytes storage; empty for a real mapping
};

}  // namespace shardlift::io
