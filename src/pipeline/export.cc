#include "pipeline/export.h"

#include <algorithm>
#include <memory>
#include <mutex>

#include "base/printable.h"
#include "io/source_guard.h"

namespace shardlift::pipeline {

namespace {

// Lines leave a job in batches of about this size: one sink append (a lock when parallel) and one
// progress update per batch, not per line; small enough to stay in the L2 cache.
constexpr size_t kBatchBytes = size_t{64} << 10;

// DocumentJson converters handed from job to job: their buffers and tables stay warm.
class ConverterPool {
 public:
  std::unique_ptr<DocumentJson> Take() {
    std::lock_guard lock(mutex_);
    if (free_.empty()) return std::make_unique<DocumentJson>();
    std::unique_ptr<DocumentJson> json = std::move(free_.back());
    free_.pop_back();
    return json;
  }
  void Return(std::unique_ptr<DocumentJson> json) {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(json));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<DocumentJson>> free_;
};

// Reads one shard into `sink` in batches; the outcome holds its counts and errors.
Status ExportShard(const ShardJob& job, bool skip_broken, DocumentJson& json, ByteSink& sink,
                   const ExportProgress& progress, ShardOutcome& outcome) {
  std::string batch;
  int64_t batch_docs = 0;
  const auto flush = [&] {
    if (progress) progress(batch_docs, batch.size());
    const Status appended = sink.Append(batch);
    batch.clear();
    batch_docs = 0;
    return appended;
  };
  ReadShard(
      job, skip_broken, json, batch,
      [&] {
        ++batch_docs;
        return batch.size() < kBatchBytes ? Status() : flush();
      },
      outcome);
  const Status flushed = flush();  // what was read before an error goes out too
  if (outcome.status.ok()) outcome.status = flushed;
  return outcome.status;
}

// The output as RunOrderedJobs sees it: remembers the first failed write, which stops the run
// even under skip_broken (a job that hit it reports it as its own error). Appends come from one
// thread at a time (the head job's), ordered before `done` reads the error.
class WatchedSink final : public ByteSink {
 public:
  explicit WatchedSink(ByteSink& out) : out_(out) {}
  Status Append(std::string_view bytes) override {
    if (!error_.ok()) return error_;
    error_ = out_.Append(bytes);
    return error_;
  }
  const Status& error() const { return error_; }

 private:
  ByteSink& out_;
  Status error_;
};

}  // namespace

int64_t ExportReport::emitted() const {
  int64_t total = 0;
  for (const auto& [name, tally] : tallies) total += tally.emitted;
  return total;
}

Export::Export(OpenedSource source, std::vector<std::string> sources, ExportOptions options)
    : source_(std::move(source)),
      sources_(std::move(sources)),
      options_(std::move(options)),
      pattern_(options_.index_pattern) {
  for (const es5::Problem& problem : source_.dir.problems()) {
    if (problem.index.empty() || pattern_.Matches(problem.index)) {
      source_problems_.push_back(problem.status.ToString());
    }
  }
}

Result<Export> Export::Open(const std::vector<std::string>& sources,
                            const SourceOptions& source_options, ExportOptions options) {
  SL_ASSIGN_OR_RETURN(OpenedSource source, OpenSource(sources, source_options));
  return Export(std::move(source), sources, std::move(options));
}

Status Export::CheckSelection() const {
  const std::vector<es5::IndexInfo>& indices = source_.dir.indices();
  if (options_.index_pattern.empty() ||
      std::any_of(indices.begin(), indices.end(),
                  [&](const es5::IndexInfo& index) { return pattern_.Matches(index.meta.name); })) {
    return Status();
  }
  return Status::InvalidArgument("--index " + options_.index_pattern +
                                 " selects no index of the source; nothing exported");
}

int64_t Export::expected_docs() const {
  int64_t docs = 0;
  for (const ShardJob& job : SelectShards(source_.dir, pattern_))
    docs += job.shard->chosen()->facts.docs;
  return docs;
}

std::vector<std::string> Export::ShardChoices() const {
  std::vector<std::string> lines;
  for (const ShardJob& job : SelectShards(source_.dir, pattern_)) {
    lines.push_back(Printable(job.index->meta.name) + " shard " +
                    std::to_string(job.shard->shard_id) + ": " + job.shard->chosen()->shard_dir +
                    ": " + job.shard->choice.reason);
  }
  return lines;
}

Result<std::unique_ptr<OutputFile>> Export::OpenOutput(const std::string& path,
                                                       std::string_view what) const {
  SL_ASSIGN_OR_RETURN(io::SourceGuard guard, io::SourceGuard::Of(SourceDirs(sources_)));
  return OutputFile::Open(path, what, guard);
}

ExportReport Export::Run(ByteSink& out, const ExportProgress& progress) const {
  ExportReport report;
  report.broken = source_problems_;
  if (!source_problems_.empty() && !options_.skip_broken) {
    report.stopped = Status::Corruption("the source has unreadable parts: nothing exported");
    return report;
  }
  report.stopped = CheckSelection();
  if (!report.stopped.ok()) return report;
  WatchedSink output(out);
  const std::vector<ShardJob> jobs = SelectShards(source_.dir, pattern_);
  std::vector<ShardOutcome> outcomes(jobs.size());
  ConverterPool converters;
  report.stopped = RunOrderedJobs(
      jobs.size(), options_.parallel, output,
      [&](size_t i, ByteSink& sink) -> Status {
        std::unique_ptr<DocumentJson> json = converters.Take();
        const Status status =
            ExportShard(jobs[i], options_.skip_broken, *json, sink, progress, outcomes[i]);
        converters.Return(std::move(json));
        return status;
      },
      [&](size_t i, const Status& status) -> Status {
        SL_RETURN_IF_ERROR(output.error());
        const std::string& name = jobs[i].index->meta.name;
        if (report.tallies.empty() || report.tallies.back().first != name) {
          report.tallies.emplace_back(name, IndexTally{});
        }
        report.tallies.back().second.Add(jobs[i], outcomes[i]);
        if (!status.ok() && !options_.skip_broken) return status;
        return Status();
      });
  report.write_error = output.error();
  for (const auto& [name, tally] : report.tallies) {
    report.broken.insert(report.broken.end(), tally.broken.begin(), tally.broken.end());
  }
  return report;
}

}  // namespace shardlift::pipeline
