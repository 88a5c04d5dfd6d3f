#include "app/verify_step.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>

#include "app/migration_summary.h"
#include "es5/index_pattern.h"
#include "es7/dead_letter_list.h"

namespace shardlift::app {

Result<es7::VerifyTotals> VerifyTarget(const es7::Migration& planned, const Source& source,
                                       Es7Target& target, const VerifyStepOptions& options,
                                       const std::atomic<bool>* interrupted) {
  std::optional<es7::DeadLetterList> dead;
  if (options.dead_letter_given || std::filesystem::exists(options.dead_letter)) {
    SL_ASSIGN_OR_RETURN(dead, es7::DeadLetterList::Load(options.dead_letter));
    std::fprintf(stderr, "dead-letter file %s: %zu documents\n", options.dead_letter.c_str(),
                 dead->size());
  } else {
    std::fprintf(stderr,
                 "no dead-letter file at %s: documents not in the target count as missing\n",
                 options.dead_letter.c_str());
  }
  std::ofstream report;
  if (!options.report_file.empty()) {
    report.open(options.report_file, std::ios::binary | std::ios::trunc);
    if (!report) return Status::IoError("cannot create --report " + options.report_file);
  }
  es7::VerifyOptions verify_options;
  verify_options.concurrency = options.parallel;
  verify_options.shown = options.shown;
  es7::Verification verification(planned, verify_options);
  if (dead) verification.set_dead_letters(&*dead);
  if (report.is_open()) {
    verification.set_finding_sink([&](const es7::Finding& finding) {
      report << finding.ToNdjson() << '\n';
      return report ? Status() : Status::IoError("cannot write --report " + options.report_file);
    });
  }
  const es5::IndexPattern pattern(options.index_pattern);
  SourceDocuments documents(source.dir);
  SL_RETURN_IF_ERROR(verification.Run(
      target.cluster(), documents.AsStream(),
      [&](std::string_view index) { return pattern.Matches(index); }, interrupted));
  if (report.is_open()) {
    report.close();
    if (!report) return Status::IoError("cannot write --report " + options.report_file);
  }
  return verification.totals();
}

void PrintVerification(const es7::VerifyTotals& totals, const VerifyStepOptions& options) {
  size_t width = 12;
  for (const auto& tally : totals.targets) width = std::max(width, tally.target_index.size());
  std::printf("\n%s %10s %10s %10s %10s %10s %14s\n", Pad("target index", width).c_str(),
              "expected", "found", "missing", "different", "extra", "dead-lettered");
  for (const auto& tally : totals.targets) {
    std::printf("%s %10lld %10lld %10lld %10lld %10lld %14lld\n",
                Pad(tally.target_index, width).c_str(), static_cast<long long>(tally.expected),
                static_cast<long long>(tally.found), static_cast<long long>(tally.missing),
                static_cast<long long>(tally.different), static_cast<long long>(tally.extra),
                static_cast<long long>(tally.dead_lettered));
  }
  for (const auto& [reason, count] : totals.dead_reasons) {
    std::printf("dead-lettered (%s): %lld\n", reason.c_str(), static_cast<long long>(count));
  }
  const int64_t findings = totals.missing + totals.different + totals.extra;
  if (!totals.shown.empty()) {
    std::printf("\nfirst %zu of %lld differences:\n", totals.shown.size(),
                static_cast<long long>(findings));
    for (const es7::Finding& finding : totals.shown) std::printf("%s", finding.Describe().c_str());
  }
  if (findings > static_cast<int64_t>(totals.shown.size()) && !options.report_file.empty()) {
    std::printf("all of them: %s\n", options.report_file.c_str());
  }
  std::printf(
      "verified %lld of %lld documents: %lld missing, %lld different, %lld extra, %lld "
      "dead-lettered\n",
      static_cast<long long>(totals.identical), static_cast<long long>(totals.expected),
      static_cast<long long>(totals.missing), static_cast<long long>(totals.different),
      static_cast<long long>(totals.extra), static_cast<long long>(totals.dead_lettered));
}

}  // namespace shardlift::app
