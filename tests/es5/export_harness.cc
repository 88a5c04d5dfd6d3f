#include "export_harness.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "support/exact_json.h"
#include "support/shared_data.h"
#include "test_files.h"

namespace shardlift::es5::testing {

namespace fs = std::filesystem;
using shardlift::testing::JsonValue;

namespace {

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Spawned {
  int exit_code = -1;
  bool timed_out = false;
  int64_t peak_rss_bytes = 0;
  double seconds = 0;
};

Spawned Spawn(const std::vector<std::string>& argv, const fs::path& out, const fs::path& err,
              const RunOptions& options = {}) {
  const auto start = std::chrono::steady_clock::now();
  const pid_t child = ::fork();
  if (child == 0) {
    ::setpgid(0, 0);  // its own group: a timeout kills whatever it started too
    const int out_fd =
        options.stdout_file.empty()
            ? ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644)
            : ::open(options.stdout_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(err_fd, STDERR_FILENO);
    if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) ::_exit(126);
    if (options.obey_permissions) {
      // Dropped from the bounding set, the capabilities are gone after exec even for uid 0.
      for (const int cap : {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH}) {
        if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) ::_exit(126);
      }
    }
    // Under AddressSanitizer, freed blocks are held back (256 MB by default) to catch a use after
    // free; counted in the RSS a test bounds, they would measure ASan, not shardlift.
    ::setenv("ASAN_OPTIONS", "quarantine_size_mb=32", /*overwrite=*/0);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  Spawned result;
  const auto deadline = start + std::chrono::seconds(options.timeout_seconds);
  int status = 0;
  struct rusage usage {};
  for (;;) {
    const pid_t done = ::wait4(child, &status, WNOHANG, &usage);
    if (done == child) break;
    if (done < 0 && errno != EINTR) return result;
    if (std::chrono::steady_clock::now() >= deadline && !result.timed_out) {
      result.timed_out = true;
      ::kill(-child, SIGKILL);
      ::kill(child, SIGKILL);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.peak_rss_bytes = static_cast<int64_t>(usage.ru_maxrss) * 1024;  // Linux: kilobytes
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

bool WriteAll(int fd, const void* data, size_t size) {
  const auto* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

bool ReadAll(int fd, void* data, size_t size) {
  auto* bytes = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = ::read(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

bool WriteStrings(int fd, const std::vector<std::string>& strings) {
  const auto count = static_cast<uint32_t>(strings.size());
  if (!WriteAll(fd, &count, sizeof count)) return false;
  for (const std::string& text : strings) {
    const auto size = static_cast<uint32_t>(text.size());
    if (!WriteAll(fd, &size, sizeof size) || !WriteAll(fd, text.data(), text.size())) return false;
  }
  return true;
}

bool ReadStrings(int fd, std::vector<std::string>* strings) {
  uint32_t count = 0;
  if (!ReadAll(fd, &count, sizeof count)) return false;
  strings->resize(count);
  for (std::string& text : *strings) {
    uint32_t size = 0;
    if (!ReadAll(fd, &size, sizeof size)) return false;
    text.resize(size);
    if (!ReadAll(fd, text.data(), size)) return false;
  }
  return true;
}

// Children are started by a launcher, a process forked from the test binary while it starts,
// before any test allocates: the kernel starts a forked child's RSS high-water mark (wait4's
// ru_maxrss) at the image it was forked with, so a child forked by a test that has just built a
// 100 MB input would be charged for it.
class Launcher {
 public:
  // A request: out, err, timeout, obey_permissions, cwd, stdout_file, then the argv.
  static constexpr size_t kRequestHeader = 6;

  Launcher() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) return;
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(fds[0]);
      Serve(fds[1]);
      ::_exit(0);  // no exit handlers, no leak check: this copy of the test binary ran nothing
    }
    ::close(fds[1]);
    if (pid > 0) {
      fd_ = fds[0];
    } else {
      ::close(fds[0]);
    }
  }

  // Runs `argv` through the launcher (directly if it could not be started).
  Spawned Run(const std::vector<std::string>& argv, const fs::path& out, const fs::path& err,
              const RunOptions& options) {
    std::lock_guard lock(mutex_);
    if (fd_ >= 0) {
      std::vector<std::string> request = {out.native(),
                                          err.native(),
                                          std::to_string(options.timeout_seconds),
                                          options.obey_permissions ? "1" : "0",
                                          options.cwd,
                                          options.stdout_file};
      request.insert(request.end(), argv.begin(), argv.end());
      Spawned result;
      if (WriteStrings(fd_, request) && ReadAll(fd_, &result, sizeof result)) return result;
      ::close(fd_);
      fd_ = -1;
    }
    return Spawn(argv, out, err, options);
  }

 private:
  static void Serve(int fd) {
    std::vector<std::string> request;
    while (ReadStrings(fd, &request) && request.size() > kRequestHeader) {
      RunOptions options;
      options.timeout_seconds = std::stoi(request[2]);
      options.obey_permissions = request[3] == "1";
      options.cwd = request[4];
      options.stdout_file = request[5];
      const std::vector<std::string> argv(request.begin() + kRequestHeader, request.end());
      const Spawned result = Spawn(argv, request[0], request[1], options);
      if (!WriteAll(fd, &result, sizeof result)) return;
    }
  }

  std::mutex mutex_;
  int fd_ = -1;
};

Launcher& TheLauncher() {
  static Launcher launcher;
  return launcher;
}

// Started with the binary's static objects, before main and any test.
[[maybe_unused]] const bool kLauncherStarted = (TheLauncher(), true);

// The neutral form of one exported line (see ../shared/README.md).
JsonValue Neutral(const JsonValue& line) {
  JsonValue out;
  out.kind = JsonValue::Kind::kObject;
  static const std::pair<const char*, const char*> kFields[] = {
      {"_index", "index"},     {"_type", "type"},           {"_id", "id"},
      {"_routing", "routing"}, {"_parent", "parent"},       {"_version", "version"},
      {"_source", "source"},   {"_timestamp", "timestamp"}, {"_ttl", "ttl"}};
  for (const auto& [from, to] : kFields) {
    const JsonValue* value = line.Find(from);
    const bool optional = std::string(to) == "timestamp" || std::string(to) == "ttl";
    if (value != nullptr) {
      out.members.push_back({to, *value});
    } else if (!optional) {
      out.members.push_back({to, JsonValue()});
    }
  }
  return out;
}

std::string Key(const JsonValue& doc) {
  auto text = [&](const char* name) {
    const JsonValue* v = doc.Find(name);
    return v ? v->text : std::string("?");
  };
  return text("index") + "/" + text("type") + "/" + text("id");
}

}  // namespace

CommandResult RunShardlift(const std::vector<std::string>& args, const RunOptions& options) {
  char dir_template[] = "/tmp/shardlift-run-XXXXXX";
  const fs::path dir = ::mkdtemp(dir_template);
  std::vector<std::string> argv = {shardlift::testing::ShardliftBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  CommandResult result;
  const Spawned run = TheLauncher().Run(argv, dir / "out", dir / "err", options);
  result.exit_code = run.exit_code;
  result.timed_out = run.timed_out;
  result.peak_rss_bytes = run.peak_rss_bytes;
  result.seconds = run.seconds;
  result.stdout_text =
      Slurp(options.stdout_file.empty() ? dir / "out" : fs::path(options.stdout_file));
  result.stderr_text = Slurp(dir / "err");
  fs::remove_all(dir);
  return result;
}

SourceManifest ManifestOf(const fs::path& root) {
  SourceManifest manifest;
  std::vector<fs::path> pending = {root};
  while (!pending.empty()) {
    const fs::path path = pending.back();
    pending.pop_back();
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
      manifest[path.native()] = std::string("lstat failed: ") + std::strerror(errno);
      continue;
    }
    std::string line = "dev " + std::to_string(st.st_dev) + " ino " + std::to_string(st.st_ino) +
                       " mode " + std::to_string(st.st_mode) + " size " +
                       std::to_string(st.st_size) + " mtime " + std::to_string(st.st_mtim.tv_sec) +
                       "." + std::to_string(st.st_mtim.tv_nsec);
    if (S_ISREG(st.st_mode)) {
      line += " crc " + std::to_string(Crc(Slurp(path)));
    } else if (S_ISDIR(st.st_mode)) {
      std::error_code error;
      for (const auto& entry : fs::directory_iterator(path, error)) pending.push_back(entry.path());
      if (error) line += " unlistable: " + error.message();
    }
    manifest[path.native()] = line;
  }
  return manifest;
}

std::string ManifestDifference(const SourceManifest& before, const SourceManifest& after) {
  std::string out;
  for (const auto& [path, line] : before) {
    const auto it = after.find(path);
    if (it == after.end()) {
      out += "removed: " + path + "\n";
    } else if (it->second != line) {
      out += "changed: " + path + ": " + line + " -> " + it->second + "\n";
    }
  }
  for (const auto& [path, line] : after) {
    if (before.count(path) == 0) out += "added: " + path + "\n";
  }
  return out;
}

void CopyTree(const fs::path& from, const fs::path& to) {
  fs::copy(from, to, fs::copy_options::recursive);
  fs::permissions(to, fs::perms::owner_all, fs::perm_options::add);
  for (const auto& entry : fs::recursive_directory_iterator(to)) {
    fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::add);
    if (entry.is_directory()) {
      fs::permissions(entry.path(), fs::perms::owner_exec, fs::perm_options::add);
    }
  }
}

bool Unzip(const fs::path& zip, const fs::path& dir) {
  fs::create_directories(dir);
  return Spawn({"/usr/bin/unzip", "-q", "-o", zip.native(), "-d", dir.native()}, dir / ".unzip.out",
               dir / ".unzip.err")
             .exit_code == 0;
}

std::vector<std::string> ReadLines(const fs::path& path) {
  std::string text;
  gzFile file = ::gzopen(path.c_str(), "rb");  // reads plain files as they are
  if (file == nullptr) return {};
  char buffer[1 << 16];
  int n;
  while ((n = ::gzread(file, buffer, sizeof buffer)) > 0)
    text.append(buffer, static_cast<size_t>(n));
  ::gzclose(file);
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

Comparison CompareWithExpected(const fs::path& expected_path, const fs::path& actual_path) {
  Comparison result;
  auto note = [&](const std::string& message) {
    ++result.differences;
    if (result.messages.size() < 20) result.messages.push_back(message);
  };
  std::map<std::string, JsonValue> expected;
  for (const std::string& line : ReadLines(expected_path)) {
    JsonValue doc;
    std::string error;
    if (!shardlift::testing::ParseJson(line, &doc, &error)) {
      note("expected file: " + error);
      continue;
    }
    expected[Key(doc)] = std::move(doc);
  }
  result.expected = expected.size();
  std::map<std::string, bool> seen;
  for (const std::string& line : ReadLines(actual_path)) {
    ++result.actual;
    JsonValue parsed;
    std::string error;
    if (!shardlift::testing::ParseJson(line, &parsed, &error)) {
      note("export line " + std::to_string(result.actual) + ": " + error);
      continue;
    }
    const JsonValue doc = Neutral(parsed);
    const std::string key = Key(doc);
    if (seen[key]) note(key + ": exported twice");
    seen[key] = true;
    const auto it = expected.find(key);
    if (it == expected.end()) {
      note(key + ": not expected");
      continue;
    }
    for (const auto& [name, want] : it->second.members) {
      const JsonValue* got = doc.Find(name);
      const std::string diff = shardlift::testing::DiffJson(want, got ? *got : JsonValue(), "");
      if (!diff.empty()) note(key + " " + name + " " + diff);
    }
    for (const auto& [name, value] : doc.members) {
      if (it->second.Find(name) == nullptr) note(key + ": unexpected field " + name);
    }
  }
  for (const auto& [key, doc] : expected) {
    if (!seen[key]) note(key + ": missing");
  }
  return result;
}

}  // namespace shardlift::es5::testing
