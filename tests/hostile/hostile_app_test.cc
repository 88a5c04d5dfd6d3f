// Hostile paths, flags, names, targets and signals for the commands that write (the issue "Never
// lose a document silently, never touch the source, never hang", app side), one case per class,
// none needing an Elasticsearch: the source is never a destination, whatever path leads into it;
// flags out of range are usage errors; writes that fail are errors; names from the data cannot
// rewrite the terminal; targets that cannot work fail at once, without printing a password; a wide
// mapping merges in linear time; a spawned node does not outlive shardlift, a node left running is
// named, and SIGHUP stops a run in order. HostileCase checks every run's source manifest, peak RSS
// and wall clock.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "client/node.h"
#include "hostile_case.h"
#include "support/shared_data.h"

namespace shardlift::hostile {
namespace {

namespace fs = std::filesystem;

constexpr char kFixture[] = "fixtures/es5-synth/single/data";
constexpr char kCatalog[] = "nodes/0/indices/AvfjW8sQtuUWp6dr3qMM5Q";
constexpr char kGlobalState[] = "nodes/0/_state/global-5.st";
constexpr int kQuick = 20;  // seconds: none of these runs may wait for anything
// A launcher that never answers HTTP: the spawned "node" just stays.
constexpr char kSleepingLauncher[] = "exec sleep 300";

class HostileApp : public HostileCase {
 protected:
  void SetUp() override { CopyFixture(kFixture); }

  // A target home as far as shardlift looks at one before starting it (the launcher, the server
  // jar's name, config/jvm.options, modules/), whose launcher runs `launcher` (a shell script body)
  // instead of Elasticsearch.
  fs::path FakeHome(const std::string& launcher) {
    const fs::path home = Scratch("home");
    // The node runs as an unprivileged user when the test is root: it must reach the home.
    fs::permissions(Scratch("."), fs::perms::owner_all | fs::perms::group_read |
                                      fs::perms::group_exec | fs::perms::others_read |
                                      fs::perms::others_exec);
    for (const char* dir : {"bin", "lib", "config", "modules/parent-join"}) {
      fs::create_directories(home / dir);
    }
    WriteBytes(home / "bin/elasticsearch", "#!/bin/sh\n" + launcher + "\n");
    fs::permissions(home / "bin/elasticsearch", fs::perms::owner_all | fs::perms::group_read |
                                                    fs::perms::group_exec | fs::perms::others_read |
                                                    fs::perms::others_exec);
    WriteBytes(home / "lib/elasticsearch-7.17.29.jar", "");
    WriteBytes(home / "config/jvm.options", "-Xlog:gc*:file=logs/gc.log\n");
    return home;
  }

