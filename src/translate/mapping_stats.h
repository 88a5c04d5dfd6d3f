// Facts about a translated (typeless) mapping that the load depends on: which fields are
// booleans (for document coercion), and the sizes ES 7 limits (index.mapping.*.limit).
#pragma once

#include <string>
#include <vector>

#include "json/json.h"
#include "translate/report.h"

namespace shardlift::translate {

struct MappingStats {
  int total_fields =
      0;          // what index.mapping.total_fields.limit counts: fields, objects, multi-fields
  int depth = 0;  // object depth (index.mapping.depth.limit)
  int nested_fields = 0;                    // nested types (index.mapping.nested_fields.limit)
  std::vector<std::string> boolean_fields;  // dotted paths of fields mapped boolean
};

MappingStats AnalyzeMapping(const Json& mapping);

// ES 7's defaults for the limits above.
inline constexpr int kDefaultTotalFieldsLimit = 1000;
inline constexpr int kDefaultDepthLimit = 20;
inline constexpr int kDefaultNestedFieldsLimit = 50;

// Raises the index.mapping.*.limit settings in `settings` ({"index":{…}}) where `stats` exceed
// ES 7's defaults and `raise` allows it; reports either way (an error when not raised, since the
// node would refuse the mapping).
void FitMappingLimits(const MappingStats& stats, bool raise, Json& settings, ReportScope& report);

}  // namespace shardlift::translate
