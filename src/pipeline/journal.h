// The resume journal: which units a migration finished and, within a unit, how many of its
// documents (in the shard's fixed read order) the target has acknowledged. It lives in the target
// cluster itself, so that workers on several machines share it: one document per unit, id
// "<its first target index>/<shard>" (target names are the migration's own: several migrations
// into one cluster keep apart), in the index kJournalIndex (1 shard, 0 replicas, nothing
// indexed), each written only by the worker loading that unit. Index `_meta` would not do: a
// mapping update replaces `_meta` whole, so concurrent workers would undo each other's progress.
//
// An entry is trusted only for the same unit as planned now: the same source index uuid, the same
// document count of the chosen shard copy and the same target indices (other translation flags
// make other targets). One whose unit saw dead letters is not trusted either: the run that loads
// it again lists them again in its own dead-letter file.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "client/cluster.h"
#include "json/json.h"
#include "pipeline/units.h"

namespace shardlift::pipeline {

inline constexpr std::string_view kJournalIndex = "shardlift-journal";

struct JournalEntry {
  std::string index;  // the source index
  int shard = 0;
  std::string source_uuid;
  std::vector<std::string> targets;
  int64_t docs = 0;      // Unit::docs when it was written
  int64_t position = 0;  // the first `position` documents of the shard are in the target
  bool finished = false;
  bool dead_letters = false;  // some documents of the unit may have been dead-lettered
  std::string worker;         // the --units share of the run that wrote it ("1/1": all)

  static JournalEntry For(const Unit& unit, std::vector<std::string> targets);
  std::string Id() const {
    return (targets.empty() ? index : targets.front()) + "/" + std::to_string(shard);
  }
  Json ToJson() const;
  static Result<JournalEntry> FromJson(const Json& json);
  // Whether it records `fresh` (JournalEntry::For the unit as planned now), and can be resumed.
  bool Resumes(const JournalEntry& fresh) const;
};

class Journal {
 public:
  explicit Journal(client::Cluster& cluster) : cluster_(cluster) {}

  // Creates the journal index unless it is there.
  Status Open();
  Result<bool> Exists();
  // The entries the journal holds for `ids` (JournalEntry::Id), by id.
  Result<std::map<std::string, JournalEntry>> Read(const std::vector<std::string>& ids);
  Status Write(const JournalEntry& entry);
  // Deletes the entries `ids`. The journal index stays: deleting it would race with another
  // migration into the same cluster writing its own entries.
  Status Drop(const std::vector<std::string>& ids);

 private:
  client::Cluster& cluster_;
};

}  // namespace shardlift::pipeline