  CommandResult RunQuickly(const std::vector<std::string>& args, const RunOptions& base = {}) {
    RunOptions options = base;
    options.timeout_seconds = kQuick;
    return Run(args, options);
  }
  // Refused with exit 1, `message` in stderr, and `path` not created.
  void ExpectRefusedUntouched(const std::vector<std::string>& args, const std::string& message,
                              const fs::path& path, const RunOptions& options = {}) {
    SCOPED_TRACE(args.front() + " … " + path.native());
    const bool existed = fs::exists(fs::symlink_status(path));
    ExpectRefused(RunQuickly(args, options), {message});
    if (!existed) {
      EXPECT_FALSE(fs::exists(path)) << path;
    }
  }
};

// --- The source is read-only by construction -----------------------------------------------------

TEST_F(HostileApp, NoPathIntoTheSourceIsEverWritten) {
  const std::string data = this->data().native();
  const std::string inside = " refusing to write inside the source data dir " + data;
  const std::string suffix = ": the source is only ever read";
  const fs::path new_file = Path("nodes/0/out.ndjson");

  // Straight in, through a symlink to a source dir, a dangling symlink into it (open(O_CREAT)
  // would follow it), and a hard link to a source file (O_TRUNC would empty it).
  fs::create_directory_symlink(Path("nodes"), Scratch("nodes-link"));
  fs::create_symlink(new_file, Scratch("dangling"));
  fs::create_hard_link(Path(kGlobalState), Scratch("global.st"));
  ExpectRefusedUntouched({"export", "-o", new_file.native(), data},
                         "error: invalid argument: -o " + new_file.native() + ":" + inside + suffix,
                         new_file);
  ExpectRefusedUntouched({"export", "-o", Scratch("nodes-link/x.ndjson").native(), data},
                         "-o " + Scratch("nodes-link/x.ndjson").native() + ":" + inside +
                             " (it resolves to " + Path("nodes/x.ndjson").native() + ")" + suffix,
                         Path("nodes/x.ndjson"));
  ExpectRefusedUntouched({"export", "-o", Scratch("dangling").native(), data},
                         "-o " + Scratch("dangling").native() + ":" + inside + " (it resolves to " +
                             new_file.native() + ")" + suffix,
                         new_file);
  ExpectRefusedUntouched({"export", "-o", Scratch("global.st").native(), data},
                         "-o " + Scratch("global.st").native() +
                             ": refusing to write: it is a hard link to the source file " +
                             Path(kGlobalState).native() + suffix,
                         Scratch("global.st"));
  // `export data > data/nodes/0/out.ndjson`: the shell made the file, nothing goes into it.
  WriteBytes(new_file, "");
  RunOptions redirected;
  redirected.stdout_file = new_file.native();
  ExpectRefusedUntouched({"export", data}, "-o - (stdout) /proc/self/fd/1:" + inside, new_file,
                         redirected);
  EXPECT_EQ(ReadBytes(new_file), "");
  fs::remove(new_file);

  // migrate: reports, dead letters and the ES 7 data dir (and its run dir).
  ExpectRefusedUntouched({"migrate", data, "--dry-run", "--report", Path(kGlobalState).native()},
                         "--report " + Path(kGlobalState).native() + ":" + inside + suffix,
                         Path(kGlobalState));
  ExpectRefusedUntouched(
      {"migrate", data, "--target-url", "http://127.0.0.1:1", "--dead-letter", new_file.native()},
      "--dead-letter " + new_file.native() + ":" + inside + suffix + "; nothing migrated",
      new_file);
  const std::vector<std::string> spawn = {"migrate",       data,
                                          "--target-home", FakeHome(kSleepingLauncher).native(),
                                          "--dead-letter", Scratch("dead.ndjson").native(),
                                          "--target"};
  const auto with_target = [&](const fs::path& target) {
    std::vector<std::string> args = spawn;
    args.push_back(target.native());
    return args;
  };
  ExpectRefusedUntouched(
      with_target(data),
      "the target data dir " + data + ": refusing to write to the source data dir " + data + suffix,
      data);
  ExpectRefusedUntouched(
      with_target(Path("nodes/es7")),
      "the target data dir " + Path("nodes/es7").native() + ":" + inside + suffix,
      Path("nodes/es7"));
  ExpectRefusedUntouched(
      with_target(data + "/.."),
      "the target data dir " + data + "/..: refusing: it holds the source data dir " + data,
      data + "/..");
  // A target beside the source whose run dir ("<target>.run") would be the source itself.
  const fs::path run_dir = Scratch("es5.run");
  fs::rename(this->data(), run_dir);
  const auto before = es5::testing::ManifestOf(run_dir);
  std::vector<std::string> beside = spawn;
  beside[1] = run_dir.native();
  beside.push_back(Scratch("es5").native());
  ExpectRefused(RunQuickly(beside),
                {"the target node's run dir " + run_dir.native() +
                 ": refusing to write to the source data dir " + run_dir.native()});
  EXPECT_FALSE(fs::exists(Scratch("es5")));
  EXPECT_EQ(es5::testing::ManifestDifference(before, es5::testing::ManifestOf(run_dir)), "");
  fs::rename(run_dir, this->data());

  // verify: its report and the data dir it starts a node on.
  ExpectRefusedUntouched(
      {"verify", data, "--target-url", "http://127.0.0.1:1", "--report", new_file.native()},
      "--report " + new_file.native() + ":" + inside + suffix + "; nothing verified", new_file);
  ExpectRefusedUntouched(
      {"verify", data, "--target-home", FakeHome(kSleepingLauncher).native(), "--target", data},
      "the target data dir " + data + ": refusing to write to the source", data);

  // upgrade: the target, and the log it writes into the current directory (a home given, so that
  // no ES home needs to be built for the test).
  const fs::path home = FakeHome(kSleepingLauncher);
  RunOptions in_scratch;
  in_scratch.cwd = Scratch(".").native();  // where upgrade writes its log
  // (upgrade says how it failed in its log, on stdout, as the script it replaces did.)
  const CommandResult upgraded =
      RunQuickly({"upgrade", "-s", data, "-t", Path("nodes/es7").native(), "-n", "--target-home",
                  home.native(), "--es7-version", "7.17.29"},
                 in_scratch);
  EXPECT_EQ(upgraded.exit_code, 1);
  EXPECT_NE(upgraded.stdout_text.find("Upgrade failed: the target (-t) " +
                                      Path("nodes/es7").native() + ":" + inside + suffix),
            std::string::npos)
      << upgraded.stdout_text;
  EXPECT_FALSE(fs::exists(Path("nodes/es7")));
  RunOptions in_source;
  in_source.cwd = Path("nodes").native();
  const CommandResult logged =
      RunQuickly({"upgrade", "-s", data, "-t", Scratch("es7").native(), "-n", "--target-home",
                  home.native(), "--es7-version", "7.17.29"},
                 in_source);
  ExpectRefused(logged, {"error: invalid argument: the log " + Path("nodes/upgrade_to_7_").native(),
                         inside, " (run upgrade from another directory)"});
  EXPECT_FALSE(fs::exists(Scratch("es7")));
}

// --- Flags out of range are usage errors ---------------------------------------------------------

TEST_F(HostileApp, OutOfRangeFlagsAreUsageErrors) {
  const std::string data = this->data().native();
  const std::string url = "http://127.0.0.1:1";
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"export", data, "-p", "100000"},
                                             {"export", data, "-p", "0"},
                                             {"migrate", data, "--target-url", url, "-p", "100000"},
                                             {"verify", data, "--target-url", url, "-p", "100000"},
                                             {"upgrade", "-s", data, "-p", "100000"}}) {
    SCOPED_TRACE(args.front() + " -p " + args.back());
    const CommandResult run = RunQuickly(args);
    EXPECT_EQ(run.exit_code, 2) << run.stderr_text;
    EXPECT_NE(run.stderr_text.find("--parallel: Value " + args.back() + " not in range 1 to 256"),
              std::string::npos)
        << run.stderr_text;
  }
  for (const auto& [flag, value, range] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"--batch-docs", "0", "1 to 100000"},
           {"--batch-bytes", "1000000000000", "1024 to 1073741824"},
           {"--request-timeout", "-5", "1 to 86400"}}) {
    const CommandResult run = RunQuickly({"migrate", data, "--target-url", url, flag, value});
    EXPECT_EQ(run.exit_code, 2) << run.stderr_text;
    EXPECT_NE(run.stderr_text.find(flag + ": Value " + value + " not in range " + range),
              std::string::npos)
        << run.stderr_text;
  }
  const CommandResult shown = RunQuickly({"verify", data, "--target-url", url, "--show", "-1"});
  EXPECT_EQ(shown.exit_code, 2) << shown.stderr_text;
}

