#include "translate/migration_plan.h"

#include <algorithm>
#include <set>

#include "translate/target_rules.h"

namespace shardlift::translate {

Status MigrationPlan::Plan(const std::vector<SourceIndex>& indices,
                           const std::vector<SourceTemplate>& templates) {
  const TranslationTarget& target = options_.target;
  report_.Add(Severity::kInfo, "target", "version", "target", TargetRulesSummary(target));
  for (UserTemplate& user : options_.user_templates) {
    ReportScope scope(report_, "template " + user.name);
    AdaptTemplateBody(user.body, target, scope);
  }
  sources_ = indices;
  std::set<std::string> names;
  for (const SourceIndex& index : sources_) {
    SL_ASSIGN_OR_RETURN(IndexPlan plan, PlanIndex(index, options_.layout, report_));
    ApplyUserTemplates(plan, options_.user_templates, report_);
    ReportScope scope(report_, "index " + index.name);
    for (TargetIndex& planned : plan.targets) {
      if (!names.insert(planned.name).second) {
        scope.Error("name", "target-name-collision",
                    "two source indices would both write into \"" + planned.name + "\"");
      }
      // Several targets of one source (split types): paths name the target.
      const std::string at = plan.targets.size() > 1 ? planned.name + "." : "";
      AdaptSettings(planned.settings, target, at + "settings", scope);
      if (!planned.mappings_from_user_template) {
        AdaptMapping(planned.mappings, target, at + "mappings", scope);
      }
      if (auto missing = FindMissingModule(planned.mappings, target)) {
        scope.Error(at + missing->path, "target-lacks-module",
                    missing->Describe(target) + ": the index cannot be created there");
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
    ReportScope scope(report_, "template " + source.name);
    AdaptTemplateBody(translated.body, target, scope);
    if (auto missing = FindMissingModule(translated.body["mappings"], target)) {
      scope.Warn(missing->path, "target-lacks-module", "not put: " + missing->Describe(target));
      continue;
    }
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
