#include "pipeline/output_file.h"

#include <fcntl.h>
#include <unistd.h>

// GCC 12 reports a bogus -Wrestrict inside Boost's gzip header (std::string::insert inlined into
// basic_gzip_compressor::write_long, GCC bug 105651); the instantiation happens at the end of
// this file, so the suppression has to cover all of it.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include <boost/iostreams/device/file_descriptor.hpp>
#include <boost/iostreams/filter/gzip.hpp>
#include <boost/iostreams/filtering_stream.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace shardlift::pipeline {

namespace fs = std::filesystem;
namespace bio = boost::iostreams;

namespace {

constexpr size_t kBufferSize = size_t{1} << 20;

bool Inside(const fs::path& path, const fs::path& dir) {
  auto p = path.begin();
  for (auto d = dir.begin(); d != dir.end(); ++d, ++p) {
    if (d->empty()) continue;  // trailing separator
    if (p == path.end() || *p != *d) return false;
  }
  return true;
}

}  // namespace

// Level 1: the export is I/O-bound work for a cold copy; higher levels cost 3–5× the CPU for a
// few percent of size.
class OutputFile::Gzip {
 public:
  explicit Gzip(int fd)
      : stream_(bio::gzip_compressor(bio::gzip_params(bio::gzip::best_speed)), kBufferSize) {
    stream_.push(bio::file_descriptor_sink(fd, bio::never_close_handle));
    stream_.exceptions(std::ios::badbit);
  }
  Status Write(std::string_view bytes) {
    try {
      stream_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    } catch (const std::exception& e) {
      return Status::IoError(std::string("gzip output: ") + e.what());
    }
    return Status();
  }
  Status Finish() {
    try {
      stream_.reset();  // flushes and writes the gzip trailer
    } catch (const std::exception& e) {
      return Status::IoError(std::string("gzip output: ") + e.what());
    }
    return Status();
  }

 private:
  bio::filtering_ostream stream_;
};

Result<std::unique_ptr<OutputFile>> OutputFile::Open(
    const std::string& path, const std::vector<std::string>& protected_dirs) {
  std::unique_ptr<OutputFile> out(new OutputFile());
  out->path_ = path;
  out->buffer_.reserve(kBufferSize);
  if (path == "-") {
    out->fd_ = STDOUT_FILENO;
  } else {
    std::error_code error;
    const fs::path target = fs::weakly_canonical(fs::absolute(path), error);
    for (const std::string& dir : protected_dirs) {
      const fs::path source = fs::weakly_canonical(fs::absolute(dir), error);
      if (Inside(target, source)) {
        return Status::InvalidArgument(path + ": refusing to write inside the source data dir " +
                                       dir);
      }
    }
    out->fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out->fd_ < 0) {
      return Status::IoError(path + ": cannot create: " + std::strerror(errno));
    }
    out->owns_fd_ = true;
  }
  if (path.size() > 3 && path.ends_with(".gz")) out->gzip_ = std::make_unique<Gzip>(out->fd_);
  return out;
}

OutputFile::~OutputFile() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

Status OutputFile::Append(std::string_view bytes) {
  bytes_written_ += bytes.size();
  if (buffer_.size() + bytes.size() > kBufferSize) {
    SL_RETURN_IF_ERROR(Flush());
    if (bytes.size() >= kBufferSize) {
      buffer_.assign(bytes);
      return Flush();
    }
  }
  buffer_.append(bytes);
  return Status();
}

Status OutputFile::Flush() {
  if (gzip_) {
    SL_RETURN_IF_ERROR(gzip_->Write(buffer_));
    buffer_.clear();
    return Status();
  }
  const char* data = buffer_.data();
  size_t left = buffer_.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError(path_ + ": write failed: " + std::strerror(errno));
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  buffer_.clear();
  return Status();
}

Status OutputFile::Close() {
  SL_RETURN_IF_ERROR(Flush());
  if (gzip_) {
    SL_RETURN_IF_ERROR(gzip_->Finish());
    gzip_.reset();
  }
  if (owns_fd_) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return Status::IoError(path_ + ": close failed: " + std::strerror(errno));
  }
  return Status();
}

}  // namespace shardlift::pipeline
