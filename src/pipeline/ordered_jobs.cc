#include "pipeline/ordered_jobs.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace shardlift::pipeline {

std::unique_ptr<char[]> BlockPool::Take() {
  std::lock_guard lock(mutex_);
  if (!free_.empty()) {
    std::unique_ptr<char[]> block = std::move(free_.back());
    free_.pop_back();
    return block;
  }
  if (blocks_left_ == 0) return nullptr;
  --blocks_left_;
  return std::make_unique_for_overwrite<char[]>(kBlockSize);
}

void BlockPool::Return(std::unique_ptr<char[]> block) {
  std::lock_guard lock(mutex_);
  free_.push_back(std::move(block));
}

SpillBuffer::~SpillBuffer() {
  for (Block& block : blocks_) pool_.Return(std::move(block.data));
  if (spill_ != nullptr) std::fclose(spill_);
}

Status SpillBuffer::Append(std::string_view bytes) {
  while (spill_ == nullptr && !bytes.empty()) {
    if (blocks_.empty() || blocks_.back().size == BlockPool::kBlockSize) {
      std::unique_ptr<char[]> data = pool_.Take();
      if (data == nullptr) break;
      blocks_.push_back({std::move(data), 0});
    }
    Block& block = blocks_.back();
    const size_t n = std::min(bytes.size(), BlockPool::kBlockSize - block.size);
    std::memcpy(block.data.get() + block.size, bytes.data(), n);
    block.size += n;
    bytes.remove_prefix(n);
  }
  if (bytes.empty()) return Status();
  if (spill_ == nullptr) {
    spill_ = std::tmpfile();  // in $TMPDIR, already unlinked: nothing is left behind
    if (spill_ == nullptr) {
      return Status::IoError(std::string("cannot create a spill file: ") + std::strerror(errno));
    }
  }
  if (std::fwrite(bytes.data(), 1, bytes.size(), spill_) != bytes.size()) {
    return Status::IoError(std::string("writing a spill file: ") + std::strerror(errno));
  }
  return Status();
}

Status SpillBuffer::DrainInto(ByteSink& out) {
  for (Block& block : blocks_) {
    SL_RETURN_IF_ERROR(out.Append({block.data.get(), block.size}));
    pool_.Return(std::move(block.data));
  }
  blocks_.clear();
  if (spill_ == nullptr) return Status();
  std::rewind(spill_);
  std::string chunk(BlockPool::kBlockSize, '\0');
  while (size_t n = std::fread(chunk.data(), 1, chunk.size(), spill_)) {
    SL_RETURN_IF_ERROR(out.Append({chunk.data(), n}));
  }
  const bool failed = std::ferror(spill_) != 0;
  std::fclose(spill_);
  spill_ = nullptr;
  if (failed) return Status::IoError("reading back a spill file failed");
  return Status();
}

namespace {

// A job's sink in parallel mode: buffers until the job becomes the head of the order, then
// passes straight through to the output.
class JobSink final : public ByteSink {
 public:
  explicit JobSink(BlockPool& pool) : buffer_(pool) {}

  Status Append(std::string_view bytes) override {
    std::lock_guard lock(mutex_);
    if (!write_error_.ok()) return write_error_;
    if (output_ == nullptr) return buffer_.Append(bytes);
    write_error_ = output_->Append(bytes);
    return write_error_;
  }
  // Replays what was buffered into `output` and switches to pass-through.
  Status BecomeHead(ByteSink& output) {
    std::lock_guard lock(mutex_);
    write_error_ = buffer_.DrainInto(output);
    output_ = &output;
    return write_error_;
  }
  Status write_error() {
    std::lock_guard lock(mutex_);
    return write_error_;
  }

 private:
  std::mutex mutex_;
  SpillBuffer buffer_;
  ByteSink* output_ = nullptr;
  Status write_error_;  // writing the output failed: the job stops at its next Append
};

}  // namespace

Status RunOrderedJobs(size_t count, int workers, ByteSink& output,
                      const std::function<Status(size_t, ByteSink&)>& job,
                      const std::function<Status(size_t, const Status&)>& done) {
  if (workers <= 1 || count <= 1) {
    for (size_t i = 0; i < count; ++i) {
      const Status status = job(i, output);
      SL_RETURN_IF_ERROR(done(i, status));
    }
    return Status();
  }
  const size_t window = 2 * static_cast<size_t>(workers);
  BlockPool pool(kBufferBudget);  // before the slots: their buffers return blocks to it
  struct Slot {
    explicit Slot(BlockPool& pool) : sink(pool) {}
    JobSink sink;
    Status status;
    bool finished = false;
  };
  std::deque<Slot> slots;
  for (size_t i = 0; i < count; ++i) slots.emplace_back(pool);
  std::mutex mutex;
  std::condition_variable changed;
  size_t next_job = 0;
  size_t head = 0;
  bool stop = false;

  auto worker = [&] {
    while (true) {
      size_t i;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || next_job >= count || next_job < head + window; });
        if (stop || next_job >= count) return;
        i = next_job++;
      }
      Status status = job(i, slots[i].sink);
      {
        std::lock_guard lock(mutex);
        slots[i].status = std::move(status);
        slots[i].finished = true;
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < workers; ++t) threads.emplace_back(worker);

  Status result;
  for (size_t i = 0; i < count && result.ok(); ++i) {
    result = slots[i].sink.BecomeHead(output);
    if (result.ok()) {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return slots[i].finished; });
    }
    if (result.ok()) result = slots[i].sink.write_error();
    if (result.ok()) result = done(i, slots[i].status);
    {
      std::lock_guard lock(mutex);
      head = i + 1;
      if (!result.ok()) stop = true;
    }
    changed.notify_all();
  }
  for (std::thread& thread : threads) thread.join();
  return result;
}

}  // namespace shardlift::pipeline
