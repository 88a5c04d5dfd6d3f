#include "pipeline/migration.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <optional>
#include <set>

#include "client/http_workers.h"
#include "client/target_reads.h"
#include "pipeline/journal.h"
#include "pipeline/malformed_values.h"
#include "translate/settings.h"

namespace shardlift::pipeline {
namespace {

constexpr int kMaxRefusedSettings = 32;
// Index creations in flight at once. Each is a cluster-state update on the master; several at
// once let it batch the shard starts that follow (24 indices on one 7.6.2 node: 4.2 s one after
// another, 2.4 s four at a time, 2.2 s all at once).
constexpr int kCreationsAtOnce = 8;

// A setting ES refused by name, dropped from the creation body.
struct RefusedSetting {
  std::string setting;
  std::string error;
};

// What creating one target index came to.
struct Creation {
  Status status;
  bool existed = false;  // it was there already (a re-run)
  std::vector<RefusedSetting> refused;
};

// Creates `name`; settings ES refuses by name ("unknown setting [x]") are dropped, listed and the
// creation retried. An index that already exists (a re-run) is not an error.
Creation CreateIndex(client::Cluster& cluster, const std::string& name, Json body) {
  using Outcome = client::CreateIndexAnswer::Outcome;
  Creation creation;
  for (int refused = 0; refused <= kMaxRefusedSettings; ++refused) {
    Result<client::CreateIndexAnswer> answer = cluster.CreateIndex(name, body);
    if (!answer.ok()) {
      creation.status = answer.status();
      return creation;
    }
    creation.existed = answer->outcome == Outcome::kExists;
    if (answer->outcome == Outcome::kCreated || answer->outcome == Outcome::kExists) {
      return creation;
    }
    if (answer->outcome == Outcome::kUnknownSetting && body.contains("settings") &&
        translate::RemoveNestedSetting(body["settings"], answer->setting)) {
      creation.refused.push_back({answer->setting, answer->error});
      continue;
    }
    creation.status = Status::InvalidArgument("create index " + name + ": " + answer->error);
    return creation;
  }
  creation.status = Status::InvalidArgument("create index " + name + ": too many settings refused");
  return creation;
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

// Why `found` (the target index `name` as it exists) is not this run's: "" when it carries
// `mark`.
std::string Foreignness(const client::ExistingIndex& found, const std::string& name,
                        const Json& mark) {
  if (found.index == name && SameMark(found.mark, mark)) return "";
  if (found.index != name && !found.index.empty()) return "an alias of " + found.index;
  if (found.mark.is_null()) return "an index shardlift did not create";
  return "made from another source (" + DumpJson(found.mark) + ")";
}

Status RefuseForeign(const std::string& listed) {
  return Status::InvalidArgument(
      "the target already holds indices of these names that this migration did not write "
      "(no shardlift mark of this source in their _meta):" +
      listed +
      "\nnothing was changed: delete them, choose other names with --target-prefix, or load "
      "into them anyway with --into-existing");
}

// How often the journal takes what the target has acknowledged.
constexpr auto kJournalInterval = std::chrono::seconds(2);
// Documents read between looks at the clock.
constexpr int64_t kClockStride = 256;

// The journal entries of the units a run loads: each document read and handed on (to the writer
// or the dead-letter file) is a position; a position is recorded once the writer has answered for
// every item added up to it, every kJournalInterval and at the end.
class UnitProgress {
 public:
  // `dead_of(index)`: the documents of source index `index` dead-lettered so far.
  UnitProgress(Journal* journal, const client::BulkWriter& writer,
               std::function<int64_t(const std::string&)> dead_of)
      : journal_(journal), writer_(writer), dead_of_(std::move(dead_of)) {}

  void Begin(JournalEntry entry) {
    position_ = entry.position;
    dead_at_begin_.push_back(dead_of_(entry.index));
    entries_.push_back(std::move(entry));
  }
  Status Read() {
    ++position_;
    if (journal_ == nullptr || position_ % kClockStride != 0) return Status();
    if (std::chrono::steady_clock::now() - last_save_ < kJournalInterval) return Status();
    Mark(false);
    return Save();
  }
  void End() { Mark(true); }
  // Records every position the writer has answered for so far.
  Status Save() {
    last_save_ = std::chrono::steady_clock::now();
    if (journal_ == nullptr) return Status();
    const int64_t resolved = writer_.resolved();
    std::set<size_t> changed;
    while (!open_.empty() && open_.front().added <= resolved) {
      const Checkpoint& done = open_.front();
      JournalEntry& entry = entries_[done.entry];
      entry.position = done.position;
      entry.finished = done.finished;
      // Conservative: a letter of the index since the unit began may be one of its documents.
      entry.dead_letters |= dead_of_(entry.index) > dead_at_begin_[done.entry];
      changed.insert(done.entry);
      open_.pop_front();
    }
    for (size_t entry : changed) SL_RETURN_IF_ERROR(journal_->Write(entries_[entry]));
    return Status();
  }

 private:
  struct Checkpoint {
    int64_t added;  // the writer's items up to this position
    size_t entry;
    int64_t position;
    bool finished;
  };

  void Mark(bool finished) {
    if (entries_.empty()) return;
    open_.push_back({writer_.added(), entries_.size() - 1, position_, finished});
  }

  Journal* journal_;
  const client::BulkWriter& writer_;
  std::function<int64_t(const std::string&)> dead_of_;
  std::vector<JournalEntry> entries_;  // every unit begun, in order
  std::vector<int64_t> dead_at_begin_;
  std::deque<Checkpoint> open_;
  int64_t position_ = 0;
  std::chrono::steady_clock::time_point last_save_ = std::chrono::steady_clock::now();
};

std::vector<std::string> TargetNames(const translate::IndexPlan& plan) {
  std::vector<std::string> names;
  for (const translate::TargetIndex& target : plan.targets) names.push_back(target.name);
  return names;
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
      Accepts(found, target.name, mark, foreign);
    }
  }
  if (!foreign.empty()) return RefuseForeign(foreign);
  return existing;
}

bool Migration::Accepts(const client::ExistingIndex& found, const std::string& name,
                        const Json& mark, std::string& foreign) {
  const std::string why = Foreignness(found, name, mark);
  if (why.empty()) return true;  // this source's: a re-run's, or the metadata phase's
  if (!into_existing_) {
    foreign += "\n  " + name + ": " + why;
    return false;
  }
  plan_.report().Add(translate::Severity::kWarning, "index " + name, "index",
                     "index-exists-foreign", why + ": loading into it (--into-existing)");
  return true;
}

Status Migration::CreateTargets(client::Cluster& cluster, bool journal) {
  // Before anything is written: a foreign index must not get our settings or documents.
  SL_ASSIGN_OR_RETURN(const std::set<std::string> existing, CheckExistingTargets(cluster));
  if (journal) SL_RETURN_IF_ERROR(Journal(cluster).Open());
  for (const translate::UserTemplate& user : plan_.options().user_templates) {
    SL_RETURN_IF_ERROR(cluster.PutTemplate(user.name, user.body));
  }
  // Every target with its creation body, in plan order.
  std::vector<const translate::TargetIndex*> targets;
  std::vector<Json> bodies;
  for (size_t i = 0; i < plan_.plans().size(); ++i) {
    const Json mark = MarkOf(plan_.sources()[i]);
    for (const translate::TargetIndex& target : plan_.plans()[i].targets) {
      Json body = {{"settings", target.settings}};
      // A user template's _meta would be replaced by ours (mappings merge _meta whole): keep it.
      const Json* user_meta = Member(target.mappings, "_meta");
      Json meta = user_meta != nullptr && user_meta->is_object() ? *user_meta : Json::object();
      meta[std::string(kMarkKey)] = mark;
      body["mappings"] =
          target.mappings_from_user_template ? Json::object() : Json(target.mappings);
      body["mappings"]["_meta"] = std::move(meta);
      targets.push_back(&target);
      bodies.push_back(std::move(body));
    }
  }
  // Created several at once; what each came to is then taken in plan order, so the report and
  // the first error are those of a creation one after another.
  std::vector<Creation> creations(targets.size());
  {
    const size_t at_once = std::min<size_t>(kCreationsAtOnce, targets.size());
    client::HttpWorkers creators(cluster.http().options(), static_cast<int>(at_once));
    for (size_t t = 0; t < targets.size(); ++t) {
      creators.Submit([&, t](client::HttpClient& worker) {
        client::Cluster creator(worker.options());
        creations[t] = CreateIndex(creator, targets[t]->name, std::move(bodies[t]));
      });
    }
    creators.Drain();
  }
  std::vector<std::string> created;
  for (size_t t = 0; t < targets.size(); ++t) {
    const translate::TargetIndex& target = *targets[t];
    const Creation& creation = creations[t];
    translate::ReportScope scope(plan_.report(), "index " + target.name);
    for (const RefusedSetting& refused : creation.refused) {
      scope.Warn("settings." + refused.setting, "setting-refused-by-es7",
                 "dropped: Elasticsearch 7 refused it (" + refused.error + ")");
    }
    SL_RETURN_IF_ERROR(creation.status);
    if (!creation.existed) created.push_back(target.name);
    if (creation.existed && existing.count(target.name) == 0) {
      return Status::InvalidArgument("index " + target.name +
                                     " appeared in the target while this migration started: "
                                     "another writer is at work; nothing of it was changed");
    }
    if (creation.existed) {
      // A re-run: the documents already there stay; load with the load-time settings again.
      scope.Info("index", "index-exists", "already exists in ES 7 (a re-run): documents go on");
      Json load = {{"index", {{"number_of_replicas", "0"}, {"refresh_interval", "-1"}}}};
      SL_RETURN_IF_ERROR(cluster.UpdateSettings(target.name, load));
      SL_RETURN_IF_ERROR(cluster.Open(target.name));
    }
    for (const translate::TargetAlias& alias : target.aliases) {
      if (Status status = cluster.PutAlias(target.name, alias.name, alias.body); !status.ok()) {
        scope.Warn("aliases." + alias.name, "alias-refused-by-es7", "skipped: " + status.message());
      }
    }
  }
  for (const translate::TargetTemplate& target : plan_.templates()) {
    if (Status status = cluster.PutTemplate(target.name, target.body); !status.ok()) {
      plan_.report().Add(translate::Severity::kWarning, "template " + target.name, "template",
                         "template-refused-by-es7", "not put: " + status.message());
    }
  }
  return cluster.WaitForPrimaries(created);
}

std::vector<std::string> Migration::JournalIds(const std::vector<Unit>& units) const {
  std::vector<std::string> ids;
  for (const Unit& unit : units) {
    size_t at = 0;
    const translate::IndexPlan* plan = PlanOf(unit.index, &at);
    ids.push_back(
        JournalEntry::For(unit, plan ? TargetNames(*plan) : std::vector<std::string>()).Id());
  }
  return ids;
}

const translate::IndexPlan* Migration::PlanOf(const std::string& name, size_t* at) const {
  for (size_t i = 0; i < plan_.sources().size(); ++i) {
    if (plan_.sources()[i].name != name) continue;
    *at = i;
    return &plan_.plans()[i];
  }
  return nullptr;
}

Status Migration::CheckLoadTargets(client::Cluster& cluster, const std::vector<Unit>& units) {
  std::string missing;
  std::string foreign;
  std::set<std::string> checked;
  for (const Unit& unit : units) {
    size_t at = 0;
    const translate::IndexPlan* plan = PlanOf(unit.index, &at);
    if (plan == nullptr || !checked.insert(unit.index).second) continue;
    const Json mark = MarkOf(plan_.sources()[at]);
    for (const translate::TargetIndex& target : plan->targets) {
      SL_ASSIGN_OR_RETURN(const client::ExistingIndex found,
                          cluster.FindIndex(target.name, kMarkKey));
      if (!found.exists) {
        missing += "\n  " + target.name + ": missing";
        continue;
      }
      if (!Accepts(found, target.name, mark, foreign)) continue;
      SL_ASSIGN_OR_RETURN(const std::string state, client::IndexState(cluster.http(), target.name));
      if (state == "close") missing += "\n  " + target.name + ": closed (by --phase finish)";
    }
  }
  if (!foreign.empty()) return RefuseForeign(foreign);
  if (missing.empty()) return Status();
  return Status::InvalidArgument(
      "--phase documents loads into the indices --phase metadata creates, and the target is not "
      "ready for it:" +
      missing + "\nrun migrate --phase metadata (with the same flags) first; nothing was loaded");
}

Status Migration::Load(client::Cluster& cluster, const client::HttpOptions& http,
                       const MigrationInput& input, const LoadOptions& options,
                       client::DeadLetterFile& dead_letters, const std::atomic<bool>* interrupted) {
  SL_RETURN_IF_ERROR(CheckLoadTargets(cluster, input.units));
  return LoadUnits(cluster, http, input, options, dead_letters, interrupted);
}

Status Migration::LoadUnits(client::Cluster& cluster, const client::HttpOptions& http,
                            const MigrationInput& input, const LoadOptions& options,
                            client::DeadLetterFile& dead_letters,
                            const std::atomic<bool>* interrupted) {
  std::optional<Journal> journal;
  std::map<std::string, JournalEntry> recorded;
  if (options.journal) {
    journal.emplace(cluster);
    SL_RETURN_IF_ERROR(journal->Open());
    SL_ASSIGN_OR_RETURN(recorded, journal->Read(JournalIds(input.units)));
  }
  MalformedValues malformed(http, plan_.report());
  client::BulkWriter writer(http, bulk_, dead_letters, &malformed);
  // Dead letters by source index: the preparer's (counted as read) and the writer's.
  std::map<std::string, int64_t> refused;
  UnitProgress progress(journal ? &*journal : nullptr, writer, [&](const std::string& index) {
    const auto by_index = writer.counts_by_index();
    const auto it = by_index.find(index);
    return refused[index] + (it == by_index.end() ? 0 : it->second.dead_lettered);
  });
  Status load;
  for (size_t first = 0; first < input.units.size() && load.ok();) {
    // The units of one source index, and where each starts.
    const std::string& name = input.units[first].index;
    size_t end = first;
    while (end < input.units.size() && input.units[end].index == name) ++end;
    size_t at = 0;
    const translate::IndexPlan* plan = PlanOf(name, &at);
    if (plan == nullptr) return Status::NotFound("unit of " + name + ": no such source index");
    const std::vector<std::string> targets = TargetNames(*plan);
    IndexTotals& totals = totals_.indices.emplace_back();
    totals.source = name;
    totals.targets = targets;
    std::vector<JournalEntry> todo;
    for (size_t u = first; u < end; ++u) {
      JournalEntry entry = JournalEntry::For(input.units[u], targets);
      entry.worker = options.share.ToString();
      if (auto it = recorded.find(entry.Id()); it != recorded.end() && it->second.Resumes(entry)) {
        SkippedUnits& skipped = it->second.finished ? totals_.finished : totals_.resumed;
        ++skipped.units;
        skipped.documents += it->second.position;
        if (it->second.finished) continue;
        entry.position = it->second.position;
      }
      todo.push_back(std::move(entry));
    }
    first = end;
    if (todo.empty()) continue;
    const translate::SourceIndex& source = plan_.sources()[at];
    const translate::DocumentStream selected = [&](const translate::SourceIndex& index,
                                                   const translate::DocumentVisitor& visit) {
      for (const JournalEntry& entry : todo) {
        progress.Begin(entry);
        SL_RETURN_IF_ERROR(input.shard(index, entry.shard, entry.position,
                                       [&](const translate::SourceDocument& doc) -> Status {
                                         SL_RETURN_IF_ERROR(visit(doc));
                                         return progress.Read();
                                       }));
        progress.End();
      }
      return Status();
    };
    auto send = [&](const translate::SourceDocument& doc,
                    const translate::PreparedDocument& prepared) -> Status {
      if (interrupted != nullptr && interrupted->load()) {
        return Status::IoError("interrupted: stopping the load");
      }
      ++totals.read;
      if (prepared.dead_reason.empty()) return writer.Add(doc, prepared);
      ++totals.dead_lettered;
      ++refused[totals.source];
      client::DeadLetter letter;
      letter.key = doc;
      letter.target_index = prepared.target_index;
      letter.reason = prepared.dead_reason;
      letter.detail = prepared.dead_detail;
      letter.source = doc.source;
      return dead_letters.Write(letter);
    };
    load = translate::StreamPrepared(source, *plan, plan_.options().preparer, plan_.report(),
                                     selected, send, &input.whole);
  }
  const Status finished = writer.Finish();
  // What the target acknowledged is recorded even when the load stopped early.
  const Status saved = progress.Save();
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
  if (!load.ok()) return load;
  return finished.ok() ? saved : finished;
}

Status Migration::CheckJournalFinished(client::Cluster& cluster, const std::vector<Unit>& units) {
  Journal journal(cluster);
  SL_ASSIGN_OR_RETURN(const bool exists, journal.Exists());
  if (!exists) return Status();
  const std::vector<std::string> ids = JournalIds(units);
  SL_ASSIGN_OR_RETURN(const auto recorded, journal.Read(ids));
  std::string open;
  int64_t count = 0;
  for (const std::string& id : ids) {
    auto it = recorded.find(id);
    if (it != recorded.end() && it->second.finished) continue;
    if (++count <= 5) open += (open.empty() ? "" : ", ") + id;
  }
  if (count == 0) return Status();
  return Status::InvalidArgument(
      "the journal (" + std::string(kJournalIndex) + ") has " + std::to_string(count) + " of " +
      std::to_string(units.size()) + " units not finished (" + open + (count > 5 ? ", …" : "") +
      "): let every --phase documents worker end first (or give --no-resume to finish anyway)");
}

Status Migration::RestoreSettings(client::Cluster& cluster) {
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
      if (target.close_after_load) SL_RETURN_IF_ERROR(cluster.Close(target.name));
    }
  }
  return Status();
}

