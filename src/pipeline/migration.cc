#include "pipeline/migration.h"

#include <algorithm>
#include <map>
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

// The mark of the indices made from `source`.
Json MarkOf(const translate::SourceIndex& source) {
  const auto uuid = source.settings.find("index.uuid");
  return {{"source_index", source.name},
          {"source_uuid", uuid == source.settings.end() ? "" : uuid->second}};
}

// Compared member by member: ES need not keep the key order of a _meta object.
bool SameMark(const Json& found, const Json& mark) {
  if (!found.is_object() || found.size() != mark.size()) return false;
  for (const auto& [key, value] : mark.items()) {
    const Json* other = Member(found, key);
    if (other == nullptr || *other != value) return false;
  }
  return true;
}

}  // namespace

Result<std::set<std::string>> Migration::CheckExistingTargets(client::Cluster& cluster) {
  std::set<std::string> existing;
  std::string foreign;
  for (size_t i = 0; i < plan_.plans().size(); ++i) {
    const Json mark = MarkOf(plan_.sources()[i]);
    for (const translate::TargetIndex& target : plan_.plans()[i].targets) {
      SL_ASSIGN_OR_RETURN(const client::ExistingIndex found,
                          cluster.FindIndex(target.name, kMarkKey));
      if (!found.exists) continue;
      existing.insert(target.name);
      if (found.index == target.name && SameMark(found.mark, mark)) continue;  // a re-run's
      std::string why =
          found.index != target.name && !found.index.empty() ? "an alias of " + found.index
          : found.mark.is_null()                             ? "an index shardlift did not create"
                                 : "made from another source (" + DumpJson(found.mark) + ")";
      if (into_existing_) {
        plan_.report().Add(translate::Severity::kWarning, "index " + target.name, "index",
                           "index-exists-foreign", why + ": loading into it (--into-existing)");
        continue;
      }
      foreign += "\n  " + target.name + ": " + why;
    }
  }
  if (!foreign.empty()) {
    return Status::InvalidArgument(
        "the target already holds indices of these names that this migration did not write "
        "(no shardlift mark of this source in their _meta):" +
        foreign +
        "\nnothing was changed: delete them, choose other names with --target-prefix, or load "
        "into them anyway with --into-existing");
  }
  return existing;
}

Status Migration::CreateTargets(client::Cluster& cluster) {
  // Before anything is written: a foreign index must not get our settings or documents.
  SL_ASSIGN_OR_RETURN(const std::set<std::string> existing, CheckExistingTargets(cluster));
  for (const translate::UserTemplate& user : plan_.options().user_templates) {
    SL_RETURN_IF_ERROR(cluster.PutTemplate(user.name, user.body));
  }
  std::vector<std::string> created;
  for (size_t i = 0; i < plan_.plans().size(); ++i) {
    const Json mark = MarkOf(plan_.sources()[i]);
    for (const translate::TargetIndex& target : plan_.plans()[i].targets) {
      translate::ReportScope scope(plan_.report(), "index " + target.name);
      Json body = {{"settings", target.settings}};
      // A user template's _meta would be replaced by ours (mappings merge _meta whole): keep it.
      const Json* user_meta = Member(target.mappings, "_meta");
      Json meta = user_meta != nullptr && user_meta->is_object() ? *user_meta : Json::object();
      meta[std::string(kMarkKey)] = mark;
      body["mappings"] =
          target.mappings_from_user_template ? Json::object() : Json(target.mappings);
      body["mappings"]["_meta"] = std::move(meta);
      bool existed = false;
      SL_RETURN_IF_ERROR(CreateIndex(cluster, target.name, std::move(body), scope, &existed));
      if (!existed) created.push_back(target.name);
      if (existed && existing.count(target.name) == 0) {
        return Status::InvalidArgument("index " + target.name +
                                       " appeared in the target while this migration started: "
                                       "another writer is at work; nothing of it was changed");
      }
      if (existed) {
        // A re-run: the documents already there stay; load with the load-time settings again.
        scope.Info("index", "index-exists", "already exists in ES 7 (a re-run): documents go on");
        Json load = {{"index", {{"number_of_replicas", "0"}, {"refresh_interval", "-1"}}}};
        SL_RETURN_IF_ERROR(cluster.UpdateSettings(target.name, load));
        SL_RETURN_IF_ERROR(cluster.Open(target.name));
      }
    }
  }
  return cluster.WaitForPrimaries(created);
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
  // One settings update per distinct set of held-back settings and one refresh for all: with
  // many indices, one call each would be as many cluster-state updates and round trips.
  std::map<std::string, std::pair<const Json*, std::vector<std::string>>> by_settings;
  std::vector<std::string> names;
  for (const translate::IndexPlan& plan : plan_.plans()) {
    for (const translate::TargetIndex& target : plan.targets) {
      names.push_back(target.name);
      if (!HasSettings(target.after_load)) continue;
      auto& group = by_settings[DumpJson(target.after_load)];
      group.first = &target.after_load;
      group.second.push_back(target.name);
    }
  }
  for (const auto& [key, group] : by_settings) {
    SL_RETURN_IF_ERROR(cluster.UpdateSettings(group.second, *group.first));
  }
  SL_RETURN_IF_ERROR(cluster.Refresh(names));
  for (const translate::IndexPlan& plan : plan_.plans()) {
    for (const translate::TargetIndex& target : plan.targets) {
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

size_t Migration::TargetCount() const {
  size_t count = 0;
  for (const translate::IndexPlan& plan : plan_.plans()) count += plan.targets.size();
  return count;
}

Status Migration::Run(client::Cluster& cluster, const client::HttpOptions& http,
                      const translate::DocumentStream& stream, client::DeadLetterFile& dead_letters,
                      const std::atomic<bool>* interrupted, const Say& say) {
  const auto say_count = [&](std::string_view what) {
    if (say) say(std::string(what) + " " + std::to_string(TargetCount()) + " indices …");
  };
  say_count("creating");
  SL_RETURN_IF_ERROR(CreateTargets(cluster));
  say_count("loading the documents into");
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
  say_count("restoring the settings held back for the load, refreshing");
  return FinishTargets(cluster);
}

}  // namespace shardlift::pipeline
