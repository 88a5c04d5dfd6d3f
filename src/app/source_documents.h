// The source side of migrate, verify and upgrade: the data dir opened read-only, its indices and
// templates as es7 sees them (migrate_source.h), and every document of an index streamed as an
// es7::SourceDocument (`_source` converted to JSON; an unconvertible one carries its reason).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "es5/data_dir.h"
#include "es7/prepared_stream.h"
#include "es7/source_model.h"
#include "xcontent/converter.h"

namespace shardlift::app {

struct Source {
  es5::DataDir dir;
  std::vector<es7::SourceIndex> indices;  // sorted by name
  std::vector<es7::SourceTemplate> templates;
};

// Opens `roots` (refused while a node.lock is held, unless `force`). Unreadable parts are printed
// on stderr, one "error: …" line each, and make it fail.
Result<Source> LoadSource(const std::vector<std::string>& roots, bool force);

// Streams the documents of a source index: all its shards, from the copies DataDir chose.
class SourceDocuments {
 public:
  explicit SourceDocuments(const es5::DataDir& dir) : dir_(dir) {}

  Status Stream(const es7::SourceIndex& index, const es7::DocumentVisitor& visit);
  // Stream as an es7::DocumentStream; `this` must outlive it.
  es7::DocumentStream AsStream();

 private:
  const es5::DataDir& dir_;
  xcontent::Converter converter_;
  std::string source_;
  std::string error_;
};

}  // namespace shardlift::app
