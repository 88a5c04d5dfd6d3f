#include "app/log_tee.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace shardlift::app {
namespace {

// Starts a line meant for the log file only (ASCII record separator: no text shardlift or the
// programs it runs prints starts a line with it).
constexpr char kLogOnlyMark = '\x1e';

// Writes all of `data`, retrying after signals; gives up quietly on a dead descriptor (a closed
// terminal must not stop the upgrade).
void WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t written = write(fd, data, size);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;
    data += written;
    size -= static_cast<size_t>(written);
  }
}

}  // namespace

Result<std::unique_ptr<LogTee>> LogTee::Start(const std::string& path) {
  std::unique_ptr<LogTee> tee(new LogTee());
  tee->log_fd_ = open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (tee->log_fd_ < 0) {
    return Status::IoError("cannot create the log file " + path + ": " + std::strerror(errno));
  }
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) {
    return Status::IoError(std::string("cannot create a pipe for the log: ") +
                           std::strerror(errno));
  }
  tee->pipe_read_ = ends[0];
  std::fflush(stdout);
  std::fflush(stderr);
  tee->saved_stdout_ = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  tee->saved_stderr_ = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
  const bool redirected = tee->saved_stdout_ >= 0 && tee->saved_stderr_ >= 0 &&
                          dup2(ends[1], STDOUT_FILENO) >= 0 && dup2(ends[1], STDERR_FILENO) >= 0;
  close(ends[1]);
  if (!redirected) {
    const std::string reason = std::strerror(errno);
    tee->Stop();
    return Status::IoError("cannot send the output to the log: " + reason);
  }
  // A pipe makes stdout fully buffered: keep whole lines in the order they were written.
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  tee->copier_ = std::thread([raw = tee.get()] { raw->Copy(); });
  return tee;
}

void LogTee::Copy() {
  char buffer[1 << 14];
  while (true) {
    const ssize_t got = read(pipe_read_, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return;  // every writer is gone
    CopyChunk(buffer, static_cast<size_t>(got));
  }
}

void LogTee::CopyChunk(const char* data, size_t size) {
  while (size > 0) {
    if (at_line_start_) {
      log_only_line_ = *data == kLogOnlyMark;
      at_line_start_ = false;
      if (log_only_line_) {
        ++data;
        --size;
        continue;
      }
    }
    const char* end = static_cast<const char*>(std::memchr(data, '\n', size));
    const size_t length = end != nullptr ? static_cast<size_t>(end - data) + 1 : size;
    if (!log_only_line_) WriteAll(saved_stdout_, data, length);
    WriteAll(log_fd_, data, length);
    at_line_start_ = end != nullptr;
    data += length;
    size -= length;
  }
}

void LogTee::LogOnly(std::string_view text) const {
  if (!copier_.joinable()) return;  // stopped: nowhere to write
  std::string marked;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    marked += kLogOnlyMark;
    marked.append(line);
    marked += '\n';
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  }
  std::fwrite(marked.data(), 1, marked.size(), stdout);
  std::fflush(stdout);
}

void LogTee::Stop() {
  std::fflush(stdout);
  std::fflush(stderr);
  // Closing our write ends lets the copier see the end of the pipe.
  if (saved_stdout_ >= 0) dup2(saved_stdout_, STDOUT_FILENO);
  if (saved_stderr_ >= 0) dup2(saved_stderr_, STDERR_FILENO);
  if (copier_.joinable()) copier_.join();
  for (int* fd : {&saved_stdout_, &saved_stderr_, &pipe_read_, &log_fd_}) {
    if (*fd >= 0) close(*fd);
    *fd = -1;
  }
}

}  // namespace shardlift::app
