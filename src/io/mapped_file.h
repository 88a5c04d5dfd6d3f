// MappedFile: a whole file mapped read-only into memory.
//
// The source data directory is never written: files are opened O_RDONLY and mapped PROT_READ.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/byte_view.h"
#include "base/result.h"

namespace shardlift::io {

class MappedFile {
 public:
  // Maps `path`; an empty file maps to an empty view.
  static Result<std::shared_ptr<const MappedFile>> Open(const std::string& path);

  // An in-memory stand-in named `name` that owns `bytes`: lets fuzz targets and tests feed readers
  // through the same FileSlice path without touching the disk.
  static std::shared_ptr<const MappedFile> FromBytes(std::string name, std::vector<uint8_t> bytes);

  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  const std::string& path() const { return path_; }
  ByteView bytes() const { return {data_, size_}; }
  uint64_t size() const { return size_; }

  // Tells the kernel we will read the whole file front to back (read-ahead).
  void AdviseSequential() const;

 private:
  MappedFile(std::string path, const uint8_t* data, uint64_t size)
      : path_(std::move(path)), data_(data), size_(size) {}
  MappedFile(std::string name, std::vector<uint8_t> bytes);

  std::string path_;
  const uint8_t* data_;
  uint64_t size_;
  std::vector<uint8_t> owned_;  // FromBytes storage; empty for a real mapping
};

}  // namespace shardlift::io
