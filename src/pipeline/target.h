// The Elasticsearch 7 a command works on: spawned on a data dir from --es7-home or --es7-docker
// (stopped again at the end), or an existing cluster at --target-url. Whatever writes the target
// must not be newer than --expect-es7-version: ES cannot open data a newer version wrote.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "base/result.h"
#include "client/cluster.h"
#include "client/http_client.h"
#include "client/node.h"
#include "pipeline/say.h"

namespace shardlift::pipeline {

// The image --es7-docker runs when given no other: what ClearML Server 0.16 runs.
inline constexpr std::string_view kDefaultEs7Image =
    "docker.elastic.co/elasticsearch/elasticsearch:7.6.2";

// Which Elasticsearch 7, and how to reach it (the command line's target flags). The data dir of
// a spawned node (migrate's --target, upgrade's -t) is given to Target::Open beside it.
struct TargetSpec {
  std::string home;
  std::string docker_image;
  bool use_docker = false;
  std::string target_url;
  std::string user;
  std::string password;
  std::string api_key;
  std::string ca_file;
  bool insecure = false;
  std::string heap = "1g";
  std::string node_user = "shardlift-es";
  std::string expect_version;
  long request_timeout_s = 120;
};

class Target {
 public:
  // Checks the version, starts the node on `data_dir` when asked to spawn one (progress on
  // stderr), and waits for yellow health. `interrupted` (Ctrl-C) cuts the wait for a spawned
  // node short and stops it.
  static Result<std::unique_ptr<Target>> Open(const TargetSpec& flags, const std::string& data_dir,
                                              const std::atomic<bool>* interrupted, const Say& say);
  // "give exactly one of …" when the flags do not name exactly one ES 7; `data_dir` is needed to
  // spawn one.
  static Status CheckFlags(const TargetSpec& flags, const std::string& data_dir);
  // Refuses an ES home or image newer than --expect-es7-version before anything is started
  // (a --target-url cluster is asked by Open).
  static Status CheckSpawnVersion(const TargetSpec& flags);

  const client::HttpOptions& http() const { return http_; }
  client::Cluster& cluster() { return *cluster_; }
  // The spawned node's log ("" for --target-url).
  std::string log_file() const { return node_ ? node_->log_file() : std::string(); }
  // Stops a spawned node; nothing for --target-url. Idempotent.
  Status Stop(const Say& say);

 private:
  Target() = default;

  client::HttpOptions http_;
  std::unique_ptr<client::TargetNode> node_;
  std::unique_ptr<client::Cluster> cluster_;
};

}  // namespace shardlift::pipeline
