#include "lucene/field_infos.h"

#include <algorithm>

#include "lucene/segment_infos.h"

namespace shardlift::lucene {

namespace {

constexpr uint8_t kMaxIndexOptions = 4;
constexpr uint8_t kMaxDocValuesType = 5;

}  // namespace

Result<FieldInfos> FieldInfos::Read(const io::FileSlice& file, const SegmentId& id,
                                    std::string_view suffix, const ReadOptions& options) {
  SL_RETURN_IF_ERROR(CheckFooter(file, options.verify_checksums));
  SL_ASSIGN_OR_RETURN(const std::string_view codec, PeekCodecName(file));
  const bool is60 = codec == kLucene60FieldInfosCodec;
  if (!is60 && codec != kLucene50FieldInfosCodec) {
    return file.CorruptionAt(4, "unknown field infos codec '" + std::string(codec) + "'");
  }
  io::DataInput in = BodyInput(file);
  const int32_t version =
      is60 ? ReadIndexHeader(in, {kLucene60FieldInfosCodec, kLucene60FieldInfosVersionStart,
                                  kLucene60FieldInfosVersionStart, &id, suffix})
           : ReadIndexHeader(in, {kLucene50FieldInfosCodec, kLucene50FieldInfosVersionStart,
                                  kLucene50FieldInfosVersionSafeMaps, &id, suffix});
  const bool safe_maps = is60 || version >= kLucene50FieldInfosVersionSafeMaps;
  const uint64_t count_at = in.position();
  const int32_t count = in.ReadVInt();
  // Each field takes at least 1 + 1 + 3 + 8 + 1 bytes.
  if (in.ok() && (count < 0 || static_cast<uint64_t>(count) * 14 > in.remaining())) {
    in.FailAt(count_at, "impossible field count " + std::to_string(count));
  }
  FieldInfos infos;
  infos.fields_.reserve(in.ok() ? static_cast<size_t>(count) : 0);
  for (int32_t i = 0; i < count && in.ok(); ++i) {
    const uint64_t field_at = in.position();
    FieldInfo& field = infos.fields_.emplace_back();
    field.offset = field_at;
    field.name = in.ReadString();
    field.number = in.ReadVInt();
    field.bits = in.ReadByte();
    field.index_options = in.ReadByte();
    const uint8_t dv_type = in.ReadByte();
    field.doc_values_gen = in.ReadLong();
    field.attributes = ReadStringMap(in, safe_maps);
    if (is60) {
      field.point_dimensions = in.ReadVInt();
      if (field.point_dimensions != 0) field.point_num_bytes = in.ReadVInt();
    }
    if (!in.ok()) break;
    if (field.number < 0 || field.index_options > kMaxIndexOptions || dv_type > kMaxDocValuesType ||
        field.doc_values_gen < -1 || field.point_dimensions < 0 || field.point_num_bytes < 0) {
      in.FailAt(field_at, "invalid field info for '" + field.name + "' (number " +
                              std::to_string(field.number) + ", index options " +
                              std::to_string(field.index_options) + ", doc values type " +
                              std::to_string(dv_type) + ")");
      break;
    }
    field.doc_values_type = static_cast<DocValuesType>(dv_type);
  }
  SL_RETURN_IF_ERROR(ExpectBodyEnd(in));

  // Index by number (dense table + sparse overflow) and by name; reject duplicates.
  const size_t dense_limit = infos.fields_.size() * 4 + 1024;
  for (size_t i = 0; i < infos.fields_.size(); ++i) {
    const auto number = static_cast<size_t>(infos.fields_[i].number);
    if (number < dense_limit) {
      if (number >= infos.by_number_.size()) infos.by_number_.resize(number + 1, -1);
      if (infos.by_number_[number] >= 0) {
        return file.CorruptionAt(0, "duplicate field number " + std::to_string(number));
      }
      infos.by_number_[number] = static_cast<int32_t>(i);
    } else {
      infos.sparse_.emplace_back(infos.fields_[i].number, static_cast<int32_t>(i));
    }
    infos.by_name_.emplace_back(infos.fields_[i].name, static_cast<int32_t>(i));
  }
  std::sort(infos.sparse_.begin(), infos.sparse_.end());
  std::sort(infos.by_name_.begin(), infos.by_name_.end());
  for (size_t i = 1; i < infos.sparse_.size(); ++i) {
    if (infos.sparse_[i].first == infos.sparse_[i - 1].first) {
      return file.CorruptionAt(0,
                               "duplicate field number " + std::to_string(infos.sparse_[i].first));
    }
  }
  for (size_t i = 1; i < infos.by_name_.size(); ++i) {
    if (infos.by_name_[i].first == infos.by_name_[i - 1].first) {
      return file.CorruptionAt(
          0, "duplicate field name '" + std::string(infos.by_name_[i].first) + "'");
    }
  }
  return infos;
}

const FieldInfo* FieldInfos::SparseLookup(int32_t number) const {
  const auto it = std::lower_bound(sparse_.begin(), sparse_.end(), std::make_pair(number, -1));
  if (it == sparse_.end() || it->first != number) return nullptr;
  return &fields_[static_cast<size_t>(it->second)];
}

const FieldInfo* FieldInfos::ByName(std::string_view name) const {
  const auto it = std::lower_bound(by_name_.begin(), by_name_.end(), name,
                                   [](const std::pair<std::string_view, int32_t>& e,
                                      std::string_view n) { return e.first < n; });
  if (it == by_name_.end() || it->first != name) return nullptr;
  return &fields_[static_cast<size_t>(it->second)];
}

}  // namespace shardlift::lucene
