// shardlift migrate: every document of cold ES 5.x / 2.x data dir(s) into Elasticsearch 7.x,
// 8.x or OpenSearch.
//
//   shardlift migrate <path.data>... (--target-home DIR | --target-docker [IMAGE] |
//       --target-url URL) [--target DIR] [--dead-letter FILE] [-p [N]] [--dry-run]
//       [--phase metadata|documents|finish|all] [--units I/N] [--no-resume] …
//
// Translation and load live in the library (translate/migration_plan.h, pipeline/migration.h);
// this file parses the flags and prints the report, the summary table and the last line
// "migrated N of M documents, K dead-lettered, L lost" (exit 1 when L > 0 or anything failed).
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/flags.h"
#include "app/interrupt.h"
#include "io/source_guard.h"
#include "pipeline/journal.h"
#include "pipeline/migration.h"
#include "pipeline/output_file.h"
#include "pipeline/source.h"
#include "pipeline/summary.h"
#include "pipeline/target.h"
#include "pipeline/units.h"

namespace shardlift::app {
namespace {

struct MigrateOptions {
  SourceFlags source;
  pipeline::TargetSpec es7;
  TranslationFlags translation;
  std::string target;
  std::string dead_letter;
  std::string report_file;
  std::string index_pattern;
  int parallel = 0;  // from the target (Target::BulkConcurrency)
  bool dry_run = false;
  size_t batch_bytes = 10 << 20;
  size_t batch_docs = 5000;
  bool gzip = false;
  bool into_existing = false;
  std::string phase = "all";
  pipeline::UnitShare units;
  bool no_resume = false;
};

// The last line of a run of the metadata or the finish phase.
void PrintPhaseDone(const std::string& phase, size_t targets) {
  if (phase == "metadata") {
    std::printf("phase metadata done: %zu target indices ready for --phase documents\n", targets);
  } else {
    std::printf("phase finish done: %zu target indices have their settings back\n", targets);
  }
}

int Fail(const std::string& message) {
  PrintError(message);
  return kExitFailure;
}

// The translation report as JSON into `out` (opened before the run: a path that cannot be
// written is refused before anything is done).
Status WriteReport(const translate::Report& report, pipeline::OutputFile* out) {
  if (out == nullptr) return Status();
  SL_RETURN_IF_ERROR(out->Append(report.ToJson().dump(2) + "\n"));
  return out->Close();
}

int RunMigrate(const MigrateOptions& options) {
  if (!options.units.whole() && options.phase != "documents") {
    return Fail("--units " + options.units.ToString() +
                " splits the documents among workers: give --phase documents (metadata and "
                "finish run once, for every unit)");
  }
  if (!options.dry_run) {
    if (Status status = pipeline::Target::CheckFlags(options.es7, options.target); !status.ok()) {
      return Fail(status.message());
    }
  }
  Result<io::SourceGuard> guard = io::SourceGuard::Of(pipeline::SourceDirs(options.source.sources));
  if (!guard.ok()) return Fail(guard.status().ToString());
  std::unique_ptr<pipeline::OutputFile> report_file;
  if (!options.report_file.empty()) {
    auto opened = pipeline::OutputFile::Open(options.report_file, "--report", *guard);
    if (!opened.ok()) return Fail(opened.status().ToString() + "; nothing migrated");
    report_file = std::move(*opened);
  }
  const std::string dead_path = !options.dead_letter.empty()
                                    ? options.dead_letter
                                    : DefaultDeadLetterPath(options.target, options.units);
  for (const std::string& path : {dead_path, client::DeadLetterFile::PartialPath(dead_path)}) {
    if (Status status = guard->CheckFile(path, "--dead-letter"); !status.ok()) {
      return Fail(status.ToString() + "; nothing migrated");
    }
  }
  Result<pipeline::Source> source =
      pipeline::LoadSource(options.source.sources, options.source.options);
  if (!source.ok()) return Fail(source.status().ToString() + "; nothing migrated");
  if (Status status = pipeline::SelectIndices(*source, options.index_pattern); !status.ok()) {
    return Fail(status.ToString());
  }
  for (const std::string& line : DescribeSnapshotSource(source->snapshot)) SayOnStderr(line);
  auto identity = TranslationTargetOf(options.es7);
  if (!identity.ok()) return Fail(identity.status().ToString() + "; nothing migrated");
  auto translation = ToTranslationOptions(options.translation, *identity);
  if (!translation.ok()) return Fail(translation.status().ToString());
  translate::Report report;
  translate::MigrationPlan plan(std::move(*translation), report);
  if (Status status = plan.Plan(source->indices, source->templates); !status.ok()) {
    return Fail(status.ToString());
  }
  if (options.dry_run) {
    PrintText(stdout, plan.ToJson().dump(2) + "\n\n" + report.ToText());
    if (Status status = WriteReport(report, report_file.get()); !status.ok()) {
      return Fail(status.ToString());
    }
    return report.HasErrors() ? kExitFailure : kExitOk;
  }
  if (report.HasErrors()) {
    PrintText(stderr, report.ToText());
    return Fail("the translation has errors (see above); nothing written");
  }

  pipeline::SourceDocuments documents(source->dir);
  pipeline::MigrationInput input;
  input.units = pipeline::TakeShare(pipeline::ListUnits(*source), options.units);
  input.whole = documents.AsStream();
  input.shard = documents.AsShardStream();
  pipeline::LoadOptions load;
  load.journal = !options.no_resume;
  load.share = options.units;
  const bool loads = options.phase == "all" || options.phase == "documents";

  const std::atomic<bool>* interrupted = CatchInterrupts();
  auto target =
      pipeline::Target::Open(options.es7, options.target, *guard, interrupted, SayOnStderr);
  if (!target.ok()) return Fail(target.status().ToString() + "; nothing migrated");
  client::Cluster& cluster = (*target)->cluster();
  client::BulkOptions bulk;
  bulk.max_batch_bytes = options.batch_bytes;
  bulk.max_batch_docs = options.batch_docs;
  bulk.gzip = options.gzip;
  // Only the documents phase sends bulk requests.
  const Result<int> concurrency =
      loads ? (*target)->BulkConcurrency(options.parallel, options.units.count, SayOnStderr) : 1;
  if (!concurrency.ok()) {
    if (Status stopped = (*target)->Stop(SayOnStderr); !stopped.ok())
      PrintError(stopped.ToString());
    return Fail(concurrency.status().ToString() + "; nothing migrated (give -p)");
  }
  bulk.concurrency = *concurrency;
  if (const size_t fitting = client::BatchBytesWithinBudget(bulk); fitting < bulk.max_batch_bytes) {
    SayOnStderr("bulk requests of at most " + std::to_string(fitting >> 10) + " KB, so that " +
                std::to_string(bulk.concurrency) + " workers stay within " +
                std::to_string(client::kBulkMemoryBudget >> 20) + " MB");
  }
  pipeline::Migration migration(plan, bulk, options.into_existing);
  Status status;
  Result<std::unique_ptr<client::DeadLetterFile>> dead =
      Status::InvalidArgument("no documents phase");
  if (options.phase == "metadata") {
    status = migration.CreateTargets(cluster, load.journal);
  } else if (options.phase == "finish") {
    status = migration.Finish(cluster, input.units, load.journal);
  } else {
    dead = client::DeadLetterFile::Create(dead_path);
    status = dead.status();
    if (status.ok()) {
      SayOnStderr("loading " + std::to_string(input.units.size()) + " units" +
                  (options.units.whole() ? "" : " (share " + options.units.ToString() + ")"));
      status = options.phase == "all"
                   ? migration.Run(cluster, (*target)->http(), input, load, **dead, interrupted,
                                   SayOnStderr)
                   : migration.Load(cluster, (*target)->http(), input, load, **dead, interrupted);
    }
  }
  const bool complete = status.ok() && !interrupted->load();
  std::vector<Status> errors = {status, (*target)->Stop(SayOnStderr)};
  if (dead.ok()) errors.push_back(complete ? (*dead)->Commit() : (*dead)->Close());
  PrintText(stdout, report.ToText());
  errors.push_back(WriteReport(report, report_file.get()));

  bool failed = !complete || migration.totals().lost() != 0;
  std::fflush(stdout);
  for (const Status& error : errors) {
    if (error.ok()) continue;
    PrintError(error.ToString());
    failed = true;
  }
  if (!loads) {
    if (!failed) PrintPhaseDone(options.phase, migration.TargetCount());
  } else if (dead.ok()) {
    // Last, so the last line says how far the run got.
    std::optional<pipeline::Incomplete> incomplete;
    if (!complete) {
      incomplete = pipeline::Incomplete{interrupted->load() ? "interrupted" : "stopped by an error",
                                        pipeline::CountDocuments(*source, input.units)};
      if (!options.units.whole()) incomplete->holder = "units " + options.units.ToString();
    }
    PrintText(stdout, pipeline::MigrationSummaryText(migration.totals(), **dead,
                                                     incomplete ? &*incomplete : nullptr));
  }
  return failed ? kExitFailure : kExitOk;
}

}  // namespace

void AddMigrateCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<MigrateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "migrate",
      "Write every document of ES 5.x/2.x data dir(s) or of a snapshot into Elasticsearch 7.x, "
      "8.x or OpenSearch");
  AddSourceFlags(*cmd, options->source);
  AddTargetFlags(*cmd, options->es7);
  cmd->add_option("--target", options->target, "The path.data of the node to spawn");
  cmd->add_option("--dead-letter", options->dead_letter,
                  "NDJSON of documents the target did not take (default: beside --target)");
  cmd->add_option("--report", options->report_file, "Write the translation report as JSON");
  cmd->add_option("--index", options->index_pattern,
                  "Source indices to migrate: ES-style pattern list (logs-*,-logs-old*)");
  AddParallelFlag(*cmd, options->parallel,
                  "Concurrent bulk requests (default: one per write thread of each data node of "
                  "the target, shared among --units workers)",
                  "from the target");
  cmd->add_flag("--dry-run", options->dry_run, "Print the translation and report; write nothing");
  AddTranslationFlags(*cmd, options->translation);
  cmd->add_option("--batch-bytes", options->batch_bytes,
                  "Bulk request size (lowered where -p workers would hold more than " +
                      std::to_string(client::kBulkMemoryBudget >> 20) + " MB of batches)")
      ->check(CLI::Range(size_t{1} << 10, size_t{1} << 30))
      ->capture_default_str();
  cmd->add_option("--batch-docs", options->batch_docs, "Documents per bulk request")
      ->check(CLI::Range(size_t{1}, size_t{100'000}))
      ->capture_default_str();
  cmd->add_flag("--gzip", options->gzip, "gzip bulk request bodies");
  cmd->add_flag("--into-existing", options->into_existing,
                "Load into target indices of the same names that shardlift did not create "
                "(refused otherwise)");
  cmd->add_option("--phase", options->phase,
                  "metadata (indices, mappings, aliases, templates; load settings), documents "
                  "(the bulk load only), finish (settings back, journal dropped), or all")
      ->check(CLI::IsMember({"metadata", "documents", "finish", "all"}))
      ->capture_default_str();
  AddUnitsFlag(*cmd, options->units, "Load only this share of the units (with --phase documents)");
  cmd->add_flag("--no-resume", options->no_resume,
                "Neither read nor write the target's journal (" +
                    std::string(pipeline::kJournalIndex) +
                    "): load every document, finish without checking that every unit was loaded");
  cmd->callback([options, cmd, &exit_code] {
    options->parallel = ResolveParallel(*cmd, options->parallel);
    ResolveTargetFlags(*cmd, options->es7);
    exit_code = RunMigrate(*options);
  });
}

}  // namespace shardlift::app
