#include "pipeline/target.h"

namespace shardlift::pipeline {
namespace {

constexpr long kHealthTimeoutMs = 120'000;

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

client::HttpOptions UrlHttpOptions(const TargetSpec& flags) {
  client::HttpOptions http;
  http.base_url = flags.target_url;
  while (http.base_url.ends_with('/')) http.base_url.pop_back();
  http.user = flags.user;
  http.password = flags.password;
  http.api_key = flags.api_key;
  http.ca_file = flags.ca_file;
  http.insecure = flags.insecure;
  http.request_timeout_ms = flags.request_timeout_s * 1000;
  return http;
}

}  // namespace

Result<translate::TranslationTarget> Target::Identify(const TargetSpec& flags) {
  translate::TranslationTarget identity;
  bool known = true;
  if (!flags.target_url.empty()) {
    client::Cluster cluster(UrlHttpOptions(flags));
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
  if (flags.target_url.empty() && data_dir.empty()) {
    return Status::InvalidArgument(
        "--target DIR (the path.data of the node to spawn) is needed to spawn one");
  }
  return Status();
}

Result<std::unique_ptr<Target>> Target::Open(const TargetSpec& flags, const std::string& data_dir,
                                             const std::atomic<bool>* interrupted, const Say& say) {
  SL_RETURN_IF_ERROR(CheckFlags(flags, data_dir));
  std::unique_ptr<Target> target(new Target());
  SL_ASSIGN_OR_RETURN(target->identity_, Identify(flags));
  const std::string name = target->identity_.Name();
  client::HttpOptions& http = target->http_;
  if (flags.target_url.empty()) {
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
    http = UrlHttpOptions(flags);
  }
  target->cluster_ = std::make_unique<client::Cluster>(http);
  SL_RETURN_IF_ERROR(target->cluster_->WaitForHealth("yellow", kHealthTimeoutMs));
  return target;
}

Status Target::Stop(const Say& say) {
  if (!node_) return Status();
  say("stopping " + identity_.Name() + " …");
  Status stopped = node_->Stop();
  node_.reset();
  return stopped;
}

}  // namespace shardlift::pipeline
