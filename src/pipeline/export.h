// Export: every live document of the selected indices as NDJSON lines (DocumentJson), in the
// fixed order of SelectShards whatever the parallelism (RunOrderedJobs), with per-index tallies
// that reconcile. What `shardlift export` runs; the command adds flags, progress and printing.
//
//   Result<Export> exp = Export::Open(sources, source_options, options);
//   refuse, writing nothing, while exp->source_problems() (unless skip_broken) or
//       exp->CheckSelection() say so; then open the output through exp->OpenOutput(...)
//   ExportReport report = exp->Run(*output, progress);
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "es5/data_dir.h"
#include "pipeline/ordered_jobs.h"
#include "pipeline/output_file.h"
#include "pipeline/source_scan.h"

namespace shardlift::pipeline {

struct ExportOptions {
  std::string index_pattern;  // ES-style list ("logs-*,-logs-old*"); empty: every index
  int parallel = 1;           // shards read concurrently
  bool skip_broken = false;   // export what can be read, list the rest
};

struct ExportReport {
  std::vector<std::pair<std::string, IndexTally>> tallies;  // per index, in export order
  // Everything skipped under skip_broken: the source's problems, shards and documents that could
  // not be read. Non-empty means the export is incomplete.
  std::vector<std::string> broken;
  // What stopped the run: a refusal (source problems, an empty selection), a shard that could not
  // be read (without skip_broken), or the output.
  Status stopped;
  // The first write to the output that failed: it stops the run, skip_broken or not (it is no
  // broken part of the source), and the tallies hold only what went out before it.
  Status write_error;
  int64_t emitted() const;
};

// Docs and line bytes that went out since the last call (from any worker thread).
using ExportProgress = std::function<void(int64_t docs, uint64_t bytes)>;

class Export {
 public:
  // Opens `sources` read-only (source_scan.h: OpenSource; data dirs or one snapshot).
  static Result<Export> Open(const std::vector<std::string>& sources,
                             const SourceOptions& source_options, ExportOptions options);

  // The snapshot read, when the source is one.
  const std::optional<snapshot::SnapshotFacts>& snapshot() const { return source_.snapshot; }
  // Parts of the source that could not be read, in the selected indices or cluster-wide. Run
  // exports nothing while there are any, unless skip_broken.
  const std::vector<std::string>& source_problems() const { return source_problems_; }
  // InvalidArgument "--index <pattern> selects no index of the source; nothing exported" for a
  // pattern that selects nothing (worded as migrate and verify say it), else OK. Run refuses too.
  Status CheckSelection() const;
  // Folders that are not exported (deleted indices, folders without state), with the reason.
  const std::vector<es5::Leftover>& leftovers() const { return source_.dir.leftovers(); }
  // The documents the chosen shard copies hold, by their metadata (for progress).
  int64_t expected_docs() const;
  // "<index> shard <n>: <shard dir>: <why this copy>", one per shard in export order; the index
  // name escaped (base/printable.h), as it comes from the data.
  std::vector<std::string> ShardChoices() const;

  // Opens the output `path` ("-": stdout; `what` names it in messages: "-o") once io::SourceGuard
  // said that writing it cannot change the source: a refused path is never created or truncated.
  Result<std::unique_ptr<OutputFile>> OpenOutput(const std::string& path,
                                                 std::string_view what) const;

  // Writes every document's line to `out`; `progress` (may be empty) hears of each batch.
  // Refused, nothing written, while source_problems() (unless skip_broken) or CheckSelection()
  // say so.
  ExportReport Run(ByteSink& out, const ExportProgress& progress) const;

 private:
  Export(OpenedSource source, std::vector<std::string> sources, ExportOptions options);

  OpenedSource source_;
  std::vector<std::string> sources_;  // as given: the guard protects the dirs they name
  ExportOptions options_;
  es5::IndexPattern pattern_;
  std::vector<std::string> source_problems_;
};

}  // namespace shardlift::pipeline
