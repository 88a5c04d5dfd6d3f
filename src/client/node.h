// Running the Elasticsearch or OpenSearch node that writes the target data directory.
//
// From a home (--target-home): `<home>/bin/elasticsearch` (or `bin/opensearch`) with path.data =
// the target, a private config / logs / tmp dir beside it, HTTP and transport ports the kernel
// picks on 127.0.0.1, single-node discovery and the heap asked for. The home's distribution and
// version decide the variables (ES_* or OPENSEARCH_*, and which one names the JDK) and whether
// security must be switched off (tests/es7/FACTS.md, "The four targets"). ES and OpenSearch refuse
// to run as root, so as root the node runs as an unprivileged system user (created if missing)
// that owns the target and the run dir. Its output goes to <run dir>/logs/stdout.log. Stop =
// SIGTERM, wait (the node flushes), and a loud failure (after SIGKILL) when it does not stop in
// time.
//
// From a Docker image (--target-docker, Elasticsearch images only): the `docker run` command that
// mounts the target as /usr/share/elasticsearch/data (owned by 1000:1000, the image's user),
// publishes the HTTP port on 127.0.0.1 and sets single-node discovery and the heap; stopped with
// `docker stop`.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/subprocess.h"
#include "translate/target_version.h"

namespace shardlift::client {

struct NodeOptions {
  std::string home;      // --es7-home
  std::string image;     // --es7-docker (empty: home)
  std::string data_dir;  // --target: path.data of the new node
  std::string run_dir;   // config, logs, tmp; default "<data_dir>.run"
  std::string heap = "1g";
  std::string user = "shardlift-es";  // who runs ES when we are root
  long start_timeout_ms = 300'000;
  long stop_timeout_ms = 120'000;
  // Set by Ctrl-C: Start stops waiting for the node, stops it and fails.
  const std::atomic<bool>* interrupted = nullptr;
};

// What a home runs, from its files: bin/opensearch or bin/elasticsearch, the version of
// lib/<distribution>-<version>.jar, the directories in modules/ and plugins/. An error names the
// home.
Result<translate::TranslationTarget> HomeTarget(const std::string& home);
// The Elasticsearch an image reference names by its tag ("…/elasticsearch:7.6.2"; modules
// unknown); nullopt without a tag, an error for an OpenSearch image or a tag that is no version
// shardlift writes to.
Result<std::optional<translate::TranslationTarget>> ImageTarget(std::string_view image);

// The argv of `docker run` for `options` (pure: unit-tested, as no Docker engine runs here).
std::vector<std::string> DockerRunCommand(const NodeOptions& options, std::string_view name,
                                          int http_port);

// The argv and environment that run `home` (what HomeTarget found there) with the JDK at
// `java_home` ("" = the home's own choice); pure, unit-tested.
struct HomeCommand {
  std::vector<std::string> argv;
  std::vector<std::string> env;
};
HomeCommand HomeRunCommand(const NodeOptions& options, const translate::TranslationTarget& home,
                           int http_port, int transport_port, const std::string& java_home);

// Where a node spawned on `data_dir` keeps its config, logs and tmp when NodeOptions::run_dir is
// not given: "<data_dir>.run".
std::string DefaultRunDir(const std::string& data_dir);

// A port on 127.0.0.1 that was free a moment ago (the kernel's choice).
Result<int> FreeLoopbackPort();

class TargetNode {
 public:
  // Starts the node and waits until it answers with yellow health.
  static Result<std::unique_ptr<TargetNode>> Start(const NodeOptions& options);
  ~TargetNode();

  const std::string& url() const { return url_; }
  const std::string& log_file() const { return log_file_; }
  // Graceful stop; an error when it had to be killed or had already died.
  Status Stop();
  // The last lines of the node's log, for error messages.
  std::string LogTail(size_t lines = 30) const;

 private:
  TargetNode(NodeOptions options) : options_(std::move(options)) {}
  Status Launch(int http_port, int transport_port);
  Status WaitUntilUp();
  bool Exited();

  NodeOptions options_;
  std::optional<Subprocess> process_;
  std::optional<ExitStatus> exit_;  // once it has ended
  std::string url_;
  std::string log_file_;
  std::string container_;  // docker: the container name
  std::string name_;       // "OpenSearch 2.19.1", for messages
};

}  // namespace shardlift::client
