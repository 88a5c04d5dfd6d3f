// The translation of a whole source: every index planned (target indices, settings, mappings,
// aliases, how each type's documents are prepared) and every template translated, for the target
// the options name (its distribution, version and modules). Needs no cluster: migrate creates and
// loads what it says, verify checks the target against it, and `migrate --dry-run` prints it.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "json/json.h"
#include "translate/document_preparer.h"
#include "translate/index_layout.h"
#include "translate/report.h"
#include "translate/source_model.h"
#include "translate/target_version.h"
#include "translate/templates.h"
#include "translate/user_templates.h"

namespace shardlift::translate {

struct TranslationOptions {
  // The cluster written to: its rules apply after the shared translation (target_rules.h).
  TranslationTarget target;
  LayoutOptions layout;
  PreparerOptions preparer;
  std::vector<UserTemplate> user_templates;
  // Documents keep their ES 5 `_version` (version_type=external): a re-run only fills the gaps,
  // and verify compares versions.
  bool external_versions = true;
};

class MigrationPlan {
 public:
  MigrationPlan(TranslationOptions options, Report& report)
      : options_(std::move(options)), report_(report) {}

  // Translates everything; the report fills up.
  Status Plan(const std::vector<SourceIndex>& indices,
              const std::vector<SourceTemplate>& templates);
  // What would be created: {"indices":{name:{settings,mappings,aliases}},"templates":{…}}.
  Json ToJson() const;

  const TranslationOptions& options() const { return options_; }
  Report& report() const { return report_; }
  const std::vector<SourceIndex>& sources() const { return sources_; }
  // plans()[i] is the plan of sources()[i].
  const std::vector<IndexPlan>& plans() const { return plans_; }
  const std::vector<TargetTemplate>& templates() const { return templates_; }

 private:
  TranslationOptions options_;
  Report& report_;
  std::vector<SourceIndex> sources_;
  std::vector<IndexPlan> plans_;
  std::vector<TargetTemplate> templates_;
};

}  // namespace shardlift::translate
