// <segment>_<delGen>.liv: which docs of a segment are live (spec §9).
#pragma once

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "io/file_slice.h"
#include "lucene/codec_header.h"

namespace shardlift::lucene {

inline constexpr std::string_view kLiveDocsCodec = "Lucene50LiveDocs";
inline constexpr int32_t kLiveDocsVersionStart = 0;

class LiveDocs {
 public:
  // Every doc of a segment without deletions is live.
  static LiveDocs AllLive(int32_t max_doc) { return LiveDocs(max_doc, {}); }

  // Parses `file`, the .liv of generation `del_gen`, and checks that exactly `del_count` of the
  // `max_doc` bits are zero.
  static Result<LiveDocs> Read(const io::FileSlice& file, const SegmentId& id, int64_t del_gen,
                               int32_t max_doc, int32_t del_count, const ReadOptions& options);

  int32_t max_doc() const { return max_doc_; }
  bool all_live() const { return words_.empty(); }

  // doc in [0, max_doc).
  bool IsLive(int32_t doc) const {
    if (words_.empty()) return true;
    const auto d = static_cast<uint32_t>(doc);
    return (words_[d >> 6] >> (d & 63)) & 1;
  }

  // Whether any doc in [begin, end) is live (lets readers skip whole chunks of deleted docs).
  bool AnyLive(int32_t begin, int32_t end) const;

 private:
  LiveDocs(int32_t max_doc, std::vector<uint64_t> words)
      : max_doc_(max_doc), words_(std::move(words)) {}

  int32_t max_doc_;
  std::vector<uint64_t> words_;  // bit d of word d/64 is doc d; empty = all live
};

}  // namespace shardlift::lucene
