#include "es5/translog.h"

namespace shardlift::es5 {

namespace {

std::string TlogPath(const std::string& dir, int64_t generation) {
  return dir + "/translog-" + std::to_string(generation) + ".tlog";
}

Result<Checkpoint> ReadCheckpointFile(const std::string& path) {
  SL_ASSIGN_OR_RETURN(io::FileSlice file, io::FileSlice::Open(path));
  return ReadCheckpoint(file);
}

}  // namespace

Result<ShardTranslog> ShardTranslog::Open(const std::string& translog_dir, std::string_view uuid,
                                          int64_t commit_generation) {
  const std::string current_path = translog_dir + "/translog.ckp";
  SL_ASSIGN_OR_RETURN(const Checkpoint current, ReadCheckpointFile(current_path));
  if (commit_generation > current.generation) {
    return Status::Corruption(
        current_path + ": checkpoint generation " + std::to_string(current.generation) +
        " is older than the commit's translog_generation " + std::to_string(commit_generation));
  }
  ShardTranslog translog;
  for (int64_t generation = commit_generation; generation <= current.generation; ++generation) {
    const bool is_current = generation == current.generation;
    Checkpoint checkpoint = current;
    if (!is_current) {
      const std::string path = translog_dir + "/translog-" + std::to_string(generation) + ".ckp";
      SL_ASSIGN_OR_RETURN(checkpoint, ReadCheckpointFile(path));
      if (checkpoint.generation != generation) {
        return Status::Corruption(path + ": holds generation " +
                                  std::to_string(checkpoint.generation) + ", expected " +
                                  std::to_string(generation));
      }
    }
    SL_ASSIGN_OR_RETURN(io::FileSlice tlog,
                        io::FileSlice::Open(TlogPath(translog_dir, generation)));
    SL_ASSIGN_OR_RETURN(TranslogReader reader,
                        TranslogReader::Open(std::move(tlog), checkpoint, uuid, is_current));
    translog.expected_ops_ += checkpoint.num_ops;
    translog.generations_.push_back(std::move(reader));
  }
  return translog;
}

}  // namespace shardlift::es5
