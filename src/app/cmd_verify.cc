// shardlift verify: the target (Elasticsearch 7.x, 8.x, OpenSearch) against the source, document
// by document.
//
//   shardlift verify <path.data>... (--target-url URL | --target-home DIR --target DIR)
//       [the translation options migrate ran with] [--index PATTERN] [--report FILE] [-p [N]]
//
// Every source document is prepared as migrate prepares it and compared with what the target
// holds (verify/verification.h). Exit 0 only when nothing is missing, different or extra.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/flags.h"
#include "app/interrupt.h"
#include "io/directory.h"
#include "io/source_guard.h"
#include "pipeline/output_file.h"
#include "pipeline/source.h"
#include "pipeline/summary.h"
#include "pipeline/target.h"
#include "pipeline/verify_step.h"
#include "translate/migration_plan.h"

namespace shardlift::app {
namespace {

struct VerifyCommandOptions {
  SourceFlags source;
  pipeline::TargetSpec es7;
  TranslationFlags translation;
  std::string target;
  pipeline::VerifyStepOptions step;
};

int Fail(const std::string& message) {
  PrintError(message);
  return kExitFailure;
}

int RunVerify(VerifyCommandOptions options) {
  if (Status status = pipeline::Target::CheckFlags(options.es7, options.target); !status.ok()) {
    return Fail(status.message());
  }
  if (options.es7.target_url.empty()) {
    Result<io::FileKind> kind = io::KindOf(options.target);
    if (!kind.ok()) return Fail(kind.status().ToString());
    if (*kind != io::FileKind::kDirectory) {
      return Fail("--target " + options.target +
                  " is not a directory (the path.data migrate wrote)");
    }
  }
  Result<io::SourceGuard> guard = io::SourceGuard::Of(pipeline::SourceDirs(options.source.sources));
  if (!guard.ok()) return Fail(guard.status().ToString());
  std::unique_ptr<pipeline::OutputFile> report_file;
  if (!options.step.report_file.empty()) {
    auto opened = pipeline::OutputFile::Open(options.step.report_file, "--report", *guard);
    if (!opened.ok()) return Fail(opened.status().ToString() + "; nothing verified");
    report_file = std::move(*opened);
    options.step.report = report_file.get();
  }
  Result<pipeline::Source> source =
      pipeline::LoadSource(options.source.sources, options.source.options);
  if (!source.ok()) return Fail(source.status().ToString() + "; nothing verified");
  // Planned as migrate --index planned it: the indices left out are not the target's concern.
  if (Status status = pipeline::SelectIndices(*source, options.step.index_pattern); !status.ok()) {
    return Fail(status.ToString());
  }
  for (const std::string& line : DescribeSnapshotSource(source->snapshot)) SayOnStderr(line);
  auto identity = pipeline::Target::Identify(options.es7);
  if (!identity.ok()) return Fail(identity.status().ToString());
  auto translation = ToTranslationOptions(options.translation, *identity);
  if (!translation.ok()) return Fail(translation.status().ToString());
  translate::Report report;
  translate::MigrationPlan planned(std::move(*translation), report);
  if (Status status = planned.Plan(source->indices, source->templates); !status.ok()) {
    return Fail(status.ToString());
  }
  if (report.HasErrors()) {
    PrintText(stderr, report.ToText());
    return Fail("the translation has errors (see above): migrate would not have written anything");
  }
  options.step.dead_letter_given = !options.step.dead_letter.empty();
  if (!options.step.dead_letter_given)
    options.step.dead_letter = DefaultDeadLetterPath(options.target, options.step.units);

  const std::atomic<bool>* interrupted = CatchInterrupts();
  auto target =
      pipeline::Target::Open(options.es7, options.target, *guard, interrupted, SayOnStderr);
  if (!target.ok()) return Fail(target.status().ToString());
  auto totals =
      pipeline::VerifyTarget(planned, *source, **target, options.step, interrupted, SayOnStderr);
  const Status stopped = (*target)->Stop(SayOnStderr);
  if (!totals.ok()) return Fail(totals.status().ToString());
  PrintText(stdout, pipeline::VerificationText(*totals, options.step.report_file));
  if (!stopped.ok()) return Fail(stopped.ToString());
  return totals->clean() ? kExitOk : kExitFailure;
}

}  // namespace

void AddVerifyCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<VerifyCommandOptions>();
  CLI::App* cmd = app.add_subcommand(
      "verify",
      "Compare the target (Elasticsearch 7.x, 8.x, OpenSearch) with the ES 5.x/2.x source or "
      "snapshot, document by document (give the options migrate ran with)");
  AddSourceFlags(*cmd, options->source);
  AddTargetFlags(*cmd, options->es7);
  cmd->add_option("--target", options->target,
                  "The path.data migrate wrote (a node from --target-home is started on it)");
  cmd->add_option("--dead-letter", options->step.dead_letter,
                  "migrate's dead-letter file (default: beside --target, as migrate writes it)");
  cmd->add_option("--index", options->step.index_pattern,
                  "Source indices to verify: ES-style pattern list (logs-*,-logs-old*)");
  cmd->add_option("--report", options->step.report_file, "Write every finding as NDJSON");
  cmd->add_option("--show", options->step.shown, "Differences printed in detail")
      ->check(CLI::Range(size_t{0}, size_t{10'000}))
      ->capture_default_str();
  AddUnitsFlag(*cmd, options->step.units,
               "Check only the documents of this share of the units (as migrate --units loaded "
               "them)");
  AddParallelFlag(*cmd, options->step.parallel, "Concurrent _mget requests");
  AddTranslationFlags(*cmd, options->translation);
  cmd->callback([options, cmd, &exit_code] {
    options->step.parallel = ResolveParallel(*cmd, options->step.parallel);
    ResolveTargetFlags(*cmd, options->es7);
    exit_code = RunVerify(*options);
  });
}

}  // namespace shardlift::app
