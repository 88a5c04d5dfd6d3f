// Verify: the ES 7 target against the source, document by document.
//
// Every source document is prepared exactly as migrate prepares it (StreamPrepared with the plan
// of a Migration built from the same options), then looked up in its target index with batched
// `_mget` (id + routing, several batches in flight) and compared: present, routing, `_version`
// (with external versions), `_source` (ExactJson: exact numbers; the join value is part of it).
// A document `_mget` misses is searched by id over all shards: stored under another routing it
// is different, not missing. Documents the preparer refuses, and missing ones the dead-letter
// file names, count as dead-lettered with their reason. Per target index, `_count` against the
// documents found shows whether the target holds more; if so, a scroll over ids and routings
// names the extra ones (keeping 8 bytes per expected document of that index meanwhile).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/status.h"
#include "client/cluster.h"
#include "client/dead_letter_list.h"
#include "client/http_client.h"
#include "client/http_workers.h"
#include "client/target_reads.h"
#include "translate/migration_plan.h"
#include "translate/prepared_stream.h"

namespace shardlift::verify {

enum class FindingKind { kMissing, kDifferent, kExtra, kDeadLettered };
std::string_view FindingName(FindingKind kind);

// One document that is not in the target as migrate would have written it.
struct Finding {
  FindingKind kind = FindingKind::kMissing;
  int64_t sequence = 0;  // source order; an index's extras come after its documents
  std::string target_index;
  std::string id;                      // the `_id` in the target
  std::optional<std::string> routing;  // as migrate sends it (extras: as found)
  // The source document (empty for extras).
  std::string source_index;
  std::string type;
  std::string source_id;
  // Dead-lettered: the reason. Different: what differs ("routing", "_version", "join",
  // "_source"), comma-separated.
  std::string reason;
  // Different only.
  std::optional<std::string> found_routing;
  int64_t expected_version = 0;
  int64_t found_version = 0;
  std::vector<std::string> diff;  // `_source` differences, one line each
  std::string expected_source;    // JSON as migrate sends it ("" when unknown)
  std::string found_source;       // JSON as ES 7 holds it ("" when not found)

  // One line of JSON: {"kind","target_index","id","routing","index","type","source_id",…}.
  std::string ToNdjson() const;
  // A few lines for people.
  std::string Describe() const;
};

struct TargetTally {
  std::string target_index;
  std::string source_index;
  int64_t expected = 0;  // source documents that go to this index (dead-lettered ones too)
  int64_t found = 0;     // identical + different
  int64_t identical = 0;
  int64_t different = 0;
  int64_t missing = 0;
  int64_t dead_lettered = 0;  // not in the target, and the preparer or dead-letter file says why
  int64_t extra = 0;          // in the target, not from the source
  int64_t in_target = -1;     // `_count` (-1 until counted)
};

struct VerifyTotals {
  std::vector<TargetTally> targets;  // in source order
  int64_t expected = 0;
  int64_t identical = 0;
  int64_t different = 0;
  int64_t missing = 0;
  int64_t dead_lettered = 0;
  int64_t extra = 0;
  std::map<std::string, int64_t> dead_reasons;
  std::vector<Finding> shown;  // the first VerifyOptions::shown findings (not dead-lettered)

  bool clean() const { return missing == 0 && different == 0 && extra == 0; }
};

struct VerifyOptions {
  int concurrency = 1;            // `_mget` requests in flight
  size_t batch_docs = 500;        // documents per `_mget`
  size_t batch_bytes = 4u << 20;  // expected `_source` bytes per `_mget`
  size_t shown = 10;              // findings kept in detail
  size_t diff_lines = 20;         // `_source` difference lines per finding
};

class Verification {
 public:
  // `planned`: a MigrationPlan after a successful Plan, built with the options migrate ran with.
  Verification(const translate::MigrationPlan& planned, VerifyOptions options)
      : planned_(planned), options_(options) {}

  // What migrate dead-lettered (optional; must outlive Run).
  void set_dead_letters(const client::DeadLetterList* list) { dead_letters_ = list; }
  // Receives every finding, dead-lettered ones included, one call at a time (the report file).
  void set_finding_sink(std::function<Status(const Finding&)> sink) { sink_ = std::move(sink); }

  // verify --units: `stream` (of Run) yields only some shards of the source indices `partial`
  // names. Their pass over ids reads `every` (must outlive Run), and extras are not looked for in
  // their targets: the documents of the other shares would look extra.
  void set_partial(const translate::DocumentStream* every, std::set<std::string> partial) {
    every_ = every;
    partial_ = std::move(partial);
  }

  // Checks every source index `selected` accepts. Closed target indices are opened for reading
  // and closed again; target indices are refreshed first.
  Status Run(client::Cluster& cluster, const translate::DocumentStream& stream,
             const std::function<bool(std::string_view index)>& selected,
             const std::atomic<bool>* interrupted);

  const VerifyTotals& totals() const { return totals_; }

 private:
  struct Expected;
  struct Batch;
  struct Outcome;

  Status VerifyIndex(client::Cluster& cluster, size_t source,
                     const translate::DocumentStream& stream, const std::atomic<bool>* interrupted);
  Status CheckDocuments(client::Cluster& cluster, size_t source,
                        const translate::DocumentStream& stream,
                        const std::atomic<bool>* interrupted);
  Status FindExtras(client::Cluster& cluster, size_t source,
                    const translate::DocumentStream& stream);
  void CheckBatch(client::HttpClient& http, const Batch& batch);
  void Compare(const Expected& expected, client::StoredDocument& stored, Outcome& outcome) const;
  TargetTally& Tally(const std::string& target_index, const std::string& source_index);
  Status Record(Finding finding);
  void Apply(Outcome& outcome);
  void Fail(Status status);
  bool failed() const { return failed_.load(std::memory_order_acquire); }

  const translate::MigrationPlan& planned_;
  VerifyOptions options_;
  const client::DeadLetterList* dead_letters_ = nullptr;
  std::function<Status(const Finding&)> sink_;
  const translate::DocumentStream* every_ = nullptr;
  std::set<std::string> partial_;
  std::unique_ptr<client::HttpWorkers> workers_;

  std::mutex mutex_;  // guards everything below
  VerifyTotals totals_;
  std::map<std::string, size_t> tally_of_;  // target index → totals_.targets
  std::map<int64_t, Finding> shown_;
  // Target documents found with another routing than expected: (id, routing) key hashes, so the
  // scroll for extras does not count them again.
  std::map<std::string, std::unordered_set<uint64_t>> matched_elsewhere_;
  std::atomic<bool> failed_{false};
  Status fatal_;
  int64_t next_sequence_ = 0;
};

}  // namespace shardlift::verify
