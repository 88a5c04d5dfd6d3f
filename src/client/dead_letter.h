// The dead-letter file: one NDJSON line per document that did not reach ES 7, with the reason,
// so nothing is ever lost silently. Lines use the neutral comparison names (index, type, id,
// routing, parent, version, source) plus target_index, reason (a stable id such as
// "source-disabled" or ES's error type) and detail (ES's own words).
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "translate/source_model.h"

namespace shardlift::client {

struct DeadLetter {
  translate::DocKey key;
  std::string_view target_index;
  std::string_view reason;
  std::string_view detail;
  std::optional<std::string_view> source;  // one line of JSON, or nullopt
};

class DeadLetterFile {
 public:
  // Creates (truncates) `path`: a re-run lists what is still missing, not history.
  static Result<std::unique_ptr<DeadLetterFile>> Create(const std::string& path);

  // Thread-safe.
  Status Write(const DeadLetter& letter);
  int64_t count() const;
  std::map<std::string, int64_t> by_reason() const;
  const std::string& path() const { return path_; }
  Status Close();

 private:
  DeadLetterFile(std::string path, std::ofstream out)
      : path_(std::move(path)), out_(std::move(out)) {}

  std::string path_;
  mutable std::mutex mutex_;
  std::ofstream out_;
  std::string line_;
  int64_t count_ = 0;
  std::map<std::string, int64_t> by_reason_;
};

}  // namespace shardlift::client
