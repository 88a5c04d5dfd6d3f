#include "pipeline/migration.h"

#include <algorithm>
#include <set>

#include "pipeline/malformed_values.h"
#include "translate/settings.h"

namespace shardlift::pipeline {
namespace {

constexpr int kMaxRefusedSettings = 32;

// Creates `name`; settings ES refuses by name ("unknown setting [x]") are dropped, reported and the
// creation retried. An index that already exists (a re-run) is not an error: `*existed` says so.
Status CreateIndex(client::Cluster& cluster, const std::string& name, Json body,
                   translate::ReportScope& report, bool* existed) {
  using Outcome = client::CreateIndexAnswer::Outcome;
  for (int refused = 0; refused <= kMaxRefusedSettings; ++refused) {
    SL_ASSIGN_OR_RETURN(const client::CreateIndexAnswer answer, cluster.CreateIndex(name, body));
    *existed = answer.outcome == Outcome::kExists;
    if (answer.outcome == Outcome::kCreated || answer.outcome == Outcome::kExists) return Status();
    if (answer.outcome == Outcome::kUnknownSetting && body.contains("settings") &&
        translate::RemoveNestedSetting(body["settings"], answer.setting)) {
      report.Warn("settings." + answer.setting, "setting-refused-by-es7",
                  "dropped: Elasticsearch 7 refused it (" + answer.error + ")");
      continue;
    }
    return Status::InvalidArgument("create index " + name + ": " + answer.error);
  }
  return Status::InvalidArgument("create index " + name + ": too many settings refused");
}

bool HasSettings(const Json& settings) {
  const Json* index = Member(settings, "index");
  return index != nullptr && !index->empty();
}

}  // namespace

Status Migration::CreateTargets(client::Cluster& cluster) {
  for (const translate::UserTemplate& user : plan_.options().user_templates) {
    SL_RETURN_IF_ERROR(cluster.PutTemplate(user.name, user.body));
  }
  for (const translate::IndexPlan& plan : plan_.plans()) {
    for (const translate::TargetIndex& target : plan.targets) {
      translate::ReportScope scope(plan_.report(), "index " + target.name);
      Json body = {{"settings", target.settings}};
      if (!target.mappings_from_user_template) body["mappings"] = target.mappings;
      bool existed = false;
      SL_RETURN_IF_ERROR(CreateIndex(cluster, target.name, std::move(body), scope, &existed));
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

Status Migration::LoadIndex(const translate::SourceIndex& index, const translate::IndexPlan& plan,
                            const translate::DocumentStream& stream, client::BulkWriter& writer,
                            client::DeadLetterFile& dead_letters, IndexTotals& totals,
                            const std::atomic<bool>* interrupted) {
  auto load = [&](const translate::SourceDocument& doc,
                  const translate::PreparedDocument& prepared) -> Status {
    if (interrupted != nullptr && interrupted->load()) {
      return Status::IoError("interrupted: stopping the load");
    }
    ++totals.read;
    if (prepared.dead_reason.empty()) return writer.Add(doc, prepared);
    ++totals.dead_lettered;
    client::DeadLetter letter;
    letter.key = doc;
    letter.target_index = prepared.target_index;
    letter.reason = prepared.dead_reason;
    letter.detail = prepared.dead_detail;
    letter.source = doc.source;
    return dead_letters.Write(letter);
  };
  return translate::StreamPrepared(index, plan, plan_.options().preparer, plan_.report(), stream,
                                   load);
}

Status Migration::FinishTargets(client::Cluster& cluster) {
  for (const translate::IndexPlan& plan : plan_.plans()) {
    for (const translate::TargetIndex& target : plan.targets) {
      if (HasSettings(target.after_load)) {
        SL_RETURN_IF_ERROR(cluster.UpdateSettings(target.name, target.after_load));
      }
      SL_RETURN_IF_ERROR(cluster.Refresh(target.name));
      for (const translate::TargetAlias& alias : target.aliases) {
        if (Status status = cluster.PutAlias(target.name, alias.name, alias.body); !status.ok()) {
          plan_.report().Add(translate::Severity::kWarning, "index " + target.name,
                             "aliases." + alias.name, "alias-refused-by-es7",
                             "skipped: " + status.message());
        }
      }
      if (target.close_after_load) SL_RETURN_IF_ERROR(cluster.Close(target.name));
    }
  }
  for (const translate::TargetTemplate& target : plan_.templates()) {
    if (Status status = cluster.PutTemplate(target.name, target.body); !status.ok()) {
      plan_.report().Add(translate::Severity::kWarning, "template " + target.name, "template",
                         "template-refused-by-es7", "not put: " + status.message());
    }
  }
  return Status();
}

Status Migration::Run(client::Cluster& cluster, const client::HttpOptions& http,
                      const translate::DocumentStream& stream, client::DeadLetterFile& dead_letters,
                      const std::atomic<bool>* interrupted) {
  SL_RETURN_IF_ERROR(CreateTargets(cluster));
  MalformedValues malformed(http, plan_.report());
  client::BulkWriter writer(http, bulk_, dead_letters, &malformed);
  Status load;
  for (size_t i = 0; i < plan_.sources().size() && load.ok(); ++i) {
    IndexTotals& totals = totals_.indices.emplace_back();
    totals.source = plan_.sources()[i].name;
    for (const translate::TargetIndex& target : plan_.plans()[i].targets)
      totals.targets.push_back(target.name);
    load = LoadIndex(plan_.sources()[i], plan_.plans()[i], stream, writer, dead_letters, totals,
                     interrupted);
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

}  // namespace shardlift::pipeline
