#include "app/migration_summary.h"

#include <algorithm>
#include <cstdio>

namespace shardlift::app {

std::string Pad(std::string text, size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

void PrintMigrationSummary(const es7::MigrationTotals& totals, const es7::DeadLetterFile& dead) {
  size_t width = 12;
  for (const auto& index : totals.indices) width = std::max(width, index.source.size());
  std::printf("\n%s %10s %10s %14s  %s\n", Pad("index", width).c_str(), "read", "written",
              "dead-lettered", "target");
  for (const auto& index : totals.indices) {
    std::string targets;
    for (const std::string& target : index.targets)
      targets += (targets.empty() ? "" : ", ") + target;
    std::printf("%s %10lld %10lld %14lld  %s\n", Pad(index.source, width).c_str(),
                static_cast<long long>(index.read), static_cast<long long>(index.written),
                static_cast<long long>(index.dead_lettered), targets.c_str());
  }
  const es7::BulkCounts& bulk = totals.bulk;
  std::printf(
      "\nwritten: %lld created, %lld updated, %lld already present; %lld item retries, "
      "%lld request retries\n",
      static_cast<long long>(bulk.created), static_cast<long long>(bulk.updated),
      static_cast<long long>(bulk.already_present), static_cast<long long>(bulk.retried_items),
      static_cast<long long>(bulk.retried_requests));
  for (const auto& [reason, count] : dead.by_reason()) {
    std::printf("dead-lettered (%s): %lld\n", reason.c_str(), static_cast<long long>(count));
  }
  if (dead.count() > 0) std::printf("dead-letter file: %s\n", dead.path().c_str());
  std::printf("migrated %lld of %lld documents, %lld dead-lettered, %lld lost\n",
              static_cast<long long>(totals.written), static_cast<long long>(totals.read),
              static_cast<long long>(totals.dead_lettered), static_cast<long long>(totals.lost()));
}

}  // namespace shardlift::app
