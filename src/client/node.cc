#include "client/node.h"

#include <arpa/inet.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "client/http_client.h"
#include "io/directory.h"

namespace shardlift::client {
namespace fs = std::filesystem;
namespace {

constexpr int kDockerUid = 1000;  // the elasticsearch user of the official images
constexpr int kPortAttempts = 3;

// The unprivileged user ES runs as when we are root; created like a system account if missing.
Result<Owner> EnsureUser(const std::string& user) {
  if (getpwnam(user.c_str()) == nullptr) {
    SubprocessOptions useradd;
    useradd.argv = {"useradd",          "--system",          "--user-group",
                    "--no-create-home", "--home-dir",        "/nonexistent",
                    "--shell",          "/usr/sbin/nologin", user};
    useradd.output_file = "/dev/null";
    (void)RunToCompletion(useradd);  // whether the user now exists is checked below
  }
  const passwd* entry = getpwnam(user.c_str());
  if (entry == nullptr) {
    return Status::IoError("Elasticsearch refuses to run as root, and the unprivileged user \"" +
                           user + "\" does not exist and could not be created (useradd)");
  }
  return Owner{entry->pw_uid, entry->pw_gid};
}

// Writes the run dir's jvm.options (a copy of the home's) as NodeJvmOptions says. The heap comes
// from <PREFIX>_JAVA_OPTS, so the home's heap.options goes.
Status WriteNodeJvmOptions(const std::string& run_dir, const std::string& class_archive) {
  const fs::path options = fs::path(run_dir) / "config" / "jvm.options";
  std::ifstream in(options);
  if (!in) return Status::NotFound("the ES home has no config/jvm.options");
  std::stringstream text;
  text << in.rdbuf();
  in.close();
  std::ofstream out(options, std::ios::trunc);
  out << NodeJvmOptions(text.str(), run_dir, class_archive);
  std::error_code ignored;
  fs::remove(fs::path(run_dir) / "config" / "jvm.options.d" / "heap.options", ignored);
  return out ? Status() : Status::IoError("cannot write " + options.string());
}

// "mode 0700, owner root:root" of a directory, for reachability messages.
std::string ModeAndOwner(const struct stat& info) {
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
  const passwd* user = getpwuid(info.st_uid);
  const group* grp = getgrgid(info.st_gid);
  return std::string("mode ") + mode + ", owner " +
         (user ? user->pw_name : std::to_string(info.st_uid)) + ":" +
         (grp ? grp->gr_name : std::to_string(info.st_gid));
}

// Whether `who` may search (x) the directory described by `info`: owner, group or other bits,
// the first class that applies decides (as the kernel does, ACLs aside).
bool MaySearch(const struct stat& info, Owner who) {
  if (who.uid == 0) return true;
  if (info.st_uid == who.uid) return (info.st_mode & S_IXUSR) != 0;
  if (info.st_gid == who.gid) return (info.st_mode & S_IXGRP) != 0;
  return (info.st_mode & S_IXOTH) != 0;
}

}  // namespace

std::string NodeJvmOptions(std::string_view home_options, const std::string& run_dir,
                           const std::string& class_archive) {
  std::string content;
  const std::string logs = run_dir + "/logs";
  for (size_t at = 0; at < home_options.size();) {
    size_t end = home_options.find('\n', at);
    end = end == std::string_view::npos ? home_options.size() : end + 1;
    std::string line(home_options.substr(at, end - at));
    at = end;
    // "14-:-XX:+UseG1GC": the JDK versions an option applies to, then the option.
    const size_t colon = line.find(':');
    const bool versioned = !line.empty() && line[0] >= '0' && line[0] <= '9';
    const std::string_view option =
        std::string_view(line).substr(versioned && colon != std::string::npos ? colon + 1 : 0);
    if (option.starts_with("-XX:+UseConcMarkSweepGC") || option.starts_with("-XX:+UseG1GC")) {
      continue;
    }
    for (const auto& [from, to] :
         {std::pair<std::string, std::string>{"file=logs/gc.log", "file=" + logs + "/gc.log"},
          {"HeapDumpPath=data", "HeapDumpPath=" + logs},
          {"ErrorFile=logs/", "ErrorFile=" + logs + "/"}}) {
      if (const size_t found = line.find(from); found != std::string::npos) {
        line.replace(found, from.size(), to);
      }
    }
    content += line;
  }
  if (!content.empty() && content.back() != '\n') content += '\n';
  // Later lines win over ES's own system options, which come first.
  content += "-XX:+UseParallelGC\n-XX:-AlwaysPreTouch\n";
  if (!class_archive.empty()) content += "-XX:SharedArchiveFile=" + class_archive + "\n";
  return content;
}

std::string ClassArchive(const std::string& home, int java_major) {
  constexpr int kFirstDynamicArchiveJava = 13;
  if (java_major < kFirstDynamicArchiveJava) return {};
  const fs::path archive = fs::path(home) / kClassArchiveName;
  std::error_code error;
  return fs::is_regular_file(archive, error) ? archive.string() : std::string();
}

std::string Owner::ToString() const {
  std::string text = std::to_string(uid) + ":" + std::to_string(gid);
  if (const passwd* user = getpwuid(uid)) text += std::string(" (") + user->pw_name + ")";
  return text;
}

Result<Owner> OwnerOf(const std::string& path) {
  struct stat info {};
  if (lstat(path.c_str(), &info) != 0) {
    return Status::IoError("cannot stat " + path + ": " + std::strerror(errno));
  }
  return Owner{info.st_uid, info.st_gid};
}

Result<Owner> ParseOwner(std::string_view text) {
  const size_t colon = text.find(':');
  const auto bad = [&](std::string_view why) {
    return Status::InvalidArgument("owner \"" + std::string(text) + "\": " + std::string(why) +
                                   " (give UID:GID, e.g. 1000:1000, or USER:GROUP)");
  };
  if (colon == std::string_view::npos) return bad("no ':'");
  const auto number = [](std::string_view part) -> std::optional<unsigned long> {
    if (part.empty() || part.size() > 9 ||
        part.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
    return std::stoul(std::string(part));
  };
  Owner owner;
  const std::string user(text.substr(0, colon));
  const std::string group_name(text.substr(colon + 1));
  if (auto uid = number(user)) {
    owner.uid = static_cast<uid_t>(*uid);
  } else if (const passwd* entry = getpwnam(user.c_str())) {
    owner.uid = entry->pw_uid;
  } else {
    return bad("no user \"" + user + "\"");
  }
  if (auto gid = number(group_name)) {
    owner.gid = static_cast<gid_t>(*gid);
  } else if (const group* entry = getgrnam(group_name.c_str())) {
    owner.gid = entry->gr_gid;
  } else {
    return bad("no group \"" + group_name + "\"");
  }
  return owner;
}

Status ChownTree(const std::string& root, Owner owner) {
  const auto give = [&](const fs::path& path) {
    if (lchown(path.c_str(), owner.uid, owner.gid) == 0) return Status();
    return Status::IoError("cannot give " + path.string() + " to " + owner.ToString() + ": " +
                           std::strerror(errno));
  };
  SL_RETURN_IF_ERROR(give(root));
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(root, error); !error && it != fs::end(it);
       it.increment(error)) {
    SL_RETURN_IF_ERROR(give(it->path()));
  }
  if (error) return Status::IoError("cannot walk " + root + ": " + error.message());
  return Status();
}

Result<Owner> NodeIdentity(const NodeOptions& options) {
  if (geteuid() != 0) return Owner{geteuid(), getegid()};
  if (options.run_as && options.run_as->uid != 0) return *options.run_as;
  return EnsureUser(options.user);
}

Status CheckReachable(const std::string& path, Owner who, std::string_view node,
                      std::string_view what) {
  const fs::path full = fs::absolute(path).lexically_normal();
  fs::path walked = full.root_path();
  std::vector<fs::path> steps = {walked};
  for (const fs::path& part : full.relative_path()) {
    if (part.empty()) continue;
    walked /= part;
    steps.push_back(walked);
  }
  for (const fs::path& dir : steps) {
    struct stat info {};
    if (stat(dir.c_str(), &info) != 0) break;  // not there yet: it will be created for `who`
    if (!S_ISDIR(info.st_mode)) break;
    // The last step is searched too: ES lists and opens what lies in it.
    if (MaySearch(info, who)) continue;
    return Status::InvalidArgument(std::string(node) + " runs as " + who.ToString() +
                                   ", which cannot reach " + std::string(what) + " " +
                                   full.string() + ": " + dir.string() + " is " +
                                   ModeAndOwner(info) + " (let it in: chmod o+x " + dir.string() +
                                   ", or choose a place it can reach)");
  }
  return Status();
}

Result<JavaChoice> CheckHomeCanRun(const NodeOptions& options) {
  SL_ASSIGN_OR_RETURN(const translate::TranslationTarget home, HomeTarget(options.home));
  JavaChoice java;
  if (options.java_home.empty()) {
    Result<JavaChoice> found = FindJava(JavaRangeFor(home.version), home.Name());
    std::error_code error;
    // A home with a JDK of its own (not the integ-test zips) runs on it when no other fits.
    if (!found.ok() && !fs::exists(fs::path(options.home) / "jdk" / "bin" / "java", error)) {
      return found.status();
    }
    if (found.ok()) java = std::move(*found);
  } else {
    java.home = options.java_home;
  }
  SL_ASSIGN_OR_RETURN(const Owner who, NodeIdentity(options));
  const std::string run_dir = options.run_dir.empty() ? options.data_dir + ".run" : options.run_dir;
  for (const auto& [path, what] :
       {std::pair<std::string, std::string_view>{options.home, "its home"},
        {java.home, "Java"},
        {options.data_dir, "the target"},
        {run_dir, "its run dir"}}) {
    if (!path.empty()) SL_RETURN_IF_ERROR(CheckReachable(path, who, home.Name(), what));
  }
  return java;
}

Result<translate::TranslationTarget> HomeTarget(const std::string& home) {
  const fs::path root(home);
  std::error_code error;
  const bool opensearch = fs::exists(root / "bin" / "opensearch", error);
  if (!opensearch && !fs::exists(root / "bin" / "elasticsearch", error)) {
    return Status::NotFound("--target-home " + home +
                            ": neither bin/elasticsearch nor bin/opensearch (not a home?)");
  }
  const auto distribution =
      opensearch ? translate::Distribution::kOpenSearch : translate::Distribution::kElasticsearch;
  // The server jar is lib/<distribution>-X.Y.Z.jar; its siblings (elasticsearch-cli-X.Y.Z.jar,
  // …) carry a word before the version. An unreadable lib/ is said as such, not taken for "no
  // jar"; a missing one is "no jar".
  const std::string prefix = opensearch ? "opensearch-" : "elasticsearch-";
  constexpr std::string_view kSuffix = ".jar";
  Result<std::vector<io::DirectoryEntry>> jars = io::ListDirectory((root / "lib").string());
  if (!jars.ok()) {
    if (!jars.status().IsNotFound()) return jars.status().WithContext("--target-home " + home);
    jars = std::vector<io::DirectoryEntry>();
  }
  std::optional<translate::TargetVersion> version;
  for (const io::DirectoryEntry& entry : *jars) {
    const std::string& name = entry.name;
    if (!name.starts_with(prefix) || !name.ends_with(kSuffix)) continue;
    const std::string number =
        name.substr(prefix.size(), name.size() - prefix.size() - kSuffix.size());
    if (number.empty() || number.find_first_not_of("0123456789.") != std::string::npos) continue;
    auto parsed = translate::TargetVersion::FromNumber(distribution, number);
    if (!parsed.ok()) return parsed.status().WithContext("--target-home " + home);
    version = *parsed;
    break;
  }
  if (!version) {
    return Status::NotFound("--target-home " + home + ": no lib/" + prefix +
                            "<version>.jar (not a home?)");
  }
  translate::TranslationTarget target;
  target.version = *version;
  std::vector<std::string> modules;
  for (const char* dir : {"modules", "plugins"}) {
    SL_ASSIGN_OR_RETURN(const std::vector<std::string> names,
                        io::ListSubdirectories((root / dir).string()));
    modules.insert(modules.end(), names.begin(), names.end());
  }
  std::sort(modules.begin(), modules.end());
  target.modules = std::move(modules);
  return target;
}

Result<std::optional<translate::TranslationTarget>> ImageTarget(std::string_view image) {
  const size_t colon = image.rfind(':');
  const size_t slash = image.rfind('/');
  const std::string_view repository = image.substr(0, colon);
  if (repository.find("opensearch") != std::string_view::npos) {
    return Status::InvalidArgument("--target-docker " + std::string(image) +
                                   ": runs Elasticsearch images only (give an OpenSearch home "
                                   "with --target-home, or a running cluster with --target-url)");
  }
  if (colon == std::string_view::npos || (slash != std::string_view::npos && colon < slash)) {
    return std::optional<translate::TranslationTarget>();
  }
  auto version = translate::TargetVersion::FromNumber(translate::Distribution::kElasticsearch,
                                                      image.substr(colon + 1));
  if (!version.ok()) return version.status().WithContext("--target-docker " + std::string(image));
  translate::TranslationTarget target;
  target.version = *version;
  return std::optional<translate::TranslationTarget>(std::move(target));
}

std::vector<std::string> DockerRunCommand(const NodeOptions& options, std::string_view name,
                                          int http_port) {
  const std::string data = fs::absolute(options.data_dir).lexically_normal().string();
  return {"docker",
          "run",
          "--rm",
          "--name",
          std::string(name),
          "--user",
          std::to_string(kDockerUid) + ":0",
          "-p",
          "127.0.0.1:" + std::to_string(http_port) + ":9200",
          "-v",
          data + ":/usr/share/elasticsearch/data",
          "-e",
          "discovery.type=single-node",
          "-e",
          "cluster.name=shardlift-migrate",
          "-e",
          "xpack.security.enabled=false",
          "-e",
          "ES_JAVA_OPTS=-Xms" + options.Heap() + " -Xmx" + options.Heap(),
          options.image};
}

HomeCommand HomeRunCommand(const NodeOptions& options, const translate::TranslationTarget& home,
                           int http_port, int transport_port, const std::string& java_home) {
  const bool opensearch = home.version.distribution == translate::Distribution::kOpenSearch;
  const std::string prefix = opensearch ? "OPENSEARCH" : "ES";
  HomeCommand command;
  command.argv = {
      (fs::path(options.home) / "bin" / (opensearch ? "opensearch" : "elasticsearch")).string()};
  std::vector<std::string> settings = {"path.data=" + options.data_dir,
                                       "path.logs=" + options.run_dir + "/logs",
                                       "http.port=" + std::to_string(http_port),
                                       "transport.port=" + std::to_string(transport_port),
                                       "network.host=127.0.0.1",
                                       "discovery.type=single-node",
                                       "cluster.name=shardlift-migrate",
                                       "node.name=shardlift-migrate"};
  // The parent circuit breaker counts the heap as the JVM reports it, garbage too. The parallel
  // collector (NodeJvmOptions) lets garbage fill the heap before it collects, and the breaker
  // then refuses requests while the live data is small (seen: 429s at 467 of 512 MB on the large
  // set). It counts what requests reserve instead.
  settings.push_back("indices.breaker.total.use_real_memory=false");
  // 8.x turns security on when the module is there, and then answers every request with 401.
  if (home.modules && home.HasModule("x-pack-security")) {
    settings.push_back("xpack.security.enabled=false");
  }
  for (std::string& setting : settings) {
    command.argv.push_back("-E");
    command.argv.push_back(std::move(setting));
  }
  command.env = {prefix + "_PATH_CONF=" + options.run_dir + "/config",
                 prefix + "_TMPDIR=" + options.run_dir + "/tmp",
                 prefix + "_JAVA_OPTS=-Xms" + options.Heap() + " -Xmx" + options.Heap()};
  if (!java_home.empty()) {
    // The variable this version reads (FACTS.md): OpenSearch OPENSEARCH_JAVA_HOME; 7.12+ and
    // 8.x ES_JAVA_HOME (8.x ignores JAVA_HOME); 7.0–7.11 JAVA_HOME only.
    const bool before_7_12 = !opensearch && home.version.major == 7 && home.version.minor < 12;
    command.env.push_back((opensearch    ? "OPENSEARCH_JAVA_HOME="
                           : before_7_12 ? "JAVA_HOME="
                                         : "ES_JAVA_HOME=") +
                          java_home);
  }
  return command;
}

std::string DefaultRunDir(const std::string& data_dir) { return data_dir + ".run"; }

Result<int> FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return Status::IoError("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  close(fd);
  if (!ok) return Status::IoError("cannot find a free port on 127.0.0.1");
  return static_cast<int>(ntohs(address.sin_port));
}

Result<std::unique_ptr<TargetNode>> TargetNode::Start(const NodeOptions& options) {
  std::unique_ptr<TargetNode> node(new TargetNode(options));
  NodeOptions& own = node->options_;
  std::error_code error;
  fs::create_directories(own.data_dir, error);
  if (error)
    return Status::IoError("cannot create --target " + own.data_dir + ": " + error.message());
  own.data_dir = fs::canonical(own.data_dir).string();
  // The node runs from the run dir, so a relative --target-home would point nowhere.
  if (!own.home.empty()) own.home = fs::absolute(own.home).lexically_normal().string();
  if (own.run_dir.empty()) own.run_dir = DefaultRunDir(own.data_dir);
  for (const char* sub : {"config", "logs", "tmp"})
    fs::create_directories(fs::path(own.run_dir) / sub, error);
  if (error) return Status::IoError("cannot create " + own.run_dir + ": " + error.message());
  own.run_dir = fs::canonical(own.run_dir).string();
  node->log_file_ = own.run_dir + "/logs/stdout.log";
  if (own.image.empty()) {
    SL_ASSIGN_OR_RETURN(const translate::TranslationTarget home, HomeTarget(own.home));
    node->name_ = home.Name();
    SL_ASSIGN_OR_RETURN(node->java_, CheckHomeCanRun(own));
    own.java_home = node->java_.home;
  } else {
    node->name_ = "Elasticsearch (" + own.image + ")";
  }

  for (int attempt = 0; attempt < kPortAttempts; ++attempt) {
    SL_ASSIGN_OR_RETURN(const int http_port, FreeLoopbackPort());
    SL_ASSIGN_OR_RETURN(const int transport_port, FreeLoopbackPort());
    SL_RETURN_IF_ERROR(node->Launch(http_port, transport_port));
    Status up = node->WaitUntilUp();
    if (up.ok()) return node;
    const std::string tail = node->LogTail(200);
    (void)node->Stop();
    // Someone took the port between our probe and ES's bind: try other ports.
    if (tail.find("BindException") == std::string::npos &&
        tail.find("Address already in use") == std::string::npos) {
      return up;
    }
  }
  return Status::IoError(node->name_ + " could not bind free ports after retries; see " +
                         node->log_file_);
}

Status TargetNode::Launch(int http_port, int transport_port) {
  url_ = "http://127.0.0.1:" + std::to_string(http_port);
  std::vector<std::string> argv;
  std::vector<std::string> env;
  bool drop_root = false;
  uid_t uid = 0;
  gid_t gid = 0;
  if (!options_.image.empty()) {
    container_ = "shardlift-es7-" + std::to_string(getpid()) + "-" + std::to_string(http_port);
    argv = DockerRunCommand(options_, container_, http_port);
    if (geteuid() == 0) SL_RETURN_IF_ERROR(ChownTree(options_.data_dir, {kDockerUid, 0}));
  } else {
    SL_ASSIGN_OR_RETURN(const translate::TranslationTarget home, HomeTarget(options_.home));
    HomeCommand command =
        HomeRunCommand(options_, home, http_port, transport_port, options_.java_home);
    if (access(command.argv.front().c_str(), X_OK) != 0) {
      return Status::NotFound("--target-home " + options_.home + ": " + command.argv.front() +
                              " is not executable");
    }
    std::error_code error;
    fs::copy(fs::path(options_.home) / "config", fs::path(options_.run_dir) / "config",
             fs::copy_options::recursive | fs::copy_options::overwrite_existing, error);
    if (error) return Status::IoError("cannot copy the home's config: " + error.message());
    SL_RETURN_IF_ERROR(
        WriteNodeJvmOptions(options_.run_dir, ClassArchive(options_.home, java_.major)));
    argv = std::move(command.argv);
    env = std::move(command.env);
    if (geteuid() == 0) {
      SL_ASSIGN_OR_RETURN(const Owner who, NodeIdentity(options_));
      uid = who.uid;
      gid = who.gid;
      drop_root = true;
      SL_RETURN_IF_ERROR(ChownTree(options_.data_dir, who));
      SL_RETURN_IF_ERROR(ChownTree(options_.run_dir, who));
    }
  }
  SubprocessOptions child;
  child.argv = std::move(argv);
  child.env = std::move(env);
  // jvm.options writes logs/gc.log relative to the working directory: make that the run dir.
  child.cwd = options_.run_dir;
  child.output_file = log_file_;
  child.new_process_group = true;  // Ctrl-C reaches shardlift only; it stops ES in order
  child.terminate_with_parent = true;
  if (drop_root) {
    child.uid = uid;
    child.gid = gid;
  }
  SL_ASSIGN_OR_RETURN(Subprocess started, Subprocess::Start(child));
  process_ = std::move(started);
  return Status();
}

bool TargetNode::Exited() {
  if (!process_) return true;
  Result<std::optional<ExitStatus>> polled = process_->Poll();
  if (!polled.ok()) {
    exit_ = ExitStatus{.code = -1};  // lost track of it: treat as gone, and not cleanly
    return true;
  }
  if (*polled) exit_ = **polled;
  return exit_.has_value();
}

Status TargetNode::WaitUntilUp() {
  HttpOptions probe;
  probe.base_url = url_;
  probe.connect_timeout_ms = 1000;
  probe.request_timeout_ms = 5000;
  HttpClient http(probe);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.start_timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (options_.interrupted != nullptr && options_.interrupted->load()) {
      return Status::IoError("interrupted while " + name_ + " was starting");
    }
    if (Exited()) {
      return Status::IoError(name_ + " exited while starting (see " + log_file_ + "):\n" +
                             LogTail());
    }
    auto response = http.Request("GET", "/_cluster/health?wait_for_status=yellow&timeout=1s");
    if (response.ok() && response->status == 200) return Status();
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return Status::IoError(name_ + " did not become healthy within " +
                         std::to_string(options_.start_timeout_ms / 1000) + "s (see " + log_file_ +
                         "):\n" + LogTail());
}

Status TargetNode::Stop() {
  if (!process_) return Status();
  const auto forget = [this] {
    process_.reset();
    exit_.reset();
  };
  if (Exited()) {
    const ExitStatus status = *exit_;
    forget();
    return status.ok() ? Status()
                       : Status::IoError(name_ + " had already exited (" + status.ToString() +
                                         "); see " + log_file_);
  }
  if (!container_.empty()) {
    SubprocessOptions stop;
    stop.argv = {"docker", "stop", "-t", std::to_string(options_.stop_timeout_ms / 1000),
                 container_};
    stop.output_file = "/dev/null";
    (void)RunToCompletion(stop);  // whether it stopped is what the wait below sees
  } else {
    process_->Signal(SIGTERM, /*group=*/true);
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.stop_timeout_ms);
  while (!Exited() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!Exited()) {
    process_->Signal(SIGKILL, /*group=*/true);
    while (!Exited()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    forget();
    return Status::IoError(
        name_ + " did not stop within " + std::to_string(options_.stop_timeout_ms / 1000) +
        "s after SIGTERM and was killed: the target may need recovery; see " + log_file_);
  }
  forget();
  return Status();
}

TargetNode::~TargetNode() { (void)Stop(); }

std::string TargetNode::LogTail(size_t lines) const {
  std::ifstream in(log_file_);
  std::deque<std::string> tail;
  std::string line;
  while (std::getline(in, line)) {
    tail.push_back(line);
    if (tail.size() > lines) tail.pop_front();
  }
  std::string out;
  for (const std::string& kept : tail) out += kept + "\n";
  return out;
}

}  // namespace shardlift::client
