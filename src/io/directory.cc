#include "io/directory.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

namespace shardlift::io {

namespace {

Status ErrnoStatus(const std::string& path, const char* what, int error) {
  return Status::IoError(path + ": " + what + ": " + std::strerror(error));
}

FileKind KindOfMode(mode_t mode) {
  if (S_ISREG(mode)) return FileKind::kRegular;
  if (S_ISDIR(mode)) return FileKind::kDirectory;
  return FileKind::kOther;
}

bool IsAbsence(int error) { return error == ENOENT || error == ENOTDIR; }

}  // namespace

Result<FileKind> KindOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int error = errno;
    if (IsAbsence(error)) return FileKind::kMissing;
    return ErrnoStatus(path, "cannot stat", error);
  }
  return KindOfMode(st.st_mode);
}

std::string_view DescribeMode(unsigned mode) {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return "a regular file";
    case S_IFDIR:
      return "a directory";
    case S_IFIFO:
      return "a FIFO";
    case S_IFSOCK:
      return "a socket";
    case S_IFCHR:
      return "a character device";
    case S_IFBLK:
      return "a block device";
    case S_IFLNK:
      return "a symbolic link";
  }
  return "a file of unknown type";
}

Result<std::vector<DirectoryEntry>> ListDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT) return Status::NotFound(dir + ": no such directory");
    return ErrnoStatus(dir, "cannot list directory", error);
  }
  const std::unique_ptr<DIR, int (*)(DIR*)> handle(::fdopendir(fd), &::closedir);
  if (handle == nullptr) {
    const int error = errno;
    ::close(fd);
    return ErrnoStatus(dir, "cannot list directory", error);
  }
  std::vector<DirectoryEntry> entries;
  for (;;) {
    errno = 0;
    const dirent* entry = ::readdir(handle.get());
    if (entry == nullptr) {
      if (errno != 0) return ErrnoStatus(dir, "cannot list directory", errno);
      break;
    }
    const std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    DirectoryEntry& out = entries.emplace_back();
    out.name = name;
    struct stat st {};
    if (::fstatat(::dirfd(handle.get()), entry->d_name, &st, 0) != 0) {
      const int error = errno;
      if (!IsAbsence(error)) return ErrnoStatus(dir + "/" + out.name, "cannot stat", error);
      out.kind = FileKind::kMissing;  // a dangling symlink, or removed since readdir
    } else {
      out.kind = KindOfMode(st.st_mode);
      if (out.kind == FileKind::kRegular) out.size = static_cast<uint64_t>(st.st_size);
    }
  }
  std::sort(entries.begin(), entries.end(),
            [](const DirectoryEntry& a, const DirectoryEntry& b) { return a.name < b.name; });
  return entries;
}

Result<std::vector<std::string>> ListSubdirectories(const std::string& dir) {
  Result<std::vector<DirectoryEntry>> entries = ListDirectory(dir);
  if (!entries.ok()) {
    if (entries.status().IsNotFound()) return std::vector<std::string>{};
    return std::move(entries).status();
  }
  std::vector<std::string> names;
  for (DirectoryEntry& entry : *entries) {
    if (entry.kind == FileKind::kDirectory) names.push_back(std::move(entry.name));
  }
  return names;
}

}  // namespace shardlift::io
