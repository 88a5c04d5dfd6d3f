#include "lucene/segment_files.h"

#include "lucene/file_names.h"

namespace shardlift::lucene {

Result<SegmentFiles> SegmentFiles::Open(std::shared_ptr<const Directory> directory,
                                        std::string segment, const SegmentId& id, bool compound,
                                        const ReadOptions& options) {
  SegmentFiles files(std::move(directory), std::move(segment), std::nullopt);
  if (compound) {
    SL_ASSIGN_OR_RETURN(io::FileSlice entries,
                        files.Own(SegmentFileName(files.segment_, "", "cfe")));
    SL_ASSIGN_OR_RETURN(io::FileSlice data, files.Own(SegmentFileName(files.segment_, "", "cfs")));
    SL_ASSIGN_OR_RETURN(CompoundReader reader,
                        CompoundReader::Open(std::move(entries), std::move(data), id, options));
    files.compound_.emplace(std::move(reader));
  }
  return files;
}

Result<io::FileSlice> SegmentFiles::Core(std::string_view suffix,
                                         std::string_view extension) const {
  const std::string name = SegmentFileName(segment_, suffix, extension);
  if (compound_) return compound_->OpenFile(name);
  return Own(name);
}

Result<io::FileSlice> SegmentFiles::Own(std::string_view file_name) const {
  return directory_->Open(file_name);
}

}  // namespace shardlift::lucene
