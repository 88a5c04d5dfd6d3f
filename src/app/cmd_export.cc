// `shardlift export <path.data>...`: every live document as NDJSON (elasticdump's format), in a
// deterministic order, with a reconciling summary on stderr.
#include <algorithm>
#include <thread>

#include "app/commands.h"
#include "app/flags.h"
#include "app/progress.h"
#include "io/source_guard.h"
#include "pipeline/ordered_jobs.h"
#include "pipeline/output_file.h"
#include "pipeline/source_scan.h"

namespace shardlift::app {

namespace {

constexpr size_t kBatchBytes = size_t{64} << 10;

struct ExportOptions {
  SourceFlags source;
  std::string output = "-";
  std::string index_pattern;
  int parallel = 1;
  bool quiet = false;
  bool verbose = false;
  bool skip_broken = false;
};

void PrintSummary(const std::vector<std::pair<std::string, pipeline::IndexTally>>& tallies,
                  const std::vector<pipeline::ShardJob>& jobs, bool verbose) {
  std::fprintf(stderr,
               "export summary (docs read = committed live + translog new - translog "
               "deleted):\n");
  int64_t total = 0;
  for (const auto& [name, t] : tallies) {
    total += t.emitted;
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
  std::fprintf(stderr, "  total: %lld docs\n", static_cast<long long>(total));
  if (verbose) {
    for (const pipeline::ShardJob& job : jobs) {
      PrintText(stderr, "  " + Printable(job.index->meta.name) + " shard " +
                            std::to_string(job.shard->shard_id) + ": " +
                            job.shard->chosen()->shard_dir + ": " + job.shard->choice.reason +
                            "\n");
    }
  }
}

int RunExport(const ExportOptions& options) {
  const Verbosity verbosity = options.quiet     ? Verbosity::kQuiet
                              : options.verbose ? Verbosity::kVerbose
                                                : Verbosity::kNormal;
  Result<pipeline::OpenedSource> source =
      pipeline::OpenSource(options.source.sources, options.source.options);
  if (!source.ok()) {
    PrintError(source.status().ToString());
    return kExitFailure;
  }
  if (verbosity != Verbosity::kQuiet) {
    for (const std::string& line : DescribeSnapshotSource(source->snapshot)) SayOnStderr(line);
  }
  const es5::DataDir* dir = &source->dir;
  const es5::IndexPattern pattern(options.index_pattern);
  std::vector<std::string> broken;
  for (const es5::Problem& problem : dir->problems()) {
    if (problem.index.empty() || pattern.Matches(problem.index)) {
      broken.push_back(problem.status.ToString());
    }
  }
  if (!broken.empty() && !options.skip_broken) {
    for (const std::string& line : broken) PrintError(line);
    std::fprintf(stderr, "nothing exported; --skip-broken exports the rest\n");
    return kExitFailure;
  }
  if (verbosity == Verbosity::kVerbose) {
    for (const es5::Leftover& leftover : dir->leftovers()) {
      PrintText(stderr, "not exported: " + leftover.path + ": " + leftover.reason + "\n");
    }
  }

  const auto selected = [&](const es5::IndexInfo& index) {
    return pattern.Matches(index.meta.name);
  };
  if (!options.index_pattern.empty() &&
      std::none_of(dir->indices().begin(), dir->indices().end(), selected)) {
    // Worded as migrate and verify say it (pipeline::SelectIndices).
    PrintError("--index " + options.index_pattern +
               " selects no index of the source; nothing "
               "exported");
    return kExitFailure;
  }
  Result<io::SourceGuard> guard = io::SourceGuard::Of(pipeline::SourceDirs(options.source.sources));
  Result<std::unique_ptr<pipeline::OutputFile>> output =
      guard.ok() ? pipeline::OutputFile::Open(options.output, "-o", *guard)
                 : Result<std::unique_ptr<pipeline::OutputFile>>(guard.status());
  if (!output.ok()) {
    PrintError(output.status().ToString());
    return kExitFailure;
  }
  const std::vector<pipeline::ShardJob> jobs = pipeline::SelectShards(*dir, pattern);
  int64_t expected_docs = 0;
  for (const pipeline::ShardJob& job : jobs) expected_docs += job.shard->chosen()->facts.docs;
  Progress progress(verbosity, expected_docs);

  const int workers = options.parallel;
  std::vector<pipeline::ShardOutcome> outcomes(jobs.size());
  std::vector<std::unique_ptr<pipeline::DocumentJson>> converters;
  std::mutex converters_mutex;
  std::vector<std::pair<std::string, pipeline::IndexTally>> tallies;
  const Status run = pipeline::RunOrderedJobs(
      jobs.size(), workers, **output,
      [&](size_t i, pipeline::ByteSink& sink) -> Status {
        std::unique_ptr<pipeline::DocumentJson> json;
        {
          std::lock_guard lock(converters_mutex);
          if (!converters.empty()) {
            json = std::move(converters.back());
            converters.pop_back();
          }
        }
        if (!json) json = std::make_unique<pipeline::DocumentJson>();
        // Lines leave in batches: one sink lock and one progress update per batch, not per line.
        std::string batch;
        int64_t batch_docs = 0;
        const auto flush = [&] {
          progress.Add(batch_docs, batch.size());
          const Status appended = sink.Append(batch);
          batch.clear();
          batch_docs = 0;
          return appended;
        };
        pipeline::ReadShard(
            jobs[i], options.skip_broken, *json, batch,
            [&] {
              ++batch_docs;
              return batch.size() < kBatchBytes ? Status() : flush();
            },
            outcomes[i]);
        const Status flushed = flush();  // what was read before an error goes out too
        if (outcomes[i].status.ok()) outcomes[i].status = flushed;
        std::lock_guard lock(converters_mutex);
        converters.push_back(std::move(json));
        return outcomes[i].status;
      },
      [&](size_t i, const Status& status) -> Status {
        // A failed write stops everything, --skip-broken or not: it is no broken source part.
        SL_RETURN_IF_ERROR((*output)->write_error());
        const std::string& name = jobs[i].index->meta.name;
        if (tallies.empty() || tallies.back().first != name)
          tallies.emplace_back(name, pipeline::IndexTally{});
        tallies.back().second.Add(jobs[i], outcomes[i]);
        if (!status.ok() && !options.skip_broken) return status;
        return Status();
      });
  const Status closed = (*output)->Close();
  progress.Finish();

  for (const auto& [name, tally] : tallies)
    broken.insert(broken.end(), tally.broken.begin(), tally.broken.end());
  if (const Status& failed = (*output)->write_error(); !failed.ok()) {
    PrintError(failed.ToString());
    std::fprintf(stderr, "export stopped: the output could not be written\n");
    return kExitFailure;
  }
  if (!options.quiet) PrintSummary(tallies, jobs, options.verbose);
  if (!run.ok()) {
    PrintError(run.ToString());
    if (!options.skip_broken)
      std::fprintf(stderr, "export stopped; --skip-broken exports the rest\n");
    return kExitFailure;
  }
  if (!closed.ok()) {
    PrintError(closed.ToString());
    return kExitFailure;
  }
  if (!broken.empty()) {
    std::fprintf(stderr, "skipped as broken (%zu):\n", broken.size());
    for (const std::string& line : broken) PrintText(stderr, "  " + line + "\n");
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

void AddExportCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ExportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "export",
      "Write every live document of the data dir(s) or of a snapshot as NDJSON (elasticdump "
      "format), in a deterministic order");
  AddSourceFlags(*cmd, options->source);
  cmd->add_option("-o,--output", options->output, "Output file; '-' = stdout; *.gz = gzip")
      ->capture_default_str();
  cmd->add_option("--index", options->index_pattern,
                  "Indices to export: ES-style pattern list (logs-*,-logs-old*)");
  AddParallelFlag(*cmd, options->parallel, "Shards read concurrently (output order is unchanged)");
  cmd->add_flag("--quiet", options->quiet, "No progress and no summary (errors still print)");
  cmd->add_flag("--verbose", options->verbose, "Also list shard copy choices and leftovers");
  cmd->add_flag("--skip-broken", options->skip_broken,
                "Export what can be read, list the broken parts at the end (exit code stays 1)");
  cmd->callback([options, cmd, &exit_code] {
    options->parallel = ResolveParallel(*cmd, options->parallel);
    exit_code = RunExport(*options);
  });
}

}  // namespace shardlift::app
