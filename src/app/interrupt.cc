#include "app/interrupt.h"

#include <signal.h>

namespace shardlift::app {
namespace {

std::atomic<bool> g_interrupted{false};

void OnSignal(int) { g_interrupted.store(true); }

}  // namespace

const std::atomic<bool>* CatchInterrupts() {
  struct sigaction action {};
  action.sa_handler = OnSignal;
  // SIGHUP: the terminal was closed; stopping in order beats dying with a node left behind.
  for (const int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
  return &g_interrupted;
}

}  // namespace shardlift::app
