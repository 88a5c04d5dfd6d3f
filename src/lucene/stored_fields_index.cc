#include "lucene/stored_fields_index.h"

#include <algorithm>

#include "codec/packed_ints.h"

namespace shardlift::lucene {

namespace {

constexpr int32_t kMaxBitsPerDocBase = 32;
constexpr int32_t kMaxBitsPerStartPointer = 64;

int64_t ZigZagDecode(uint64_t u) { return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1)); }

// Reads `count` packed values of `bits` bits and returns a view of them (empty on error).
ByteView ReadPackedBlock(io::DataInput& in, int32_t count, int32_t bits, int32_t max_bits,
                         const char* what) {
  const uint64_t at = in.position();
  if (bits < 1 || bits > max_bits) {
    in.FailAt(at, "invalid " + std::string(what) + " bits per value " + std::to_string(bits));
    return {};
  }
  return in.ReadBytes(codec::PackedByteCount(static_cast<uint64_t>(count), bits));
}

}  // namespace

Result<StoredFieldsIndex> StoredFieldsIndex::Read(const io::FileSlice& file, const SegmentId& id,
                                                  StoredFieldsMode mode, int32_t version,
                                                  int32_t max_doc, const ReadOptions& options) {
  SL_RETURN_IF_ERROR(CheckFooter(file, options.verify_checksums));
  io::DataInput in = BodyInput(file);
  ReadIndexHeader(in, {IndexCodec(mode), version, version, &id, ""});
  const uint64_t packed_version_at = in.position();
  const int32_t packed_ints_version = in.ReadVInt();
  if (in.ok() && packed_ints_version != kPackedIntsVersionMonotonicWithoutZigZag) {
    in.FailAt(packed_version_at,
              "unsupported packed ints version " + std::to_string(packed_ints_version));
  }
  StoredFieldsIndex index;
  index.max_doc_ = max_doc;
  for (;;) {
    if (!in.ok()) break;
    const uint64_t block_at = in.position();
    const int32_t num_chunks = in.ReadVInt();
    if (num_chunks == 0) break;  // end marker
    // Every chunk holds at least one doc and takes at least one packed bit in each array.
    if (num_chunks < 0 || num_chunks > max_doc - static_cast<int32_t>(index.doc_bases_.size())) {
      in.FailAt(block_at, "invalid chunk count " + std::to_string(num_chunks) + " in .fdx block");
      break;
    }
    const int32_t block_doc_base = in.ReadVInt();
    const int32_t avg_chunk_docs = in.ReadVInt();
    const int32_t bits_per_doc_base = in.ReadVInt();
    const ByteView doc_deltas =
        ReadPackedBlock(in, num_chunks, bits_per_doc_base, kMaxBitsPerDocBase, "doc base");
    const int64_t block_start = in.ReadVLong();
    const int64_t avg_chunk_size = in.ReadVLong();
    const int32_t bits_per_start = in.ReadVInt();
    const ByteView start_deltas =
        ReadPackedBlock(in, num_chunks, bits_per_start, kMaxBitsPerStartPointer, "start pointer");
    if (!in.ok()) break;
    for (int32_t k = 0; k < num_chunks; ++k) {
      const auto kk = static_cast<uint64_t>(k);
      // Wrap-around arithmetic, like Java's; the ordering checks below catch nonsense.
      const int64_t doc_base = static_cast<int64_t>(
          static_cast<uint64_t>(block_doc_base) + static_cast<uint64_t>(avg_chunk_docs) * kk +
          static_cast<uint64_t>(ZigZagDecode(
              codec::PackedGet(doc_deltas.data(), doc_deltas.size(), kk, bits_per_doc_base))));
      const int64_t start = static_cast<int64_t>(
          static_cast<uint64_t>(block_start) + static_cast<uint64_t>(avg_chunk_size) * kk +
          static_cast<uint64_t>(ZigZagDecode(
              codec::PackedGet(start_deltas.data(), start_deltas.size(), kk, bits_per_start))));
      const int64_t expected_doc_base = index.doc_bases_.empty() ? 0 : index.doc_bases_.back() + 1;
      const int64_t min_start =
          index.starts_.empty() ? 0 : static_cast<int64_t>(index.starts_.back()) + 1;
      if (doc_base < expected_doc_base || doc_base >= max_doc ||
          (index.doc_bases_.empty() && doc_base != 0) || start < min_start) {
        in.FailAt(block_at, "chunk " + std::to_string(index.doc_bases_.size()) + " has doc base " +
                                std::to_string(doc_base) + " and start " + std::to_string(start) +
                                ", out of order or range (maxDoc " + std::to_string(max_doc) + ")");
        break;
      }
      index.doc_bases_.push_back(static_cast<int32_t>(doc_base));
      index.starts_.push_back(static_cast<uint64_t>(start));
    }
  }
  const uint64_t max_pointer_at = in.position();
  const int64_t max_pointer = in.ReadVLong();
  SL_RETURN_IF_ERROR(ExpectBodyEnd(in));
  if (max_pointer < 0 ||
      (!index.starts_.empty() && static_cast<uint64_t>(max_pointer) <= index.starts_.back())) {
    return file.CorruptionAt(max_pointer_at, "invalid maxPointer " + std::to_string(max_pointer));
  }
  if (index.doc_bases_.empty() != (max_doc == 0)) {
    return file.CorruptionAt(
        max_pointer_at, "index has " + std::to_string(index.doc_bases_.size()) + " chunks for " +
                            std::to_string(max_doc) + " docs");
  }
  index.max_pointer_ = static_cast<uint64_t>(max_pointer);
  return index;
}

size_t StoredFieldsIndex::ChunkOf(int32_t doc) const {
  const auto it = std::upper_bound(doc_bases_.begin(), doc_bases_.end(), doc);
  return static_cast<size_t>(it - doc_bases_.begin()) - 1;
}

}  // namespace shardlift::lucene
