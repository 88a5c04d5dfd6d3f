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

namespace shardlift::pipeline {

namespace bio = boost::iostreams;

namespace {

constexpr size_t kBufferSize = size_t{1} << 20;
// Appends at least this large skip the buffer when it is empty.
constexpr size_t kDirectWriteSize = size_t{64} << 10;

// What stdout is, for the guard: a file the shell opened (in the source?) or a pipe.
constexpr std::string_view kStdout = "/proc/self/fd/1";

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
      return Status::IoError(std::string("gzip: ") + e.what());
    }
    return Status();
  }
  Status Finish() {
    try {
      stream_.reset();  // flushes and writes the gzip trailer
    } catch (const std::exception& e) {
      return Status::IoError(std::string("gzip: ") + e.what());
    }
    return Status();
  }

 private:
  bio::filtering_ostream stream_;
};

Result<std::unique_ptr<OutputFile>> OutputFile::Open(const std::string& path, std::string_view what,
                                                     const io::SourceGuard& source) {
  std::unique_ptr<OutputFile> out(new OutputFile());
  out->name_ = std::string(what) + " " + path;
  out->buffer_.reserve(kBufferSize);
  if (path == "-") {
    SL_RETURN_IF_ERROR(source.CheckFile(std::string(kStdout), out->name_ + " (stdout)"));
    out->fd_ = STDOUT_FILENO;
  } else {
    SL_RETURN_IF_ERROR(source.CheckFile(path, what));
    out->fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out->fd_ < 0) {
      return Status::IoError(out->name_ + ": cannot create: " + std::strerror(errno));
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
  if (!write_error_.ok()) return write_error_;
  bytes_written_ += bytes.size();
  if (buffer_.size() + bytes.size() > kBufferSize) SL_RETURN_IF_ERROR(Flush());
  // Export's batches are this large: written as they are, a copy into the buffer would only cost.
  if (buffer_.empty() && bytes.size() >= kDirectWriteSize) return Write(bytes);
  buffer_.append(bytes);
  return Status();
}

Status OutputFile::Flush() {
  const Status written = Write(buffer_);
  buffer_.clear();
  return written;
}

// Sticky: after a failed write every later one returns the same error.
Status OutputFile::Write(std::string_view bytes) {
  if (!write_error_.ok()) return write_error_;
  if (gzip_) {
    write_error_ = gzip_->Write(bytes).WithContext(name_);
    return write_error_;
  }
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      write_error_ = Status::IoError(name_ + ": write failed: " + std::strerror(errno));
      return write_error_;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status();
}

Status OutputFile::Close() {
  SL_RETURN_IF_ERROR(Flush());
  if (gzip_) {
    write_error_ = gzip_->Finish().WithContext(name_);
    gzip_.reset();
    SL_RETURN_IF_ERROR(write_error_);
  }
  if (owns_fd_) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return Status::IoError(name_ + ": close failed: " + std::strerror(errno));
  }
  return Status();
}

}  // namespace shardlift::pipeline
