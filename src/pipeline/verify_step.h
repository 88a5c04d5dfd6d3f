// Verify as a step: `shardlift verify` runs it alone, `upgrade` after its load. The target is
// checked against the source as the migration planned it (verify/verification.h); the totals
// become text in pipeline/summary.h.
#pragma once

#include <atomic>
#include <string>

#include "base/result.h"
#include "pipeline/output_file.h"
#include "pipeline/say.h"
#include "pipeline/source.h"
#include "pipeline/target.h"
#include "pipeline/units.h"
#include "translate/migration_plan.h"
#include "verify/verification.h"

namespace shardlift::pipeline {

struct VerifyStepOptions {
  int parallel = 1;
  std::string index_pattern;       // source indices to check ("" = all)
  UnitShare units;                 // only the documents of these units
  std::string report_file;         // every finding as NDJSON ("" = none)
  OutputFile* report = nullptr;    // report_file, opened by the caller before the step
  std::string dead_letter;         // migrate's dead-letter file
  bool dead_letter_given = false;  // named by the user: then it must exist
  size_t shown = 10;
};

// Checks every document; fails only when the check itself could not run.
Result<verify::VerifyTotals> VerifyTarget(const translate::MigrationPlan& planned,
                                          const Source& source, Target& target,
                                          const VerifyStepOptions& options,
                                          const std::atomic<bool>* interrupted, const Say& say);

}  // namespace shardlift::pipeline