size_t Migration::TargetCount() const {
  size_t count = 0;
  for (const translate::IndexPlan& plan : plan_.plans()) count += plan.targets.size();
  return count;
}

Status Migration::Finish(client::Cluster& cluster, const std::vector<Unit>& units, bool journal) {
  if (journal) SL_RETURN_IF_ERROR(CheckJournalFinished(cluster, units));
  return FinishLoaded(cluster, units, journal);
}

Status Migration::FinishLoaded(client::Cluster& cluster, const std::vector<Unit>& units,
                               bool journal) {
  SL_RETURN_IF_ERROR(RestoreSettings(cluster));
  return journal ? Journal(cluster).Drop(JournalIds(units)) : Status();
}

Status Migration::Run(client::Cluster& cluster, const client::HttpOptions& http,
                      const MigrationInput& input, const LoadOptions& options,
                      client::DeadLetterFile& dead_letters, const std::atomic<bool>* interrupted,
                      const Say& say) {
  const auto say_count = [&](std::string_view what) {
    if (say) say(std::string(what) + " " + std::to_string(TargetCount()) + " indices …");
  };
  say_count("creating");
  SL_RETURN_IF_ERROR(CreateTargets(cluster, options.journal));
  say_count("loading the documents into");
  // CreateTargets just checked and made the targets: no second look before the load.
  if (Status load = LoadUnits(cluster, http, input, options, dead_letters, interrupted);
      !load.ok()) {
    // Stopped early (Ctrl-C, a block, a dead node): still try to put back replicas and refresh,
    // so the cluster is not left tuned for a load; a re-run finishes the job either way (the
    // journal stays for it).
    (void)RestoreSettings(cluster);
    return load;
  }
  say_count("restoring the settings held back for the load, refreshing");
  // Every unit was just loaded: the journal need not be asked, only dropped.
  return FinishLoaded(cluster, input.units, options.journal);
}

Status Migration::Run(client::Cluster& cluster, const client::HttpOptions& http,
                      const translate::DocumentStream& stream, client::DeadLetterFile& dead_letters,
                      const std::atomic<bool>* interrupted, const Say& say) {
  MigrationInput input;
  for (const translate::SourceIndex& source : plan_.sources()) {
    Unit& unit = input.units.emplace_back();
    unit.number = static_cast<int>(input.units.size());
    unit.index = source.name;
  }
  input.whole = stream;
  input.shard = [&stream](const translate::SourceIndex& index, int, int64_t,
                          const translate::DocumentVisitor& visit) { return stream(index, visit); };
  LoadOptions options;
  options.journal = false;
  return Run(cluster, http, input, options, dead_letters, interrupted, say);
}

}  // namespace shardlift::pipeline
