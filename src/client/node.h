// Running the Elasticsearch 7 that writes the target data directory.
//
// From an ES home (--es7-home): `<home>/bin/elasticsearch` with path.data = the target, a private
// config / logs / tmp dir beside it, HTTP and transport ports the kernel picks on 127.0.0.1,
// single-node discovery and the heap asked for. ES refuses to run as root, so as root it runs as
// an unprivileged system user (created if missing) that owns the target and the run dir. Its
// output goes to <run dir>/logs/stdout.log. Stop = SIGTERM, wait (ES flushes), and a loud failure
// (after SIGKILL) when it does not stop in time.
//
// From a Docker image (--es7-docker): the `docker run` command that mounts the target as
// /usr/share/elasticsearch/data (owned by 1000:1000, the image's user), publishes the HTTP port
// on 127.0.0.1 and sets single-node discovery and the heap; stopped with `docker stop`.
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

// "7.17.29" from <home>/lib/elasticsearch-<version>.jar, or an error naming the home.
Result<std::string> HomeVersion(const std::string& home);
// "7.6.2" from an image reference's tag ("…/elasticsearch:7.6.2"); nullopt without a tag.
std::optional<std::string> ImageVersion(std::string_view image);
// -1, 0, 1 comparing dotted versions numerically ("7.10.0" > "7.6.2").
int CompareVersions(std::string_view a, std::string_view b);

// The argv of `docker run` for `options` (pure: unit-tested, as no Docker engine runs here).
std::vector<std::string> DockerRunCommand(const NodeOptions& options, std::string_view name,
                                          int http_port);

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
};

}  // namespace shardlift::client
