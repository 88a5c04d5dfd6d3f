// shardlift upgrade: a drop-in for the ClearML / Trains Server Elasticsearch 5 → 7 upgrade script.
//
//   shardlift upgrade [-s SOURCE] [-t TARGET] [-n] [-p [N]] [--es7-version V]
//       [--target-home DIR | --target-docker [IMAGE]] [--owner UID:GID] [--report FILE]
//
// The steps live in pipeline/upgrade.h; this file parses the flags, finds the home of the
// version the server runs (client/bundled_home.h: beside the binary, or in ../share/shardlift),
// stamps each step with the time and copies everything printed (also by cp and the node's
// launcher) to upgrade_to_7_<YYYYMMDD_HHMMSS>.log in the current directory, the log alone
// getting the details (the whole translation report, the per-index tables).
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>

#include "app/commands.h"
#include "app/flags.h"
#include "app/interrupt.h"
#include "app/log_tee.h"
#include "client/bundled_home.h"
#include "client/node.h"
#include "io/source_guard.h"
#include "pipeline/upgrade.h"

namespace shardlift::app {
namespace {

namespace fs = std::filesystem;

// What ClearML Server 0.16 runs. Newer 7.x opens what 7.6.2 wrote, never the reverse.
constexpr std::string_view kDefaultEsVersion = "7.6.2";

struct UpgradeFlags {
  pipeline::UpgradeOptions upgrade;
  TranslationFlags translation;
  std::string owner;
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
  PrintText(stdout, "[" + Now("%Y-%m-%d %H:%M:%S") + "] " + std::string(message) + "\n");
  std::fflush(stdout);
}

// A block of text (the translation report, the summaries), control characters escaped.
void Text(std::string_view text) {
  PrintText(stdout, text);
  std::fflush(stdout);
}

// Everything the flags leave to work out: the home, the owner, the translation for the node.
Status Resolve(UpgradeFlags& flags) {
  pipeline::UpgradeOptions& options = flags.upgrade;
  if (options.es7.home.empty() && !options.es7.use_docker) {
    std::error_code error;
    const std::string binary = fs::read_symlink("/proc/self/exe", error).string();
    SL_ASSIGN_OR_RETURN(options.es7.home,
                        client::FindBundledHome(binary, options.es7.expect_version));
  }
  if (!flags.owner.empty()) {
    SL_ASSIGN_OR_RETURN(options.owner, client::ParseOwner(flags.owner));
  }
  SL_ASSIGN_OR_RETURN(const translate::TranslationTarget identity,
                      TranslationTargetOf(options.es7));
  SL_ASSIGN_OR_RETURN(options.translation, ToTranslationOptions(flags.translation, identity));
  return Status();
}

int RunUpgrade(UpgradeFlags& flags) {
  pipeline::UpgradeOptions& options = flags.upgrade;
  options.stamp = Now("%Y%m%d_%H%M%S");
  const std::string log_path = fs::absolute("upgrade_to_7_" + options.stamp + ".log").string();
  // A source that cannot be looked at is the upgrade's to report; the log cannot be in it then.
  if (Result<io::SourceGuard> guard = io::SourceGuard::Of({options.source}); guard.ok()) {
    if (Status status = guard->CheckFile(log_path, "the log"); !status.ok()) {
      PrintError(status.ToString() + " (run upgrade from another directory)");
      return kExitFailure;
    }
  }
  auto tee = LogTee::Start(log_path);
  if (!tee.ok()) {
    PrintError(tee.status().ToString());
    return kExitFailure;
  }
  Step("Log: " + log_path);
  options.dead_letter = DefaultDeadLetterPath(fs::absolute(options.target).string());
  pipeline::UpgradeResult result;
  result.status = Resolve(flags);
  if (result.status.ok()) {
    const LogTee& log = **tee;
    const pipeline::UpgradeSay say{Step, Text, [&log](std::string_view text) { log.LogOnly(text); },
                                   SayOnStderr};
    result = pipeline::RunUpgrade(options, say, CatchInterrupts());
  }
  if (!result.status.ok()) Step("Upgrade failed: " + result.status.message());
  for (const std::string& line : result.end) Step(line);
  Step("Log: " + log_path);
  if (result.status.ok()) Step("Upgrade completed.");
  (*tee)->Stop();
  return result.status.ok() ? kExitOk : kExitFailure;
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
  AddParallelFlag(*cmd, options->parallel,
                  "Concurrent bulk and _mget requests (default: one per write thread of the node)",
                  "from the target");
  cmd->add_flag("--force", options->force, "Read even while a node.lock is held");
  options->es7.expect_version = std::string(kDefaultEsVersion);
  cmd->add_option("--es7-version,--expect-target-version,--expect-es7-version",
                  options->es7.expect_version,
                  "The Elasticsearch version your server runs: its home beside the binary (or "
                  "in ../share/shardlift) writes the target, and no newer one may")
      ->capture_default_str();
  cmd->add_option("--target-home,--es7-home", options->es7.home,
                  "Run DIR/bin/elasticsearch instead (not newer than --es7-version)");
  cmd->add_option("--target-docker,--es7-docker", options->es7.docker_image,
                  "Run Elasticsearch in Docker (image; default " +
                      std::string(pipeline::kDefaultEs7Image) + ")")
      ->expected(0, 1);
  AddSpawnFlags(*cmd, options->es7);
  cmd->add_option("--owner", flags->owner,
                  "UID:GID (or USER:GROUP) the finished target belongs to (default: the source's)");
  cmd->add_option("--report", options->report_file, "Write the translation report as JSON");
  AddTranslationFlags(*cmd, flags->translation);
  cmd->callback([flags, options, cmd, &exit_code] {
    options->parallel = ResolveParallel(*cmd, options->parallel);
    ResolveTargetFlags(*cmd, options->es7);
    exit_code = RunUpgrade(*flags);
  });
}

}  // namespace shardlift::app
