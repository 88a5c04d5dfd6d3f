// The summaries migrate, verify and upgrade print at the end, as text.
//
// Migration: a table per source index, the bulk counts, dead letters by reason, and the last line
// "migrated N of M documents, K dead-lettered, L lost" — or, for a run that stopped before it had
// read every document, "migrate incomplete (<why>): N of the source's T documents migrated, …",
// counted against what the source holds, not what was read. A run that resumed from the journal
// adds "; skipped S documents in U units already finished" (and those resumed within a unit).
// Verification: a table per target index, the first findings in detail and the last line
// "verified N of M documents: K missing, D different, E extra, L dead-lettered".
#pragma once

#include <string>

#include "client/dead_letter.h"
#include "pipeline/migration.h"
#include "verify/verification.h"

namespace shardlift::pipeline {

// `text` padded with spaces to `width`.
std::string Pad(std::string text, size_t width);

// Why a run stopped early, and how many documents the source holds (CountDocuments).
struct Incomplete {
  std::string why;  // "interrupted", "stopped by an error"
  Result<int64_t> source_documents = int64_t{0};
  std::string holder = "the source";  // whose documents those are ("units 1/3" for a share)
};

// `incomplete`: the run stopped before every document was read and accounted for.
std::string MigrationSummaryText(const MigrationTotals& totals, const client::DeadLetterFile& dead,
                                 const Incomplete* incomplete = nullptr);
// `report_file`: where every finding was written ("" = nowhere).
std::string VerificationText(const verify::VerifyTotals& totals, const std::string& report_file);

}  // namespace shardlift::pipeline
