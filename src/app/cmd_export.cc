// `shardlift export <path.data>...`: flags, progress and printing over pipeline::Export (every
// live document as NDJSON in elasticdump's format, in a deterministic order), with a reconciling
// summary on stderr.
#include "app/commands.h"
#include "app/flags.h"
#include "app/progress.h"
#include "pipeline/export.h"

namespace shardlift::app {

namespace {

struct ExportFlags {
  SourceFlags source;
  std::string output = "-";
  bool quiet = false;
  bool verbose = false;
  pipeline::ExportOptions export_options;
};

void PrintSummary(const pipeline::ExportReport& report) {
  std::fprintf(stderr,
               "export summary (docs read = committed live + translog new - translog "
               "deleted):\n");
  for (const auto& [name, t] : report.tallies) {
    std::fprintf(stderr,
                 "  %s: %lld docs = %lld committed + %lld translog new - %lld translog "
                 "deleted (%lld replaced by newer translog versions)%s\n",
                 Printable(name).c_str(), static_cast<long long>(t.emitted),
                 static_cast<long long>(t.committed_live), static_cast<long long>(t.translog_added),
                 static_cast<long long>(t.translog_deleted),
                 static_cast<long long>(t.translog_replaced),
                 t.Reconciles() ? "" : "  ** does not reconcile: see the errors **");
    if (t.source_disabled > 0) {
      std::fprintf(stderr,
                   "    %lld docs without _source (_source disabled): exported without it\n",
                   static_cast<long long>(t.source_disabled));
    }
    if (t.nested_skipped > 0) {
      std::fprintf(stderr, "    %lld nested docs skipped (they live inside their root's _source)\n",
                   static_cast<long long>(t.nested_skipped));
    }
    if (t.skipped_docs > 0) {
      std::fprintf(stderr, "    %lld docs skipped as broken\n",
                   static_cast<long long>(t.skipped_docs));
    }
    for (const std::string& warning : t.warnings)
      PrintText(stderr, "    warning: " + warning + "\n");
  }
  std::fprintf(stderr, "  total: %lld docs\n", static_cast<long long>(report.emitted()));
}

int RunExport(const ExportFlags& flags) {
  const bool skip_broken = flags.export_options.skip_broken;
  const Verbosity verbosity = flags.quiet     ? Verbosity::kQuiet
                              : flags.verbose ? Verbosity::kVerbose
                                              : Verbosity::kNormal;
  Result<pipeline::Export> source =
      pipeline::Export::Open(flags.source.sources, flags.source.options, flags.export_options);
  if (!source.ok()) {
    PrintError(source.status().ToString());
    return kExitFailure;
  }
  if (verbosity != Verbosity::kQuiet) {
    for (const std::string& line : DescribeSnapshotSource(source->snapshot())) SayOnStderr(line);
  }
  // Every refusal comes before the output is opened: a refused export writes nothing.
  if (!source->source_problems().empty() && !skip_broken) {
    for (const std::string& line : source->source_problems()) PrintError(line);
    std::fprintf(stderr, "nothing exported; --skip-broken exports the rest\n");
    return kExitFailure;
  }
  if (verbosity == Verbosity::kVerbose) {
    for (const es5::Leftover& leftover : source->leftovers()) {
      PrintText(stderr, "not exported: " + leftover.path + ": " + leftover.reason + "\n");
    }
  }
  if (const Status selection = source->CheckSelection(); !selection.ok()) {
    PrintError(selection.message());
    return kExitFailure;
  }
  Result<std::unique_ptr<pipeline::OutputFile>> output = source->OpenOutput(flags.output, "-o");
  if (!output.ok()) {
    PrintError(output.status().ToString());
    return kExitFailure;
  }

  Progress progress(verbosity, source->expected_docs());
  const pipeline::ExportReport report =
      source->Run(**output, [&](int64_t docs, uint64_t bytes) { progress.Add(docs, bytes); });
  const Status closed = (*output)->Close();
  progress.Finish();

  // A write that failed during the run or at Close (a full disk): OutputFile's sticky error.
  if (const Status& failed = (*output)->write_error(); !failed.ok()) {
    PrintError(failed.ToString());
    std::fprintf(stderr, "export stopped: the output could not be written\n");
    return kExitFailure;
  }
  if (!flags.quiet) {
    PrintSummary(report);
    if (flags.verbose) {
      for (const std::string& line : source->ShardChoices()) PrintText(stderr, "  " + line + "\n");
    }
  }
  if (!report.stopped.ok()) {
    PrintError(report.stopped.ToString());
    if (!skip_broken) std::fprintf(stderr, "export stopped; --skip-broken exports the rest\n");
    return kExitFailure;
  }
  if (!closed.ok()) {
    PrintError(closed.ToString());
    return kExitFailure;
  }
  if (!report.broken.empty()) {
    std::fprintf(stderr, "skipped as broken (%zu):\n", report.broken.size());
    for (const std::string& line : report.broken) PrintText(stderr, "  " + line + "\n");
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void AddExportCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<ExportFlags>();
  CLI::App* cmd = app.add_subcommand(
      "export",
      "Write every live document of the data dir(s) or of a snapshot as NDJSON (elasticdump "
      "format), in a deterministic order");
  AddSourceFlags(*cmd, flags->source);
  cmd->add_option("-o,--output", flags->output, "Output file; '-' = stdout; *.gz = gzip")
      ->capture_default_str();
  cmd->add_option("--index", flags->export_options.index_pattern,
                  "Indices to export: ES-style pattern list (logs-*,-logs-old*)");
  AddParallelFlag(*cmd, flags->export_options.parallel,
                  "Shards read concurrently (output order is unchanged)");
  cmd->add_flag("--quiet", flags->quiet, "No progress and no summary (errors still print)");
  cmd->add_flag("--verbose", flags->verbose, "Also list shard copy choices and leftovers");
  cmd->add_flag("--skip-broken", flags->export_options.skip_broken,
                "Export what can be read, list the broken parts at the end (exit code stays 1)");
  cmd->callback([flags, cmd, &exit_code] {
    flags->export_options.parallel = ResolveParallel(*cmd, flags->export_options.parallel);
    exit_code = RunExport(*flags);
  });
}

}  // namespace shardlift::app
