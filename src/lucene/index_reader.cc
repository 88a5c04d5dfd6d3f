#include "lucene/index_reader.h"

namespace shardlift::lucene {

Result<IndexReader> IndexReader::Open(const std::string& path, const ReadOptions& options) {
  return Open(std::make_shared<FsDirectory>(path), options);
}

Result<IndexReader> IndexReader::Open(std::shared_ptr<const Directory> directory,
                                      const ReadOptions& options) {
  IndexReader reader;
  reader.directory_ = std::move(directory);
  SL_ASSIGN_OR_RETURN(const auto latest, FindLatestCommit(*reader.directory_));
  reader.commit_file_ = reader.directory_->Describe(latest.first);
  SL_ASSIGN_OR_RETURN(io::FileSlice file, reader.directory_->Open(latest.first));
  SL_ASSIGN_OR_RETURN(reader.commit_, ReadSegmentInfos(file, latest.second, options));
  int64_t total_docs = 0;
  for (const SegmentCommitInfo& commit : reader.commit_.segments) {
    SL_ASSIGN_OR_RETURN(std::unique_ptr<SegmentReader> segment,
                        SegmentReader::Open(reader.directory_, commit, options));
    total_docs += segment->max_doc();
    if (total_docs > kMaxDocs) {
      return Status::Corruption(commit.location + ": segment " + commit.name +
                                " takes the index past " + std::to_string(kMaxDocs) + " docs");
    }
    reader.segments_.push_back(std::move(segment));
  }
  return reader;
}

int64_t IndexReader::max_doc() const {
  int64_t total = 0;
  for (const auto& segment : segments_) total += segment->max_doc();
  return total;
}

int64_t IndexReader::num_docs() const {
  int64_t total = 0;
  for (const auto& segment : segments_) total += segment->num_docs();
  return total;
}

}  // namespace shardlift::lucene
