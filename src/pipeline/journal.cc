#include "pipeline/journal.h"

#include <algorithm>

#include "client/target_reads.h"

namespace shardlift::pipeline {
namespace {

// Ids per _mget or _bulk request.
constexpr size_t kReadBatch = 1000;

const std::string kIndexPath = "/" + std::string(kJournalIndex);

// kReadBatch ids (or what is left) from `at` on.
std::vector<std::string> Batch(const std::vector<std::string>& ids, size_t at) {
  const auto begin = ids.begin() + static_cast<ptrdiff_t>(at);
  return {begin, begin + static_cast<ptrdiff_t>(std::min(kReadBatch, ids.size() - at))};
}

}  // namespace

JournalEntry JournalEntry::For(const Unit& unit, std::vector<std::string> targets) {
  JournalEntry entry;
  entry.index = unit.index;
  entry.shard = unit.shard;
  entry.source_uuid = unit.index_uuid;
  entry.targets = std::move(targets);
  entry.docs = unit.docs;
  return entry;
}

Json JournalEntry::ToJson() const {
  return {{"index", index},
          {"shard", shard},
          {"source_uuid", source_uuid},
          {"targets", targets},
          {"docs", docs},
          {"position", position},
          {"finished", finished},
          {"dead_letters", dead_letters},
          {"worker", worker}};
}

Result<JournalEntry> JournalEntry::FromJson(const Json& json) {
  try {
    JournalEntry entry;
    entry.index = json.at("index").get<std::string>();
    entry.shard = json.at("shard").get<int>();
    entry.source_uuid = json.at("source_uuid").get<std::string>();
    entry.targets = json.at("targets").get<std::vector<std::string>>();
    entry.docs = json.at("docs").get<int64_t>();
    entry.position = json.at("position").get<int64_t>();
    entry.finished = json.at("finished").get<bool>();
    entry.dead_letters = json.at("dead_letters").get<bool>();
    entry.worker = json.at("worker").get<std::string>();
    if (entry.position < 0) return Status::Corruption("journal entry: negative position");
    return entry;
  } catch (const Json::exception& e) {
    return Status::Corruption(std::string("journal entry ") + DumpJson(json) + ": " + e.what());
  }
}

bool JournalEntry::Resumes(const JournalEntry& fresh) const {
  return index == fresh.index && shard == fresh.shard && source_uuid == fresh.source_uuid &&
         targets == fresh.targets && docs == fresh.docs && !dead_letters;
}

Status Journal::Open() {
  SL_ASSIGN_OR_RETURN(const bool exists, Exists());
  if (exists) return Status();
  const Json body = {
      {"settings", {{"index", {{"number_of_shards", 1}, {"number_of_replicas", 0}}}}},
      {"mappings", {{"dynamic", false}}}};
  SL_ASSIGN_OR_RETURN(const client::CreateIndexAnswer answer,
                      cluster_.CreateIndex(std::string(kJournalIndex), body));
  using Outcome = client::CreateIndexAnswer::Outcome;
  // kExists: another worker made it in the meantime.
  if (answer.outcome == Outcome::kCreated || answer.outcome == Outcome::kExists) {
    return client::WaitForIndex(cluster_.http(), kJournalIndex);
  }
  return Status::InvalidArgument("create the journal index " + std::string(kJournalIndex) + ": " +
                                 answer.error);
}

Result<bool> Journal::Exists() {
  SL_ASSIGN_OR_RETURN(const std::string state, client::IndexState(cluster_.http(), kJournalIndex));
  return !state.empty();
}

Result<std::map<std::string, JournalEntry>> Journal::Read(const std::vector<std::string>& ids) {
  std::map<std::string, JournalEntry> entries;
  for (size_t at = 0; at < ids.size(); at += kReadBatch) {
    const Json body = {{"ids", Batch(ids, at)}};
    SL_ASSIGN_OR_RETURN(const Json answer, cluster_.PostJson(kIndexPath + "/_mget", body));
    const Json* docs = Member(answer, "docs");
    if (docs == nullptr || !docs->is_array()) {
      return Status::IoError("journal _mget: no docs in the answer");
    }
    for (const Json& doc : *docs) {
      const Json* found = Member(doc, "found");
      const Json* source = Member(doc, "_source");
      if (found == nullptr || !found->is_boolean() || !found->get<bool>() || source == nullptr) {
        continue;
      }
      SL_ASSIGN_OR_RETURN(JournalEntry entry, JournalEntry::FromJson(*source));
      entries[entry.Id()] = std::move(entry);
    }
  }
  return entries;
}

Status Journal::Write(const JournalEntry& entry) {
  return cluster_.Expect2xx("PUT", kIndexPath + "/_doc/" + client::UrlEncode(entry.Id()),
                            entry.ToJson(), "journal entry " + entry.Id());
}

Status Journal::Drop(const std::vector<std::string>& ids) {
  SL_ASSIGN_OR_RETURN(const bool exists, Exists());
  if (!exists) return Status();
  // By id through _bulk, a core API: _delete_by_query needs the reindex module, which an 8.x home
  // may lack.
  for (size_t at = 0; at < ids.size(); at += kReadBatch) {
    std::string body;
    for (const std::string& id : Batch(ids, at)) {
      body += DumpJson(Json{{"delete", {{"_index", std::string(kJournalIndex)}, {"_id", id}}}});
      body += '\n';
    }
    Result<Json> dropped = cluster_.PostNdjson("/_bulk?refresh=true", body);
    if (!dropped.ok()) return dropped.status().WithContext("dropping journal entries");
    const Json& answer = *dropped;
    const Json* items = Member(answer, "items");
    if (items == nullptr || !items->is_array()) {
      return Status::Corruption("POST /_bulk (journal): an answer without items");
    }
    for (const Json& item : *items) {
      const Json* result = Member(item, "delete");
      const Json* status = result ? Member(*result, "status") : nullptr;
      // 404: already gone (a finish run again).
      if (status != nullptr && status->is_number_integer() &&
          (status->get<int>() == 200 || status->get<int>() == 404)) {
        continue;
      }
      return Status::IoError("dropping journal entry " +
                             (result ? StringOr(Member(*result, "_id")) : std::string("?")) + ": " +
                             (result ? DumpJson(*result) : DumpJson(item)));
    }
  }
  return Status();
}

}  // namespace shardlift::pipeline
