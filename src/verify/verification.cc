#include "verify/verification.h"

#include <algorithm>

#include "xcontent/json_writer.h"

namespace shardlift::verify {
namespace {

// (id, routing) → 64 bits (FNV-1a), for the extras scan: absent and empty routing differ.
uint64_t KeyHash(std::string_view id, std::optional<std::string_view> routing) {
  uint64_t hash = 0xcbf29ce484222325ull;
  auto add = [&](std::string_view bytes) {
    for (const unsigned char c : bytes) hash = (hash ^ c) * 0x100000001b3ull;
  };
  add(id);
  add(routing ? std::string_view("\0\1", 2) : std::string_view("\0\2", 2));
  if (routing) add(*routing);
  return hash;
}

void AppendField(std::string& line, std::string_view name, std::string_view value) {
  line += ",\"";
  line += name;
  line += "\":";
  xcontent::AppendJsonString(value, line);
}

void AppendOptional(std::string& line, std::string_view name,
                    const std::optional<std::string>& value) {
  if (value) {
    AppendField(line, name, *value);
  } else {
    line += ",\"";
    line += name;
    line += "\":null";
  }
}

std::string Quoted(const std::optional<std::string>& value) {
  if (!value) return "none";
  std::string out;
  xcontent::AppendJsonString(*value, out);
  return out;
}

// The JSON pointer prefix of a top-level member.
std::string MemberPointer(std::string_view name) {
  std::string pointer = "/";
  for (const char c : name) pointer += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return pointer;
}

}  // namespace

std::string_view FindingName(FindingKind kind) {
  switch (kind) {
    case FindingKind::kMissing:
      return "missing";
    case FindingKind::kDifferent:
      return "different";
    case FindingKind::kExtra:
      return "extra";
    case FindingKind::kDeadLettered:
      return "dead-lettered";
  }
  return "missing";
}

std::string Finding::ToNdjson() const {
  std::string line = "{\"kind\":\"";
  line += FindingName(kind);
  line += '"';
  AppendField(line, "target_index", target_index);
  AppendField(line, "id", id);
  AppendOptional(line, "routing", routing);
  if (kind != FindingKind::kExtra) {
    AppendField(line, "index", source_index);
    AppendField(line, "type", type);
    AppendField(line, "source_id", source_id);
  }
  if (!reason.empty()) AppendField(line, "reason", reason);
  if (kind == FindingKind::kDifferent) {
    AppendOptional(line, "found_routing", found_routing);
    line += ",\"expected_version\":" + std::to_string(expected_version);
    line += ",\"found_version\":" + std::to_string(found_version);
    line += ",\"diff\":[";
    for (size_t i = 0; i < diff.size(); ++i) {
      if (i > 0) line += ',';
      xcontent::AppendJsonString(diff[i], line);
    }
    line += ']';
  }
  if (!expected_source.empty()) line += ",\"expected_source\":" + expected_source;
  if (!found_source.empty()) line += ",\"found_source\":" + found_source;
  line += '}';
  return line;
}

std::string Finding::Describe() const {
  std::string text(FindingName(kind));
  text += ": " + target_index + "/" + id;
  if (kind == FindingKind::kExtra) {
    return text + " (routing " + Quoted(routing) + "): in the target, not from the source\n";
  }
  text += " (source " + source_index + "/" + type + "/" + source_id + ")";
  if (kind == FindingKind::kMissing) return text + ": not in the target\n";
  if (kind == FindingKind::kDeadLettered) return text + ": " + reason + "\n";
  text += ": " + reason + "\n";
  if (routing != found_routing) {
    text += "    routing: expected " + Quoted(routing) + ", found " + Quoted(found_routing) + "\n";
  }
  if (expected_version != found_version && reason.find("_version") != std::string::npos) {
    text += "    _version: expected " + std::to_string(expected_version) + ", found " +
            std::to_string(found_version) + "\n";
  }
  for (const std::string& line : diff) text += "    _source " + line + "\n";
  return text;
}

// A source document as migrate sends it, waiting for its `_mget`.
struct Verification::Expected {
  int64_t sequence = 0;
  std::string source_index;
  std::string type;
  std::string source_id;
  std::string id;
  std::optional<std::string> routing;
  int64_t version = 0;
  std::string source;
  bool joined = false;                     // its type has a join value in `_source`
  std::optional<std::string> dead_reason;  // named in the dead-letter file
};

struct Verification::Batch {
  std::string target_index;
  std::vector<Expected> items;
  size_t bytes = 0;
};

// What a batch found, applied to the totals in one go.
struct Verification::Outcome {
  std::string target_index;
  std::string source_index;
  int64_t identical = 0;
  std::vector<Finding> findings;
  std::vector<uint64_t> matched_elsewhere;
};

Status Verification::Run(client::Cluster& cluster, const translate::DocumentStream& stream,
                         const std::function<bool(std::string_view index)>& selected,
                         const std::atomic<bool>* interrupted) {
  workers_ = std::make_unique<client::HttpWorkers>(cluster.http().options(), options_.concurrency);
  Status status;
  for (size_t i = 0; i < planned_.sources().size() && status.ok(); ++i) {
    if (!selected(planned_.sources()[i].name)) continue;
    status = VerifyIndex(cluster, i, stream, interrupted);
  }
  workers_.reset();
  std::lock_guard lock(mutex_);
  for (auto& [sequence, finding] : shown_) totals_.shown.push_back(std::move(finding));
  shown_.clear();
  for (const TargetTally& tally : totals_.targets) {
    totals_.expected += tally.expected;
    totals_.identical += tally.identical;
    totals_.different += tally.different;
    totals_.missing += tally.missing;
    totals_.dead_lettered += tally.dead_lettered;
    totals_.extra += tally.extra;
  }
  return status.ok() ? fatal_ : status;
}

Status Verification::VerifyIndex(client::Cluster& cluster, size_t source,
                                 const translate::DocumentStream& stream,
                                 const std::atomic<bool>* interrupted) {
  const translate::IndexPlan& plan = planned_.plans()[source];
  std::vector<std::string> reopened;
  Status status;
  for (const translate::TargetIndex& target : plan.targets) {
    Tally(target.name, plan.source);
    auto state = client::IndexState(cluster.http(), target.name);
    status = state.status();
    if (status.ok() && *state == "close") {
      // Closed as in ES 5: readable only while open.
      status = cluster.Open(target.name);
      if (status.ok()) reopened.push_back(target.name);
      if (status.ok()) status = client::WaitForIndex(cluster.http(), target.name);
    }
    if (status.ok() && state.ok() && !state->empty()) status = cluster.Refresh(target.name);
    if (!status.ok()) break;
  }
  if (status.ok()) status = CheckDocuments(cluster, source, stream, interrupted);
  if (status.ok() && partial_.count(plan.source) == 0) {
    status = FindExtras(cluster, source, stream);
  }
  for (const std::string& name : reopened) {
    if (Status closed = cluster.Close(name); status.ok()) status = closed;
  }
  return status;
}

TargetTally& Verification::Tally(const std::string& target_index, const std::string& source_index) {
  // Documents with no target at all (an unknown type) are listed under their source index.
  const std::string name = target_index.empty() ? source_index + " (no target)" : target_index;
  auto [it, added] = tally_of_.emplace(name, totals_.targets.size());
  if (added) totals_.targets.push_back({name, source_index});
  return totals_.targets[it->second];
}

Status Verification::CheckDocuments(client::Cluster& cluster, size_t source,
                                    const translate::DocumentStream& stream,
                                    const std::atomic<bool>* interrupted) {
  const translate::SourceIndex& index = planned_.sources()[source];
  const translate::IndexPlan& plan = planned_.plans()[source];
  const bool external = planned_.options().external_versions;
  translate::Report
      scratch;  // the translation report is migrate's; verify only needs the documents
  std::map<std::string, Batch, std::less<>> batches;
  auto submit = [&](Batch& batch) {
    auto job = std::make_shared<Batch>(std::move(batch));
    batch = Batch{job->target_index, {}, 0};
    workers_->Submit([this, job](client::HttpClient& http) { CheckBatch(http, *job); });
  };
  auto check = [&](const translate::SourceDocument& doc,
                   const translate::PreparedDocument& prepared) -> Status {
    if (interrupted != nullptr && interrupted->load()) {
      return Status::IoError("interrupted: stopping the verification");
    }
    if (failed()) {
      std::lock_guard lock(mutex_);
      return fatal_;
    }
    int64_t sequence;
    {
      std::lock_guard lock(mutex_);
      sequence = next_sequence_++;
      ++Tally(std::string(prepared.target_index), index.name).expected;
    }
    if (!prepared.dead_reason.empty()) {
      Finding finding;
      finding.kind = FindingKind::kDeadLettered;
      finding.sequence = sequence;
      finding.target_index = prepared.target_index;
      finding.id = prepared.id;
      if (prepared.routing) finding.routing = std::string(*prepared.routing);
      finding.source_index = doc.index;
      finding.type = doc.type;
      finding.source_id = doc.id;
      finding.reason = prepared.dead_reason;
      std::lock_guard lock(mutex_);
      ++Tally(finding.target_index, index.name).dead_lettered;
      return Record(std::move(finding));
    }
    auto it = batches.find(prepared.target_index);
    if (it == batches.end()) {
      it = batches.emplace(std::string(prepared.target_index), Batch{}).first;
      it->second.target_index = it->first;
    }
    Batch& batch = it->second;
    Expected& expected = batch.items.emplace_back();
    expected.sequence = sequence;
    expected.source_index = doc.index;
    expected.type = doc.type;
    expected.source_id = doc.id;
    expected.id = prepared.id;
    if (prepared.routing) expected.routing = std::string(*prepared.routing);
    expected.version = external ? doc.version : 0;
    expected.source = prepared.source;
    const translate::TypeRoute* route = plan.Route(doc.type);
    expected.joined = route != nullptr && route->join_role != translate::JoinRole::kNone;
    if (dead_letters_ != nullptr) {
      if (auto reason = dead_letters_->Reason(doc.index, doc.type, doc.id)) {
        expected.dead_reason = std::string(*reason);
      }
    }
    batch.bytes += expected.source.size() + expected.id.size();
    if (batch.items.size() >= options_.batch_docs || batch.bytes >= options_.batch_bytes) {
      submit(batch);
    }
    return Status();
  };
  Status status =
      translate::StreamPrepared(index, plan, planned_.options().preparer, scratch, stream, check,
                                partial_.count(index.name) > 0 ? every_ : nullptr);
  for (auto& [name, batch] : batches) {
    if (status.ok() && !batch.items.empty()) submit(batch);
  }
  workers_->Drain();
  (void)cluster;
  std::lock_guard lock(mutex_);
  return status.ok() ? fatal_ : status;
}

void Verification::CheckBatch(client::HttpClient& http, const Batch& batch) {
  if (failed()) return;
  std::vector<client::DocumentRef> refs;
  refs.reserve(batch.items.size());
  for (const Expected& item : batch.items) refs.push_back({item.id, item.routing});
  auto stored = client::MultiGet(http, batch.target_index, refs);
  if (!stored.ok()) return Fail(stored.status());
  Outcome outcome;
  outcome.target_index = batch.target_index;
  outcome.source_index = batch.items.front().source_index;
  std::vector<size_t> misses;
  for (size_t i = 0; i < batch.items.size(); ++i) {
    if ((*stored)[i].found) {
      Compare(batch.items[i], (*stored)[i], outcome);
    } else {
      misses.push_back(i);
    }
  }
  if (!misses.empty()) {
    // Stored under another routing (another shard)? An ids query looks in every shard.
    std::vector<std::string_view> ids;
    for (const size_t i : misses) ids.push_back(batch.items[i].id);
    auto elsewhere = client::SearchIds(http, batch.target_index, ids);
    if (!elsewhere.ok()) return Fail(elsewhere.status());
    std::multimap<std::string_view, client::StoredDocument*> by_id;
    for (client::StoredDocument& hit : *elsewhere) by_id.emplace(hit.id, &hit);
    for (const size_t i : misses) {
      const Expected& item = batch.items[i];
      if (auto hit = by_id.find(item.id); hit != by_id.end()) {
        Compare(item, *hit->second, outcome);
        by_id.erase(hit);
        continue;
      }
      Finding finding;
      finding.kind = item.dead_reason ? FindingKind::kDeadLettered : FindingKind::kMissing;
      finding.sequence = item.sequence;
      finding.target_index = batch.target_index;
      finding.id = item.id;
      finding.routing = item.routing;
      finding.source_index = item.source_index;
      finding.type = item.type;
      finding.source_id = item.source_id;
      finding.reason = item.dead_reason.value_or("");
      if (!item.dead_reason) finding.expected_source = item.source;
      outcome.findings.push_back(std::move(finding));
    }
  }
  Apply(outcome);
}

void Verification::Compare(const Expected& expected, client::StoredDocument& stored,
                           Outcome& outcome) const {
  std::vector<std::string> aspects;
  if (expected.routing != stored.routing) {
    aspects.push_back("routing");
    // The scroll for extras must not count it a second time.
    outcome.matched_elsewhere.push_back(KeyHash(stored.id, stored.routing));
  }
  if (planned_.options().external_versions && expected.version != stored.version) {
    aspects.push_back("_version");
  }
  std::vector<std::string> diff;
  auto want = ExactJson::Parse(expected.source);
  if (!want.ok()) {
    diff.push_back("(root): the expected _source does not parse: " + want.status().ToString());
    aspects.push_back("_source");
  } else if (!SameJson(*want, stored.source)) {
    diff = DiffJson(*want, stored.source, options_.diff_lines);
    const std::string join = MemberPointer(planned_.options().layout.join_field);
    bool join_differs = false;
    bool other_differs = false;
    for (const std::string& line : diff) {
      const bool in_join = expected.joined && line.starts_with(join) &&
                           (line[join.size()] == ':' || line[join.size()] == '/');
      (in_join ? join_differs : other_differs) = true;
    }
    if (join_differs) aspects.push_back("join");
    if (other_differs) aspects.push_back("_source");
  }
  if (aspects.empty()) {
    ++outcome.identical;
    return;
  }
  Finding finding;
  finding.kind = FindingKind::kDifferent;
  finding.sequence = expected.sequence;
  finding.target_index = outcome.target_index;
  finding.id = expected.id;
  finding.routing = expected.routing;
  finding.source_index = expected.source_index;
  finding.type = expected.type;
  finding.source_id = expected.source_id;
  for (const std::string& aspect : aspects) {
    finding.reason += (finding.reason.empty() ? "" : ", ") + aspect;
  }
  finding.found_routing = stored.routing;
  finding.expected_version = expected.version;
  finding.found_version = stored.version;
  finding.diff = std::move(diff);
  finding.expected_source = expected.source;
  finding.found_source = stored.source.ToJson();
  outcome.findings.push_back(std::move(finding));
}

void Verification::Apply(Outcome& outcome) {
  std::lock_guard lock(mutex_);
  TargetTally& tally = Tally(outcome.target_index, outcome.source_index);
  tally.identical += outcome.identical;
  tally.found += outcome.identical;
  for (Finding& finding : outcome.findings) {
    switch (finding.kind) {
      case FindingKind::kDifferent:
        ++tally.different;
        ++tally.found;
        break;
      case FindingKind::kMissing:
        ++tally.missing;
        break;
      case FindingKind::kDeadLettered:
        ++tally.dead_lettered;
        break;
      case FindingKind::kExtra:
        ++tally.extra;
        break;
    }
    if (Status status = Record(std::move(finding)); !status.ok()) {
      if (fatal_.ok()) fatal_ = status;
      failed_.store(true, std::memory_order_release);
    }
  }
  matched_elsewhere_[outcome.target_index].insert(outcome.matched_elsewhere.begin(),
                                                  outcome.matched_elsewhere.end());
}

// Under mutex_.
Status Verification::Record(Finding finding) {
  if (finding.kind == FindingKind::kDeadLettered) ++totals_.dead_reasons[finding.reason];
  if (sink_) SL_RETURN_IF_ERROR(sink_(finding));
  if (finding.kind == FindingKind::kDeadLettered || options_.shown == 0) return Status();
  if (shown_.size() >= options_.shown) {
    if (shown_.rbegin()->first < finding.sequence) return Status();
    shown_.erase(std::prev(shown_.end()));
  }
  shown_.emplace(finding.sequence, std::move(finding));
  return Status();
}

Status Verification::FindExtras(client::Cluster& cluster, size_t source,
                                const translate::DocumentStream& stream) {
  const translate::IndexPlan& plan = planned_.plans()[source];
  // Targets holding more than was found.
  std::map<std::string, std::vector<uint64_t>, std::less<>> expected_keys;
  for (const translate::TargetIndex& target : plan.targets) {
    SL_ASSIGN_OR_RETURN(const int64_t count, client::CountDocuments(cluster.http(), target.name));
    std::lock_guard lock(mutex_);
    TargetTally& tally = Tally(target.name, plan.source);
    tally.in_target = count;
    if (count != tally.found) expected_keys[target.name];
  }
  if (expected_keys.empty()) return Status();
  translate::Report scratch;
  SL_RETURN_IF_ERROR(translate::StreamPrepared(
      planned_.sources()[source], plan, planned_.options().preparer, scratch, stream,
      [&](const translate::SourceDocument&, const translate::PreparedDocument& prepared) {
        auto it = expected_keys.find(prepared.target_index);
        if (it != expected_keys.end() && prepared.dead_reason.empty()) {
          it->second.push_back(KeyHash(prepared.id, prepared.routing));
        }
        return Status();
      }));
  for (auto& entry : expected_keys) {
    // Named references, not a structured binding: clang 14 cannot capture those in the lambda.
    const auto& target = entry.first;
    auto& keys = entry.second;
    std::sort(keys.begin(), keys.end());
    std::unordered_set<uint64_t> elsewhere;
    {
      std::lock_guard lock(mutex_);
      elsewhere = matched_elsewhere_[target];
    }
    std::vector<Finding> extras;
    SL_RETURN_IF_ERROR(client::ScrollIds(
        cluster.http(), target, [&](std::string_view id, std::optional<std::string_view> routing) {
          const uint64_t key = KeyHash(id, routing);
          if (std::binary_search(keys.begin(), keys.end(), key) || elsewhere.contains(key)) {
            return;
          }
          Finding& finding = extras.emplace_back();
          finding.kind = FindingKind::kExtra;
          finding.target_index = target;
          finding.id = id;
          if (routing) finding.routing = std::string(*routing);
        }));
    std::lock_guard lock(mutex_);
    TargetTally& tally = Tally(target, plan.source);
    for (Finding& finding : extras) {
      ++tally.extra;
      finding.sequence = next_sequence_++;
      SL_RETURN_IF_ERROR(Record(std::move(finding)));
    }
  }
  return Status();
}

void Verification::Fail(Status status) {
  std::lock_guard lock(mutex_);
  if (fatal_.ok()) fatal_ = std::move(status);
  failed_.store(true, std::memory_order_release);
}

}  // namespace shardlift::verify
