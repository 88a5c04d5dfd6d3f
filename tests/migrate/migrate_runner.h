// What the migrate e2e tests share: running the shardlift binary, a temp work dir, the fault
// proxy (fault_proxy.py) as a child process that is stopped on every exit path.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "es7/es7_client.h"

namespace shardlift::testing {

struct MigrateRun {
  int exit_code = -1;
  std::string output;     // stdout and stderr
  std::string last_line;  // e.g. "migrated N of M documents, K dead-lettered, L lost"
};

std::string ShellQuote(const std::string& text);

// The lines of `upgrade`'s output that start with its timestamp ("[YYYY-MM-DD HH:MM:SS] "),
// without it.
std::vector<std::string> UpgradeSteps(const std::string& output);

// Runs `shardlift <subcommand> <args>` (output kept in <work>/out.txt).
MigrateRun RunShardlift(const std::string& subcommand, const std::vector<std::string>& args,
                        const std::filesystem::path& work);
// The run whose output is in `out` (the file BackgroundShardlift wrote) and that exited with
// `exit_code`.
MigrateRun RunOf(int exit_code, const std::filesystem::path& out);
// RunShardlift("migrate", …).
MigrateRun RunShardliftMigrate(const std::vector<std::string>& args,
                               const std::filesystem::path& work);

// Removes what a test wrote into the target under `prefix` (indices, templates), on every exit
// path.
struct PrefixCleanup {
  Es7Client& client;
  std::string prefix;
  ~PrefixCleanup() {
    client.Delete("/" + prefix + "*");
    client.Delete("/_template/" + prefix + "*");
  }
};

// A fresh directory under the temp dir, removed at the end.
class ScopedDir {
 public:
  explicit ScopedDir(const std::string& name);
  ~ScopedDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// `shardlift <subcommand> <args>` as a child process running in `cwd`, output (stdout and stderr)
// to `out`. Stopped with SIGTERM (shardlift then stops what it started) and reaped on every exit
// path of the test.
class BackgroundShardlift {
 public:
  BackgroundShardlift(const std::string& subcommand, const std::vector<std::string>& args,
                      const std::filesystem::path& cwd, const std::filesystem::path& out);
  ~BackgroundShardlift();
  pid_t pid() const { return pid_; }
  // Whether it has exited yet (reaps it when so).
  bool Exited();
  // Waits for the exit; the exit code, or -1 when it died of a signal.
  int Wait();

 private:
  pid_t pid_ = -1;
  int exit_code_ = -1;
};

// tests/migrate/fault_proxy.py in front of `upstream`, on a port of its own choice.
class FaultProxy {
 public:
  // `slow_seconds`: how late the "slow" fault answers; `path`: the requests the faults fall on
  // (those whose path starts with it).
  FaultProxy(const std::string& upstream, const std::string& faults, int cycles,
             const std::filesystem::path& work, double slow_seconds = 2.0,
             const std::string& path = "/_bulk");
  ~FaultProxy();
  // "" when it did not come up.
  const std::string& url() const { return url_; }
  // Stops it and returns its stats JSON ({"requests":N,"injected":{fault:count}}; N counts the
  // requests on its path).
  std::string Stop();

 private:
  pid_t pid_ = -1;
  std::string url_;
  std::filesystem::path stats_;
};

// The Java processes whose command line mentions `needle` (e.g. "path.data=<dir>").
std::vector<pid_t> JavaProcessesWith(const std::string& needle);

}  // namespace shardlift::testing
