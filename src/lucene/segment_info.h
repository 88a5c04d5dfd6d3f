// <segment>.si: maxDoc, compound flag, attributes and index sort of one segment (spec §5).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/result.h"
#include "io/file_slice.h"
#include "lucene/codec_header.h"
#include "lucene/segment_infos.h"

namespace shardlift::lucene {

inline constexpr std::string_view kLucene50SegmentInfoCodec = "Lucene50SegmentInfo";
inline constexpr int32_t kLucene50SegmentInfoVersionStart = 0;     // 5.0: Int-count maps
inline constexpr int32_t kLucene50SegmentInfoVersionSafeMaps = 1;  // 5.1+
inline constexpr std::string_view kLucene62SegmentInfoCodec = "Lucene62SegmentInfo";
inline constexpr int32_t kLucene62SegmentInfoVersionStart = 0;            // 6.2–6.3
inline constexpr int32_t kLucene62SegmentInfoVersionMultiValuedSort = 1;  // 6.4+

// IndexWriter.MAX_DOCS (Integer.MAX_VALUE - 128): no segment or index holds more docs.
inline constexpr int32_t kMaxDocs = 2147483519;

// The attribute naming the stored-fields compression: "BEST_SPEED" or "BEST_COMPRESSION".
inline constexpr std::string_view kStoredFieldsModeAttribute = "Lucene50StoredFieldsFormat.mode";

// One field of a Lucene62 index sort (kept for completeness; sorting does not change how docs
// are read).
struct IndexSortField {
  std::string field;
  int32_t type = 0;  // 0 STRING, 1 LONG, 2 INT, 3 DOUBLE, 4 FLOAT, 5 SortedSet, 6 SortedNumeric
  int32_t selector = -1;      // SortedSet / SortedNumeric selector, else -1
  int32_t numeric_type = -1;  // SortedNumeric: 0 LONG, 1 INT, 2 DOUBLE, 3 FLOAT, else -1
  bool reverse = false;
  int32_t missing_flag = 0;  // 0 = none
  int64_t missing_bits = 0;  // the missing value's raw bits for numeric types
};

struct SegmentInfo {
  std::string codec;  // header codec name
  int32_t format_version = 0;
  LuceneVersion written_by;
  int32_t max_doc = 0;
  bool is_compound = false;
  std::map<std::string, std::string> diagnostics;
  std::vector<std::string> files;
  std::map<std::string, std::string> attributes;
  std::vector<IndexSortField> index_sort;
};

// Parses `file` (the .si of the segment whose id is `id`).
Result<SegmentInfo> ReadSegmentInfo(const io::FileSlice& file, const SegmentId& id,
                                    const ReadOptions& options);

}  // namespace shardlift::lucene
