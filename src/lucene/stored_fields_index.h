// <segment>.fdx: where each stored-fields chunk starts in the .fdt and which docs it holds
// (CompressingStoredFieldsIndexReader, spec §8.8).
#pragma once

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "io/file_slice.h"
#include "lucene/codec_header.h"
#include "lucene/stored_fields_format.h"

namespace shardlift::lucene {

class StoredFieldsIndex {
 public:
  // Parses `file` and checks that its chunks cover docs [0, max_doc) in order with strictly
  // increasing start pointers below maxPointer (the caller checks maxPointer against the .fdt).
  // `version` is the .fdt's format version.
  static Result<StoredFieldsIndex> Read(const io::FileSlice& file, const SegmentId& id,
                                        StoredFieldsMode mode, int32_t version, int32_t max_doc,
                                        const ReadOptions& options);

  size_t num_chunks() const { return doc_bases_.size(); }
  int32_t doc_base(size_t chunk) const { return doc_bases_[chunk]; }
  // First doc after `chunk` (max_doc for the last one).
  int32_t doc_end(size_t chunk) const {
    return chunk + 1 < doc_bases_.size() ? doc_bases_[chunk + 1] : max_doc_;
  }
  uint64_t start(size_t chunk) const { return starts_[chunk]; }
  // Where `chunk` ends: the next chunk's start, or max_pointer for the last one.
  uint64_t end(size_t chunk) const {
    return chunk + 1 < starts_.size() ? starts_[chunk + 1] : max_pointer_;
  }
  // .fdt offset just past the last chunk (the chunk-stats trailer, or the footer in version 0).
  uint64_t max_pointer() const { return max_pointer_; }

  // The chunk holding `doc` (0 ≤ doc < max_doc).
  size_t ChunkOf(int32_t doc) const;

 private:
  std::vector<int32_t> doc_bases_;
  std::vector<uint64_t> starts_;
  uint64_t max_pointer_ = 0;
  int32_t max_doc_ = 0;
};

}  // namespace shardlift::lucene
