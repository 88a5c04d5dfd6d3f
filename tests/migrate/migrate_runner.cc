#include "migrate/migrate_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/shared_data.h"

namespace shardlift::testing {
namespace fs = std::filesystem;

std::vector<std::string> UpgradeSteps(const std::string& output) {
  std::vector<std::string> steps;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    if (line.size() > 22 && line[0] == '[' && line[20] == ']') steps.push_back(line.substr(22));
  }
  return steps;
}

std::string ShellQuote(const std::string& text) {
  std::string out(1, '\'');
  for (const char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  out += '\'';
  return out;
}

MigrateRun RunShardlift(const std::string& subcommand, const std::vector<std::string>& args,
                        const fs::path& work) {
  std::string command = ShellQuote(ShardliftBinary());
  command += ' ';
  command += subcommand;
  for (const std::string& arg : args) {
    command += ' ';
    command += ShellQuote(arg);
  }
  const fs::path out_file = work / "out.txt";
  command += " > ";
  command += ShellQuote(out_file.string());
  command += " 2>&1";
  const int status = std::system(command.c_str());
  return RunOf(WIFEXITED(status) ? WEXITSTATUS(status) : -1, out_file);
}

MigrateRun RunOf(int exit_code, const fs::path& out) {
  MigrateRun run;
  run.exit_code = exit_code;
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  run.output = text.str();
  std::istringstream lines(run.output);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty()) run.last_line = line;
  }
  return run;
}

MigrateRun RunShardliftMigrate(const std::vector<std::string>& args, const fs::path& work) {
  return RunShardlift("migrate", args, work);
}

BackgroundShardlift::BackgroundShardlift(const std::string& subcommand,
                                         const std::vector<std::string>& args, const fs::path& cwd,
                                         const fs::path& out) {
  std::vector<std::string> argv = {ShardliftBinary(), subcommand};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_ = fork();
  if (pid_ == 0) {
    const int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || chdir(cwd.c_str()) != 0) _exit(126);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> pointers;
    for (const std::string& arg : argv) pointers.push_back(const_cast<char*>(arg.c_str()));
    pointers.push_back(nullptr);
    execv(pointers[0], pointers.data());
    _exit(127);
  }
}

BackgroundShardlift::~BackgroundShardlift() {
  if (pid_ > 0) kill(pid_, SIGTERM);
  Wait();
}

bool BackgroundShardlift::Exited() {
  if (pid_ <= 0) return true;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) != pid_) return false;
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  pid_ = -1;
  return true;
}

int BackgroundShardlift::Wait() {
  if (pid_ > 0) {
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    pid_ = -1;
  }
  return exit_code_;
}

ScopedDir::ScopedDir(const std::string& name) {
  path_ = fs::temp_directory_path() / ("shardlift-" + std::to_string(getpid()) + "-" + name);
  fs::remove_all(path_);
  fs::create_directories(path_);
}

ScopedDir::~ScopedDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

FaultProxy::FaultProxy(const std::string& upstream, const std::string& faults, int cycles,
                       const fs::path& work, double slow_seconds, const std::string& path) {
  const fs::path script = SHARDLIFT_FAULT_PROXY;
  const fs::path port_file = work / "proxy.port";
  stats_ = work / "proxy.stats.json";
  fs::remove(port_file);
  const std::vector<std::string> argv = {"python3",        script.string(),
                                         "--upstream",     upstream,
                                         "--port-file",    port_file.string(),
                                         "--stats-file",   stats_.string(),
                                         "--faults",       faults,
                                         "--cycles",       std::to_string(cycles),
                                         "--max-seconds",  "900",
                                         "--slow-seconds", std::to_string(slow_seconds),
                                         "--path",         path};
  pid_ = fork();
  if (pid_ == 0) {
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  for (int i = 0; i < 200 && !fs::exists(port_file); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  std::ifstream in(port_file);
  std::string port;
  if (in >> port) url_ = "http://127.0.0.1:" + port;
}

std::string FaultProxy::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    for (int i = 0; i < 100 && waitpid(pid_, &status, WNOHANG) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (waitpid(pid_, &status, WNOHANG) == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
    pid_ = -1;
  }
  std::ifstream in(stats_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

FaultProxy::~FaultProxy() { Stop(); }

std::vector<pid_t> JavaProcessesWith(const std::string& needle) {
  std::vector<pid_t> pids;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream comm(entry.path() / "comm");
    std::string command;
    if (!(comm >> command) || command != "java") continue;
    std::ifstream cmdline(entry.path() / "cmdline");
    std::stringstream text;
    text << cmdline.rdbuf();
    if (text.str().find(needle) != std::string::npos) pids.push_back(std::stoi(name));
  }
  return pids;
}

}  // namespace shardlift::testing
