// Everything needed to read one segment of a commit: .si, compound files, field infos (core and
// generational), live docs, stored fields and doc values.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "lucene/codec_header.h"
#include "lucene/doc_values_producer.h"
#include "lucene/field_infos.h"
#include "lucene/live_docs.h"
#include "lucene/segment_files.h"
#include "lucene/segment_info.h"
#include "lucene/segment_infos.h"
#include "lucene/stored_fields_reader.h"

namespace shardlift::lucene {

// Segment codecs this reader understands (segments_N's per-segment codec name).
bool IsSupportedSegmentCodec(std::string_view codec);

// Not thread-safe: doc values are built on first use and SORTED lookups share a scratch buffer.
// Threads should each use their own StoredFieldsReader::Cursor and build doc values up front.
class SegmentReader {
 public:
  // Opens segment `commit` of the index in `directory`. Segments written by Lucene 4.x or with an
  // unknown codec yield Unsupported. Every file read is checksummed (per `options`); files of the
  // segment this reader never reads (postings, norms, points) are checked for a sound footer.
  static Result<std::unique_ptr<SegmentReader>> Open(std::shared_ptr<const Directory> directory,
                                                     const SegmentCommitInfo& commit,
                                                     const ReadOptions& options);

  const SegmentCommitInfo& commit() const { return commit_; }
  const std::string& name() const { return commit_.name; }
  const SegmentInfo& info() const { return info_; }
  int32_t max_doc() const { return info_.max_doc; }
  int32_t num_docs() const { return info_.max_doc - commit_.del_count; }

  // The newest field infos (the generational .fnm when doc values were updated).
  const FieldInfos& field_infos() const {
    return updated_field_infos_ ? *updated_field_infos_ : core_field_infos_;
  }
  // The field infos written with the segment; stored field numbers resolve through these.
  const FieldInfos& core_field_infos() const { return core_field_infos_; }
  const LiveDocs& live_docs() const { return live_docs_; }
  const StoredFieldsReader& stored_fields() const { return *stored_fields_; }

  // The NUMERIC doc values of `field`, or null when the field has none. Built on first use.
  Result<const NumericDocValues*> Numeric(std::string_view field);
  // The SORTED doc values of `field`, or null when the field has none. Built on first use.
  Result<SortedDocValues*> Sorted(std::string_view field);

 private:
  SegmentReader(SegmentCommitInfo commit, SegmentInfo info, SegmentFiles files,
                io::FileSlice core_fnm, FieldInfos core_field_infos)
      : commit_(std::move(commit)),
        info_(std::move(info)),
        files_(std::move(files)),
        field_infos_file_(std::move(core_fnm)),
        core_field_infos_(std::move(core_field_infos)),
        live_docs_(LiveDocs::AllLive(info_.max_doc)) {}

  static Result<std::unique_ptr<SegmentReader>> OpenFiles(
      std::shared_ptr<const Directory> directory, const SegmentCommitInfo& commit,
      const ReadOptions& options);
  Status OpenDocValues(const ReadOptions& options);
  Status CheckUnreadFiles() const;
  // The producer holding `field`'s doc values.
  Result<const DocValuesProducer*> ProducerOf(const FieldInfo& field) const;

  SegmentCommitInfo commit_;
  SegmentInfo info_;
  SegmentFiles files_;
  io::FileSlice field_infos_file_;  // the .fnm field_infos() came from (for messages)
  FieldInfos core_field_infos_;
  std::unique_ptr<FieldInfos> updated_field_infos_;
  LiveDocs live_docs_;
  std::unique_ptr<StoredFieldsReader> stored_fields_;
  std::map<std::string, std::unique_ptr<DocValuesProducer>> producers_;  // by file suffix
  std::map<std::string, std::unique_ptr<NumericDocValues>, std::less<>> numerics_;
  std::map<std::string, std::unique_ptr<SortedDocValues>, std::less<>> sorted_;
};

}  // namespace shardlift::lucene
