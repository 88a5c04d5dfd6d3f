#include "lucene/live_docs.h"

#include <algorithm>
#include <bit>

#include "lucene/file_names.h"

namespace shardlift::lucene {

Result<LiveDocs> LiveDocs::Read(const io::FileSlice& file, const SegmentId& id, int64_t del_gen,
                                int32_t max_doc, int32_t del_count, const ReadOptions& options) {
  SL_RETURN_IF_ERROR(CheckFooter(file, options.verify_checksums));
  io::DataInput in = BodyInput(file);
  ReadIndexHeader(
      in, {kLiveDocsCodec, kLiveDocsVersionStart, kLiveDocsVersionStart, &id, Base36(del_gen)});
  const uint64_t words_at = in.position();
  const size_t num_words = (static_cast<size_t>(max_doc) + 63) / 64;
  if (in.ok() && in.remaining() != num_words * 8) {
    in.Fail("live docs of " + std::to_string(max_doc) + " docs need " +
            std::to_string(num_words * 8) + " bytes, the file has " +
            std::to_string(in.remaining()));
  }
  SL_RETURN_IF_ERROR(in.status());
  std::vector<uint64_t> words(num_words);
  int64_t live = 0;
  for (uint64_t& word : words) {
    word = static_cast<uint64_t>(in.ReadLong());
    live += std::popcount(word);
  }
  SL_RETURN_IF_ERROR(ExpectBodyEnd(in));
  if (max_doc % 64 != 0 && num_words > 0 && (words.back() >> (max_doc % 64)) != 0) {
    return file.CorruptionAt(words_at + (num_words - 1) * 8,
                             "live docs has bits set past maxDoc " + std::to_string(max_doc));
  }
  if (max_doc - live != del_count) {
    return file.CorruptionAt(words_at, "live docs mark " + std::to_string(max_doc - live) +
                                           " deleted docs, segments_N says " +
                                           std::to_string(del_count));
  }
  return LiveDocs(max_doc, std::move(words));
}

bool LiveDocs::AnyLive(int32_t begin, int32_t end) const {
  if (words_.empty()) return begin < end;
  for (int32_t doc = begin; doc < end;) {
    const auto d = static_cast<uint32_t>(doc);
    const uint64_t word = words_[d >> 6] >> (d & 63);
    const int32_t in_word = std::min<int32_t>(64 - static_cast<int32_t>(d & 63), end - doc);
    const uint64_t mask = in_word == 64 ? ~uint64_t{0} : (uint64_t{1} << in_word) - 1;
    if (word & mask) return true;
    doc += in_word;
  }
  return false;
}

}  // namespace shardlift::lucene
