// The cluster a translation writes for: its distribution and version (what `GET /` or the home
// says) and the modules every node has. What a target refuses differs by distribution and major
// version (tests/es7/FACTS.md): Elasticsearch 7.x deprecates what 8.x refuses; OpenSearch answers
// like Elasticsearch 7.10 with 8.x's type removal. shardlift writes to the kinds below only.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace shardlift::translate {

enum class Distribution { kElasticsearch, kOpenSearch };

// The rule families the translation knows.
enum class TargetKind { kElasticsearch7, kElasticsearch8, kOpenSearch };

struct TargetVersion {
  Distribution distribution = Distribution::kElasticsearch;
  int major = 7;
  int minor = 17;
  int patch = 0;

  // "7.6.2", "elasticsearch-8.17.0", "opensearch-2.19.1" (what --expect-target-version takes).
  // Refuses what shardlift does not write to (Elasticsearch before 7 or after 8, OpenSearch
  // after 2), naming it.
  static Result<TargetVersion> Parse(std::string_view text);
  // `number` as `GET /` reports it ("8.17.0", "7.10.2-SNAPSHOT": the suffix is ignored).
  static Result<TargetVersion> FromNumber(Distribution distribution, std::string_view number);

  TargetKind kind() const;
  // "7.6.2", "opensearch-2.19.1": what Parse reads back.
  std::string Spec() const;
  // "Elasticsearch 7.6.2", "OpenSearch 2.19.1".
  std::string Name() const;
  // Within one distribution: -1, 0, 1.
  int Compare(const TargetVersion& other) const;
};

// "Elasticsearch" / "OpenSearch".
std::string_view DistributionName(Distribution distribution);

struct TranslationTarget {
  // A dry run without a target translates for the newest Elasticsearch 7 with every module.
  TargetVersion version;
  // The modules and plugins every node has ("parent-join", "mapper-extras", …); nullopt when not
  // known, taken as a full distribution.
  std::optional<std::vector<std::string>> modules;

  TargetKind kind() const { return version.kind(); }
  std::string Name() const { return version.Name(); }
  bool HasModule(std::string_view module) const;
};

}  // namespace shardlift::translate
