#include "app/progress.h"

#include <unistd.h>

#include <cstdio>

namespace shardlift::app {

namespace {

constexpr auto kTtyInterval = std::chrono::milliseconds(250);
constexpr auto kPlainInterval = std::chrono::seconds(10);

std::string Duration(double seconds) {
  const auto total = static_cast<long long>(seconds + 0.5);
  char text[32];
  std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", total / 3600, total / 60 % 60, total % 60);
  return text;
}

}  // namespace

Progress::Progress(Verbosity verbosity, int64_t expected_docs)
    : verbosity_(verbosity),
      expected_docs_(expected_docs),
      tty_(::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()) {
  if (verbosity_ != Verbosity::kQuiet) thread_ = std::thread([this] { Run(); });
}

Progress::~Progress() { Finish(); }

std::string Progress::Line(double seconds) const {
  const int64_t docs = docs_.load(std::memory_order_relaxed);
  const double mb = static_cast<double>(bytes_.load(std::memory_order_relaxed)) / 1e6;
  const double rate = seconds > 0 ? static_cast<double>(docs) / seconds : 0;
  char text[256];
  if (expected_docs_ > 0) {
    const double fraction =
        std::min(1.0, static_cast<double>(docs) / static_cast<double>(expected_docs_));
    const int filled = static_cast<int>(fraction * 20);
    const std::string bar = std::string(filled, '#') + std::string(20 - filled, '.');
    const double eta = rate > 0 ? static_cast<double>(expected_docs_ - docs) / rate : 0;
    std::snprintf(text, sizeof text, "[%s] %3.0f%% %lld/%lld docs  %.1f MB  %.0f docs/s  ETA %s",
                  bar.c_str(), fraction * 100, static_cast<long long>(docs),
                  static_cast<long long>(expected_docs_), mb, rate,
                  Duration(std::max(0.0, eta)).c_str());
  } else {
    std::snprintf(text, sizeof text, "%lld docs  %.1f MB  %.0f docs/s",
                  static_cast<long long>(docs), mb, rate);
  }
  return text;
}

void Progress::Run() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock,
                   tty_ ? std::chrono::duration_cast<std::chrono::milliseconds>(kTtyInterval)
                        : std::chrono::duration_cast<std::chrono::milliseconds>(kPlainInterval));
    if (stop_) break;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (tty_) {
      std::fprintf(stderr, "\r\033[K%s", Line(seconds).c_str());
      bar_shown_ = true;
    } else {
      std::fprintf(stderr, "progress: %s\n", Line(seconds).c_str());
    }
    std::fflush(stderr);
  }
}

void Progress::Note(const std::string& line, Verbosity at_least) {
  if (verbosity_ < at_least || verbosity_ == Verbosity::kQuiet) return;
  std::lock_guard lock(mutex_);
  if (bar_shown_) std::fprintf(stderr, "\r\033[K");
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

void Progress::Finish() {
  {
    std::lock_guard lock(mutex_);
    if (stop_) return;
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (bar_shown_) std::fprintf(stderr, "\r\033[K");
}

}  // namespace shardlift::app
