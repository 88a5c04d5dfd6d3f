// RunOrderedJobs: runs jobs on worker threads but hands their output on strictly in job order,
// so a parallel export is byte-identical to a sequential one.
//
// The job at the head of the order writes straight to the output; jobs running ahead of it write
// into their own SpillBuffer, which is replayed when they reach the head. At most 2×workers jobs
// run ahead, and together their buffers keep at most kBufferBudget bytes in memory (the rest goes
// to unlinked temp files under $TMPDIR), so memory stays bounded whatever the shard sizes.
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace shardlift::app {

// Where a job's bytes go: straight to the output (one worker) or into a SpillBuffer.
// In-memory bytes all buffers of jobs running ahead may hold together.
inline constexpr size_t kBufferBudget = size_t{128} << 20;

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual Status Append(std::string_view bytes) = 0;
};

// Bytes kept in memory up to a limit, then in an unlinked temp file.
class SpillBuffer final : public ByteSink {
 public:
  explicit SpillBuffer(size_t memory_limit) : memory_limit_(memory_limit) {}

  ~SpillBuffer() override;
  Status Append(std::string_view bytes) override;
  // Replays everything appended, in order, into `out`; then empties the buffer.
  Status DrainInto(ByteSink& out);

 private:
  size_t memory_limit_;
  std::string memory_;
  std::FILE* spill_ = nullptr;  // unlinked temp file (tmpfile), once memory_ is full
};

// Runs job(i, sink) for i in [0, count) on `workers` threads (workers ≤ 1: inline), every byte
// reaching `output` in job order. After job i finished (and its bytes are out), done(i, status)
// runs on the calling thread, in order. An error from `done` or from writing the output stops
// everything and is returned; a job's own error is only handed to its `done`.
Status RunOrderedJobs(size_t count, int workers, ByteSink& output,
                      const std::function<Status(size_t job, ByteSink& sink)>& job,
                      const std::function<Status(size_t job, const Status& job_status)>& done);

}  // namespace shardlift::app
