#include "io/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/directory.h"

namespace shardlift::io {

namespace {

Status ErrnoStatus(const std::string& path, const char* what) {
  const int err = errno;
  std::string message = path + ": " + what + ": " + std::strerror(err);
  return err == ENOENT ? Status::NotFound(message) : Status::IoError(message);
}

Status NotRegular(const std::string& path, mode_t mode) {
  return Status::Corruption(path + ": " + std::string(DescribeMode(mode)) +
                            " where a regular file should be; not read");
}

}  // namespace

Result<std::shared_ptr<const MappedFile>> MappedFile::Open(const std::string& path) {
  // The kind first, without opening: opening a FIFO blocks until a writer comes, and opening a
  // device may act on it. O_NONBLOCK and the fstat below close the race with a swapped file.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return ErrnoStatus(path, "stat");
  if (!S_ISREG(st.st_mode)) return NotRegular(path, st.st_mode);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return ErrnoStatus(path, "open");
  if (::fstat(fd, &st) != 0) {
    Status status = ErrnoStatus(path, "stat");
    ::close(fd);
    return status;
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return NotRegular(path, st.st_mode);
  }
  const auto size = static_cast<uint64_t>(st.st_size);
  const uint8_t* data = nullptr;
  if (size > 0) {
    void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapped == MAP_FAILED) {
      Status status = ErrnoStatus(path, "mmap");
      ::close(fd);
      return status;
    }
    data = static_cast<const uint8_t*>(mapped);
  }
  ::close(fd);  // the mapping keeps the file alive
  return std::shared_ptr<const MappedFile>(new MappedFile(path, data, size));
}

MappedFile::MappedFile(std::string name, std::vector<uint8_t> bytes)
    : path_(std::move(name)), owned_(std::move(bytes)) {
  data_ = owned_.data();
  size_ = owned_.size();
}

std::shared_ptr<const MappedFile> MappedFile::FromBytes(std::string name,
                                                        std::vector<uint8_t> bytes) {
  return std::shared_ptr<const MappedFile>(new MappedFile(std::move(name), std::move(bytes)));
}

MappedFile::~MappedFile() {
  if (size_ > 0 && owned_.empty()) ::munmap(const_cast<uint8_t*>(data_), size_);
}

void MappedFile::AdviseSequential() const {
  if (size_ > 0 && owned_.empty()) ::madvise(const_cast<uint8_t*>(data_), size_, MADV_SEQUENTIAL);
}

}  // namespace shardlift::io
