#include "io/source_guard.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>

#include "io/directory.h"

namespace shardlift::io {
namespace {

namespace fs = std::filesystem;

// As many symlinks as the kernel follows in one lookup (MAXSYMLINKS).
constexpr int kMaxSymlinkHops = 40;
// How deep the search for a hard-linked source file goes (ES data dirs are ~8 levels deep).
constexpr int kMaxSourceDepth = 64;

Status ErrnoStatus(const std::string& path, const char* what, int error) {
  return Status::IoError(path + ": " + what + ": " + std::strerror(error));
}

bool IsAbsence(int error) { return error == ENOENT || error == ENOTDIR; }

// The components of `path`, "" for none.
std::deque<std::string> Components(const fs::path& path) {
  std::deque<std::string> out;
  for (const fs::path& part : path.relative_path()) out.push_back(part.string());
  return out;
}

// Where the kernel lands when it creates `path`: every symlink followed, "." and ".." applied to
// what the links resolve to. Components after the first missing one cannot be looked up and are
// joined as they are. `*exists_up_to` receives the part that exists.
Result<fs::path> ResolveForCreate(const std::string& path, fs::path* exists_up_to) {
  std::error_code error;
  const fs::path absolute = fs::absolute(path, error);
  if (error) return Status::IoError(path + ": cannot make absolute: " + error.message());
  std::deque<std::string> pending = Components(absolute);
  fs::path resolved = "/";
  bool missing = false;
  int hops = 0;
  while (!pending.empty()) {
    const std::string part = std::move(pending.front());
    pending.pop_front();
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      resolved = resolved.parent_path();
      continue;
    }
    const fs::path candidate = resolved / part;
    struct stat st {};
    if (missing || ::lstat(candidate.c_str(), &st) != 0) {
      if (!missing && !IsAbsence(errno)) return ErrnoStatus(candidate, "cannot stat", errno);
      if (!missing) *exists_up_to = resolved;
      missing = true;
      resolved = candidate;
      continue;
    }
    if (!S_ISLNK(st.st_mode)) {
      resolved = candidate;
      continue;
    }
    if (++hops > kMaxSymlinkHops) return ErrnoStatus(path, "cannot resolve", ELOOP);
    const fs::path link = fs::read_symlink(candidate, error);
    if (error)
      return Status::IoError(candidate.string() + ": cannot read link: " + error.message());
    if (link.is_absolute()) resolved = "/";
    std::deque<std::string> inner = Components(link);
    pending.insert(pending.begin(), inner.begin(), inner.end());
  }
  if (!missing) *exists_up_to = resolved;
  return resolved;
}

}  // namespace

Result<SourceGuard> SourceGuard::Of(const std::vector<std::string>& roots) {
  SourceGuard guard;
  for (const std::string& root : roots) {
    struct stat st {};
    if (::stat(root.c_str(), &st) != 0) return ErrnoStatus(root, "cannot stat", errno);
    guard.roots_.push_back({root, {st.st_dev, st.st_ino}});
  }
  return guard;
}

const SourceGuard::Root* SourceGuard::RootWithId(const FileId& id) const {
  for (const Root& root : roots_) {
    if (root.id == id) return &root;
  }
  return nullptr;
}

Result<std::string> SourceGuard::SourceFileWithId(const FileId& id) const {
  struct Dir {
    std::string path;
    int depth;
  };
  std::vector<Dir> pending;
  for (const Root& root : roots_) {
    if (root.id.dev == id.dev) pending.push_back({root.path, 0});
  }
  while (!pending.empty()) {
    const Dir dir = std::move(pending.back());
    pending.pop_back();
    SL_ASSIGN_OR_RETURN(const std::vector<DirectoryEntry> entries, ListDirectory(dir.path));
    for (const DirectoryEntry& entry : entries) {
      const std::string path = dir.path + "/" + entry.name;
      struct stat st {};
      if (::lstat(path.c_str(), &st) != 0) {
        if (IsAbsence(errno)) continue;  // removed since it was listed
        return ErrnoStatus(path, "cannot stat", errno);
      }
      if (FileId{st.st_dev, st.st_ino} == id) return path;
      if (S_ISDIR(st.st_mode) && dir.depth < kMaxSourceDepth) {
        pending.push_back({path, dir.depth + 1});
      }
    }
  }
  return std::string();
}

Status SourceGuard::CheckFile(const std::string& path, std::string_view what) const {
  const std::string named = std::string(what) + " " + path;
  fs::path existing;
  SL_ASSIGN_OR_RETURN(const fs::path resolved, ResolveForCreate(path, &existing));
  // The deepest existing directory and every parent of it, by identity.
  for (fs::path dir = existing;; dir = dir.parent_path()) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) return ErrnoStatus(dir, "cannot stat", errno);
    if (const Root* root = RootWithId({st.st_dev, st.st_ino})) {
      const bool is_root = dir == resolved;
      // Said when links, not the spelling, lead into the source.
      std::error_code ignored;
      const bool hidden = fs::absolute(path, ignored).lexically_normal() != resolved;
      return Status::InvalidArgument(
          named + ": refusing to write " +
          (is_root ? "to the source data dir " : "inside the source data dir ") + root->path +
          (hidden && !is_root ? " (it resolves to " + resolved.string() + ")" : "") +
          ": the source is only ever read");
    }
    if (dir == dir.root_path()) break;
  }
  if (existing != resolved) return Status();  // to be created: no file of the source can be it
  struct stat st {};
  if (::stat(resolved.c_str(), &st) != 0) return ErrnoStatus(resolved, "cannot stat", errno);
  if (S_ISREG(st.st_mode) && st.st_nlink > 1) {
    SL_ASSIGN_OR_RETURN(const std::string linked, SourceFileWithId({st.st_dev, st.st_ino}));
    if (!linked.empty()) {
      return Status::InvalidArgument(named + ": refusing to write: it is a hard link to the " +
                                     "source file " + linked + ": the source is only ever read");
    }
  }
  return Status();
}

Status SourceGuard::CheckDirectory(const std::string& path, std::string_view what) const {
  SL_RETURN_IF_ERROR(CheckFile(path, what));
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (IsAbsence(errno)) return Status();  // a new directory holds nothing
    return ErrnoStatus(path, "cannot stat", errno);
  }
  const FileId id{st.st_dev, st.st_ino};
  for (const Root& root : roots_) {
    std::error_code error;
    const fs::path real = fs::canonical(root.path, error);
    if (error) return Status::IoError(root.path + ": cannot resolve: " + error.message());
    for (fs::path dir = real;; dir = dir.parent_path()) {
      struct stat parent {};
      if (::stat(dir.c_str(), &parent) != 0) return ErrnoStatus(dir, "cannot stat", errno);
      if (FileId{parent.st_dev, parent.st_ino} == id) {
        return Status::InvalidArgument(std::string(what) + " " + path +
                                       ": refusing: it holds the source data dir " + root.path +
                                       ", and what runs on it would write there: the source is "
                                       "only ever read");
      }
      if (dir == dir.root_path()) break;
    }
  }
  return Status();
}

}  // namespace shardlift::io
