// Constants of Lucene54DocValuesFormat and Lucene50DocValuesFormat (spec §10).
#pragma once

#include <cstdint>
#include <string_view>

namespace shardlift::lucene {

inline constexpr std::string_view kLucene54DocValuesMetaCodec = "Lucene54DocValuesMetadata";
inline constexpr std::string_view kLucene54DocValuesDataCodec = "Lucene54DocValuesData";
inline constexpr int32_t kLucene54DocValuesVersionStart = 0;
inline constexpr std::string_view kLucene50DocValuesMetaCodec = "Lucene50DocValuesMetadata";
inline constexpr std::string_view kLucene50DocValuesDataCodec = "Lucene50DocValuesData";
inline constexpr int32_t kLucene50DocValuesVersionStart = 0;
inline constexpr int32_t kLucene50DocValuesVersionSortedSetTable = 1;

// Entry type bytes in the .dvm.
inline constexpr uint8_t kDvNumeric = 0;
inline constexpr uint8_t kDvBinary = 1;
inline constexpr uint8_t kDvSorted = 2;
inline constexpr uint8_t kDvSortedSet = 3;
inline constexpr uint8_t kDvSortedNumeric = 4;

// NumericEntry formats.
inline constexpr int32_t kDeltaCompressed = 0;
inline constexpr int32_t kGcdCompressed = 1;
inline constexpr int32_t kTableCompressed = 2;
inline constexpr int32_t kMonotonicCompressed = 3;
inline constexpr int32_t kConstCompressed = 4;
inline constexpr int32_t kSparseCompressed = 5;  // Lucene54 only

// BinaryEntry formats.
inline constexpr int32_t kBinaryFixedUncompressed = 0;
inline constexpr int32_t kBinaryVariableUncompressed = 1;
inline constexpr int32_t kBinaryPrefixCompressed = 2;

// SortedSet / SortedNumeric formats.
inline constexpr int32_t kSortedWithAddresses = 0;
inline constexpr int32_t kSortedSingleValued = 1;
inline constexpr int32_t kSortedSetTable = 2;

// missingOffset placeholders.
inline constexpr int64_t kAllLive = -1;
inline constexpr int64_t kAllMissing = -2;

// Prefix-compressed terms come in blocks of 16.
inline constexpr int kTermsIntervalShift = 4;
inline constexpr int64_t kTermsIntervalCount = 1 << kTermsIntervalShift;
inline constexpr int64_t kTermsIntervalMask = kTermsIntervalCount - 1;

inline constexpr int32_t kMaxTableSize = 256;

}  // namespace shardlift::lucene
