// One migration: translate every source index and template, create them on ES 7, stream every
// document through DocumentPreparer into the BulkWriter, then put back the settings held back
// for the load, refresh, add aliases, close what was closed and put the translated templates.
//
// Order matters: the user's own templates go in first (they shape the indices they match), the
// translated templates last (so they cannot merge into the indices created here).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "es7/bulk_writer.h"
#include "es7/cluster.h"
#include "es7/dead_letter.h"
#include "es7/document_preparer.h"
#include "es7/index_layout.h"
#include "es7/prepared_stream.h"
#include "es7/report.h"
#include "es7/source_model.h"
#include "es7/template_translation.h"
#include "es7/user_templates.h"

namespace shardlift::es7 {

struct MigrationOptions {
  LayoutOptions layout;
  PreparerOptions preparer;
  BulkOptions bulk;
  std::vector<UserTemplate> user_templates;
};

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
  BulkCounts bulk;
  std::vector<IndexTotals> indices;
  int64_t lost() const { return read - written - dead_lettered; }
};

class Migration {
 public:
  Migration(MigrationOptions options, Report& report)
      : options_(std::move(options)), report_(report) {}

  // Translates everything; the report fills up. Needs no cluster.
  Status Plan(const std::vector<SourceIndex>& indices,
              const std::vector<SourceTemplate>& templates);
  // What would be created: {"indices":{name:{settings,mappings,aliases}},"templates":{…}}.
  Json PlanJson() const;

  // Creates, loads and finishes. Stops early (and says so) when `interrupted` turns true.
  Status Run(Cluster& cluster, const HttpOptions& http, const DocumentStream& stream,
             DeadLetterFile& dead_letters, const std::atomic<bool>* interrupted);

  const MigrationTotals& totals() const { return totals_; }
  // What Plan made of the source, for verify to check the target against.
  const MigrationOptions& options() const { return options_; }
  const std::vector<SourceIndex>& sources() const { return sources_; }
  const std::vector<IndexPlan>& plans() const { return plans_; }

 private:
  Status CreateTargets(Cluster& cluster);
  Status LoadIndex(const SourceIndex& index, const IndexPlan& plan, const DocumentStream& stream,
                   BulkWriter& writer, DeadLetterFile& dead_letters, IndexTotals& totals,
                   const std::atomic<bool>* interrupted);
  Status FinishTargets(Cluster& cluster);

  MigrationOptions options_;
  Report& report_;
  std::vector<SourceIndex> sources_;
  std::vector<IndexPlan> plans_;
  std::vector<TargetTemplate> templates_;
  MigrationTotals totals_;
};

}  // namespace shardlift::es7
