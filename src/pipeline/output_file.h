// OutputFile: a file a command writes — `export`'s NDJSON, a --report: stdout ("-"), a file, or a
// gzip file (a name ending in ".gz", compressed through Boost.Iostreams' gzip filter). Opened
// before the work starts, so a missing directory or a path in the source is refused before
// anything is done; writes are buffered and every one is checked: call Close() to flush and learn
// about late errors (a full disk). Messages name the file as "<what> <path>".
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "io/source_guard.h"
#include "pipeline/ordered_jobs.h"

namespace shardlift::pipeline {

class OutputFile final : public ByteSink {
 public:
  // Opens `path` ("-": stdout), after `source` said that writing it cannot change the source.
  // `what` names it in messages ("-o", "--report").
  static Result<std::unique_ptr<OutputFile>> Open(const std::string& path, std::string_view what,
                                                  const io::SourceGuard& source);
  ~OutputFile() override;

  Status Append(std::string_view bytes) override;
  Status Close();
  // The first write that failed (sticky: later appends return it too), or OK. It tells an output
  // error, which stops everything, from a source error a job reports.
  const Status& write_error() const { return write_error_; }

  uint64_t bytes_written() const { return bytes_written_; }

 private:
  class Gzip;
  OutputFile() = default;
  Status Flush();
  Status Write(std::string_view bytes);

  std::string name_;  // "<what> <path>"
  int fd_ = -1;
  bool owns_fd_ = false;
  std::unique_ptr<Gzip> gzip_;
  std::string buffer_;
  uint64_t bytes_written_ = 0;  // uncompressed
  Status write_error_;
};

}  // namespace shardlift::pipeline
