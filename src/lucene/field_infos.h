// <segment>[_<gen>].fnm: the fields of a segment, number → name and doc-values type (spec §7).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "io/file_slice.h"
#include "lucene/codec_header.h"

namespace shardlift::lucene {

inline constexpr std::string_view kLucene50FieldInfosCodec = "Lucene50FieldInfos";
inline constexpr int32_t kLucene50FieldInfosVersionStart = 0;     // 5.0: Int-count maps
inline constexpr int32_t kLucene50FieldInfosVersionSafeMaps = 1;  // 5.1+
inline constexpr std::string_view kLucene60FieldInfosCodec = "Lucene60FieldInfos";
inline constexpr int32_t kLucene60FieldInfosVersionStart = 0;

enum class DocValuesType : uint8_t {
  kNone = 0,
  kNumeric = 1,
  kBinary = 2,
  kSorted = 3,
  kSortedSet = 4,
  kSortedNumeric = 5,
};

// Attributes naming the doc-values format of a field ("Lucene54", "0" → files suffix Lucene54_0).
inline constexpr std::string_view kDocValuesFormatAttribute = "PerFieldDocValuesFormat.format";
inline constexpr std::string_view kDocValuesSuffixAttribute = "PerFieldDocValuesFormat.suffix";

struct FieldInfo {
  std::string name;
  int32_t number = 0;
  uint8_t bits = 0;           // 0x1 term vectors, 0x2 omit norms, 0x4 payloads
  uint8_t index_options = 0;  // 0 NONE .. 4 DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS
  DocValuesType doc_values_type = DocValuesType::kNone;
  int64_t doc_values_gen = -1;  // -1: values in the base doc-values files
  std::map<std::string, std::string> attributes;
  int32_t point_dimensions = 0;
  int32_t point_num_bytes = 0;
  uint64_t offset = 0;  // where the field's record starts in the .fnm (for messages)
};

class FieldInfos {
 public:
  FieldInfos() = default;
  // Move-only: the name index holds views into the fields.
  FieldInfos(FieldInfos&&) = default;
  FieldInfos& operator=(FieldInfos&&) = default;
  FieldInfos(const FieldInfos&) = delete;
  FieldInfos& operator=(const FieldInfos&) = delete;

  // Parses `file`: the core .fnm (suffix "") or a generational one (suffix base36(gen)).
  static Result<FieldInfos> Read(const io::FileSlice& file, const SegmentId& id,
                                 std::string_view suffix, const ReadOptions& options);

  // The field numbered `number`, or null.
  const FieldInfo* ByNumber(int32_t number) const {
    if (number >= 0 && static_cast<size_t>(number) < by_number_.size()) {
      const int32_t index = by_number_[static_cast<size_t>(number)];
      return index < 0 ? nullptr : &fields_[static_cast<size_t>(index)];
    }
    return SparseLookup(number);
  }
  // The field named `name`, or null.
  const FieldInfo* ByName(std::string_view name) const;

  // In file order.
  const std::vector<FieldInfo>& fields() const { return fields_; }

 private:
  const FieldInfo* SparseLookup(int32_t number) const;

  std::vector<FieldInfo> fields_;
  // Field numbers are not necessarily dense. Numbers below a bound proportional to the field count
  // index this table directly (the stored-fields hot path looks a number up per field); the rest,
  // which only a pathological file has, are found by binary search in `sparse_`.
  std::vector<int32_t> by_number_;
  std::vector<std::pair<int32_t, int32_t>> sparse_;            // (number, index), sorted
  std::vector<std::pair<std::string_view, int32_t>> by_name_;  // sorted; views into fields_
};

}  // namespace shardlift::lucene
