// The Elasticsearch 7 a command works on: spawned on a data dir from --es7-home or --es7-docker
// (stopped again at the end), or an existing cluster at --target-url. Whatever writes the target
// must not be newer than --expect-es7-version: ES cannot open data a newer version wrote.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "app/migrate_flags.h"
#include "base/result.h"
#include "es7/cluster.h"
#include "es7/es7_node.h"
#include "es7/http_client.h"

namespace shardlift::app {

class Es7Target {
 public:
  // Checks the version, starts the node on `data_dir` when asked to spawn one (progress on
  // stderr), and waits for yellow health. `interrupted` (Ctrl-C) cuts the wait for a spawned
  // node short and stops it.
  static Result<std::unique_ptr<Es7Target>> Open(const TargetFlags& flags,
                                                 const std::string& data_dir,
                                                 const std::atomic<bool>* interrupted);
  // "give exactly one of …" when the flags do not name exactly one ES 7; `data_dir` is needed to
  // spawn one.
  static Status CheckFlags(const TargetFlags& flags, const std::string& data_dir);
  // Refuses an ES home or image newer than --expect-es7-version before anything is started
  // (a --target-url cluster is asked by Open).
  static Status CheckSpawnVersion(const TargetFlags& flags);

  const es7::HttpOptions& http() const { return http_; }
  es7::Cluster& cluster() { return *cluster_; }
  // The spawned node's log ("" for --target-url).
  std::string log_file() const { return node_ ? node_->log_file() : std::string(); }
  // Stops a spawned node (progress on stderr); nothing for --target-url. Idempotent.
  Status Stop();

 private:
  Es7Target() = default;

  es7::HttpOptions http_;
  std::unique_ptr<es7::Es7Node> node_;
  std::unique_ptr<es7::Cluster> cluster_;
};

}  // namespace shardlift::app
