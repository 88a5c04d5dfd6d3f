// The dead-letter file read back (dead_letter.h writes it): which source documents migrate did
// not write, and why. Verify counts those as dead-lettered, with their reason, not as missing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.h"

namespace shardlift::client {

class DeadLetterList {
 public:
  // Reads `path`; every line must be a dead letter (index, type, id, reason).
  static Result<DeadLetterList> Load(const std::string& path);

  // The reason the document (source index, type, id) was dead-lettered, or nullopt.
  std::optional<std::string_view> Reason(std::string_view index, std::string_view type,
                                         std::string_view id) const;
  size_t size() const { return reasons_.size(); }

 private:
  static std::string Key(std::string_view index, std::string_view type, std::string_view id);

  std::unordered_map<std::string, std::string> reasons_;
};

}  // namespace shardlift::client
