// Index templates, ES 5/2.x → ES 7 legacy templates (`PUT _template/<name>`): `template` →
// `index_patterns`, settings and mappings translated like indices (several types merged into one
// typeless mapping), aliases like index aliases.
#pragma once

#include <string>

#include "base/result.h"
#include "json/json.h"
#include "translate/index_layout.h"
#include "translate/report.h"
#include "translate/source_model.h"

namespace shardlift::translate {

struct TargetTemplate {
  std::string name;
  Json body = Json::
      object();  // {"index_patterns":…,"order":…,"version":…,"settings":…,"mappings":…,"aliases":…}
};

Result<TargetTemplate> TranslateTemplate(const SourceTemplate& source, const LayoutOptions& options,
                                         Report& report);

// Settings as they stand after the load: `create` with `after_load` applied (nulls removed).
Json FinalSettings(const Json& create, const Json& after_load);

}  // namespace shardlift::translate
