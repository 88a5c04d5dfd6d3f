// One migration run of a MigrationPlan: create the target indices on ES 7, stream every document
// through DocumentPreparer into the BulkWriter, then put back the settings held back for the load,
// refresh, add aliases, close what was closed and put the translated templates.
//
// Order matters: the user's own templates go in first (they shape the indices they match), the
// translated templates last (so they cannot merge into the indices created here). Values ES 5
// took that a target field refuses set ignore_malformed on that field (malformed_values.h).
//
// Every index created carries a mark in its mapping's `_meta` (kMarkKey: the source index's name
// and uuid). An index that already exists with this run's mark is a re-run's, which goes on; one
// without it (or with another source's) is foreign: the run refuses before anything is written,
// unless `into_existing` asks to load into it anyway.
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

struct MigrationTotals {
  int64_t read = 0;
  int64_t written = 0;
  int64_t dead_lettered = 0;
  client::BulkCounts bulk;
  std::vector<IndexTotals> indices;
  int64_t lost() const { return read - written - dead_lettered; }
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

  // Creates, loads and finishes, saying as each of the three starts (`say` may be empty). Stops
  // early (and says so) when `interrupted` turns true.
  Status Run(client::Cluster& cluster, const client::HttpOptions& http,
             const translate::DocumentStream& stream, client::DeadLetterFile& dead_letters,
             const std::atomic<bool>* interrupted, const Say& say = {});

  const MigrationTotals& totals() const { return totals_; }
  const translate::MigrationPlan& plan() const { return plan_; }

 private:
  // The targets that exist already, by name; refuses foreign ones unless into_existing_.
  Result<std::set<std::string>> CheckExistingTargets(client::Cluster& cluster);
  Status CreateTargets(client::Cluster& cluster);
  Status LoadIndex(const translate::SourceIndex& index, const translate::IndexPlan& plan,
                   const translate::DocumentStream& stream, client::BulkWriter& writer,
                   client::DeadLetterFile& dead_letters, IndexTotals& totals,
                   const std::atomic<bool>* interrupted);
  Status FinishTargets(client::Cluster& cluster);
  // How many target indices the plan makes (a split source index makes several).
  size_t TargetCount() const;

  const translate::MigrationPlan& plan_;
  client::BulkOptions bulk_;
  const bool into_existing_;
  MigrationTotals totals_;
};

}  // namespace shardlift::pipeline
