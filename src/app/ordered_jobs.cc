#include "app/ordered_jobs.h"

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace shardlift::app {

SpillBuffer::~SpillBuffer() {
  if (spill_ != nullptr) std::fclose(spill_);
}

Status SpillBuffer::Append(std::string_view bytes) {
  if (spill_ == nullptr && memory_.size() + bytes.size() <= memory_limit_) {
    memory_.append(bytes);
    return Status();
  }
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
  SL_RETURN_IF_ERROR(out.Append(memory_));
  memory_.clear();
  memory_.shrink_to_fit();
  if (spill_ == nullptr) return Status();
  std::rewind(spill_);
  std::string chunk(size_t{1} << 20, '\0');
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
  explicit JobSink(size_t memory_limit) : buffer_(memory_limit) {}

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
  struct Slot {
    explicit Slot(size_t memory_limit) : sink(memory_limit) {}
    JobSink sink;
    Status status;
    bool finished = false;
  };
  std::deque<Slot> slots;
  for (size_t i = 0; i < count; ++i) slots.emplace_back(kBufferBudget / window);
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

}  // namespace shardlift::app
