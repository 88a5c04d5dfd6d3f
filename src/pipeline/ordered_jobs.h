// RunOrderedJobs: runs jobs on worker threads but hands their output on strictly in job order,
// so a parallel export is byte-identical to a sequential one.
//
// The job at the head of the order writes straight to the output; jobs running ahead of it write
// into their own SpillBuffer, which is replayed when they reach the head. At most 2×workers jobs
// run ahead, and together their buffers keep at most kBufferBudget bytes in memory (the rest goes
// to unlinked temp files under $TMPDIR), so memory stays bounded whatever the shard sizes.
// Jobs should append in batches (tens of KB), not line by line: each append takes a lock.
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace shardlift::pipeline {

// In-memory bytes all buffers of jobs running ahead may hold together.
inline constexpr size_t kBufferBudget = size_t{128} << 20;

// Where a job's bytes go: straight to the output (one worker) or into a SpillBuffer.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual Status Append(std::string_view bytes) = 0;
};

// Fixed-size memory blocks for SpillBuffers, at most `limit` bytes of them in all. Returned
// blocks are handed out again: fresh memory costs a page fault per 4 KB, and a growing string
// would copy and fault its way through every doubling.
class BlockPool {
 public:
  static constexpr size_t kBlockSize = size_t{1} << 20;

  explicit BlockPool(size_t limit) : blocks_left_(limit / kBlockSize) {}

  // A block of kBlockSize bytes, or null once the limit is reached.
  std::unique_ptr<char[]> Take();
  void Return(std::unique_ptr<char[]> block);

 private:
  std::mutex mutex_;
  size_t blocks_left_;  // not allocated yet
  std::vector<std::unique_ptr<char[]>> free_;
};

// Bytes kept in blocks of `pool` while it has any, then in an unlinked temp file.
class SpillBuffer final : public ByteSink {
 public:
  explicit SpillBuffer(BlockPool& pool) : pool_(pool) {}

  ~SpillBuffer() override;
  Status Append(std::string_view bytes) override;
  // Replays everything appended, in order, into `out`; then empties the buffer (blocks go back
  // to the pool).
  Status DrainInto(ByteSink& out);

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    size_t size;
  };
  BlockPool& pool_;
  std::vector<Block> blocks_;
  std::FILE* spill_ = nullptr;  // unlinked temp file (tmpfile), once the pool ran dry
};

// Runs job(i, sink) for i in [0, count) on `workers` threads (workers ≤ 1: inline), every byte
// reaching `output` in job order. After job i finished (and its bytes are out), done(i, status)
// runs on the calling thread, in order. An error from `done` or from writing the output stops
// everything and is returned; a job's own error is only handed to its `done`.
Status RunOrderedJobs(size_t count, int workers, ByteSink& output,
                      const std::function<Status(size_t job, ByteSink& sink)>& job,
                      const std::function<Status(size_t job, const Status& job_status)>& done);

}  // namespace shardlift::pipeline
