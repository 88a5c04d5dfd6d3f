// Constants of Lucene50StoredFieldsFormat / CompressingStoredFieldsFormat (spec §8.1).
#pragma once

#include <cstdint>
#include <string_view>

namespace shardlift::lucene {

inline constexpr int32_t kStoredFieldsVersionStart = 0;       // 5.0: no chunk-stats trailer
inline constexpr int32_t kStoredFieldsVersionChunkStats = 1;  // 5.1+
inline constexpr int32_t kPackedIntsVersionMonotonicWithoutZigZag = 2;

enum class StoredFieldsMode : uint8_t { kBestSpeed, kBestCompression };

// Codec names of the .fdt and .fdx headers for each mode.
inline constexpr std::string_view kFastDataCodec = "Lucene50StoredFieldsFastData";
inline constexpr std::string_view kFastIndexCodec = "Lucene50StoredFieldsFastIndex";
inline constexpr std::string_view kHighDataCodec = "Lucene50StoredFieldsHighData";
inline constexpr std::string_view kHighIndexCodec = "Lucene50StoredFieldsHighIndex";

// What Lucene50StoredFieldsFormat gives CompressingStoredFieldsWriter for each mode (the same in
// Lucene 5.0–6.6). The writer flushes a chunk once its documents reach the chunk size in bytes or
// the maximum count, so in every chunk it writes: at most that many documents, all documents but
// the last within the first chunk-size bytes, and "sliced" (decompressed in chunk-size blocks)
// exactly when the chunk reaches twice the chunk size. Only the last document can be big.
inline constexpr int32_t kBestSpeedChunkSize = 1 << 14;
inline constexpr int32_t kBestSpeedMaxDocsPerChunk = 128;
inline constexpr int32_t kBestCompressionChunkSize = 61440;
inline constexpr int32_t kBestCompressionMaxDocsPerChunk = 512;

// Lucene sets no bound on one document; we read one of up to this many stored bytes. Its
// `_source` came in one HTTP request, which ES 5 caps at http.max_content_length (100mb by
// default): this leaves room for that and the other stored fields, and keeps a hostile chunk
// from sizing a buffer of gigabytes.
inline constexpr uint64_t kMaxStoredDocumentBytes = uint64_t{128} << 20;

constexpr int32_t ChunkSize(StoredFieldsMode mode) {
  return mode == StoredFieldsMode::kBestSpeed ? kBestSpeedChunkSize : kBestCompressionChunkSize;
}
constexpr int32_t MaxDocsPerChunk(StoredFieldsMode mode) {
  return mode == StoredFieldsMode::kBestSpeed ? kBestSpeedMaxDocsPerChunk
                                              : kBestCompressionMaxDocsPerChunk;
}

constexpr std::string_view DataCodec(StoredFieldsMode mode) {
  return mode == StoredFieldsMode::kBestSpeed ? kFastDataCodec : kHighDataCodec;
}
constexpr std::string_view IndexCodec(StoredFieldsMode mode) {
  return mode == StoredFieldsMode::kBestSpeed ? kFastIndexCodec : kHighIndexCodec;
}

}  // namespace shardlift::lucene
