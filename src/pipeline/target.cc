#include "pipeline/target.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "client/host_limits.h"
#include "es5/node_lock.h"
#include "io/directory.h"

namespace shardlift::pipeline {
namespace {

// How long a target that may still come up (starting, red, overloaded) is waited for, and how
// often the wait says so.
constexpr auto kHealthTimeout = std::chrono::seconds(120);
constexpr auto kWaitNoteEvery = std::chrono::seconds(10);
constexpr auto kHealthPollPause = std::chrono::milliseconds(250);

// Whether `expected` (--expect-target-version) can open what `writer` writes: the same
// distribution, not older.
Status CheckExpected(const translate::TargetVersion& writer, const std::string& expected) {
  if (expected.empty()) return Status();
  auto parsed = translate::TargetVersion::Parse(expected);
  if (!parsed.ok()) return parsed.status().WithContext("--expect-target-version " + expected);
  if (parsed->distribution != writer.distribution) {
    return Status::InvalidArgument(
        "the target would be written by " + writer.Name() + ", but --expect-target-version " +
        expected + " names " + parsed->Name() + ": " +
        std::string(translate::DistributionName(parsed->distribution)) + " cannot open the data " +
        std::string(translate::DistributionName(writer.distribution)) + " writes");
  }
  if (writer.Compare(*parsed) <= 0) return Status();
  return Status::InvalidArgument("the target would be written by " + writer.Name() +
                                 ", newer than --expect-target-version " + expected + ": " +
                                 parsed->Name() + " could not open the result");
}

// The HTTP options of a --target-url cluster; credentials in the URL (user:password@) move out
// of it, so messages that name the URL print none.
Result<client::HttpOptions> UrlHttpOptions(const TargetSpec& flags) {
  SL_ASSIGN_OR_RETURN(client::BaseUrl url, client::ParseBaseUrl(flags.target_url));
  client::HttpOptions http;
  http.base_url = std::move(url.base_url);
  http.user = flags.user.empty() ? std::move(url.user) : flags.user;
  http.password = flags.password.empty() ? std::move(url.password) : flags.password;
  http.api_key = flags.api_key;
  http.ca_file = flags.ca_file;
  http.insecure = flags.insecure;
  http.request_timeout_ms = flags.request_timeout_s * 1000;
  return http;
}

// The nodes of the --target-url cluster that bulk and verify requests spread over: the URL itself,
// each --node-url and, with --discover-nodes, every node's HTTP publish address (reached with the
// URL's scheme and credentials). Each must answer with the cluster's own uuid, so requests never
// spread into another cluster. Empty when there is no other node than the URL's.
Result<std::vector<std::string>> SpreadUrls(const TargetSpec& flags, client::Cluster& cluster,
                                            const Say& say) {
  const client::HttpOptions& main = cluster.http().options();
  std::vector<std::string> candidates;
  for (const std::string& given : flags.node_urls) {
    SL_ASSIGN_OR_RETURN(client::BaseUrl url, client::ParseBaseUrl(given));
    if (!url.user.empty()) {
      return Status::InvalidArgument("--node-url " + url.base_url +
                                     ": give credentials once, in --target-url or --user");
    }
    candidates.push_back(std::move(url.base_url));
  }
  if (flags.discover_nodes) {
    const std::string scheme = main.base_url.substr(0, main.base_url.find("://"));
    if (main.base_url.find('/', scheme.size() + 3) != std::string::npos) {
      return Status::InvalidArgument("--discover-nodes: " + main.base_url +
                                     " has a path (a proxy?); its nodes' own addresses would "
                                     "bypass it: give --node-url instead");
    }
    SL_ASSIGN_OR_RETURN(const std::vector<std::string> addresses, cluster.HttpAddresses());
    for (const std::string& address : addresses) candidates.push_back(scheme + "://" + address);
  }
  std::vector<std::string> urls = {main.base_url};
  std::string uuid;
  for (const std::string& url : candidates) {
    if (std::find(urls.begin(), urls.end(), url) != urls.end()) continue;
    if (uuid.empty()) {
      SL_ASSIGN_OR_RETURN(uuid, cluster.ClusterUuid());
    }
    client::HttpOptions options = main;
    options.base_url = url;
    client::Cluster node(std::move(options));
    Result<std::string> its = node.ClusterUuid();
    if (!its.ok()) return its.status().WithContext("node " + url);
    if (*its != uuid) {
      return Status::InvalidArgument("node " + url + " belongs to another cluster (" + *its +
                                     ", not " + uuid + " of " + main.base_url + ")");
    }
    urls.push_back(url);
  }
  if (urls.size() == 1) return std::vector<std::string>();
  std::string list;
  for (const std::string& url : urls) list += (list.empty() ? "" : ", ") + url;
  say("bulk and verify requests spread over " + std::to_string(urls.size()) + " nodes: " + list);
  return urls;
}

// A node still running on `data_dir` (an earlier run's, killed before it could stop it) holds
// its node.lock: <path.data>/nodes/<N>/node.lock up to 7.x, <path.data>/node.lock since 8.0.
// Starting another one there would only die on the lock.
Status CheckNoNodeRunsOn(const std::string& data_dir) {
  std::vector<std::string> locks = {data_dir + "/node.lock"};
  SL_ASSIGN_OR_RETURN(const std::vector<std::string> ordinals,
                      io::ListSubdirectories(data_dir + "/nodes"));
  for (const std::string& ordinal : ordinals)
    locks.push_back(data_dir + "/nodes/" + ordinal + "/node.lock");
  for (const std::string& lock : locks) {
    SL_ASSIGN_OR_RETURN(const es5::NodeLockProbe probe, es5::ProbeNodeLock(lock));
    if (probe.state != es5::NodeLockProbe::State::kHeld) continue;
    const std::string pid = probe.holder_pid > 0 ? std::to_string(probe.holder_pid) : "";
    return Status::InvalidArgument("a node" + (pid.empty() ? "" : " (pid " + pid + ")") +
                                   " still runs on " + data_dir + ", holding " + lock +
                                   " (left by an earlier run?): stop it" +
                                   (pid.empty() ? "" : " with kill " + pid) + ", then run again");
  }
  return Status();
}

// Waits for yellow health (see Target::Open).
Status WaitForHealth(client::Cluster& cluster, const std::atomic<bool>* interrupted,
                     const Say& say) {
  using Clock = std::chrono::steady_clock;
  const std::string& url = cluster.http().options().base_url;
  const auto start = Clock::now();
  auto next_note = start;
  for (;;) {
    const client::HealthAnswer answer = cluster.CheckHealth("yellow");
    switch (answer.kind) {
      case client::HealthAnswer::Kind::kReady:
        return Status();
      case client::HealthAnswer::Kind::kFailed:
        return Status::IoError("cannot use the cluster at " + url + ": " + answer.detail);
      case client::HealthAnswer::Kind::kWait:
        break;
    }
    const auto now = Clock::now();
    if (now - start >= kHealthTimeout) {
      return Status::IoError(
          "the cluster at " + url + " did not reach yellow health within " +
          std::to_string(std::chrono::duration_cast<std::chrono::seconds>(kHealthTimeout).count()) +
          " s: " + answer.detail);
    }
    if (now >= next_note) {
      const auto left =
          std::chrono::duration_cast<std::chrono::seconds>(start + kHealthTimeout - now).count();
      say("waiting for the cluster at " + url + " (" + answer.detail + "); giving up in " +
          std::to_string(left) + " s");
      next_note = now + kWaitNoteEvery;
    }
    if (interrupted != nullptr && interrupted->load()) {
      return Status::IoError("interrupted while waiting for the cluster at " + url);
    }
    std::this_thread::sleep_for(kHealthPollPause);
  }
}

}  // namespace

Result<translate::TranslationTarget> Target::Identify(const TargetSpec& flags) {
  translate::TranslationTarget identity;
  bool known = true;
  if (!flags.target_url.empty()) {
    SL_ASSIGN_OR_RETURN(client::HttpOptions http, UrlHttpOptions(flags));
    client::Cluster cluster(std::move(http));
    // Red is every cluster's least health: one look that answers at once, and fails at once for
    // a target that cannot work, before its answers are read as an identity.
    const client::HealthAnswer reachable = cluster.CheckHealth("red");
    if (reachable.kind == client::HealthAnswer::Kind::kFailed) {
      return Status::IoError("cannot use the cluster at " + cluster.http().options().base_url +
                             ": " + reachable.detail);
    }
    SL_ASSIGN_OR_RETURN(identity, cluster.Identify());
  } else if (flags.use_docker) {
    SL_ASSIGN_OR_RETURN(auto tagged, client::ImageTarget(flags.docker_image));
    known = tagged.has_value();
    if (tagged) identity = std::move(*tagged);
  } else {
    SL_ASSIGN_OR_RETURN(identity, client::HomeTarget(flags.home));
  }
  // An image without a tag: its version is known only once it runs.
  if (known) SL_RETURN_IF_ERROR(CheckExpected(identity.version, flags.expect_version));
  return identity;
}

Status Target::CheckFlags(const TargetSpec& flags, const std::string& data_dir) {
  const int targets = !flags.home.empty() + flags.use_docker + !flags.target_url.empty();
  if (targets != 1) {
    return Status::InvalidArgument(
        "give exactly one of --target-home, --target-docker, --target-url");
  }
  if (flags.target_url.empty() && (!flags.node_urls.empty() || flags.discover_nodes)) {
    return Status::InvalidArgument("--node-url and --discover-nodes name nodes of --target-url");
  }
  if (flags.target_url.empty() && data_dir.empty()) {
    return Status::InvalidArgument(
        "--target DIR (the path.data of the node to spawn) is needed to spawn one");
  }
  return Status();
}

Status Target::CheckHost(const TargetSpec& flags, std::string_view node, const Say& say) {
  if (flags.home.empty()) return Status();
  SL_ASSIGN_OR_RETURN(
      const std::vector<std::string> warnings,
      client::PrepareHostForNode(client::NodeHeap(flags.heap, /*docker=*/false), node));
  for (const std::string& warning : warnings) say("warning: " + warning);
  return Status();
}

Result<std::unique_ptr<Target>> Target::Open(const TargetSpec& flags, const std::string& data_dir,
                                             const io::SourceGuard& source,
                                             const std::atomic<bool>* interrupted, const Say& say) {
  SL_RETURN_IF_ERROR(CheckFlags(flags, data_dir));
  std::unique_ptr<Target> target(new Target());
  SL_ASSIGN_OR_RETURN(target->identity_, Identify(flags));
  const std::string name = target->identity_.Name();
  client::HttpOptions& http = target->http_;
  if (flags.target_url.empty()) {
    SL_RETURN_IF_ERROR(source.CheckDirectory(data_dir, "the target data dir"));
    // Named as TargetNode names it: beside the data dir with its symlinks resolved.
    std::error_code error;
    const std::string resolved = std::filesystem::weakly_canonical(data_dir, error).string();
    SL_RETURN_IF_ERROR(source.CheckDirectory(client::DefaultRunDir(error ? data_dir : resolved),
                                             "the target node's run dir"));
    SL_RETURN_IF_ERROR(CheckNoNodeRunsOn(data_dir));
    SL_RETURN_IF_ERROR(CheckHost(flags, name, say));
    client::NodeOptions node;
    node.home = flags.home;
    node.image = flags.use_docker ? flags.docker_image : "";
    node.data_dir = data_dir;
    node.heap = flags.heap;
    node.user = flags.node_user;
    node.run_as = flags.run_as;
    node.interrupted = interrupted;
    say("starting " + name + " for " + data_dir + " …");
    SL_ASSIGN_OR_RETURN(target->node_, client::TargetNode::Start(node));
    http.base_url = target->node_->url();
    http.request_timeout_ms = flags.request_timeout_s * 1000;
    if (const client::JavaChoice& java = target->node_->java(); !java.home.empty()) {
      for (const std::string& note : java.notes) say("not using " + note);
      say("Java " + std::to_string(java.major) + ": " + java.home + " (from " + java.found_by +
          ")");
    }
    say(name + " up at " + http.base_url + " (log: " + target->node_->log_file() + ")");
  } else {
    SL_ASSIGN_OR_RETURN(http, UrlHttpOptions(flags));
  }
  target->cluster_ = std::make_unique<client::Cluster>(http);
  SL_RETURN_IF_ERROR(WaitForHealth(*target->cluster_, interrupted, say));
  if (!flags.node_urls.empty() || flags.discover_nodes) {
    SL_ASSIGN_OR_RETURN(http.node_urls, SpreadUrls(flags, *target->cluster_, say));
    target->cluster_ = std::make_unique<client::Cluster>(http);  // its pools spread too
  }
  return target;
}

int DefaultBulkConcurrency(const std::vector<int>& write_threads, int workers) {
  int cluster = 0;
  for (const int threads : write_threads) cluster += std::max(1, threads);
  return std::max(1, cluster / std::max(1, workers));
}

Result<int> Target::BulkConcurrency(int requested, int workers, const Say& say) {
  if (requested > 0) return requested;
  SL_ASSIGN_OR_RETURN(const std::vector<int> threads, cluster_->DataNodeWriteThreads());
  const int chosen = DefaultBulkConcurrency(threads, workers);
  std::string pools;
  for (const int size : threads) pools += (pools.empty() ? "" : ", ") + std::to_string(size);
  say("-p " + std::to_string(chosen) + ", from the target: " + std::to_string(threads.size()) +
      (threads.size() == 1 ? " data node" : " data nodes") + ", write threads " + pools +
      (workers > 1 ? ", shared among " + std::to_string(workers) + " workers" : ""));
  return chosen;
}

Status Target::Stop(const Say& say) {
  if (!node_) return Status();
  say("stopping " + identity_.Name() + " …");
  Status stopped = node_->Stop();
  node_.reset();
  return stopped;
}

}  // namespace shardlift::pipeline
