#include "pipeline/verify_step.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>

#include "client/dead_letter_list.h"
#include "es5/index_pattern.h"

namespace shardlift::pipeline {

Result<verify::VerifyTotals> VerifyTarget(const translate::MigrationPlan& planned,
                                          const Source& source, Target& target,
                                          const VerifyStepOptions& options,
                                          const std::atomic<bool>* interrupted, const Say& say) {
  std::optional<client::DeadLetterList> dead;
  if (options.dead_letter_given || std::filesystem::exists(options.dead_letter)) {
    SL_ASSIGN_OR_RETURN(dead, client::DeadLetterList::Load(options.dead_letter));
    say("dead-letter file " + options.dead_letter + ": " + std::to_string(dead->size()) +
        " documents");
  } else {
    say("no dead-letter file at " + options.dead_letter +
        ": documents not in the target count as missing");
  }
  std::ofstream report;
  if (!options.report_file.empty()) {
    report.open(options.report_file, std::ios::binary | std::ios::trunc);
    if (!report) return Status::IoError("cannot create --report " + options.report_file);
  }
  verify::VerifyOptions verify_options;
  verify_options.concurrency = options.parallel;
  verify_options.shown = options.shown;
  verify::Verification verification(planned, verify_options);
  if (dead) verification.set_dead_letters(&*dead);
  if (report.is_open()) {
    verification.set_finding_sink([&](const verify::Finding& finding) {
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

}  // namespace shardlift::pipeline