// --- A write that fails is an error; a filter that matches nothing too ---------------------------

TEST_F(HostileApp, FailedWritesAndEmptyFiltersAreErrors) {
  const std::string data = this->data().native();
  // A full disk: the error and nothing else (no summary under --quiet, no --skip-broken hint).
  for (const std::string skip : {"", "--skip-broken"}) {
    std::vector<std::string> args = {"export", "--quiet", "-o", "/dev/full", data};
    if (!skip.empty()) args.insert(args.begin() + 1, skip);
    const CommandResult run = RunQuickly(args);
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.stderr_text,
              "error: I/O error: -o /dev/full: write failed: No space left on device\n"
              "export stopped: the output could not be written\n");
  }
  fs::create_symlink("/dev/full", Scratch("full.ndjson.gz"));
  ExpectRefused(RunQuickly({"export", "--quiet", "-o", Scratch("full.ndjson.gz").native(), data}),
                {"error: I/O error: -o " + Scratch("full.ndjson.gz").native() +
                     ": gzip: failed writing: No space left on device",
                 "export stopped: the output could not be written"});
  ExpectRefused(RunQuickly({"migrate", data, "--dry-run", "--report", "/dev/full"}),
                {"error: I/O error: --report /dev/full: write failed: No space left on device"});
  ExpectRefused(
      RunQuickly({"migrate", data, "--dry-run", "--report", Scratch("missing/r.json").native()}),
      {"error: I/O error: --report " + Scratch("missing/r.json").native() +
       ": cannot create: No such file or directory; nothing migrated"});
  ExpectRefused(RunQuickly({"export", data, "--index", "nothing-*,-x", "-o", "/dev/null"}),
                {"error: --index nothing-*,-x selects no index of the source; nothing exported"});
  ExpectRefused(
      RunQuickly({"verify", data, "--target-url", "http://127.0.0.1:1", "--index", "nothing-*"}),
      {"error: invalid argument: --index nothing-* selects no index of the source"});
}

