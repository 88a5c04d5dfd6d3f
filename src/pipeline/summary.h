// The summaries migrate, verify and upgrade print at the end, as text.
//
// Migration: a table per source index, the bulk counts, dead letters by reason, and the last line
// "migrated N of M documents, K dead-lettered, L lost". Verification: a table per target index,
// the first findings in detail and the last line
// "verified N of M documents: K missing, D different, E extra, L dead-lettered".
#pragma once

#include <string>

#include "client/dead_letter.h"
#include "pipeline/migration.h"
#include "verify/verification.h"

namespace shardlift::pipeline {

// `text` padded with spaces to `width`.
std::string Pad(std::string text, size_t width);

std::string MigrationSummaryText(const MigrationTotals& totals, const client::DeadLetterFile& dead);
// `report_file`: where every finding was written ("" = nowhere).
std::string VerificationText(const verify::VerifyTotals& totals, const std::string& report_file);

}  // namespace shardlift::pipeline
