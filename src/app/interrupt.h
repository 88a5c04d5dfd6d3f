// Ctrl-C, SIGTERM and SIGHUP (the terminal closed) for the commands that talk to ES 7: instead
// of dying mid-write they stop in order — what was done is counted and a spawned node is stopped
// cleanly. (SIGKILL cannot be caught: a spawned node then gets SIGTERM from the kernel, see
// SubprocessOptions::terminate_with_parent.)
#pragma once

#include <atomic>

namespace shardlift::app {

// Installs the handlers; returns the flag they set.
const std::atomic<bool>* CatchInterrupts();

}  // namespace shardlift::app