// --- Names from the data cannot rewrite the terminal ---------------------------------------------

TEST_F(HostileApp, ControlCharactersInNamesAreEscaped) {
  // ES 5 accepts newlines and escapes in index names; this one clears the screen and forges the
  // last line of a migration.
  IndexState state = IndexState::Load(Path(std::string(kCatalog) + "/_state"));
  state.Rename("evil\x1b[2J\nmigrated 99 of 99 documents, 0 dead-lettered, 0 lost");
  state.WriteNext();
  const std::string shown = "evil\\x1b[2J\\nmigrated 99 of 99 documents";
  const std::string data = this->data().native();
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"inspect", data},
                                             {"export", data, "-o", "/dev/null"},
                                             {"migrate", data, "--dry-run"}}) {
    SCOPED_TRACE(args.front());
    const CommandResult run = RunQuickly(args);
    const std::string all = run.stdout_text + run.stderr_text;
    EXPECT_EQ(all.find('\x1b'), std::string::npos) << all;
    EXPECT_EQ(all.find("\nmigrated 99"), std::string::npos) << all;
    // The JSON of the plan spells it as JSON does; every other line as the escape above.
    EXPECT_NE(all.find(args.front() == "migrate" ? "evil\\u001b[2J\\nmigrated" : shown),
              std::string::npos)
        << all;
  }
}

// --- Targets that cannot work fail at once, and say no secret ------------------------------------

// A python3 script serving HTTP on a free loopback port, which it prints first ("port N").
class ScriptServer {
 public:
  ScriptServer(const std::string& script, const fs::path& dir) {
    WriteBytes(dir / "server.py", script);
    const fs::path log = dir / "server.log";
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
      ::execlp("python3", "python3", (dir / "server.py").c_str(), nullptr);
      ::_exit(127);
    }
    for (int i = 0; i < 200 && port_.empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const std::string text = ReadBytes(log);
      const size_t end = text.find('\n');
      if (text.starts_with("port ") && end != std::string::npos) port_ = text.substr(5, end - 5);
    }
  }
  ~ScriptServer() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
  // "127.0.0.1:<port>", or "" when it did not start.
  std::string address() const { return port_.empty() ? "" : "127.0.0.1:" + port_; }

 private:
  pid_t pid_ = -1;
  std::string port_;
};

