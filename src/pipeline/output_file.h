// OutputFile: where `export` writes its NDJSON: stdout ("-"), a file, or a gzip file (a name
// ending in ".gz", compressed through Boost.Iostreams' gzip filter). Writes are buffered; call
// Close() to flush and learn about late errors (a full disk).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "pipeline/ordered_jobs.h"

namespace shardlift::pipeline {

class OutputFile final : public ByteSink {
 public:
  // Opens `path`; refuses a path inside any of `protected_dirs` (the source data dirs).
  static Result<std::unique_ptr<OutputFile>> Open(const std::string& path,
                                                  const std::vector<std::string>& protected_dirs);
  ~OutputFile() override;

  Status Append(std::string_view bytes) override;
  Status Close();

  uint64_t bytes_written() const { return bytes_written_; }

 private:
  class Gzip;
  OutputFile() = default;
  Status Flush();

  std::string path_;
  int fd_ = -1;
  bool owns_fd_ = false;
  std::unique_ptr<Gzip> gzip_;
  std::string buffer_;
  uint64_t bytes_written_ = 0;  // uncompressed
};

}  // namespace shardlift::pipeline
