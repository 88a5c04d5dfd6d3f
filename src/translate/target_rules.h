// What the translation changes for one target beyond its ES 7 form (tests/es7/FACTS.md says what
// each target answers). The rest of translate/ writes the form every target shares (typeless,
// ES 7.x parameters); these rules adapt it, each change reported:
//
//  * Elasticsearch 8.x refuses what 7.x only deprecates: the index settings
//    index.{search,indexing}.slowlog.level, index.max_adjacency_matrix_filters and
//    index.translog.retention.* (dropped); a field's index-time `boost` (dropped: boost at query
//    time); `_field_names: {enabled}` (dropped); Joda's camel-case date format names
//    (`dateOptionalTime` → `date_optional_time`, the same format); a template's legacy `template`
//    key (→ `index_patterns`).
//  * OpenSearch 1.x/2.x and Elasticsearch 7.x take the shared form as it is.
//  * Every target: a field type that needs a module the target lacks (join: parent-join;
//    scaled_float, token_count, rank_feature(s), search_as_you_type: mapper-extras; percolator)
//    cannot be created. An index that needs one is an error (nothing is written); a template that
//    needs one is not put.
#pragma once

#include <optional>
#include <string>

#include "json/json.h"
#include "translate/report.h"
#include "translate/target_version.h"

namespace shardlift::translate {

// One sentence for the report: the target and which rules apply to it.
std::string TargetRulesSummary(const TranslationTarget& target);

// Adapts index settings ({"index":{…}}, as created or restored after the load) to `target`.
void AdaptSettings(Json& settings, const TranslationTarget& target, const std::string& path,
                   ReportScope& report);

// Adapts a typeless mapping to `target`.
void AdaptMapping(Json& mapping, const TranslationTarget& target, const std::string& path,
                  ReportScope& report);

// Adapts a legacy template body ({"index_patterns"|"template",…,"settings","mappings"}) to
// `target`: its settings and mappings as above, `template` → `index_patterns` where the target
// refuses the former.
void AdaptTemplateBody(Json& body, const TranslationTarget& target, ReportScope& report);

// The first field of `mapping` whose type needs a module `target` lacks, or nullopt.
struct MissingModule {
  std::string path;    // "mappings.join"
  std::string type;    // "join"
  std::string module;  // "parent-join"

  // "join needs the parent-join module, which Elasticsearch 8.17.0 does not have"
  std::string Describe(const TranslationTarget& target) const;
};
std::optional<MissingModule> FindMissingModule(const Json& mapping,
                                               const TranslationTarget& target);

}  // namespace shardlift::translate
