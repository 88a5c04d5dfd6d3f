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

// A run writes its letters to "<path>.partial". Only a run that read and accounted for every
// document replaces `path` with it (Commit): a re-run lists what is still not in the target, not
// history. A run that fails or is interrupted leaves `path` — the last complete run's list, which
// verify reads — as it was, and its own letters in the partial file (Close).
class DeadLetterFile {
 public:
  // Creates (truncates) `path`.partial; `path` is not touched.
  static Result<std::unique_ptr<DeadLetterFile>> Create(const std::string& path);
  static std::string PartialPath(const std::string& path) { return path + ".partial"; }

  // Thread-safe.
  Status Write(const DeadLetter& letter);
  int64_t count() const;
  std::map<std::string, int64_t> by_reason() const;
  // Where the letters are: `path` once committed, else the partial file.
  std::string path() const;
  // Closes the file and renames it to `path` (the run was complete).
  Status Commit();
  // Closes the file and leaves it as the partial file (the run was not complete). Idempotent.
  Status Close();

 private:
  DeadLetterFile(std::string path, std::ofstream out)
      : path_(std::move(path)), out_(std::move(out)) {}

  std::string path_;
  bool committed_ = false;
  mutable std::mutex mutex_;
  std::ofstream out_;
  std::string line_;
  int64_t count_ = 0;
  std::map<std::string, int64_t> by_reason_;
};

}  // namespace shardlift::client
