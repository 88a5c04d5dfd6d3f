// One ES 5/2.x mapping type → a typeless ES 7 mapping.
//
// Rules (each reported): string → text/keyword as ES 5's own auto-upgrade did (`not_analyzed` and
// `no` → keyword, `index` → a boolean); `_all` / `include_in_all` removed (or, on request, a
// `copy_to` field in their place); `_timestamp` / `_ttl` removed (values kept in date fields on
// request); `_parent` handed back to the caller, which builds the join field; `_size`, `_boost`,
// `_index`, `_type`, `_id`, `_uid`, `transform` removed; `_source` compress/format removed;
// `norms` / `fielddata` object forms → booleans; `index_analyzer` → `analyzer`;
// `position_offset_gap` → `position_increment_gap`; numeric `precision_step`, geo_point
// `lat_lon` / `geohash*` / `validate*` / `normalize*` removed; parameters a 7.x field type does
// not take are removed; legacy boolean spellings ("yes", "0", …) → booleans; Joda date pattern
// letters that changed meaning in java.time are rewritten; dynamic templates get the same
// treatment.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "json/json.h"
#include "translate/report.h"

namespace shardlift::translate {

struct MappingOptions {
  // --all-field copy_to: a text field of this name collects what `_all` used to.
  std::optional<std::string> all_field;
  // Keep 2.x `_timestamp` / `_ttl` values in date fields of these names.
  std::optional<std::string> timestamp_field;
  std::optional<std::string> ttl_field;
};

struct TranslatedMapping {
  Json mapping = Json::object();  // {"_source":…,"_routing":…,"dynamic":…,"properties":{…}}
  std::optional<std::string> parent_type;  // from `_parent`, for the join field
  bool source_enabled = true;
  bool routing_required = false;
  bool had_timestamp = false;  // the type mapped `_timestamp` / `_ttl` (2.x)
  bool had_ttl = false;
};

// Translates `type_mapping` (already merged with `_default_`). `path` prefixes report paths,
// e.g. "mappings.event".
TranslatedMapping TranslateTypeMapping(const Json& type_mapping, const MappingOptions& options,
                                       ReportScope& report, const std::string& path);

// Translates one field mapping in place (also used for dynamic template mappings).
void TranslateFieldMapping(Json& field, const std::string& path, ReportScope& report);

}  // namespace shardlift::translate
