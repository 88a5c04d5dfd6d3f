// One migration run of a MigrationPlan: create the target indices on ES 7, stream every document
// through DocumentPreparer into the BulkWriter, then put back the settings held back for the load,
// refresh, add aliases, close what was closed and put the translated templates.
//
// Order matters: the user's own templates go in first (they shape the indices they match), the
// translated templates last (so they cannot merge into the indices created here). Values ES 5
// took that a target field refuses set ignore_malformed on that field (malformed_values.h).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "client/bulk_writer.h"
#include "client/cluster.h"
#include "client/dead_letter.h"
#include "translate/migration_plan.h"
#include "translate/prepared_stream.h"

namespace shardlift::pipeline {

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
  Migration(const translate::MigrationPlan& plan, client::BulkOptions bulk)
      : plan_(plan), bulk_(bulk) {
    bulk_.external_versions = plan.options().external_versions;
  }

  // Creates, loads and finishes. Stops early (and says so) when `interrupted` turns true.
  Status Run(client::Cluster& cluster, const client::HttpOptions& http,
             const translate::DocumentStream& stream, client::DeadLetterFile& dead_letters,
             const std::atomic<bool>* interrupted);

  const MigrationTotals& totals() const { return totals_; }
  const translate::MigrationPlan& plan() const { return plan_; }

 private:
  Status CreateTargets(client::Cluster& cluster);
  Status LoadIndex(const translate::SourceIndex& index, const translate::IndexPlan& plan,
                   const translate::DocumentStream& stream, client::BulkWriter& writer,
                   client::DeadLetterFile& dead_letters, IndexTotals& totals,
                   const std::atomic<bool>* interrupted);
  Status FinishTargets(client::Cluster& cluster);

  const translate::MigrationPlan& plan_;
  client::BulkOptions bulk_;
  MigrationTotals totals_;
};

}  // namespace shardlift::pipeline
