#include "es7/migration.h"

#include <algorithm>
#include <set>

namespace shardlift::es7 {
namespace {

bool HasSettings(const Json& settings) {
  const Json* index = Member(settings, "index");
  return index != nullptr && !index->empty();
}

}  // namespace

Status Migration::Plan(const std::vector<SourceIndex>& indices,
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

Json Migration::PlanJson() const {
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

Status Migration::CreateTargets(Cluster& cluster) {
  for (const UserTemplate& user : options_.user_templates) {
    SL_RETURN_IF_ERROR(cluster.PutTemplate(user.name, user.body));
  }
  for (const IndexPlan& plan : plans_) {
    for (const TargetIndex& target : plan.targets) {
      ReportScope scope(report_, "index " + target.name);
      Json body = {{"settings", target.settings}};
      if (!target.mappings_from_user_template) body["mappings"] = target.mappings;
      bool existed = false;
      SL_RETURN_IF_ERROR(cluster.CreateIndex(target.name, std::move(body), scope, &existed));
      if (existed) {
        // A re-run: the documents already there stay; load with the load-time settings again.
        scope.Info("index", "index-exists", "already exists in ES 7 (a re-run): documents go on");
        Json load = {{"index", {{"number_of_replicas", "0"}, {"refresh_interval", "-1"}}}};
        SL_RETURN_IF_ERROR(cluster.UpdateSettings(target.name, load));
        SL_RETURN_IF_ERROR(cluster.Open(target.name));
      }
    }
  }
  return Status();
}

Status Migration::LoadIndex(const SourceIndex& index, const IndexPlan& plan,
                            const DocumentStream& stream, BulkWriter& writer,
                            DeadLetterFile& dead_letters, IndexTotals& totals,
                            const std::atomic<bool>* interrupted) {
  auto load = [&](const SourceDocument& doc, const PreparedDocument& prepared) -> Status {
    if (interrupted != nullptr && interrupted->load()) {
      return Status::IoError("interrupted: stopping the load");
    }
    ++totals.read;
    if (prepared.dead_reason.empty()) return writer.Add(doc, prepared);
    ++totals.dead_lettered;
    DeadLetter letter;
    letter.index = doc.index;
    letter.type = doc.type;
    letter.id = doc.id;
    letter.routing = doc.routing;
    letter.parent = doc.parent;
    letter.version = doc.version;
    letter.target_index = prepared.target_index;
    letter.reason = prepared.dead_reason;
    letter.detail = prepared.dead_detail;
    letter.source = doc.source;
    return dead_letters.Write(letter);
  };
  return StreamPrepared(index, plan, options_.preparer, report_, stream, load);
}

Status Migration::FinishTargets(Cluster& cluster) {
  for (const IndexPlan& plan : plans_) {
    for (const TargetIndex& target : plan.targets) {
      if (HasSettings(target.after_load)) {
        SL_RETURN_IF_ERROR(cluster.UpdateSettings(target.name, target.after_load));
      }
      SL_RETURN_IF_ERROR(cluster.Refresh(target.name));
      for (const TargetAlias& alias : target.aliases) {
        if (Status status = cluster.PutAlias(target.name, alias.name, alias.body); !status.ok()) {
          report_.Add(Severity::kWarning, "index " + target.name, "aliases." + alias.name,
                      "alias-refused-by-es7", "skipped: " + status.message());
        }
      }
      if (target.close_after_load) SL_RETURN_IF_ERROR(cluster.Close(target.name));
    }
  }
  for (const TargetTemplate& target : templates_) {
    if (Status status = cluster.PutTemplate(target.name, target.body); !status.ok()) {
      report_.Add(Severity::kWarning, "template " + target.name, "template",
                  "template-refused-by-es7", "not put: " + status.message());
    }
  }
  return Status();
}

Status Migration::Run(Cluster& cluster, const HttpOptions& http, const DocumentStream& stream,
                      DeadLetterFile& dead_letters, const std::atomic<bool>* interrupted) {
  SL_RETURN_IF_ERROR(CreateTargets(cluster));
  BulkWriter writer(http, options_.bulk, dead_letters);
  Status load;
  for (size_t i = 0; i < sources_.size() && load.ok(); ++i) {
    IndexTotals& totals = totals_.indices.emplace_back();
    totals.source = sources_[i].name;
    for (const TargetIndex& target : plans_[i].targets) totals.targets.push_back(target.name);
    load = LoadIndex(sources_[i], plans_[i], stream, writer, dead_letters, totals, interrupted);
  }
  const Status finished = writer.Finish();
  totals_.bulk = writer.counts();
  const auto by_index = writer.counts_by_index();
  for (IndexTotals& totals : totals_.indices) {
    if (auto it = by_index.find(totals.source); it != by_index.end()) {
      totals.written = it->second.written();
      totals.dead_lettered += it->second.dead_lettered;
    }
    totals_.read += totals.read;
    totals_.written += totals.written;
    totals_.dead_lettered += totals.dead_lettered;
  }
  const Status first_error = !load.ok() ? load : finished;
  if (!first_error.ok()) {
    // Stopped early (Ctrl-C, a block, a dead node): still try to put back replicas and refresh,
    // so the cluster is not left tuned for a load; a re-run finishes the job either way.
    (void)FinishTargets(cluster);
    return first_error;
  }
  return FinishTargets(cluster);
}

}  // namespace shardlift::es7
