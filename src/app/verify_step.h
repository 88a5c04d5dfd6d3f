// Verify as a step: `shardlift verify` runs it alone, `upgrade` after its load. The target is
// checked against the source as the migration planned it (es7/verification.h), then a table per
// target index, the first findings in detail and the last line
// "verified N of M documents: K missing, D different, E extra, L dead-lettered" are printed.
#pragma once

#include <atomic>
#include <string>

#include "app/es7_target.h"
#include "app/source_documents.h"
#include "base/result.h"
#include "es7/migration.h"
#include "es7/verification.h"

namespace shardlift::app {

struct VerifyStepOptions {
  int parallel = 1;
  std::string index_pattern;       // source indices to check ("" = all)
  std::string report_file;         // every finding as NDJSON ("" = none)
  std::string dead_letter;         // migrate's dead-letter file
  bool dead_letter_given = false;  // named by the user: then it must exist
  size_t shown = 10;
};

// Checks every document; fails only when the check itself could not run.
Result<es7::VerifyTotals> VerifyTarget(const es7::Migration& planned, const Source& source,
                                       Es7Target& target, const VerifyStepOptions& options,
                                       const std::atomic<bool>* interrupted);

void PrintVerification(const es7::VerifyTotals& totals, const VerifyStepOptions& options);

}  // namespace shardlift::app
