#include "pipeline/source_scan.h"

namespace shardlift::pipeline {

namespace {

Result<es5::DataDir> OpenDataDir(const std::vector<std::string>& roots, bool force) {
  SL_ASSIGN_OR_RETURN(es5::DataDir dir, es5::DataDir::Open(roots, es5::ProbeShardCopy));
  if (!force) {
    for (const es5::NodeLockState& lock : dir.locks()) {
      if (lock.probe.state == es5::NodeLockProbe::State::kHeld) {
        return Status::InvalidArgument(
            lock.lock_file + " is locked" +
            (lock.probe.holder_pid > 0 ? " by process " + std::to_string(lock.probe.holder_pid)
                                       : std::string()) +
            ": an Elasticsearch node is still running on this data dir. Stop it first (its "
            "files change while it runs), or pass --force to read it anyway");
      }
    }
  }
  return dir;
}

}  // namespace

Result<OpenedSource> OpenSource(const std::vector<std::string>& sources,
                                const SourceOptions& options) {
  for (const std::string& source : sources) {
    const std::optional<snapshot::SnapshotSpec> spec = snapshot::ParseSnapshotSpec(source);
    if (!spec) continue;
    if (sources.size() != 1) {
      return Status::InvalidArgument(source +
                                     ": a snapshot is a source of its own, not to be combined "
                                     "with other sources");
    }
    snapshot::SnapshotOptions snapshot_options;
    snapshot_options.allow_partial = options.allow_partial;
    SL_ASSIGN_OR_RETURN(snapshot::SnapshotSource opened,
                        snapshot::OpenSnapshotSource(*spec, snapshot_options));
    return OpenedSource{std::move(opened.dir), std::move(opened.facts)};
  }
  SL_ASSIGN_OR_RETURN(es5::DataDir dir, OpenDataDir(sources, options.force));
  return OpenedSource{std::move(dir), std::nullopt};
}

std::vector<std::string> SourceDirs(const std::vector<std::string>& sources) {
  std::vector<std::string> dirs;
  for (const std::string& source : sources) {
    const std::optional<snapshot::SnapshotSpec> spec = snapshot::ParseSnapshotSpec(source);
    dirs.push_back(spec ? spec->repository : source);
  }
  return dirs;
}

std::vector<std::string> DescribeLocks(const es5::DataDir& dir) {
  std::vector<std::string> lines;
  for (const es5::NodeLockState& lock : dir.locks()) {
    std::string state;
    if (!lock.error.ok()) {
      state = "unknown (" + lock.error.message() + ")";
    } else if (lock.probe.state == es5::NodeLockProbe::State::kHeld) {
      state =
          "HELD" + (lock.probe.holder_pid > 0 ? " by pid " + std::to_string(lock.probe.holder_pid)
                                              : std::string());
    } else if (lock.probe.state == es5::NodeLockProbe::State::kNoLockFile) {
      state = "no lock file";
    } else {
      state = "free";
    }
    lines.push_back(lock.lock_file + ": " + state);
  }
  return lines;
}

std::vector<ShardJob> SelectShards(const es5::DataDir& dir, const es5::IndexPattern& pattern) {
  std::vector<ShardJob> jobs;
  for (const es5::IndexInfo& index : dir.indices()) {
    if (!pattern.Matches(index.meta.name)) continue;
    for (const es5::ShardInfo& shard : index.shards) jobs.push_back({&index, &shard});
  }
  return jobs;
}

namespace {

// Appends each document's line to `lines`, then calls `line_added`. A document whose `_source`
// does not convert fails the shard, or is skipped and listed when `skip_broken_docs`.
es5::ShardReader::Sink ConvertingSink(bool skip_broken_docs, DocumentJson& json, std::string& lines,
                                      const std::function<Status()>& line_added,
                                      ShardOutcome& outcome) {
  return
      [skip_broken_docs, &json, &lines, &line_added, &outcome](const es5::Document& doc) -> Status {
        if (Status status = json.Append(doc, lines); !status.ok()) {
          Status located = status.WithContext(doc.Describe() + " _source");
          if (!skip_broken_docs) return located;
          outcome.broken_docs.push_back(located.ToString());
          return Status();
        }
        return line_added();
      };
}

Result<std::unique_ptr<es5::ShardReader>> OpenShard(const ShardJob& job,
                                                    const lucene::ReadOptions& options) {
  SL_ASSIGN_OR_RETURN(es5::ShardFiles files, job.shard->chosen()->Files());
  return es5::ShardReader::Open(job.index->meta, std::move(files), options);
}

}  // namespace

void ReadShard(const ShardJob& job, bool skip_broken_docs, DocumentJson& json, std::string& lines,
               const std::function<Status()>& line_added, ShardOutcome& outcome) {
  Result<std::unique_ptr<es5::ShardReader>> reader = OpenShard(job, lucene::ReadOptions());
  if (!reader.ok()) {
    outcome.status = reader.status();
    return;
  }
  outcome.status =
      (*reader)->ForEach(ConvertingSink(skip_broken_docs, json, lines, line_added, outcome));
  outcome.stats = (*reader)->stats();
  json.TakeFormats(outcome.formats);
}

void SurveyShard(const ShardJob& job, DocumentJson& json, ShardOutcome& outcome) {
  lucene::ReadOptions options;
  options.verify_checksums = false;  // a CRC reads every byte: that is export's job
  Result<std::unique_ptr<es5::ShardReader>> reader = OpenShard(job, options);
  if (!reader.ok()) {
    outcome.status = reader.status();
    return;
  }
  std::string line;
  const std::function<Status()> discard = [&line] {
    line.clear();
    return Status();
  };
  outcome.status =
      (*reader)->Survey(kSurveySamplesPerSegment,
                        ConvertingSink(/*skip_broken_docs=*/true, json, line, discard, outcome));
  outcome.stats = (*reader)->stats();
  json.TakeFormats(outcome.formats);
}

void IndexTally::Add(const ShardJob& job, const ShardOutcome& outcome) {
  ++shards;
  const es5::ShardStats& s = outcome.stats;
  committed_live += s.committed_live;
  nested_skipped += s.nested_skipped;
  skipped_docs += static_cast<int64_t>(outcome.broken_docs.size());
  emitted += s.emitted - static_cast<int64_t>(outcome.broken_docs.size());
  source_disabled += s.source_disabled;
  translog_index_ops += s.translog.index_ops;
  translog_delete_ops += s.translog.delete_ops;
  translog_added += s.translog.added;
  translog_replaced += s.translog.replaced;
  translog_deleted += s.translog.deleted;
  for (const auto& [format, count] : outcome.formats) formats[format] += count;
  const std::string shard = job.index->meta.name + " shard " + std::to_string(job.shard->shard_id);
  for (const std::string& torn : s.translog.torn_tails) {
    warnings.push_back(shard + ": dropped a torn translog op at the end: " + torn);
  }
  if (!outcome.status.ok()) {
    broken.push_back(shard + ": stopped after " + std::to_string(s.emitted) +
                     " documents: " + outcome.status.ToString());
  }
  for (const std::string& doc : outcome.broken_docs) broken.push_back(shard + ": skipped " + doc);
}

}  // namespace shardlift::pipeline
