#include "pipeline/summary.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

#include "base/printable.h"

namespace shardlift::pipeline {
namespace {

// printf into `out`.
__attribute__((format(printf, 2, 3))) void Append(std::string& out, const char* format, ...) {
  va_list args;
  va_start(args, format);
  va_list again;
  va_copy(again, args);
  const int length = std::vsnprintf(nullptr, 0, format, args);
  va_end(args);
  if (length > 0) {
    const size_t at = out.size();
    out.resize(at + static_cast<size_t>(length) + 1);
    std::vsnprintf(out.data() + at, static_cast<size_t>(length) + 1, format, again);
    out.pop_back();
  }
  va_end(again);
}

// "1 unit", "2 units".
std::string Units(int64_t count) {
  return std::to_string(count) + (count == 1 ? " unit" : " units");
}

// What a run that resumed from the journal did not read again, as a clause of the last line.
std::string SkippedClause(const MigrationTotals& totals) {
  std::string out;
  if (totals.finished.units == 0 && totals.resumed.units == 0) return out;
  Append(out, "; skipped %lld documents in %s already finished",
         static_cast<long long>(totals.finished.documents), Units(totals.finished.units).c_str());
  if (totals.resumed.units > 0) {
    Append(out, " and %lld in %s resumed where they stopped",
           static_cast<long long>(totals.resumed.documents), Units(totals.resumed.units).c_str());
  }
  return out;
}

}  // namespace

std::string Pad(std::string text, size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string MigrationSummaryText(const MigrationTotals& totals, const client::DeadLetterFile& dead,
                                 const Incomplete* incomplete) {
  std::string out;
  size_t width = 12;
  for (const auto& index : totals.indices) width = std::max(width, Printable(index.source).size());
  Append(out, "\n%s %10s %10s %14s  %s\n", Pad("index", width).c_str(), "read", "written",
         "dead-lettered", "target");
  for (const auto& index : totals.indices) {
    std::string targets;
    for (const std::string& target : index.targets)
      targets += (targets.empty() ? "" : ", ") + Printable(target);
    Append(out, "%s %10lld %10lld %14lld  %s\n", Pad(Printable(index.source), width).c_str(),
           static_cast<long long>(index.read), static_cast<long long>(index.written),
           static_cast<long long>(index.dead_lettered), targets.c_str());
  }
  const client::BulkCounts& bulk = totals.bulk;
  Append(out,
         "\nwritten: %lld created, %lld updated, %lld already present; %lld item retries, "
         "%lld request retries\n",
         static_cast<long long>(bulk.created), static_cast<long long>(bulk.updated),
         static_cast<long long>(bulk.already_present), static_cast<long long>(bulk.retried_items),
         static_cast<long long>(bulk.retried_requests));
  for (const auto& [reason, count] : dead.by_reason()) {
    Append(out, "dead-lettered (%s): %lld\n", Printable(reason).c_str(),
           static_cast<long long>(count));
  }
  if (dead.count() > 0) Append(out, "dead-letter file: %s\n", dead.path().c_str());
  const std::string skipped = SkippedClause(totals);
  if (incomplete == nullptr) {
    Append(out, "migrated %lld of %lld documents, %lld dead-lettered, %lld lost%s\n",
           static_cast<long long>(totals.written), static_cast<long long>(totals.read),
           static_cast<long long>(totals.dead_lettered), static_cast<long long>(totals.lost()),
           skipped.c_str());
    return out;
  }
  if (!incomplete->source_documents.ok()) {
    Append(out,
           "migrate incomplete (%s): %lld documents migrated, %lld dead-lettered, of %lld read "
           "before it stopped (%s's total could not be counted: %s)%s; run it again to finish\n",
           incomplete->why.c_str(), static_cast<long long>(totals.written),
           static_cast<long long>(totals.dead_lettered), static_cast<long long>(totals.read),
           incomplete->holder.c_str(), incomplete->source_documents.status().ToString().c_str(),
           skipped.c_str());
    return out;
  }
  const int64_t held = *incomplete->source_documents;
  const int64_t before = totals.finished.documents + totals.resumed.documents;
  Append(out,
         "migrate incomplete (%s): %lld of %s's %lld documents migrated, %lld dead-lettered, %lld "
         "not migrated%s; run it again to finish\n",
         incomplete->why.c_str(), static_cast<long long>(totals.written),
         incomplete->holder.c_str(), static_cast<long long>(held),
         static_cast<long long>(totals.dead_lettered),
         static_cast<long long>(held - before - totals.written - totals.dead_lettered),
         skipped.c_str());
  return out;
}

std::string VerificationText(const verify::VerifyTotals& totals, const std::string& report_file) {
  std::string out;
  size_t width = 12;
  for (const auto& tally : totals.targets) {
    width = std::max(width, Printable(tally.target_index).size());
  }
  Append(out, "\n%s %10s %10s %10s %10s %10s %14s\n", Pad("target index", width).c_str(),
         "expected", "found", "missing", "different", "extra", "dead-lettered");
  for (const auto& tally : totals.targets) {
    Append(out, "%s %10lld %10lld %10lld %10lld %10lld %14lld\n",
           Pad(Printable(tally.target_index), width).c_str(),
           static_cast<long long>(tally.expected), static_cast<long long>(tally.found),
           static_cast<long long>(tally.missing), static_cast<long long>(tally.different),
           static_cast<long long>(tally.extra), static_cast<long long>(tally.dead_lettered));
  }
  for (const auto& [reason, count] : totals.dead_reasons) {
    Append(out, "dead-lettered (%s): %lld\n", Printable(reason).c_str(),
           static_cast<long long>(count));
  }
  const int64_t findings = totals.missing + totals.different + totals.extra;
  if (!totals.shown.empty()) {
    Append(out, "\nfirst %zu of %lld differences:\n", totals.shown.size(),
           static_cast<long long>(findings));
    for (const verify::Finding& finding : totals.shown)
      Append(out, "%s", finding.Describe().c_str());
  }
  if (findings > static_cast<int64_t>(totals.shown.size()) && !report_file.empty()) {
    Append(out, "all of them: %s\n", report_file.c_str());
  }
  Append(out,
         "verified %lld of %lld documents: %lld missing, %lld different, %lld extra, %lld "
         "dead-lettered\n",
         static_cast<long long>(totals.identical), static_cast<long long>(totals.expected),
         static_cast<long long>(totals.missing), static_cast<long long>(totals.different),
         static_cast<long long>(totals.extra), static_cast<long long>(totals.dead_lettered));
  return out;
}

}  // namespace shardlift::pipeline
