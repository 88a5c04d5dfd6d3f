// Subprocess: the one way shardlift runs another program (ES's launcher, cp, useradd, docker).
//
// Everything the child needs — argv, environment, working directory, where its output goes, the
// user it runs as — is turned into C arrays before fork(), so between fork() and exec() the child
// only makes async-signal-safe calls (a multi-threaded parent must not allocate there). The exit
// status is reported as it is: a signal is not an exit code, and a failed waitpid() is an error,
// never "exit 0".
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace shardlift {

struct SubprocessOptions {
  std::vector<std::string> argv;  // argv[0] is looked up in PATH
  // "NAME=value" entries that override (or add to) the parent's environment.
  std::vector<std::string> env;
  std::string cwd;  // "" = the parent's
  // stdout and stderr: appended to this file ("" = inherited; "/dev/null" discards them).
  std::string output_file;
  // Its own process group: Ctrl-C at the terminal reaches shardlift only, which stops the child
  // in order; Signal(…, /*group=*/true) reaches the child's own children too.
  bool new_process_group = false;
  // SIGTERM when the thread that started it dies (also on SIGKILL of shardlift): a spawned
  // server must never outlive us. Start it from a thread that lives as long as it should.
  bool terminate_with_parent = false;
  // Run as this user and group (shardlift runs as root); nullopt = as we are.
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
};

struct ExitStatus {
  int code = 0;    // exit code when it exited
  int signal = 0;  // the signal that ended it, else 0

  bool ok() const { return signal == 0 && code == 0; }
  // "exit 3", "signal 9 (Killed)".
  std::string ToString() const;
};

class Subprocess {
 public:
  static Result<Subprocess> Start(const SubprocessOptions& options);

  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;
  // Does not kill or wait: the owner decides how a child ends (Stop a server, Wait for cp).
  ~Subprocess() = default;

  pid_t pid() const { return pid_; }
  // The exit status once it has ended, without blocking.
  Result<std::optional<ExitStatus>> Poll();
  // Blocks until it ends.
  Result<ExitStatus> Wait();
  // Sends `signal` to the child (or to its whole process group); nothing once it was reaped.
  void Signal(int signal, bool group = false) const;

 private:
  explicit Subprocess(pid_t pid, std::string name) : pid_(pid), name_(std::move(name)) {}

  pid_t pid_ = -1;
  std::string name_;  // argv[0], for errors
  std::optional<ExitStatus> exit_;
};

// Start + Wait: the exit status of a program run to its end.
Result<ExitStatus> RunToCompletion(const SubprocessOptions& options);

}  // namespace shardlift
