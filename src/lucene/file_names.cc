#include "lucene/file_names.h"

#include <algorithm>
#include <limits>

namespace shardlift::lucene {

std::string Base36(int64_t value) {
  if (value == 0) return "0";
  std::string out;
  auto v = static_cast<uint64_t>(value);
  while (v > 0) {
    const auto digit = static_cast<int>(v % 36);
    out += static_cast<char>(digit < 10 ? '0' + digit : 'a' + digit - 10);
    v /= 36;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::optional<int64_t> ParseBase36(std::string_view text) {
  if (text.empty()) return std::nullopt;
  constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
  uint64_t value = 0;
  for (char c : text) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'z') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'Z') {
      digit = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    if (value > (kMax - static_cast<uint64_t>(digit)) / 36) return std::nullopt;
    value = value * 36 + static_cast<uint64_t>(digit);
  }
  return static_cast<int64_t>(value);
}

std::string SegmentFileName(std::string_view segment, std::string_view suffix,
                            std::string_view extension) {
  std::string name(segment);
  if (!suffix.empty()) {
    name += '_';
    name += suffix;
  }
  name += '.';
  name += extension;
  return name;
}

std::optional<int64_t> CommitGeneration(std::string_view file_name) {
  constexpr std::string_view kPrefix = "segments_";
  if (file_name.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  return ParseBase36(file_name.substr(kPrefix.size()));
}

std::string_view StripSegmentName(std::string_view file_name) {
  size_t at = file_name.find('_', 1);
  if (at == std::string_view::npos) at = file_name.find('.');
  return at == std::string_view::npos ? file_name : file_name.substr(at);
}

}  // namespace shardlift::lucene
