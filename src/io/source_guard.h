// The source is read-only by construction: every path a command writes — export's -o, --report,
// --dead-letter, the data dir an Elasticsearch node is spawned on and its run dir, upgrade's
// target, backup and log — is checked against the source roots before anything is written.
//
// Paths are compared by what they are, not by how they are spelled: the device and inode of the
// destination and of each of its parents against those of the roots, so "..", symlinks (also a
// dangling one as the last component, which open(O_CREAT) would follow) and bind mounts do not
// get past it; and an existing file with more than one link is looked up among the source's files
// (a hard link to a source file would be truncated in place).
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace shardlift::io {

class SourceGuard {
 public:
  // Records what every root is; a root that cannot be stat'ed is an error naming it.
  static Result<SourceGuard> Of(const std::vector<std::string>& roots);

  // InvalidArgument "<what> <path>: refusing to write …" when writing `path` could change the
  // source: it is a source root, lies inside one, or is an existing file linked into one.
  Status CheckFile(const std::string& path, std::string_view what) const;
  // CheckFile, and `path` must not hold a source root either: a node spawned on a directory owns
  // (and, as root, chowns) everything below it.
  Status CheckDirectory(const std::string& path, std::string_view what) const;

 private:
  struct FileId {
    dev_t dev = 0;
    ino_t ino = 0;
    bool operator==(const FileId&) const = default;
  };
  struct Root {
    std::string path;
    FileId id;
  };

  // The root `id` is, or nullptr.
  const Root* RootWithId(const FileId& id) const;
  // The source file (below a root on `id.dev`) that is `id`, or "".
  Result<std::string> SourceFileWithId(const FileId& id) const;

  std::vector<Root> roots_;
};

}  // namespace shardlift::io
