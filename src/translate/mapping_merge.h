// Several ES 5 types → one ES 7 mapping (the single-index form: `--multi-type field`, and every
// parent/child index). ES 5 already required same-named fields to agree across types, so
// properties merge cleanly; where root options differ, the most permissive one is taken, and
// `_routing.required` only survives if every type required it (otherwise the types that never
// had routing could not be written).
#pragma once

#include <string>
#include <vector>

#include "json/json.h"
#include "translate/mapping.h"
#include "translate/report.h"

namespace shardlift::translate {

struct TypeMapping {
  std::string type;
  TranslatedMapping translated;
};

Json MergeTypeMappings(const std::vector<TypeMapping>& types, ReportScope& report);

}  // namespace shardlift::translate
