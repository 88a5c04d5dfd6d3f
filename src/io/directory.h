// Directory listings and file kinds for reading a source that may be damaged or hostile.
//
// Only "no such file or directory" means absent. Any other failure (permission denied, a file
// where a directory should be, a read error) is an I/O error naming the path: a directory we
// cannot read is never taken for an empty or missing one. Nothing here opens the files it looks
// at, so a FIFO or a device in the source cannot block or be disturbed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace shardlift::io {

enum class FileKind {
  kMissing,    // ENOENT (or a path component that is not a directory: ENOTDIR)
  kRegular,    //
  kDirectory,  //
  kOther,      // FIFO, socket, device: never read, never opened
};

// What `path` is (symlinks followed), or an I/O error naming it.
Result<FileKind> KindOf(const std::string& path);

// "a FIFO", "a socket", "a character device", …, for messages about a file of the wrong kind.
std::string_view DescribeMode(unsigned mode);

struct DirectoryEntry {
  std::string name;
  FileKind kind = FileKind::kMissing;  // kMissing: removed between listing and stat
  uint64_t size = 0;                   // of a regular file
};

// The entries of `dir` (without "." and ".."), sorted by name. NotFound when `dir` does not
// exist; an I/O error naming `dir` (or the entry) for anything else that fails.
Result<std::vector<DirectoryEntry>> ListDirectory(const std::string& dir);

// The names of the entries of `dir` that are directories, sorted; empty when `dir` does not
// exist, an error when it cannot be read.
Result<std::vector<std::string>> ListSubdirectories(const std::string& dir);

}  // namespace shardlift::io
