// A Lucene 5.x/6.x index at its newest commit: segments_N plus a SegmentReader for each segment,
// in commit order.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "lucene/codec_header.h"
#include "lucene/directory.h"
#include "lucene/segment_infos.h"
#include "lucene/segment_reader.h"

namespace shardlift::lucene {

class IndexReader {
 public:
  // Opens the newest commit of `directory` and every segment in it.
  static Result<IndexReader> Open(std::shared_ptr<const Directory> directory,
                                  const ReadOptions& options = {});
  // The same for the index directory at `path` on disk.
  static Result<IndexReader> Open(const std::string& path, const ReadOptions& options = {});

  const Directory& directory() const { return *directory_; }
  // The segments_N file that was read, as messages name it.
  const std::string& commit_file() const { return commit_file_; }
  const SegmentInfos& commit() const { return commit_; }

  size_t num_segments() const { return segments_.size(); }
  SegmentReader& segment(size_t i) { return *segments_[i]; }
  const SegmentReader& segment(size_t i) const { return *segments_[i]; }

  int64_t max_doc() const;
  int64_t num_docs() const;

 private:
  std::shared_ptr<const Directory> directory_;
  std::string commit_file_;
  SegmentInfos commit_;
  std::vector<std::unique_ptr<SegmentReader>> segments_;
};

}  // namespace shardlift::lucene
