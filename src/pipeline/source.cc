#include "pipeline/source.h"

#include <algorithm>
#include <map>
#include <string_view>

#include "es5/index_pattern.h"
#include "es5/shard_reader.h"
#include "pipeline/source_model_from_es5.h"

namespace shardlift::pipeline {

Result<Source> LoadSource(const std::vector<std::string>& sources, const SourceOptions& options) {
  SL_ASSIGN_OR_RETURN(OpenedSource opened, OpenSource(sources, options));
  if (!opened.dir.problems().empty()) {
    std::string listed;
    for (const es5::Problem& problem : opened.dir.problems()) {
      listed += "\n  " + problem.status.ToString();
    }
    return Status::Corruption("the source has unreadable parts:" + listed);
  }
  Source source{std::move(opened.dir), {}, {}, std::move(opened.snapshot)};
  for (const es5::IndexInfo& index : source.dir.indices()) {
    source.indices.push_back(ToSourceIndex(index.meta));
  }
  std::sort(source.indices.begin(), source.indices.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  if (const es5::GlobalMetadata* global = source.dir.global()) {
    for (const es5::IndexTemplate& index_template : global->templates) {
      source.templates.push_back(ToSourceTemplate(index_template));
    }
  }
  return source;
}

Status SelectIndices(Source& source, const std::string& pattern) {
  if (pattern.empty()) return Status();
  const es5::IndexPattern selected(pattern);
  std::erase_if(source.indices,
                [&](const translate::SourceIndex& index) { return !selected.Matches(index.name); });
  if (source.indices.empty()) {
    return Status::InvalidArgument("--index " + pattern + " selects no index of the source");
  }
  return Status();
}

Result<int64_t> CountDocuments(const Source& source) {
  return CountDocuments(source, ListUnits(source));
}

std::vector<Unit> ListUnits(const Source& source) {
  std::vector<std::string> names;
  for (const translate::SourceIndex& index : source.indices) names.push_back(index.name);
  return ListUnits(source.dir, std::move(names));
}

Result<int64_t> CountDocuments(const Source& source, const std::vector<Unit>& units) {
  lucene::ReadOptions options;
  options.verify_checksums = false;
  std::map<std::string_view, const es5::IndexInfo*> by_name;
  for (const es5::IndexInfo& index : source.dir.indices()) by_name[index.meta.name] = &index;
  int64_t count = 0;
  for (const Unit& unit : units) {
    const auto found = by_name.find(unit.index);
    if (found == by_name.end()) continue;
    const es5::IndexInfo& index = *found->second;
    for (const es5::ShardInfo& shard : index.shards) {
      if (shard.shard_id != unit.shard) continue;
      const es5::ShardCopy* copy = shard.chosen();
      if (copy == nullptr) continue;  // SourceDocuments fails on it: nothing of it is streamed
      SL_ASSIGN_OR_RETURN(es5::ShardFiles files, copy->Files());
      SL_ASSIGN_OR_RETURN(auto reader,
                          es5::ShardReader::Open(index.meta, std::move(files), options));
      // One sampled document per segment: the survey never converts a source for us.
      SL_RETURN_IF_ERROR(reader->Survey(1, [](const es5::Document&) { return Status(); }));
      count += reader->stats().emitted;
    }
  }
  return count;
}

const es5::IndexInfo* SourceDocuments::Find(const translate::SourceIndex& index) const {
  for (const es5::IndexInfo& candidate : dir_.indices()) {
    if (candidate.meta.name == index.name) return &candidate;
  }
  return nullptr;
}

Status SourceDocuments::Stream(const translate::SourceIndex& index,
                               const translate::DocumentVisitor& visit) {
  const es5::IndexInfo* info = Find(index);
  if (info == nullptr) return Status::NotFound("source index " + index.name);
  for (const es5::ShardInfo& shard : info->shards) {
    SL_RETURN_IF_ERROR(StreamCopy(*info, shard, 0, visit));
  }
  return Status();
}

Status SourceDocuments::StreamShard(const translate::SourceIndex& index, int shard, int64_t skip,
                                    const translate::DocumentVisitor& visit) {
  const es5::IndexInfo* info = Find(index);
  if (info == nullptr) return Status::NotFound("source index " + index.name);
  for (const es5::ShardInfo& candidate : info->shards) {
    if (candidate.shard_id == shard) return StreamCopy(*info, candidate, skip, visit);
  }
  return Status::NotFound(index.name + " shard " + std::to_string(shard));
}

Status SourceDocuments::StreamCopy(const es5::IndexInfo& info, const es5::ShardInfo& shard,
                                   int64_t skip, const translate::DocumentVisitor& visit) {
  const es5::ShardCopy* copy = shard.chosen();
  if (copy == nullptr) {
    return Status::NotFound(info.meta.name + " shard " + std::to_string(shard.shard_id) +
                            ": no readable copy (" + shard.choice.reason + ")");
  }
  SL_ASSIGN_OR_RETURN(es5::ShardFiles files, copy->Files());
  SL_ASSIGN_OR_RETURN(auto reader, es5::ShardReader::Open(info.meta, std::move(files)));
  int64_t seen = 0;
  return reader->ForEach([&](const es5::Document& doc) -> Status {
    if (seen++ < skip) return Status();
    translate::SourceDocument out;
    out.index = doc.index;
    out.type = doc.type;
    out.id = doc.id;
    out.version = doc.version;
    if (doc.has_routing) out.routing = doc.routing;
    if (doc.has_parent) out.parent = doc.parent;
    if (doc.has_timestamp) out.timestamp = doc.timestamp;
    if (doc.has_ttl) out.ttl = doc.ttl;
    if (doc.has_source) {
      source_.clear();
      if (Status status = converter_.AppendJson(doc.source, source_); !status.ok()) {
        // Dead-lettered with the reason, not a reason to stop the whole migration.
        error_ = status.WithContext(doc.Describe()).ToString();
        out.source_error = error_;
      } else {
        out.source = source_;
      }
    }
    return visit(out);
  });
}

translate::DocumentStream SourceDocuments::AsStream() {
  return [this](const translate::SourceIndex& index, const translate::DocumentVisitor& visit) {
    return Stream(index, visit);
  };
}

ShardStream SourceDocuments::AsShardStream() {
  return [this](const translate::SourceIndex& index, int shard, int64_t skip,
                const translate::DocumentVisitor& visit) {
    return StreamShard(index, shard, skip, visit);
  };
}

}  // namespace shardlift::pipeline
