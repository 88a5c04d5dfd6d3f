#include "io/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
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

// A file descriptor closed when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Opens `path` read-only if it is a regular file; its size in `*size`.
Result<int> OpenRegular(const std::string& path, uint64_t* size) {
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
  *size = static_cast<uint64_t>(st.st_size);
  return fd;
}

// Opens part `k` of `file`, which must hold exactly its length.
Result<int> OpenPart(const SplitFile& file, uint64_t k) {
  const std::string path = file.PartPath(k);
  uint64_t size = 0;
  SL_ASSIGN_OR_RETURN(const int fd, OpenRegular(path, &size));
  if (size != file.PartLength(k)) {
    ::close(fd);
    return Status::Corruption(path + ": " + std::to_string(size) + " bytes, but part " +
                              std::to_string(k) + " of " + std::to_string(file.parts()) + " of a " +
                              std::to_string(file.length) + "-byte file holds " +
                              std::to_string(file.PartLength(k)));
  }
  return fd;
}

uint64_t PageSize() { return static_cast<uint64_t>(::sysconf(_SC_PAGESIZE)); }

// Writes all of `bytes` to `fd`.
Status WriteAll(int fd, const uint8_t* bytes, size_t size, const std::string& scratch_dir) {
  while (size > 0) {
    const ssize_t n = ::write(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return ErrnoStatus(scratch_dir, "writing a scratch file");
    bytes += n;
    size -= static_cast<size_t>(n);
  }
  return Status();
}

// Copies the parts of `file` one after another into `out`.
Status CopyParts(const SplitFile& file, int out, const std::string& scratch_dir) {
  std::vector<uint8_t> buffer(size_t{1} << 20);
  for (uint64_t k = 0; k < file.parts(); ++k) {
    SL_ASSIGN_OR_RETURN(const int part_fd, OpenPart(file, k));
    const Fd part(part_fd);
    for (uint64_t left = file.PartLength(k); left > 0;) {
      const ssize_t n = ::read(part.get(), buffer.data(), std::min<uint64_t>(left, buffer.size()));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return ErrnoStatus(file.PartPath(k), "read");
      if (n == 0) return Status::Corruption(file.PartPath(k) + ": shorter than when opened");
      SL_RETURN_IF_ERROR(WriteAll(out, buffer.data(), static_cast<size_t>(n), scratch_dir));
      left -= static_cast<uint64_t>(n);
    }
  }
  return Status();
}

}  // namespace

Result<std::shared_ptr<const MappedFile>> MappedFile::Open(const std::string& path) {
  uint64_t size = 0;
  SL_ASSIGN_OR_RETURN(const int fd_value, OpenRegular(path, &size));
  const Fd fd(fd_value);  // the mapping keeps the file alive
  const uint8_t* data = nullptr;
  if (size > 0) {
    void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
    if (mapped == MAP_FAILED) return ErrnoStatus(path, "mmap");
    data = static_cast<const uint8_t*>(mapped);
  }
  return std::shared_ptr<const MappedFile>(new MappedFile(path, data, size, size));
}

Result<std::shared_ptr<const MappedFile>> MappedFile::OpenSplit(const SplitFile& file,
                                                                const std::string& scratch_dir) {
  const std::string name = file.base + ".part0-" + std::to_string(file.parts() - 1);
  const uint64_t page = PageSize();
  const uint64_t mapped = (file.length + page - 1) / page * page;
  std::unique_ptr<MappedFile> out;
  if (file.part_size % page == 0 && file.parts() <= kMaxPartMappings) {
    // Reserve the whole range, then map each part over its place in it.
    void* base =
        ::mmap(nullptr, mapped, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) return ErrnoStatus(name, "mmap");
    out.reset(new MappedFile(name, static_cast<const uint8_t*>(base), file.length, mapped));
    for (uint64_t k = 0; k < file.parts(); ++k) {
      SL_ASSIGN_OR_RETURN(const int part_fd, OpenPart(file, k));
      const Fd part(part_fd);
      void* at = static_cast<uint8_t*>(base) + k * file.part_size;
      if (::mmap(at, file.PartLength(k), PROT_READ, MAP_PRIVATE | MAP_FIXED, part.get(), 0) ==
          MAP_FAILED) {
        return ErrnoStatus(file.PartPath(k), "mmap");
      }
    }
  } else {
    const int scratch_fd = ::open(scratch_dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (scratch_fd < 0) return ErrnoStatus(scratch_dir, "creating a scratch file (set TMPDIR)");
    const Fd scratch(scratch_fd);
    SL_RETURN_IF_ERROR(CopyParts(file, scratch.get(), scratch_dir));
    void* data = ::mmap(nullptr, file.length, PROT_READ, MAP_PRIVATE, scratch.get(), 0);
    if (data == MAP_FAILED) return ErrnoStatus(scratch_dir, "mmap of a scratch file");
    out.reset(new MappedFile(name, static_cast<const uint8_t*>(data), file.length, file.length));
  }
  out->split_ = file;
  return std::shared_ptr<const MappedFile>(std::move(out));
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
  if (mapped_ > 0) ::munmap(const_cast<uint8_t*>(data_), mapped_);
}

std::string MappedFile::Locate(uint64_t offset) const {
  if (!split_ || offset >= size_) return path_ + ": offset " + std::to_string(offset);
  const uint64_t part = offset / split_->part_size;
  return split_->PartPath(part) + ": offset " + std::to_string(offset - part * split_->part_size);
}

void MappedFile::AdviseSequential() const {
  if (mapped_ > 0) ::madvise(const_cast<uint8_t*>(data_), size_, MADV_SEQUENTIAL);
}

void MappedFile::Release(uint64_t begin, uint64_t end) const {
  if (mapped_ == 0) return;
  // The mapping starts on a page; only pages wholly inside the range go.
  const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  begin = (begin + page - 1) / page * page;
  end = std::min(end, size_) / page * page;
  if (begin < end) ::madvise(const_cast<uint8_t*>(data_) + begin, end - begin, MADV_DONTNEED);
}

}  // namespace shardlift::io
