// One pair of doc-values files, <segment>_<suffix>.dvm (entries) + .dvd (data), in the Lucene54
// or Lucene50 format (told apart by the .dvm header). Every entry of the .dvm is parsed (it is a
// sequence that must be walked in full); NUMERIC and SORTED fields can then be opened for lookups.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string_view>

#include "base/result.h"
#include "io/file_slice.h"
#include "lucene/codec_header.h"
#include "lucene/field_infos.h"
#include "lucene/numeric_doc_values.h"
#include "lucene/sorted_doc_values.h"

namespace shardlift::lucene {

class DocValuesProducer {
 public:
  // `suffix` is the segment suffix of the files ("Lucene54_0", "1_Lucene54_0"); `infos` the
  // segment's (newest) field infos, which every entry's field number must be in.
  static Result<std::unique_ptr<DocValuesProducer>> Open(io::FileSlice meta, io::FileSlice data,
                                                         const SegmentId& id,
                                                         std::string_view suffix,
                                                         const FieldInfos& infos, int32_t max_doc,
                                                         const ReadOptions& options);

  // Whether the .dvm has a NUMERIC / SORTED entry for `field`.
  bool HasNumeric(const FieldInfo& field) const { return numerics_.count(field.number) != 0; }
  bool HasSorted(const FieldInfo& field) const {
    return ords_.count(field.number) != 0 && binaries_.count(field.number) != 0;
  }

  // The NUMERIC values of `field`. The producer must outlive them.
  Result<NumericDocValues> Numeric(const FieldInfo& field) const;
  // The SORTED values of `field`. The producer must outlive them.
  Result<SortedDocValues> Sorted(const FieldInfo& field) const;

 private:
  DocValuesProducer(io::FileSlice meta, io::FileSlice data, int32_t max_doc)
      : meta_(std::move(meta)), data_(std::move(data)), max_doc_(max_doc) {}
  Status ReadEntries(io::DataInput& in, bool lucene54, const FieldInfos& infos);

  io::FileSlice meta_;
  io::FileSlice data_;
  int32_t max_doc_;
  std::map<int32_t, NumericEntry> numerics_;  // by field number
  std::map<int32_t, BinaryEntry> binaries_;
  std::map<int32_t, NumericEntry> ords_;  // SORTED ordinals
};

}  // namespace shardlift::lucene