// python3's file server: a real HTTP server that is no Elasticsearch.
constexpr char kPlainServer[] = R"(
import http.server
server = http.server.HTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
print("port", server.server_address[1], flush=True)
server.serve_forever()
)";

// An Elasticsearch 7.17 as far as shardlift's first requests see: its cluster stays red (the
// wait for yellow runs out every half second with 408, as on a node still recovering), and
// credentials are refused (401) as by a cluster with security on and no such user.
constexpr char kRedClusterServer[] = R"(
import http.server, json, time
class Red(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        status = 200
        if self.headers.get("Authorization"):
            status, body = 401, {"error": {"type": "security_exception",
                                           "reason": "unable to authenticate user [u]"}}
        elif self.path == "/":
            body = {"version": {"number": "7.17.29", "distribution": "default"}}
        elif self.path.startswith("/_nodes"):
            body = {"nodes": {"n": {"modules": [{"name": "parent-join"}], "plugins": []}}}
        elif "wait_for_status=red" in self.path:
            body = {"status": "red"}
        else:
            time.sleep(0.5)
            status, body = 408, {"status": "red", "timed_out": True}
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Red)
print("port", server.server_address[1], flush=True)
server.serve_forever()
)";

TEST_F(HostileApp, TargetsThatCannotWorkFailAtOnceWithoutSecrets) {
  const std::string data = this->data().native();
  fs::create_directories(Scratch("plain"));
  fs::create_directories(Scratch("red"));
  const ScriptServer plain(kPlainServer, Scratch("plain"));
  const ScriptServer red(kRedClusterServer, Scratch("red"));
  ASSERT_FALSE(plain.address().empty()) << ReadBytes(Scratch("plain/server.log"));
  ASSERT_FALSE(red.address().empty()) << ReadBytes(Scratch("red/server.log"));
  const Result<int> free_port = client::FreeLoopbackPort();
  ASSERT_TRUE(free_port.ok());
  const std::string refused = "127.0.0.1:" + std::to_string(*free_port);
  const std::string http = plain.address();
  const std::string secret = "s3cr3t-pw";
  const std::string nothing = "; nothing migrated";
  for (const auto& [url, message] : std::vector<std::pair<std::string, std::string>>{
           {"ftp://u:" + secret + "@" + refused + "/",
            "error: invalid argument: --target-url ftp://***@" + refused +
                "/: a ftp:// URL; Elasticsearch speaks http:// or https://" + nothing},
           {refused, "error: invalid argument: --target-url " + refused +
                         ": not a URL (give http://host:port or https://…)" + nothing},
           {"http://u:" + secret + "@" + refused,
            "error: I/O error: cannot use the cluster at http://" + refused +
                ": Couldn't connect to server (nothing listens there: is it the port of a running "
                "Elasticsearch?)" +
                nothing},
           {"http://u:" + secret + "@" + http,
            "error: I/O error: cannot use the cluster at http://" + http +
                ": it does not answer as Elasticsearch: GET /_cluster/health: HTTP 404: "
                "<!DOCTYPE HTML>"},
           {"http://u:" + secret + "@" + red.address(),
            "error: I/O error: cannot use the cluster at http://" + red.address() +
                ": HTTP 401: security_exception: unable to authenticate user [u] (give --user and "
                "--password, or --api-key)" +
                nothing},
           {"https://u:" + secret + "@" + http,
            "error: I/O error: cannot use the cluster at https://" + http +
                ": SSL connect error (is it an http:// port?)" + nothing},
       }) {
    SCOPED_TRACE(url);
    const CommandResult run = RunQuickly({"migrate", data, "--target-url", url});
    ExpectRefused(run, {message});
    EXPECT_LT(run.seconds, 5.0);
    EXPECT_EQ((run.stdout_text + run.stderr_text).find(secret), std::string::npos)
        << run.stderr_text;
  }
}

// --- Bounded memory: the translation of a mapping of a million keys ------------------------------

