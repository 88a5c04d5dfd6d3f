// Progress: a live status line on stderr while documents stream out. On a terminal it redraws a
// bar (docs, MB, docs/s, ETA) a few times a second; otherwise it prints a plain line every ~10 s.
// Quiet mode prints nothing. Counters are atomics: workers add to them without locking.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace shardlift::app {

enum class Verbosity { kQuiet, kNormal, kVerbose };

class Progress {
 public:
  // `expected_docs` (an estimate; 0 if unknown) sizes the bar and the ETA.
  Progress(Verbosity verbosity, int64_t expected_docs);
  ~Progress();

  void Add(int64_t docs, uint64_t bytes) {
    docs_.fetch_add(docs, std::memory_order_relaxed);
    bytes_.fetch_add(bytes, std::memory_order_relaxed);
  }
  // Prints `line` on stderr (without disturbing the bar) if verbosity allows.
  void Note(const std::string& line, Verbosity at_least = Verbosity::kNormal);
  // Stops the display and clears the bar.
  void Finish();

 private:
  void Run();
  std::string Line(double seconds) const;

  const Verbosity verbosity_;
  const int64_t expected_docs_;
  const bool tty_;
  const std::chrono::steady_clock::time_point start_;
  std::atomic<int64_t> docs_{0};
  std::atomic<uint64_t> bytes_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool bar_shown_ = false;
  std::thread thread_;
};

}  // namespace shardlift::app
