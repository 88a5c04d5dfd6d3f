#include "lucene/segment_infos.h"

#include <set>

#include "lucene/directory.h"
#include "lucene/file_names.h"

namespace shardlift::lucene {

namespace {

constexpr std::string_view kSegmentsCodec = "segments";

LuceneVersion ReadVIntVersion(io::DataInput& in) {
  LuceneVersion v;
  v.major = in.ReadVInt();
  v.minor = in.ReadVInt();
  v.bugfix = in.ReadVInt();
  return v;
}

// A count that must be ≥ 0 and, since each element takes at least `min_element_bytes`, fit in
// what is left of the input; anything else is corruption (and must not size an allocation).
int32_t ReadCount(io::DataInput& in, bool vint_count, uint64_t min_element_bytes,
                  const char* what) {
  const uint64_t at = in.position();
  const int32_t count = vint_count ? in.ReadVInt() : in.ReadInt();
  if (!in.ok()) return 0;
  if (count < 0 || static_cast<uint64_t>(count) * min_element_bytes > in.remaining()) {
    in.FailAt(at, "impossible " + std::string(what) + " count " + std::to_string(count));
    return 0;
  }
  return count;
}

}  // namespace

std::string LuceneVersion::ToString() const {
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(bugfix);
}

std::vector<std::string> ReadStringSet(io::DataInput& in, bool vint_count) {
  const int32_t count = ReadCount(in, vint_count, 1, "string set");
  std::vector<std::string> set;
  set.reserve(static_cast<size_t>(count));
  for (int32_t i = 0; i < count && in.ok(); ++i) set.emplace_back(in.ReadString());
  return set;
}

std::map<std::string, std::string> ReadStringMap(io::DataInput& in, bool vint_count) {
  const int32_t count = ReadCount(in, vint_count, 2, "string map");
  std::map<std::string, std::string> map;
  for (int32_t i = 0; i < count && in.ok(); ++i) {
    std::string key(in.ReadString());
    std::string value(in.ReadString());
    map.insert_or_assign(std::move(key), std::move(value));
  }
  return map;
}

Result<SegmentInfos> ReadSegmentInfos(const io::FileSlice& file, int64_t generation,
                                      const ReadOptions& options) {
  SL_RETURN_IF_ERROR(CheckFooter(file, options.verify_checksums));
  const std::string suffix = Base36(generation);
  io::DataInput in = BodyInput(file);
  SegmentInfos infos;
  infos.generation = generation;
  infos.format = ReadIndexHeader(in, {kSegmentsCodec, kSegmentsVersion50, kSegmentsVersion53,
                                      /*id=*/nullptr, suffix});
  SL_RETURN_IF_ERROR(in.status());
  const bool safe_maps = infos.format >= kSegmentsVersion51;
  if (infos.format >= kSegmentsVersion53) infos.written_by = ReadVIntVersion(in);
  infos.version = in.ReadLong();
  infos.counter = in.ReadInt();
  // Each segment record takes at least 2+1+1+8+4+8+8+1+4 bytes.
  const uint64_t num_segments_at = in.position();
  const int32_t num_segments = ReadCount(in, /*vint_count=*/false, 37, "segment");
  if (num_segments > kMaxSegments) {
    return file.CorruptionAt(num_segments_at, std::to_string(num_segments) +
                                                  " segments in one commit; more than the " +
                                                  std::to_string(kMaxSegments) + " read");
  }
  if (infos.format >= kSegmentsVersion53 && num_segments > 0) {
    infos.min_segment_version = ReadVIntVersion(in);
  }
  infos.segments.reserve(static_cast<size_t>(num_segments));
  for (int32_t i = 0; i < num_segments && in.ok(); ++i) {
    SegmentCommitInfo& seg = infos.segments.emplace_back();
    seg.location = file.Describe(in.position());
    seg.name = in.ReadString();
    const uint64_t has_id_at = in.position();
    const uint8_t has_id = in.ReadByte();
    if (has_id == 1) {
      seg.has_id = true;
      const ByteView id = in.ReadBytes(kIdLength);
      if (in.ok()) std::copy(id.begin(), id.end(), seg.id.begin());
    } else if (has_id != 0) {
      in.FailAt(has_id_at,
                "invalid hasId marker " + std::to_string(has_id) + " for segment " + seg.name);
    }
    seg.codec = in.ReadString();
    const uint64_t del_gen_at = in.position();
    seg.del_gen = in.ReadLong();
    seg.del_count = in.ReadInt();
    if (in.ok() && (seg.del_gen < -1 || seg.del_count < 0)) {
      in.FailAt(del_gen_at, "invalid deletions (delGen " + std::to_string(seg.del_gen) +
                                ", delCount " + std::to_string(seg.del_count) + ") in segment " +
                                seg.name);
    }
    seg.field_infos_gen = in.ReadLong();
    seg.doc_values_gen = in.ReadLong();
    seg.field_infos_files = ReadStringSet(in, safe_maps);
    const int32_t num_dv_fields = ReadCount(in, /*vint_count=*/false, 5, "doc-values update field");
    for (int32_t f = 0; f < num_dv_fields && in.ok(); ++f) {
      const int32_t field = in.ReadInt();
      seg.doc_values_update_files.emplace_back(field, ReadStringSet(in, safe_maps));
    }
  }
  infos.user_data = ReadStringMap(in, safe_maps);
  SL_RETURN_IF_ERROR(ExpectBodyEnd(in));
  // IndexWriter never commits a segment twice; reading one twice would export it twice.
  std::set<std::string_view> names;
  std::set<SegmentId> ids;
  for (const SegmentCommitInfo& seg : infos.segments) {
    if (!names.insert(seg.name).second) {
      return Status::Corruption(seg.location + ": segment " + seg.name +
                                " is listed twice in the commit");
    }
    if (seg.has_id && !ids.insert(seg.id).second) {
      return Status::Corruption(seg.location + ": segment " + seg.name +
                                " has the id of an earlier segment of the commit");
    }
  }
  return infos;
}

Result<std::pair<std::string, int64_t>> FindLatestCommit(const Directory& directory) {
  SL_ASSIGN_OR_RETURN(const std::vector<std::string> names, directory.List());
  std::string best_name;
  int64_t best_generation = -1;
  for (const std::string& name : names) {
    const std::optional<int64_t> generation = CommitGeneration(name);
    if (generation && *generation > best_generation) {
      best_generation = *generation;
      best_name = name;
    }
  }
  if (best_generation < 0) {
    return Status::NotFound(directory.location() +
                            ": no segments_N file: not a Lucene index directory");
  }
  return std::make_pair(best_name, best_generation);
}

}  // namespace shardlift::lucene
