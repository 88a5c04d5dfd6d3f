#include "translate/target_version.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace shardlift::translate {
namespace {

constexpr std::string_view kOpenSearchPrefix = "opensearch-";
constexpr std::string_view kElasticsearchPrefix = "elasticsearch-";

// "X.Y.Z" and an optional "-suffix" (SNAPSHOT, rc1): the three numbers, or nullopt.
std::optional<std::array<int, 3>> ParseNumber(std::string_view number) {
  if (const size_t dash = number.find('-'); dash != std::string_view::npos) {
    number = number.substr(0, dash);
  }
  std::array<int, 3> parts{};
  const char* at = number.data();
  const char* end = number.data() + number.size();
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) {
      if (at == end || *at != '.') return std::nullopt;
      ++at;
    }
    const auto [next, error] = std::from_chars(at, end, parts[i]);
    if (error != std::errc() || next == at || parts[i] < 0) return std::nullopt;
    at = next;
  }
  if (at != end) return std::nullopt;
  return parts;
}

}  // namespace

std::string_view DistributionName(Distribution distribution) {
  return distribution == Distribution::kOpenSearch ? "OpenSearch" : "Elasticsearch";
}

Result<TargetVersion> TargetVersion::FromNumber(Distribution distribution,
                                                std::string_view number) {
  const std::optional<std::array<int, 3>> parts = ParseNumber(number);
  if (!parts) {
    const std::string text(number);
    return Status::InvalidArgument("\"" + text + "\" is not a version number (X.Y.Z)");
  }
  TargetVersion version;
  version.distribution = distribution;
  version.major = (*parts)[0];
  version.minor = (*parts)[1];
  version.patch = (*parts)[2];
  const bool supported = distribution == Distribution::kOpenSearch
                             ? version.major >= 1 && version.major <= 2
                             : version.major >= 7 && version.major <= 8;
  if (!supported) {
    return Status::InvalidArgument(
        version.Name() +
        " is not a target shardlift writes to (Elasticsearch 7.x and 8.x, OpenSearch 1.x and "
        "2.x)");
  }
  return version;
}

Result<TargetVersion> TargetVersion::Parse(std::string_view text) {
  if (text.starts_with(kOpenSearchPrefix)) {
    return FromNumber(Distribution::kOpenSearch, text.substr(kOpenSearchPrefix.size()));
  }
  if (text.starts_with(kElasticsearchPrefix)) text.remove_prefix(kElasticsearchPrefix.size());
  return FromNumber(Distribution::kElasticsearch, text);
}

TargetKind TargetVersion::kind() const {
  if (distribution == Distribution::kOpenSearch) return TargetKind::kOpenSearch;
  return major >= 8 ? TargetKind::kElasticsearch8 : TargetKind::kElasticsearch7;
}

std::string TargetVersion::Spec() const {
  std::string number =
      std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
  return distribution == Distribution::kOpenSearch ? std::string(kOpenSearchPrefix) + number
                                                   : number;
}

std::string TargetVersion::Name() const {
  return std::string(DistributionName(distribution)) + " " + std::to_string(major) + "." +
         std::to_string(minor) + "." + std::to_string(patch);
}

int TargetVersion::Compare(const TargetVersion& other) const {
  const std::array<int, 3> mine = {major, minor, patch};
  const std::array<int, 3> theirs = {other.major, other.minor, other.patch};
  return mine < theirs ? -1 : (mine == theirs ? 0 : 1);
}

bool TranslationTarget::HasModule(std::string_view module) const {
  return !modules || std::find(modules->begin(), modules->end(), module) != modules->end();
}

}  // namespace shardlift::translate
