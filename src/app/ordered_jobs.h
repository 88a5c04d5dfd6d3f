// RunOrderedJobs: runs jobs on worker threads but hands their output on strictly in job order,
// so a parallel export is byte-identical to a sequential one.
//
// Each job writes into its own SpillBuffer. At most 2×workers jobs run ahead of the one being
// drained, and a buffer keeps at most kSpillThreshold bytes in memory (the rest goes to an
// unlinked temp file under $TMPDIR), so memory stays bounded whatever the shard sizes.
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace shardlift::app {

// Where a job's bytes go: straight to the output (one worker) or into a SpillBuffer.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual Status Append(std::string_view bytes) = 0;
};

class SpillBuffer final : public ByteSink {
 public:
  static constexpr size_t kSpillThreshold = size_t{8} << 20;

  ~SpillBuffer() override;
  Status Append(std::string_view bytes) override;
  // Replays everything appended, in order, into `out`; then empties the buffer.
  Status DrainInto(ByteSink& out);

 private:
  std::string memory_;
  std::FILE* spill_ = nullptr;  // unlinked temp file (tmpfile), once memory_ is full
};

// Runs job(i, sink) for i in [0, count) on `workers` threads (workers ≤ 1: inline, with `direct`
// as every job's sink). After job i finished, drain(i, status, buffer) runs on the calling thread
// in order i = 0, 1, …; it must empty the buffer (SpillBuffer::DrainInto). A drain error stops
// everything and is returned; a job error is only handed to its drain.
Status RunOrderedJobs(
    size_t count, int workers, ByteSink& direct,
    const std::function<Status(size_t job, ByteSink& sink)>& job,
    const std::function<Status(size_t job, const Status& job_status, SpillBuffer* buffer)>& drain);

}  // namespace shardlift::app
