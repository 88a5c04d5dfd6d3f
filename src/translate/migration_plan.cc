#include "translate/migration_plan.h"

#include <algorithm>
#include <set>

namespace shardlift::translate {

Status MigrationPlan::Plan(const std::vector<SourceIndex>& indices,
                           const std::vector<SourceTemplate>& templates) {
  sources_ = indices;
  std::set<std::string> names;
  for (const SourceIndex& index : sources_) {
    SL_ASSIGN_OR_RETURN(IndexPlan plan, PlanIndex(index, options_.layout, report_));
    ApplyUserTemplates(plan, options_.user_templates, report_);
    for (const TargetIndex& target : plan.targets) {
      if (!names.insert(target.name).second) {
        report_.Add(Severity::kError, "index " + index.name, "name", "target-name-collision",
                    "two source indices would both write into \"" + target.name + "\"");
      }
    }
    plans_.push_back(std::move(plan));
  }
  for (const SourceTemplate& source : templates) {
    const bool shadowed =
        std::any_of(options_.user_templates.begin(), options_.user_templates.end(),
                    [&](const UserTemplate& user) { return user.name == source.name; });
    if (shadowed) {
      report_.Add(Severity::kWarning, "template " + source.name, "template",
                  "template-replaced-by-user", "not put: a user template has the same name");
      continue;
    }
    SL_ASSIGN_OR_RETURN(TargetTemplate translated,
                        TranslateTemplate(source, options_.layout, report_));
    templates_.push_back(std::move(translated));
  }
  return Status();
}

Json MigrationPlan::ToJson() const {
  Json indices = Json::object();
  for (const IndexPlan& plan : plans_) {
    for (const TargetIndex& target : plan.targets) {
      Json aliases = Json::object();
      for (const TargetAlias& alias : target.aliases) aliases[alias.name] = alias.body;
      Json entry = {{"source", plan.source},
                    {"settings", target.settings},
                    {"settings_after_load", target.after_load},
                    {"mappings", target.mappings_from_user_template ? Json("<user template>")
                                                                    : target.mappings},
                    {"aliases", aliases}};
      if (target.close_after_load) entry["closed"] = true;
      indices[target.name] = std::move(entry);
    }
  }
  Json templates = Json::object();
  for (const TargetTemplate& target : templates_) templates[target.name] = target.body;
  Json user = Json::array();
  for (const UserTemplate& target : options_.user_templates) user.push_back(target.name);
  return {{"indices", indices}, {"templates", templates}, {"user_templates", user}};
}

}  // namespace shardlift::translate
