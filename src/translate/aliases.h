// Aliases, ES 5/2.x → ES 7: names ES 7 refuses are reported and skipped (e.g. the `#index-<V>`
// aliases of ES's own bwc fixtures); filters lose the query forms ES 7 removed (filtered, and, or,
// not, missing); routing is kept.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "json/json.h"
#include "translate/report.h"
#include "translate/source_model.h"

namespace shardlift::translate {

struct TargetAlias {
  std::string name;
  Json body = Json::object();  // {"filter":…,"index_routing":…,"search_routing":…}
};

// Why ES 7 refuses `name` as an index (`is_index`) or alias name, or nullopt when it takes it
// (MetadataCreateIndexService.validateIndexOrAliasName).
std::optional<std::string> InvalidNameReason(std::string_view name, bool is_index);

// nullopt (reported) when ES 7 would refuse the alias.
std::optional<TargetAlias> TranslateAlias(const SourceAlias& alias, ReportScope& report);

// Rewrites the query forms ES 7 removed into bool queries; reports each.
Json TranslateQuery(const Json& query, const std::string& path, ReportScope& report);

}  // namespace shardlift::translate
