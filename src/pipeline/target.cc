#include "pipeline/target.h"

namespace shardlift::pipeline {
namespace {

constexpr long kHealthTimeoutMs = 120'000;

Status CheckVersion(const std::string& found, const std::string& expected) {
  if (expected.empty() || found.empty() || client::CompareVersions(found, expected) <= 0) {
    return Status();
  }
  return Status::InvalidArgument("the Elasticsearch that would write the target is " + found +
                                 ", newer than --expect-es7-version " + expected + ": an ES " +
                                 expected + " could not open the result");
}

// The version of the ES home or image that would be spawned ("" when an image has no tag).
Result<std::string> SpawnVersion(const TargetSpec& flags) {
  if (flags.use_docker) return client::ImageVersion(flags.docker_image).value_or("");
  return client::HomeVersion(flags.home);
}

}  // namespace

Status Target::CheckSpawnVersion(const TargetSpec& flags) {
  SL_ASSIGN_OR_RETURN(const std::string version, SpawnVersion(flags));
  return CheckVersion(version, flags.expect_version);
}

Status Target::CheckFlags(const TargetSpec& flags, const std::string& data_dir) {
  const int targets = !flags.home.empty() + flags.use_docker + !flags.target_url.empty();
  if (targets != 1) {
    return Status::InvalidArgument("give exactly one of --es7-home, --es7-docker, --target-url");
  }
  if (flags.target_url.empty() && data_dir.empty()) {
    return Status::InvalidArgument("--target DIR (the ES 7 path.data) is needed to spawn ES 7");
  }
  return Status();
}

Result<std::unique_ptr<Target>> Target::Open(const TargetSpec& flags, const std::string& data_dir,
                                             const std::atomic<bool>* interrupted, const Say& say) {
  SL_RETURN_IF_ERROR(CheckFlags(flags, data_dir));
  std::unique_ptr<Target> target(new Target());
  client::HttpOptions& http = target->http_;
  if (flags.target_url.empty()) {
    SL_ASSIGN_OR_RETURN(const std::string version, SpawnVersion(flags));
    SL_RETURN_IF_ERROR(CheckVersion(version, flags.expect_version));
    client::NodeOptions node;
    node.home = flags.home;
    node.image = flags.use_docker ? flags.docker_image : "";
    node.data_dir = data_dir;
    node.heap = flags.heap;
    node.user = flags.node_user;
    node.interrupted = interrupted;
    say("starting Elasticsearch " + version + " for " + data_dir + " …");
    SL_ASSIGN_OR_RETURN(target->node_, client::TargetNode::Start(node));
    http.base_url = target->node_->url();
    say("Elasticsearch 7 up at " + http.base_url + " (log: " + target->node_->log_file() + ")");
  } else {
    http.base_url = flags.target_url;
    while (http.base_url.ends_with('/')) http.base_url.pop_back();
    http.user = flags.user;
    http.password = flags.password;
    http.api_key = flags.api_key;
    http.ca_file = flags.ca_file;
    http.insecure = flags.insecure;
  }
  http.request_timeout_ms = flags.request_timeout_s * 1000;
  target->cluster_ = std::make_unique<client::Cluster>(http);
  SL_RETURN_IF_ERROR(target->cluster_->WaitForHealth("yellow", kHealthTimeoutMs));
  if (!flags.target_url.empty()) {
    SL_ASSIGN_OR_RETURN(const std::string version, target->cluster_->Version());
    SL_RETURN_IF_ERROR(CheckVersion(version, flags.expect_version));
  }
  return target;
}

Status Target::Stop(const Say& say) {
  if (!node_) return Status();
  say("stopping Elasticsearch 7 …");
  Status stopped = node_->Stop();
  node_.reset();
  return stopped;
}

}  // namespace shardlift::pipeline
