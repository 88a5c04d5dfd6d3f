// The cluster a command works on: a node spawned on a data dir from --target-home (Elasticsearch
// 7.x, 8.x or OpenSearch) or --target-docker (stopped again at the end), or an existing cluster
// at --target-url. Whatever writes the target must be the distribution --expect-target-version
// names and not newer: neither opens data a newer version, or the other distribution, wrote.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "client/cluster.h"
#include "client/http_client.h"
#include "client/node.h"
#include "io/source_guard.h"
#include "pipeline/say.h"
#include "translate/target_version.h"

namespace shardlift::pipeline {

// The image --target-docker runs when given no other: what ClearML Server 0.16 runs.
inline constexpr std::string_view kDefaultEs7Image =
    "docker.elastic.co/elasticsearch/elasticsearch:7.6.2";

// Which cluster, and how to reach it (the command line's target flags). The data dir of a spawned
// node (migrate's --target, upgrade's -t) is given to Target::Open beside it.
struct TargetSpec {
  std::string home;
  std::string docker_image;
  bool use_docker = false;
  std::string target_url;
  // More nodes of the --target-url cluster (--node-url), or all of them (--discover-nodes):
  // bulk and verify requests spread over them.
  std::vector<std::string> node_urls;
  bool discover_nodes = false;
  std::string user;
  std::string password;
  std::string api_key;
  std::string ca_file;
  bool insecure = false;
  std::string heap;  // "" = the node's default (client::NodeOptions::Heap)
  std::string node_user = "shardlift-es";
  std::optional<client::Owner> run_as;  // as root, run a spawned node as this uid:gid
  std::string expect_version;           // --expect-target-version: "7.6.2", "opensearch-2.19.1"
  long request_timeout_s = 120;
};

// How many bulk requests to keep in flight when -p is not given, from what the cluster's data
// nodes do at once (`write_threads`: Cluster::DataNodeWriteThreads): one per write thread of each
// node, at least one per node (so a node never idles between two requests while the next one
// travels: on one 2-core node -p 2 measured ≈ 1.15× -p 1, README's Benchmarks), shared among the
// `workers` that load the cluster together (--units i/n), at least one each.
int DefaultBulkConcurrency(const std::vector<int>& write_threads, int workers);

class Target {
 public:
  // What the flags name, known before anything is started or written (the translation is made
  // for it): a home from its files, an image from its tag, a --target-url cluster from its
  // answers. Refuses one that --expect-target-version's cluster could not open.
  static Result<translate::TranslationTarget> Identify(const TargetSpec& flags);
  // Identifies (as above), starts the node on `data_dir` when asked to spawn one (progress
  // through `say`), and waits for yellow health. A node is never spawned on a dir `source`
  // refuses (the source, inside it, or holding it), nor on one another node still holds, nor on a
  // host that cannot hold its heap (CheckHost, whose warnings go to `say`). A target that cannot
  // work (nothing listens, TLS on the wrong port, wrong credentials, not Elasticsearch) fails at
  // once with the cause; one that may still come up is waited for, saying so every few seconds.
  // `interrupted` (Ctrl-C) cuts the waits short and stops a spawned node.
  static Result<std::unique_ptr<Target>> Open(const TargetSpec& flags, const std::string& data_dir,
                                              const io::SourceGuard& source,
                                              const std::atomic<bool>* interrupted, const Say& say);
  // "give exactly one of …" when the flags do not name exactly one cluster; `data_dir` is needed
  // to spawn one.
  static Status CheckFlags(const TargetSpec& flags, const std::string& data_dir);
  // For a node spawned from a home (`node`: what it runs), what the host gives it
  // (client/host_limits.h): each limit below what it wants is a warning through `say`, a memory
  // limit that cannot hold its heap an error. Open checks it before it starts a node.
  static Status CheckHost(const TargetSpec& flags, std::string_view node, const Say& say);

  const translate::TranslationTarget& identity() const { return identity_; }
  const client::HttpOptions& http() const { return http_; }
  client::Cluster& cluster() { return *cluster_; }
  // The bulk requests to keep in flight: `requested` (-p) when given (> 0), else
  // DefaultBulkConcurrency of this cluster for `workers`, said through `say`.
  Result<int> BulkConcurrency(int requested, int workers, const Say& say);
  // The spawned node's log ("" for --target-url).
  std::string log_file() const { return node_ ? node_->log_file() : std::string(); }
  // Stops a spawned node; nothing for --target-url. Idempotent.
  Status Stop(const Say& say);

 private:
  Target() = default;

  translate::TranslationTarget identity_;
  client::HttpOptions http_;
  std::unique_ptr<client::TargetNode> node_;
  std::unique_ptr<client::Cluster> cluster_;
};

}  // namespace shardlift::pipeline
