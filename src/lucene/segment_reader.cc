#include "lucene/segment_reader.h"

#include <algorithm>
#include <array>

#include "lucene/file_names.h"

namespace shardlift::lucene {

namespace {

constexpr std::array<std::string_view, 5> kSupportedCodecs = {"Lucene50", "Lucene53", "Lucene54",
                                                              "Lucene60", "Lucene62"};
constexpr std::array<std::string_view, 2> kSupportedDocValuesFormats = {"Lucene54", "Lucene50"};
constexpr std::string_view kUpgradeHint =
    "upgrade the index first: open it with Lucene 5.x's IndexUpgrader (or Elasticsearch's "
    "_upgrade API on 2.x/5.x) so every segment is rewritten with a 5.x/6.x codec";

// The file suffix of a field's doc values: [base36(gen)_]<format>_<suffix>.
Result<std::string> DocValuesSuffix(const FieldInfo& field, const io::FileSlice& fnm) {
  const auto format = field.attributes.find(std::string(kDocValuesFormatAttribute));
  const auto suffix = field.attributes.find(std::string(kDocValuesSuffixAttribute));
  if (format == field.attributes.end() || suffix == field.attributes.end()) {
    return fnm.CorruptionAt(
        0, "field '" + field.name + "' has doc values but no per-field format attributes");
  }
  if (std::find(kSupportedDocValuesFormats.begin(), kSupportedDocValuesFormats.end(),
                format->second) == kSupportedDocValuesFormats.end()) {
    return Status::Unsupported(fnm.Describe(0) + ": field '" + field.name +
                               "' uses the doc values format '" + format->second +
                               "'; only Lucene54 and Lucene50 are supported");
  }
  std::string name = format->second + "_" + suffix->second;
  if (field.doc_values_gen != -1) name = Base36(field.doc_values_gen) + "_" + name;
  return name;
}

}  // namespace

bool IsSupportedSegmentCodec(std::string_view codec) {
  return std::find(kSupportedCodecs.begin(), kSupportedCodecs.end(), codec) !=
         kSupportedCodecs.end();
}

Result<std::unique_ptr<SegmentReader>> SegmentReader::Open(
    std::shared_ptr<const Directory> directory, const SegmentCommitInfo& commit,
    const ReadOptions& options) {
  if (!commit.has_id || !IsSupportedSegmentCodec(commit.codec)) {
    const std::string origin = !commit.has_id || commit.codec.starts_with("Lucene4")
                                   ? "written by Lucene 4.x"
                                   : "not a Lucene 5.x/6.x codec";
    return Status::Unsupported(commit.location + ": unsupported codec " + commit.codec +
                               " in segment " + commit.name + " (" + origin + "; " +
                               std::string(kUpgradeHint) + ")");
  }
  Result<std::unique_ptr<SegmentReader>> reader = OpenFiles(std::move(directory), commit, options);
  if (!reader.ok() && reader.status().IsNotFound()) {
    // A missing file: say which segment of which commit wanted it.
    return reader.status().WithContext(commit.location + ": segment " + commit.name);
  }
  return reader;
}

Result<std::unique_ptr<SegmentReader>> SegmentReader::OpenFiles(
    std::shared_ptr<const Directory> directory, const SegmentCommitInfo& commit,
    const ReadOptions& options) {
  SL_ASSIGN_OR_RETURN(io::FileSlice si_file,
                      directory->Open(SegmentFileName(commit.name, "", "si")));
  SL_ASSIGN_OR_RETURN(SegmentInfo info, ReadSegmentInfo(si_file, commit.id, options));
  if (commit.del_count > info.max_doc) {
    return Status::Corruption(commit.location + ": segment " + commit.name + " has " +
                              std::to_string(commit.del_count) + " deletions but only " +
                              std::to_string(info.max_doc) + " docs");
  }
  SL_ASSIGN_OR_RETURN(const StoredFieldsMode mode, StoredFieldsModeOf(info, si_file));
  SL_ASSIGN_OR_RETURN(SegmentFiles files, SegmentFiles::Open(std::move(directory), commit.name,
                                                             commit.id, info.is_compound, options));
  SL_ASSIGN_OR_RETURN(io::FileSlice fnm, files.Core("", "fnm"));
  SL_ASSIGN_OR_RETURN(FieldInfos core_infos, FieldInfos::Read(fnm, commit.id, "", options));

  std::unique_ptr<SegmentReader> reader(
      new SegmentReader(commit, std::move(info), std::move(files), fnm, std::move(core_infos)));
  if (commit.field_infos_gen != -1) {
    const std::string suffix = Base36(commit.field_infos_gen);
    SL_ASSIGN_OR_RETURN(io::FileSlice gen_fnm,
                        reader->files_.Own(SegmentFileName(commit.name, suffix, "fnm")));
    SL_ASSIGN_OR_RETURN(FieldInfos updated, FieldInfos::Read(gen_fnm, commit.id, suffix, options));
    reader->updated_field_infos_ = std::make_unique<FieldInfos>(std::move(updated));
    reader->field_infos_file_ = std::move(gen_fnm);
  }
  if (commit.del_gen != -1) {
    SL_ASSIGN_OR_RETURN(io::FileSlice liv, reader->files_.Own(SegmentFileName(
                                               commit.name, Base36(commit.del_gen), "liv")));
    SL_ASSIGN_OR_RETURN(reader->live_docs_,
                        LiveDocs::Read(liv, commit.id, commit.del_gen, reader->max_doc(),
                                       commit.del_count, options));
  } else if (commit.del_count != 0) {
    return Status::Corruption(commit.location + ": segment " + commit.name + " counts " +
                              std::to_string(commit.del_count) + " deletions but has no .liv");
  }
  SL_ASSIGN_OR_RETURN(io::FileSlice fdt, reader->files_.Core("", "fdt"));
  SL_ASSIGN_OR_RETURN(io::FileSlice fdx, reader->files_.Core("", "fdx"));
  SL_ASSIGN_OR_RETURN(StoredFieldsReader stored,
                      StoredFieldsReader::Open(std::move(fdt), std::move(fdx), commit.id,
                                               reader->max_doc(), mode, options));
  reader->stored_fields_ = std::make_unique<StoredFieldsReader>(std::move(stored));
  SL_RETURN_IF_ERROR(reader->OpenDocValues(options));
  SL_RETURN_IF_ERROR(reader->CheckUnreadFiles());
  return reader;
}

Status SegmentReader::OpenDocValues(const ReadOptions& options) {
  for (const FieldInfo& field : field_infos().fields()) {
    if (field.doc_values_type == DocValuesType::kNone) continue;
    SL_ASSIGN_OR_RETURN(std::string suffix, DocValuesSuffix(field, field_infos_file_));
    if (producers_.count(suffix) != 0) continue;
    Result<io::FileSlice> meta = field.doc_values_gen == -1
                                     ? files_.Core(suffix, "dvm")
                                     : files_.Own(SegmentFileName(name(), suffix, "dvm"));
    Result<io::FileSlice> data = field.doc_values_gen == -1
                                     ? files_.Core(suffix, "dvd")
                                     : files_.Own(SegmentFileName(name(), suffix, "dvd"));
    const std::string context =
        field_infos_file_.Describe(field.offset) + ": doc values of '" + field.name + "'";
    if (!meta.ok()) return meta.status().WithContext(context);
    if (!data.ok()) return data.status().WithContext(context);
    SL_ASSIGN_OR_RETURN(std::unique_ptr<DocValuesProducer> producer,
                        DocValuesProducer::Open(std::move(*meta), std::move(*data), commit_.id,
                                                suffix, field_infos(), max_doc(), options));
    producers_.emplace(std::move(suffix), std::move(producer));
  }
  return Status();
}

Status SegmentReader::CheckUnreadFiles() const {
  if (files_.compound()) return Status();  // the .cfs checksum covers every sub-file
  for (const std::string& file : info_.files) {
    SL_ASSIGN_OR_RETURN(io::FileSlice slice, files_.Own(file));
    SL_RETURN_IF_ERROR(CheckFooter(slice, /*verify_checksum=*/false));
  }
  return Status();
}

Result<const DocValuesProducer*> SegmentReader::ProducerOf(const FieldInfo& field) const {
  SL_ASSIGN_OR_RETURN(const std::string suffix, DocValuesSuffix(field, field_infos_file_));
  const auto it = producers_.find(suffix);
  if (it == producers_.end()) {
    return field_infos_file_.CorruptionAt(0, "no doc values files for suffix " + suffix);
  }
  return it->second.get();
}

Result<const NumericDocValues*> SegmentReader::Numeric(std::string_view field_name) {
  if (const auto it = numerics_.find(field_name); it != numerics_.end()) return it->second.get();
  const FieldInfo* field = field_infos().ByName(field_name);
  if (field == nullptr || field->doc_values_type != DocValuesType::kNumeric) {
    return static_cast<const NumericDocValues*>(nullptr);
  }
  SL_ASSIGN_OR_RETURN(const DocValuesProducer* producer, ProducerOf(*field));
  SL_ASSIGN_OR_RETURN(NumericDocValues values, producer->Numeric(*field));
  auto& slot = numerics_[std::string(field_name)];
  slot = std::make_unique<NumericDocValues>(std::move(values));
  return slot.get();
}

Result<SortedDocValues*> SegmentReader::Sorted(std::string_view field_name) {
  if (const auto it = sorted_.find(field_name); it != sorted_.end()) return it->second.get();
  const FieldInfo* field = field_infos().ByName(field_name);
  if (field == nullptr || field->doc_values_type != DocValuesType::kSorted) {
    return static_cast<SortedDocValues*>(nullptr);
  }
  SL_ASSIGN_OR_RETURN(const DocValuesProducer* producer, ProducerOf(*field));
  SL_ASSIGN_OR_RETURN(SortedDocValues values, producer->Sorted(*field));
  auto& slot = sorted_[std::string(field_name)];
  slot = std::make_unique<SortedDocValues>(std::move(values));
  return slot.get();
}

}  // namespace shardlift::lucene
