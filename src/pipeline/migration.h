// One migration run of a MigrationPlan, in three phases that may also run apart:
// - metadata: the user's own templates, the target indices (mappings; settings for the load:
//   no replicas, no refresh), their aliases, the translated templates;
// - documents: every document of the units given (pipeline/units.h) streamed through
//   DocumentPreparer into the BulkWriter, progress kept in the target's journal
//   (pipeline/journal.h) so that a re-run skips what the target already acknowledged;
// - finish: the settings held back for the load put back, refresh, close what was closed, the
//   journal dropped.
// Run does the three in one go. Each is idempotent. The documents phase refuses to start unless
// the metadata phase left its indices open in the target, and finish refuses while the journal
// shows units not loaded yet.
//
// Order matters: the user's own templates go in first (they shape the indices they match), the
// translated templates after the indices (so they cannot merge into the indices created here).
// Values ES 5 took that a target field refuses set ignore_malformed on that field
// (malformed_values.h).
//
// Every index created carries a mark in its mapping's `_meta` (kMarkKey: the source index's name
// and uuid). An index that already exists with this run's mark is a re-run's (or, for the
// documents phase, the metadata phase's), which goes on; one without it (or with another
// source's) is foreign: the run refuses before anything is written, unless `into_existing` asks to
// load into it anyway.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/status.h"
#include "client/bulk_writer.h"
#include "client/cluster.h"
#include "client/dead_letter.h"
#include "pipeline/say.h"
#include "pipeline/units.h"
#include "translate/migration_plan.h"
#include "translate/prepared_stream.h"

namespace shardlift::pipeline {

// The key of shardlift's mark in the `_meta` of the indices it creates.
inline constexpr std::string_view kMarkKey = "shardlift";

struct IndexTotals {
  std::string source;
  std::vector<std::string> targets;
  int64_t read = 0;
  int64_t written = 0;  // created + updated + already present
  int64_t dead_lettered = 0;
};

// Units the journal showed in the target already, and their documents not read again.
struct SkippedUnits {
  int64_t units = 0;
  int64_t documents = 0;
};

struct MigrationTotals {
  int64_t read = 0;
  SkippedUnits finished;  // finished before this run: all their documents
  SkippedUnits resumed;   // resumed where they stopped: the documents before that position
  int64_t written = 0;
  int64_t dead_lettered = 0;
  client::BulkCounts bulk;
  std::vector<IndexTotals> indices;
  int64_t lost() const { return read - written - dead_lettered; }
};

// What a run loads, and how it reads it.
struct MigrationInput {
  std::vector<Unit> units;          // in unit order; finish: every unit of the source
  translate::DocumentStream whole;  // every document of an index (the pass over ids)
  ShardStream shard;                // a unit's documents from a position on
};

struct LoadOptions {
  bool journal = true;  // record progress in the target's journal, and resume from it
  UnitShare share;      // recorded in the journal: which worker wrote an entry
};

class Migration {
 public:
  // `plan` (after a successful Plan) must outlive the migration; its report takes what the run
  // finds (settings ES refuses, aliases and templates it does not take).
  Migration(const translate::MigrationPlan& plan, client::BulkOptions bulk,
            bool into_existing = false)
      : plan_(plan), bulk_(bulk), into_existing_(into_existing) {
    bulk_.external_versions = plan.options().external_versions;
  }

  // The metadata phase. With `journal`, the journal index too: finish then knows of the units no
  // documents worker has loaded yet.
  Status CreateTargets(client::Cluster& cluster, bool journal);
  // The documents phase: loads `input`'s units. Stops early (and says so) when `interrupted`
  // turns true.
  Status Load(client::Cluster& cluster, const client::HttpOptions& http,
              const MigrationInput& input, const LoadOptions& options,
              client::DeadLetterFile& dead_letters, const std::atomic<bool>* interrupted);
  // The finish phase; `units`: every unit of the source. With `journal`, refuses while it shows
  // units not finished, and drops their entries after.
  Status Finish(client::Cluster& cluster, const std::vector<Unit>& units, bool journal);
  // All three phases, saying as each starts (`say` may be empty); after a load that stopped early
  // only the settings are put back.
  Status Run(client::Cluster& cluster, const client::HttpOptions& http, const MigrationInput& input,
             const LoadOptions& options, client::DeadLetterFile& dead_letters,
             const std::atomic<bool>* interrupted, const Say& say = {});
  // All phases, every index as one unit read by `stream`, no journal.
  Status Run(client::Cluster& cluster, const client::HttpOptions& http,
             const translate::DocumentStream& stream, client::DeadLetterFile& dead_letters,
             const std::atomic<bool>* interrupted, const Say& say = {});
  // How many target indices the plan makes (a split source index makes several).
  size_t TargetCount() const;

  const MigrationTotals& totals() const { return totals_; }
  const client::BulkOptions& bulk() const { return bulk_; }
  const translate::MigrationPlan& plan() const { return plan_; }

 private:
  // The targets that exist already, by name; refuses foreign ones unless into_existing_.
  Result<std::set<std::string>> CheckExistingTargets(client::Cluster& cluster);
  // Whether the run may write into `found`, the existing target index `name`: one with `mark`
  // (this source's), or a foreign one with into_existing_ (a report warning). Otherwise the
  // reason is added to `foreign` (a line of RefuseForeign's list).
  bool Accepts(const client::ExistingIndex& found, const std::string& name, const Json& mark,
               std::string& foreign);
  // The targets of the units' indices exist with this source's mark (or into_existing_) and are
  // open: the metadata phase ran.
  Status CheckLoadTargets(client::Cluster& cluster, const std::vector<Unit>& units);
  // Load without CheckLoadTargets (Run has just created the targets).
  Status LoadUnits(client::Cluster& cluster, const client::HttpOptions& http,
                   const MigrationInput& input, const LoadOptions& options,
                   client::DeadLetterFile& dead_letters, const std::atomic<bool>* interrupted);
  // Every unit of `units` is finished in the journal (when there is one).
  Status CheckJournalFinished(client::Cluster& cluster, const std::vector<Unit>& units);
  Status RestoreSettings(client::Cluster& cluster);
  // Finish once `units` are known to be loaded: settings back, their journal entries dropped.
  Status FinishLoaded(client::Cluster& cluster, const std::vector<Unit>& units, bool journal);
  // The journal ids of `units`.
  std::vector<std::string> JournalIds(const std::vector<Unit>& units) const;
  // The plan of source index `name` and its place in plan_.sources(); nullptr when none.
  const translate::IndexPlan* PlanOf(const std::string& name, size_t* at) const;

  const translate::MigrationPlan& plan_;
  client::BulkOptions bulk_;
  const bool into_existing_;
  MigrationTotals totals_;
};

}  // namespace shardlift::pipeline
