// The source side of migrate, verify and upgrade: the data dir opened read-only, its indices and
// templates as the translation sees them (source_model_from_es5.h), and every document of an index
// streamed as an translate::SourceDocument (`_source` converted to JSON; an unconvertible one
// carries its reason).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "es5/data_dir.h"
#include "pipeline/source_scan.h"
#include "pipeline/units.h"
#include "translate/prepared_stream.h"
#include "translate/source_model.h"
#include "xcontent/converter.h"

namespace shardlift::pipeline {

struct Source {
  es5::DataDir dir;
  std::vector<translate::SourceIndex> indices;  // sorted by name
  std::vector<translate::SourceTemplate> templates;
  std::optional<snapshot::SnapshotFacts> snapshot;  // when the source is a snapshot
};

// Opens `sources` (source_scan.h: OpenSource). Unreadable parts make it fail; the error lists
// each of them on a line of its own.
Result<Source> LoadSource(const std::vector<std::string>& sources, const SourceOptions& options);

// Keeps the indices `pattern` selects (--index: an ES-style list, es5/index_pattern.h; "" keeps
// all); an error when it selects none. Templates stay: they are not indices.
Status SelectIndices(Source& source, const std::string& pattern);

// How many documents SourceDocuments streams from the indices `source` holds (after
// SelectIndices), from metadata where it suffices (as `inspect` counts them; no checksum
// verified, no source converted).
Result<int64_t> CountDocuments(const Source& source);
// The units (pipeline/units.h) of the source's indices (after SelectIndices).
std::vector<Unit> ListUnits(const Source& source);
// The same for `units` only (a --units share).
Result<int64_t> CountDocuments(const Source& source, const std::vector<Unit>& units);

// Streams the documents of a source index: all its shards, from the copies DataDir chose.
class SourceDocuments {
 public:
  explicit SourceDocuments(const es5::DataDir& dir) : dir_(dir) {}

  Status Stream(const translate::SourceIndex& index, const translate::DocumentVisitor& visit);
  // Shard `shard` of `index` from its document `skip` on: the ones before are read (the order is
  // the reader's, fixed for a data dir) but not converted nor visited.
  Status StreamShard(const translate::SourceIndex& index, int shard, int64_t skip,
                     const translate::DocumentVisitor& visit);
  // Stream and StreamShard as function objects; `this` must outlive them.
  translate::DocumentStream AsStream();
  ShardStream AsShardStream();

 private:
  const es5::IndexInfo* Find(const translate::SourceIndex& index) const;
  Status StreamCopy(const es5::IndexInfo& info, const es5::ShardInfo& shard, int64_t skip,
                    const translate::DocumentVisitor& visit);

  const es5::DataDir& dir_;
  xcontent::Converter converter_;
  std::string source_;
  std::string error_;
};

}  // namespace shardlift::pipeline
