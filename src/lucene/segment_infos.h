// segments_N: the commit point listing the segments of an index (spec §2, §3).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "io/file_slice.h"
#include "lucene/codec_header.h"

namespace shardlift::lucene {

// Format versions of the "segments" codec.
inline constexpr int32_t kSegmentsVersion50 = 4;  // 5.0: Int-count sets and maps
inline constexpr int32_t kSegmentsVersion51 = 5;  // 5.1: VInt-count ("safe") sets and maps
inline constexpr int32_t kSegmentsVersion53 = 6;  // 5.3+: Lucene version triples

// Most segments one commit may list. Lucene sets no limit, but ES's merge policy keeps a shard
// at tens of segments (hundreds while merges lag), and each segment is several files in the
// index directory. A larger count is refused before it sizes anything (each entry costs a few
// hundred bytes here, and an open segment reader more).
inline constexpr int32_t kMaxSegments = 100000;

struct LuceneVersion {
  int32_t major = 0;
  int32_t minor = 0;
  int32_t bugfix = 0;

  std::string ToString() const;
};

// One segment's entry in the commit.
struct SegmentCommitInfo {
  std::string name;     // "_0"
  bool has_id = false;  // false: written by Lucene 4.x
  SegmentId id{};
  std::string codec;     // "Lucene54", ...
  int64_t del_gen = -1;  // -1: no deletions; else the generation of the .liv file
  int32_t del_count = 0;
  int64_t field_infos_gen = -1;  // -1: no generational .fnm
  int64_t doc_values_gen = -1;
  std::vector<std::string> field_infos_files;
  std::vector<std::pair<int32_t, std::vector<std::string>>> doc_values_update_files;
  // "<segments_N path>: offset <n>" of this record, to locate errors found later (e.g. a delete
  // count larger than the segment).
  std::string location;
};

struct SegmentInfos {
  int64_t generation = 0;                            // N of segments_N
  int32_t format = 0;                                // kSegmentsVersion*
  std::optional<LuceneVersion> written_by;           // format ≥ 6
  std::optional<LuceneVersion> min_segment_version;  // format ≥ 6 with segments
  int64_t version = 0;                               // commit version counter
  int32_t counter = 0;                               // next segment number
  std::vector<SegmentCommitInfo> segments;
  std::map<std::string, std::string>
      user_data;  // Elasticsearch: translog_uuid, translog_generation
};

// Parses `file` as segments_<generation>.
Result<SegmentInfos> ReadSegmentInfos(const io::FileSlice& file, int64_t generation,
                                      const ReadOptions& options);

class Directory;

// Finds the newest commit in `directory`: the name and N of the segments_N with the largest N.
// segments.gen, pending_segments_N and write.lock are ignored. NotFound when there is none.
Result<std::pair<std::string, int64_t>> FindLatestCommit(const Directory& directory);

// Reads a Lucene string set / string map in either encoding (Int count before 5.1, VInt after).
// Shared by segments_N, .si and .fnm, whose formats switched at the same time.
std::vector<std::string> ReadStringSet(io::DataInput& in, bool vint_count);
std::map<std::string, std::string> ReadStringMap(io::DataInput& in, bool vint_count);

}  // namespace shardlift::lucene
