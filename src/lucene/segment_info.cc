#include "lucene/segment_info.h"

namespace shardlift::lucene {

namespace {

constexpr int32_t kSortString = 0;
constexpr int32_t kSortLong = 1;
constexpr int32_t kSortInt = 2;
constexpr int32_t kSortDouble = 3;
constexpr int32_t kSortFloat = 4;
constexpr int32_t kSortSortedSet = 5;
constexpr int32_t kSortSortedNumeric = 6;

constexpr int32_t kMissingStringLast = 1;
constexpr int32_t kMissingStringFirst = 2;

void ReadIndexSortField(io::DataInput& in, int32_t version, IndexSortField& sort) {
  sort.field = in.ReadString();
  const uint64_t type_at = in.position();
  sort.type = in.ReadVInt();
  const int32_t max_type =
      version >= kLucene62SegmentInfoVersionMultiValuedSort ? kSortSortedNumeric : kSortFloat;
  if (sort.type < 0 || sort.type > max_type) {
    in.FailAt(type_at, "invalid index sort type " + std::to_string(sort.type));
    return;
  }
  int32_t effective_type = sort.type;
  if (sort.type == kSortSortedSet) {
    sort.selector = in.ReadByte();
    if (sort.selector > 3) in.FailAt(type_at, "invalid SortedSet selector");
    effective_type = kSortString;
  } else if (sort.type == kSortSortedNumeric) {
    sort.numeric_type = in.ReadByte();
    sort.selector = in.ReadByte();
    if (sort.numeric_type > 3 || sort.selector > 1) {
      in.FailAt(type_at, "invalid SortedNumeric sort type or selector");
    }
    static constexpr int32_t kNumericToSort[] = {kSortLong, kSortInt, kSortDouble, kSortFloat};
    effective_type = kNumericToSort[sort.numeric_type & 3];
  }
  const uint64_t reverse_at = in.position();
  const uint8_t reverse = in.ReadByte();
  if (reverse > 1) in.FailAt(reverse_at, "invalid index sort reverse flag");
  sort.reverse = reverse == 0;  // Lucene writes 0 for reverse (descending)
  const uint64_t missing_at = in.position();
  sort.missing_flag = in.ReadByte();
  if (sort.missing_flag == 0 || !in.ok()) return;
  if (effective_type == kSortString) {
    if (sort.missing_flag != kMissingStringLast && sort.missing_flag != kMissingStringFirst) {
      in.FailAt(missing_at, "invalid index sort missing flag");
    }
    return;
  }
  if (sort.missing_flag != 1) {
    in.FailAt(missing_at, "invalid index sort missing flag");
    return;
  }
  const bool wide = effective_type == kSortLong || effective_type == kSortDouble;
  sort.missing_bits = wide ? in.ReadLong() : in.ReadInt();
}

}  // namespace

Result<SegmentInfo> ReadSegmentInfo(const io::FileSlice& file, const SegmentId& id,
                                    const ReadOptions& options) {
  SL_RETURN_IF_ERROR(CheckFooter(file, options.verify_checksums));
  SL_ASSIGN_OR_RETURN(const std::string_view codec, PeekCodecName(file));
  const bool is62 = codec == kLucene62SegmentInfoCodec;
  if (!is62 && codec != kLucene50SegmentInfoCodec) {
    return file.CorruptionAt(4, "unknown segment info codec '" + std::string(codec) + "'");
  }
  io::DataInput in = BodyInput(file);
  SegmentInfo info;
  info.codec = std::string(codec);
  info.format_version =
      is62 ? ReadIndexHeader(in, {kLucene62SegmentInfoCodec, kLucene62SegmentInfoVersionStart,
                                  kLucene62SegmentInfoVersionMultiValuedSort, &id, ""})
           : ReadIndexHeader(in, {kLucene50SegmentInfoCodec, kLucene50SegmentInfoVersionStart,
                                  kLucene50SegmentInfoVersionSafeMaps, &id, ""});
  info.written_by.major = in.ReadInt();
  info.written_by.minor = in.ReadInt();
  info.written_by.bugfix = in.ReadInt();
  const uint64_t max_doc_at = in.position();
  info.max_doc = in.ReadInt();
  if (in.ok() && (info.max_doc < 0 || info.max_doc > kMaxDocs)) {
    in.FailAt(max_doc_at, "invalid docCount " + std::to_string(info.max_doc));
  }
  const uint64_t compound_at = in.position();
  const auto compound = static_cast<int8_t>(in.ReadByte());
  if (in.ok() && compound != 1 && compound != -1) {
    in.FailAt(compound_at, "invalid isCompoundFile flag " + std::to_string(compound));
  }
  info.is_compound = compound == 1;
  const bool safe_maps = is62 || info.format_version >= kLucene50SegmentInfoVersionSafeMaps;
  info.diagnostics = ReadStringMap(in, safe_maps);
  info.files = ReadStringSet(in, safe_maps);
  info.attributes = ReadStringMap(in, safe_maps);
  if (is62 && in.ok()) {
    const uint64_t count_at = in.position();
    const int32_t num_sort_fields = in.ReadVInt();
    if (num_sort_fields < 0 || static_cast<uint64_t>(num_sort_fields) * 4 > in.remaining()) {
      in.FailAt(count_at, "invalid index sort field count " + std::to_string(num_sort_fields));
    }
    for (int32_t i = 0; i < num_sort_fields && in.ok(); ++i) {
      ReadIndexSortField(in, info.format_version, info.index_sort.emplace_back());
    }
  }
  SL_RETURN_IF_ERROR(ExpectBodyEnd(in));
  return info;
}

}  // namespace shardlift::lucene
