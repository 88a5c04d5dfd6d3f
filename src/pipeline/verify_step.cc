#include "pipeline/verify_step.h"

#include <optional>

#include "client/dead_letter_list.h"
#include "es5/index_pattern.h"
#include "io/directory.h"

namespace shardlift::pipeline {

Result<verify::VerifyTotals> VerifyTarget(const translate::MigrationPlan& planned,
                                          const Source& source, Target& target,
                                          const VerifyStepOptions& options,
                                          const std::atomic<bool>* interrupted, const Say& say) {
  std::optional<client::DeadLetterList> dead;
  SL_ASSIGN_OR_RETURN(const io::FileKind dead_kind, io::KindOf(options.dead_letter));
  if (options.dead_letter_given || dead_kind != io::FileKind::kMissing) {
    SL_ASSIGN_OR_RETURN(dead, client::DeadLetterList::Load(options.dead_letter));
    say("dead-letter file " + options.dead_letter + ": " + std::to_string(dead->size()) +
        " documents");
  } else {
    say("no dead-letter file at " + options.dead_letter +
        ": documents not in the target count as missing");
  }
  verify::VerifyOptions verify_options;
  verify_options.concurrency = options.parallel;
  verify_options.shown = options.shown;
  verify::Verification verification(planned, verify_options);
  if (dead) verification.set_dead_letters(&*dead);
  if (options.report != nullptr) {
    verification.set_finding_sink([&](const verify::Finding& finding) {
      return options.report->Append(finding.ToNdjson() + '\n');
    });
  }
  const es5::IndexPattern pattern(options.index_pattern);
  SourceDocuments documents(source.dir);
  SL_RETURN_IF_ERROR(verification.Run(
      target.cluster(), documents.AsStream(),
      [&](std::string_view index) { return pattern.Matches(index); }, interrupted));
  if (options.report != nullptr) SL_RETURN_IF_ERROR(options.report->Close());
  return verification.totals();
}

}  // namespace shardlift::pipeline
