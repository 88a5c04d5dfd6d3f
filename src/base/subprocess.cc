#include "base/subprocess.h"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <set>

extern char** environ;

namespace shardlift {
namespace {

// Exit codes of a child that never reached exec (as a shell reports them).
constexpr int kChildSetupFailed = 126;
constexpr int kChildExecFailed = 127;

std::string VariableName(const std::string& entry) { return entry.substr(0, entry.find('=')); }

ExitStatus Decode(int status) {
  ExitStatus out;
  if (WIFEXITED(status)) {
    out.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    out.signal = WTERMSIG(status);
    out.code = -1;
  }
  return out;
}

}  // namespace

std::string ExitStatus::ToString() const {
  if (signal != 0) {
    const char* name = strsignal(signal);
    return "signal " + std::to_string(signal) + (name ? " (" + std::string(name) + ")" : "");
  }
  return "exit " + std::to_string(code);
}

Result<Subprocess> Subprocess::Start(const SubprocessOptions& options) {
  if (options.argv.empty()) return Status::InvalidArgument("Subprocess: no program given");
  // Prepared before fork: the child may not allocate.
  std::vector<char*> argv;
  for (const std::string& arg : options.argv) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  std::set<std::string> overridden;
  for (const std::string& entry : options.env) overridden.insert(VariableName(entry));
  std::vector<char*> envp;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (overridden.count(VariableName(*entry)) == 0) envp.push_back(*entry);
  }
  for (const std::string& entry : options.env) envp.push_back(const_cast<char*>(entry.c_str()));
  envp.push_back(nullptr);

  int output = -1;
  if (!options.output_file.empty()) {
    output = open(options.output_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (output < 0) {
      return Status::IoError("cannot open " + options.output_file + ": " + strerror(errno));
    }
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    const int error = errno;
    if (output >= 0) close(output);
    return Status::IoError("cannot start " + options.argv[0] + ": fork: " + strerror(error));
  }
  if (pid == 0) {
    if (options.new_process_group) setpgid(0, 0);
    const int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, 0) < 0) _exit(kChildSetupFailed);
    if (output >= 0 && (dup2(output, 1) < 0 || dup2(output, 2) < 0)) _exit(kChildSetupFailed);
    if (!options.cwd.empty() && chdir(options.cwd.c_str()) != 0) _exit(kChildSetupFailed);
    if (options.gid && (setgroups(0, nullptr) != 0 || setgid(*options.gid) != 0)) {
      _exit(kChildSetupFailed);
    }
    if (options.uid && setuid(*options.uid) != 0) _exit(kChildSetupFailed);
    // After the identity change: changing credentials clears the parent-death signal.
    if (options.terminate_with_parent) {
      if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0) _exit(kChildSetupFailed);
      if (getppid() != parent) _exit(kChildSetupFailed);  // the parent is already gone
    }
    execvpe(argv[0], argv.data(), envp.data());
    _exit(kChildExecFailed);
  }
  if (output >= 0) close(output);
  return Subprocess(pid, options.argv[0]);
}

Subprocess::Subprocess(Subprocess&& other) noexcept
    : pid_(other.pid_), name_(std::move(other.name_)), exit_(other.exit_) {
  other.pid_ = -1;
}

Subprocess& Subprocess::operator=(Subprocess&& other) noexcept {
  pid_ = other.pid_;
  name_ = std::move(other.name_);
  exit_ = other.exit_;
  other.pid_ = -1;
  return *this;
}

Result<std::optional<ExitStatus>> Subprocess::Poll() {
  if (exit_ || pid_ <= 0) return exit_;
  int status = 0;
  pid_t reaped;
  do {
    reaped = waitpid(pid_, &status, WNOHANG);
  } while (reaped < 0 && errno == EINTR);
  if (reaped < 0) {
    return Status::IoError("lost track of " + name_ + " (pid " + std::to_string(pid_) +
                           "): waitpid: " + strerror(errno));
  }
  if (reaped == pid_) exit_ = Decode(status);
  return exit_;
}

Result<ExitStatus> Subprocess::Wait() {
  if (exit_) return *exit_;
  if (pid_ <= 0) return Status::InvalidArgument("Subprocess::Wait: nothing was started");
  int status = 0;
  pid_t reaped;
  do {
    reaped = waitpid(pid_, &status, 0);
  } while (reaped < 0 && errno == EINTR);
  if (reaped != pid_) {
    return Status::IoError("lost track of " + name_ + " (pid " + std::to_string(pid_) +
                           "): waitpid: " + strerror(errno));
  }
  exit_ = Decode(status);
  return *exit_;
}

void Subprocess::Signal(int signal, bool group) const {
  if (pid_ <= 0 || exit_) return;
  kill(group ? -pid_ : pid_, signal);
}

Result<ExitStatus> RunToCompletion(const SubprocessOptions& options) {
  SL_ASSIGN_OR_RETURN(Subprocess child, Subprocess::Start(options));
  return child.Wait();
}

}  // namespace shardlift
