// shardlift migrate: every document of cold ES 5.x / 2.x data dir(s) into Elasticsearch 7.x,
// 8.x or OpenSearch.
//
//   shardlift migrate <path.data>... (--target-home DIR | --target-docker [IMAGE] |
//       --target-url URL) [--target DIR] [--dead-letter FILE] [-p [N]] [--dry-run] …
//
// Translation and load live in the library (translate/migration_plan.h, pipeline/migration.h);
// this file parses the flags and prints the report, the summary table and the last line
// "migrated N of M documents, K dead-lettered, L lost" (exit 1 when L > 0 or anything failed).
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/flags.h"
#include "app/interrupt.h"
#include "pipeline/migration.h"
#include "pipeline/source.h"
#include "pipeline/summary.h"
#include "pipeline/target.h"

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
  int parallel = 1;
  bool dry_run = false;
  size_t batch_bytes = 10 << 20;
  size_t batch_docs = 5000;
  bool gzip = false;
};

int Fail(const std::string& message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return kExitFailure;
}

int RunMigrate(const MigrateOptions& options) {
  if (!options.dry_run) {
    if (Status status = pipeline::Target::CheckFlags(options.es7, options.target); !status.ok()) {
      return Fail(status.message());
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
  auto write_report = [&] {
    if (options.report_file.empty()) return;
    std::ofstream(options.report_file) << report.ToJson().dump(2) << "\n";
  };
  if (options.dry_run) {
    std::printf("%s\n\n%s", plan.ToJson().dump(2).c_str(), report.ToText().c_str());
    write_report();
    return report.HasErrors() ? kExitFailure : kExitOk;
  }
  if (report.HasErrors()) {
    std::fprintf(stderr, "%s", report.ToText().c_str());
    return Fail("the translation has errors (see above); nothing written");
  }

  client::BulkOptions bulk;
  bulk.max_batch_bytes = options.batch_bytes;
  bulk.max_batch_docs = options.batch_docs;
  bulk.gzip = options.gzip;
  bulk.concurrency = options.parallel;
  pipeline::Migration migration(plan, bulk);
  const std::atomic<bool>* interrupted = CatchInterrupts();
  auto target = pipeline::Target::Open(options.es7, options.target, interrupted, SayOnStderr);
  if (!target.ok()) return Fail(target.status().ToString());
  const std::string dead_path =
      !options.dead_letter.empty() ? options.dead_letter : DefaultDeadLetterPath(options.target);
  auto dead = client::DeadLetterFile::Create(dead_path);
  Status status = dead.status();
  if (status.ok()) {
    pipeline::SourceDocuments documents(source->dir);
    status = migration.Run((*target)->cluster(), (*target)->http(), documents.AsStream(), **dead,
                           interrupted);
  }
  const Status stopped = (*target)->Stop(SayOnStderr);
  std::printf("%s", report.ToText().c_str());
  write_report();
  if (dead.ok()) {
    (void)(*dead)->Close();
    std::printf("%s", pipeline::MigrationSummaryText(migration.totals(), **dead).c_str());
  }
  bool failed = migration.totals().lost() != 0;
  for (const Status& error : {status, stopped}) {
    if (error.ok()) continue;
    std::fprintf(stderr, "error: %s\n", error.ToString().c_str());
    failed = true;
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
  AddParallelFlag(*cmd, options->parallel, "Concurrent bulk requests");
  cmd->add_flag("--dry-run", options->dry_run, "Print the translation and report; write nothing");
  AddTranslationFlags(*cmd, options->translation);
  cmd->add_option("--batch-bytes", options->batch_bytes, "Bulk request size")
      ->capture_default_str();
  cmd->add_option("--batch-docs", options->batch_docs, "Documents per bulk request")
      ->capture_default_str();
  cmd->add_flag("--gzip", options->gzip, "gzip bulk request bodies");
  cmd->callback([options, cmd, &exit_code] {
    options->parallel = ResolveParallel(*cmd, options->parallel);
    ResolveTargetFlags(*cmd, options->es7);
    exit_code = RunMigrate(*options);
  });
}

}  // namespace shardlift::app