TEST_F(HostileApp, AWideMappingMergesInLinearTime) {
  // Two types of 60,000 fields each, merged into one index (--multi-type field): member by member
  // through nlohmann's ordered_map this was quadratic, minutes for a hostile state file. (Twice
  // as many fields take 278 MB today, over the budget: a limit for the mapping readers.)
  IndexState state = IndexState::Load(Path(std::string(kCatalog) + "/_state"));
  for (const std::string type : {"wide", "wider"}) {
    std::string json = "{\"" + type + "\":{\"properties\":{";
    for (int i = 0; i < 60'000; ++i) {
      json += (i == 0 ? "\"" : ",\"") + type + std::to_string(i) + "\":{\"type\":\"keyword\"}";
    }
    json += "}}}";
    const std::string dfl = "DFL" + std::string(1, '\0') + DeflateRepeated(json, ' ', 0, "");
    state.index()["mappings"].push_back(
        nlohmann::ordered_json::binary(std::vector<uint8_t>(dfl.begin(), dfl.end())));
  }
  state.WriteNext();
  RunOptions options;
  options.timeout_seconds = 120;
  const CommandResult run =
      Run({"migrate", data().native(), "--dry-run", "--multi-type", "field"}, options);
  EXPECT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_NE(run.stdout_text.find("\"wider59999\""), std::string::npos);
  std::printf("migrate --dry-run merging 120,000 fields: %.1f s, peak RSS %lld MB\n", run.seconds,
              static_cast<long long>(run.peak_rss_bytes >> 20));
}

// --- Processes and signals --------------------------------------------------------------------

// shardlift with `args` as a child of the test, output to `log`; killed and reaped on every exit
// path of the test.
class Background {
 public:
  Background(const std::vector<std::string>& args, const fs::path& log) {
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
      std::vector<std::string> argv = {shardlift::testing::ShardliftBinary()};
      argv.insert(argv.end(), args.begin(), args.end());
      std::vector<char*> pointers;
      for (std::string& arg : argv) pointers.push_back(arg.data());
      pointers.push_back(nullptr);
      ::execv(pointers[0], pointers.data());
      ::_exit(127);
    }
  }
  ~Background() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }
  // Its exit code within `seconds`; -1 when it died of a signal, -2 when it still runs.
  int Wait(int seconds) {
    for (int i = 0; i < seconds * 20; ++i) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -2;
  }

 private:
  pid_t pid_ = -1;
};

// Whether `text` shows up in `path` within `seconds`.
bool WaitForText(const fs::path& path, const std::string& text, int seconds) {
  for (int i = 0; i < seconds * 10; ++i) {
    if (ReadBytes(path).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// The children of `parent` (from /proc).
std::vector<pid_t> ChildrenOf(pid_t parent) {
  std::vector<pid_t> children;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    // "pid (comm) state ppid …": comm may hold spaces, so read after the last ')'.
    const std::string stat = ReadBytes(entry.path() / "stat");
    const size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 1));
    std::string state;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent) children.push_back(static_cast<pid_t>(std::stoi(name)));
  }
  return children;
}

