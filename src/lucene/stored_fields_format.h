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

constexpr std::string_view DataCodec(StoredFieldsMode mode) {
  return mode == StoredFieldsMode::kBestSpeed ? kFastDataCodec : kHighDataCodec;
}
constexpr std::string_view IndexCodec(StoredFieldsMode mode) {
  return mode == StoredFieldsMode::kBestSpeed ? kFastIndexCodec : kHighIndexCodec;
}

}  // namespace shardlift::lucene
