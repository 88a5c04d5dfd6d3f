// ShardReader: every live document of one shard copy, the way ES 5.6 would see it after
// recovery: the newest Lucene commit's root documents (nested ones skipped), overlaid by the
// translog ops that are not in the commit (§7.5), in a deterministic order: segments in commit
// order, docs in docid order, then translog-only documents in op order.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "es5/data_dir.h"
#include "es5/document.h"
#include "es5/translog_overlay.h"
#include "lucene/codec_header.h"

namespace shardlift::lucene {
class IndexReader;
class SegmentReader;
}  // namespace shardlift::lucene

namespace shardlift::es5 {

struct ShardStats {
  int64_t committed_live = 0;   // live root docs in the commit
  int64_t nested_skipped = 0;   // live nested docs (not documents of their own)
  int64_t emitted = 0;          // documents handed to the sink
  int64_t source_disabled = 0;  // of those, without `_source`
  int64_t segments = 0;
  TranslogOverlay::Stats translog;
};

class ShardReader {
 public:
  using Sink = std::function<Status(const Document&)>;

  // Opens the newest commit of `files.index` and the translog. `meta` must outlive the reader.
  static Result<std::unique_ptr<ShardReader>> Open(const IndexMetadata& meta, ShardFiles files,
                                                   const lucene::ReadOptions& options = {});
  ~ShardReader();

  // Hands every document to `sink` (once); stops at the first error.
  Status ForEach(const Sink& sink);

  // The counts of stats() without reading every document: live docs come from the commit's
  // segment metadata (maxDoc − delCount), translog ops from the op headers. Only a sample reaches
  // `sink`: `samples_per_segment` root docs spread evenly over each segment's docids, and as many
  // translog-only docs. All stored fields are read only where the metadata cannot tell (a mapping
  // with nested fields, whose docs are live docs too; a type with `_source` disabled; translog
  // ops to resolve against the commit); sources are decoded only for the sample.
  Status Survey(int32_t samples_per_segment, const Sink& sink);

  // Live docs of the commit (root and nested) and translog ops the checkpoints promise: the
  // "how much data" used to choose among shard copies.
  int64_t commit_live_docs() const;
  int64_t translog_ops() const { return translog_ops_; }
  const ShardStats& stats() const { return stats_; }

 private:
  ShardReader(const IndexMetadata& meta, ShardFiles files);

  // What reading the commit carries from segment to segment.
  struct CommitReading {
    const TypeMapping* single = nullptr;  // the type of a single-type index
    bool index_has_nested = false;
    bool index_has_parents = false;  // some type has a _parent (5.x: parent ids in doc values)
    Document doc;                    // reused: its views change with every document
    std::string uid;                 // "<type>#<id>" for the translog overlay
  };

  // With `samples_per_segment` 0 every document reaches `sink`, else only a sample; with
  // `read_unsampled` false the other documents are not even read (stats() are then incomplete).
  Status ReadCommitted(const Sink& sink, int32_t samples_per_segment, bool read_unsampled);
  Status ReadSegment(lucene::SegmentReader& segment, const Sink& sink, int32_t samples_per_segment,
                     bool read_unsampled, CommitReading& reading);
  // With `limit` > 0 only the first `limit` documents reach `sink` (all are counted).
  Status ReadTranslogOnly(const Sink& sink, int64_t limit);
  // Whether the commit's metadata alone gives the exact counts of stats().
  bool MetadataCounts() const;

  const IndexMetadata& meta_;
  const ShardFiles files_;
  std::unique_ptr<lucene::IndexReader> index_;
  bool has_translog_ = false;
  std::string translog_uuid_;
  int64_t translog_generation_ = 0;
  int64_t translog_ops_ = 0;
  std::unique_ptr<TranslogOverlay> overlay_;
  std::string filtered_source_;  // a translog source after _source includes/excludes
  ShardStats stats_;
};

// Fills the facts DataDir needs to choose among copies (docs, store bytes, readability) cheaply,
// without verifying checksums.
void ProbeShardCopy(const IndexMetadata& meta, ShardCopy& copy);

}  // namespace shardlift::es5