// Whether `pid` is gone (or a zombie nobody reaped yet) within `seconds`.
bool GoneWithin(pid_t pid, int seconds) {
  for (int i = 0; i < seconds * 20; ++i) {
    const std::string stat = ReadBytes("/proc/" + std::to_string(pid) + "/stat");
    const size_t close = stat.rfind(')');
    if (stat.empty() || (close != std::string::npos && stat.substr(close + 2, 1) == "Z")) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

TEST_F(HostileApp, KilledShardliftTakesItsSpawnedNodeAlong) {
  // kill -9 cannot be caught: the node dies of the parent-death signal shardlift gave it.
  const fs::path target = Scratch("es7");
  Background migrate(
      {"migrate", data().native(), "--target-home", FakeHome(kSleepingLauncher).native(),
       "--target", target.native(), "--dead-letter", Scratch("dead.ndjson").native()},
      Scratch("migrate.log"));
  ASSERT_TRUE(WaitForText(Scratch("migrate.log"), "starting Elasticsearch 7.17.29", kQuick))
      << ReadBytes(Scratch("migrate.log"));
  std::vector<pid_t> node;
  for (int i = 0; i < kQuick * 10 && node.empty(); ++i) {
    node = ChildrenOf(migrate.pid());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(node.size(), 1u) << ReadBytes(Scratch("migrate.log"));
  ASSERT_TRUE(WaitForText("/proc/" + std::to_string(node[0]) + "/cmdline", "sleep", kQuick));
  ::kill(migrate.pid(), SIGKILL);
  EXPECT_EQ(migrate.Wait(kQuick), -1);
  EXPECT_TRUE(GoneWithin(node[0], 10)) << "the spawned node " << node[0] << " outlived shardlift";
  if (!GoneWithin(node[0], 0)) ::kill(node[0], SIGKILL);
}

TEST_F(HostileApp, ANodeStillRunningOnTheTargetIsNamed) {
  // What kill -9 of an earlier run could leave before the parent-death signal: a node holding
  // the target's node.lock. Here the test holds it, as ES does (a POSIX write lock).
  const fs::path target = Scratch("es7");
  fs::create_directories(target / "nodes/0");
  const fs::path lock = target / "nodes/0/node.lock";
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  struct flock held {};
  held.l_type = F_WRLCK;
  held.l_whence = SEEK_SET;
  ASSERT_EQ(::fcntl(fd, F_SETLK, &held), 0);
  const std::string pid = std::to_string(::getpid());
  ExpectRefused(RunQuickly({"migrate", data().native(), "--target-home",
                            FakeHome(kSleepingLauncher).native(), "--target", target.native()}),
                {"error: invalid argument: a node (pid " + pid + ") still runs on " +
                 target.native() + ", holding " + lock.native() +
                 " (left by an earlier run?): stop it with kill " + pid + ", then run again"});
  ::close(fd);
}

TEST_F(HostileApp, HangupWhileWaitingStopsInOrder) {
  // The terminal closed (SIGHUP) while a target is waited for: a stop in order, not a death.
  const ScriptServer red(kRedClusterServer, Scratch("."));
  ASSERT_FALSE(red.address().empty()) << ReadBytes(Scratch("server.log"));
  const std::string url = "http://" + red.address();
  Background migrate({"migrate", data().native(), "--target-url", url, "--dead-letter",
                      Scratch("dead.ndjson").native()},
                     Scratch("migrate.log"));
  EXPECT_TRUE(WaitForText(
      Scratch("migrate.log"),
      "waiting for the cluster at " + url + " (cluster health red); giving up in 1", kQuick))
      << ReadBytes(Scratch("migrate.log"));
  ::kill(migrate.pid(), SIGHUP);
  EXPECT_EQ(migrate.Wait(kQuick), 1) << ReadBytes(Scratch("migrate.log"));
  EXPECT_NE(ReadBytes(Scratch("migrate.log"))
                .find("error: I/O error: interrupted while waiting for the cluster at " + url),
            std::string::npos)
      << ReadBytes(Scratch("migrate.log"));
}

TEST_F(HostileApp, AnUnreadableHomeIsAnErrorNotAHomeWithoutModules) {
  // modules/ that cannot be listed would read as "no parent-join": a refusal for the wrong reason,
  // or a translation for another cluster.
  const fs::path home = FakeHome(kSleepingLauncher);
  fs::permissions(home / "modules", fs::perms::none);
  RunOptions as_user;
  as_user.obey_permissions = true;
  ExpectRefused(
      RunQuickly({"migrate", data().native(), "--dry-run", "--target-home", home.native()},
                 as_user),
      {"error: I/O error: " + (home / "modules").native() + ": cannot list directory"});
  fs::permissions(home / "modules", fs::perms::owner_all);
}

}  // namespace
}  // namespace shardlift::hostile
