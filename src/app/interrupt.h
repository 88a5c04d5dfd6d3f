// Ctrl-C and SIGTERM for the commands that talk to ES 7: instead of dying mid-write they stop in
// order — what was done is counted and a spawned node is stopped cleanly.
#pragma once

#include <atomic>

namespace shardlift::app {

// Installs the handlers; returns the flag they set.
const std::atomic<bool>* CatchInterrupts();

}  // namespace shardlift::app
