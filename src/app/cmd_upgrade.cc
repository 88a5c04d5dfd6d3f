// shardlift upgrade: a drop-in for the ClearML / Trains Server Elasticsearch 5 → 7 upgrade script.
//
//   shardlift upgrade [-s SOURCE] [-t TARGET] [-n] [-p [N]]
//       [--target-home DIR | --target-docker [IMAGE]] [--expect-target-version V]
//
// The steps live in pipeline/upgrade.h; this file parses the flags, stamps each step with the
// time and copies everything printed (also by cp and the node's launcher) to
// upgrade_to_7_<YYYYMMDD_HHMMSS>.log in the current directory.
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>

#include "app/commands.h"
#include "app/flags.h"
#include "app/interrupt.h"
#include "app/log_tee.h"
#include "pipeline/upgrade.h"

namespace shardlift::app {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kDefaultExpectedVersion = "7.6.2";  // ClearML Server 0.16

struct UpgradeFlags {
  pipeline::UpgradeOptions upgrade;
  TranslationFlags translation;
};

std::string Now(const char* format) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof text, format, &local);
  return text;
}

// One step of the upgrade, timestamped, in the log and on stdout.
void Step(std::string_view message) {
  std::printf("[%s] %.*s\n", Now("%Y-%m-%d %H:%M:%S").c_str(), static_cast<int>(message.size()),
              message.data());
  std::fflush(stdout);
}

// A block of text (the translation report, the summaries) as it is.
void Text(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

// build/es7-home beside the binary, the one `ninja -C build es7-home` lays out; "" if absent.
std::string BundledEs7Home() {
  std::error_code error;
  const fs::path home = fs::read_symlink("/proc/self/exe", error).parent_path() / "es7-home";
  return !error && fs::exists(home / "bin" / "elasticsearch", error) ? home.string() : "";
}

int RunUpgrade(UpgradeFlags& flags) {
  pipeline::UpgradeOptions& options = flags.upgrade;
  options.stamp = Now("%Y%m%d_%H%M%S");
  const std::string log_path = "upgrade_to_7_" + options.stamp + ".log";
  auto tee = LogTee::Start(log_path);
  if (!tee.ok()) {
    std::fprintf(stderr, "error: %s\n", tee.status().ToString().c_str());
    return kExitFailure;
  }
  Step("Log: " + fs::absolute(log_path).string());
  options.dead_letter = DefaultDeadLetterPath(fs::absolute(options.target).string());
  Status status;
  auto identity = TranslationTargetOf(options.es7);
  auto translation = identity.ok() ? ToTranslationOptions(flags.translation, *identity)
                                   : Result<translate::TranslationOptions>(identity.status());
  if (translation.ok()) {
    options.translation = std::move(*translation);
    status = pipeline::RunUpgrade(options, {Step, Text, SayOnStderr}, CatchInterrupts());
  } else {
    status = translation.status();
  }
  if (status.ok()) {
    Step("Upgrade completed.");
  } else {
    Step("Upgrade failed: " + status.message());
    Step("The source " + fs::absolute(options.source).lexically_normal().string() +
         " is untouched.");
  }
  (*tee)->Stop();
  return status.ok() ? kExitOk : kExitFailure;
}

}  // namespace

void AddUpgradeCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<UpgradeFlags>();
  pipeline::UpgradeOptions* options = &flags->upgrade;
  options->source = "/opt/trains/data/elastic";
  options->target = "/opt/trains/data/elastic_7";
  CLI::App* cmd = app.add_subcommand(
      "upgrade",
      "ClearML/Trains Server upgrade: ES 5 data dir → new ES 7 data dir, verified, source renamed");
  cmd->add_option("-s,--source", options->source, "The Elasticsearch 5 data dir")
      ->capture_default_str();
  cmd->add_option("-t,--target", options->target, "The Elasticsearch 7 data dir to create")
      ->capture_default_str();
  cmd->add_flag("-n,--no-backup", options->no_backup, "Do not copy the source first");
  AddParallelFlag(*cmd, options->parallel, "Concurrent bulk and _mget requests");
  cmd->add_flag("--force", options->force, "Read even while a node.lock is held");
  cmd->add_option("--target-home,--es7-home", options->es7.home,
                  "Run DIR/bin/elasticsearch or DIR/bin/opensearch (default: es7-home beside the "
                  "binary)");
  cmd->add_option("--target-docker,--es7-docker", options->es7.docker_image,
                  "Run Elasticsearch in Docker (image; default " +
                      std::string(pipeline::kDefaultEs7Image) + ")")
      ->expected(0, 1);
  options->es7.expect_version = std::string(kDefaultExpectedVersion);
  cmd->add_option("--expect-target-version,--expect-es7-version", options->es7.expect_version,
                  "Refuse a node of another distribution or newer than this (what will run on "
                  "the target afterwards: 7.6.2, 8.17.0, opensearch-2.19.1)")
      ->capture_default_str();
  AddSpawnFlags(*cmd, options->es7);
  AddTranslationFlags(*cmd, flags->translation);
  cmd->callback([flags, options, cmd, &exit_code] {
    options->parallel = ResolveParallel(*cmd, options->parallel);
    ResolveTargetFlags(*cmd, options->es7);
    if (options->es7.home.empty() && !options->es7.use_docker) {
      options->es7.home = BundledEs7Home();
    }
    exit_code = RunUpgrade(*flags);
  });
}

}  // namespace shardlift::app
