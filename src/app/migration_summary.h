// What migrate prints at the end (upgrade prints it too): a table per source index, the bulk
// counts, dead letters by reason, and the last line
// "migrated N of M documents, K dead-lettered, L lost".
#pragma once

#include <string>

#include "es7/dead_letter.h"
#include "es7/migration.h"

namespace shardlift::app {

// `text` padded with spaces to `width`.
std::string Pad(std::string text, size_t width);

void PrintMigrationSummary(const es7::MigrationTotals& totals, const es7::DeadLetterFile& dead);

}  // namespace shardlift::app
