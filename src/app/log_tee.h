// Everything the process writes to stdout and stderr — its own lines and those of the children
// it starts (cp, ES 7's launcher) — also goes to a log file: upgrade's upgrade_to_7_<date>.log.
// Both descriptors are pointed at a pipe; a thread copies what arrives to the original stdout
// and to the file, so the order of the lines is the order they were written in. Lines written
// through LogOnly travel the same pipe, marked, and reach the file only.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "base/result.h"

namespace shardlift::app {

class LogTee {
 public:
  // Creates `path` (appends when it exists: two runs in one second share a name) and starts
  // copying.
  static Result<std::unique_ptr<LogTee>> Start(const std::string& path);
  ~LogTee() { Stop(); }
  LogTee(const LogTee&) = delete;
  LogTee& operator=(const LogTee&) = delete;

  // Flushes, points stdout and stderr back where they were and waits for the copy. Idempotent.
  void Stop();
  // Writes `text` (whole lines) to the log file only, in order with what is printed.
  void LogOnly(std::string_view text) const;

 private:
  LogTee() = default;
  void Copy();
  // Copies one read of the pipe: marked lines to the file only.
  void CopyChunk(const char* data, size_t size);

  int log_fd_ = -1;
  int pipe_read_ = -1;
  int saved_stdout_ = -1;
  int saved_stderr_ = -1;
  std::thread copier_;
  bool at_line_start_ = true;
  bool log_only_line_ = false;
};

}  // namespace shardlift::app
