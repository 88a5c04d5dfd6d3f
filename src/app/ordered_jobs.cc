#include "app/ordered_jobs.h"

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

namespace shardlift::app {

SpillBuffer::~SpillBuffer() {
  if (spill_ != nullptr) std::fclose(spill_);
}

Status SpillBuffer::Append(std::string_view bytes) {
  if (spill_ == nullptr && memory_.size() + bytes.size() <= kSpillThreshold) {
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

Status RunOrderedJobs(size_t count, int workers, ByteSink& direct,
                      const std::function<Status(size_t, ByteSink&)>& job,
                      const std::function<Status(size_t, const Status&, SpillBuffer*)>& drain) {
  if (workers <= 1 || count <= 1) {
    for (size_t i = 0; i < count; ++i) {
      const Status status = job(i, direct);
      SL_RETURN_IF_ERROR(drain(i, status, nullptr));
    }
    return Status();
  }
  struct Slot {
    SpillBuffer buffer;
    Status status;
    bool done = false;
  };
  std::vector<Slot> slots(count);
  std::mutex mutex;
  std::condition_variable changed;
  size_t next_job = 0;
  size_t drained = 0;
  bool stop = false;
  const size_t window = 2 * static_cast<size_t>(workers);

  auto worker = [&] {
    while (true) {
      size_t i;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock,
                     [&] { return stop || next_job >= count || next_job < drained + window; });
        if (stop || next_job >= count) return;
        i = next_job++;
      }
      Status status = job(i, slots[i].buffer);
      {
        std::lock_guard lock(mutex);
        slots[i].status = std::move(status);
        slots[i].done = true;
      }
      changed.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < workers; ++t) threads.emplace_back(worker);

  Status result;
  for (size_t i = 0; i < count && result.ok(); ++i) {
    {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return slots[i].done; });
    }
    result = drain(i, slots[i].status, &slots[i].buffer);
    {
      std::lock_guard lock(mutex);
      drained = i + 1;
      if (!result.ok()) stop = true;
    }
    changed.notify_all();
  }
  for (std::thread& thread : threads) thread.join();
  return result;
}

}  // namespace shardlift::app
