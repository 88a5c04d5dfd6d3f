// shardlift upgrade: a drop-in for the ClearML / Trains Server Elasticsearch 5 → 7 upgrade script.
//
//   shardlift upgrade [-s SOURCE] [-t TARGET] [-n] [-p [N]]
//       [--target-home DIR | --target-docker [IMAGE]] [--expect-target-version V]
//
// Logs to upgrade_to_7_<YYYYMMDD_HHMMSS>.log in the current directory (and stdout); refuses a
// missing source or a non-empty target; backs the source up to <source>_backup_<date> (unless
// -n); spawns the target's node (ES 7 by default; any home --target-home names) on the target,
// migrates, verifies document by document; only when nothing was lost and the target verifies
// clean it stops the node and renames the source to
// <dirname(source)>/elastic_migrated_<date>. Any failure or Ctrl-C leaves the source untouched.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/flags.h"
#include "app/interrupt.h"
#include "app/log_tee.h"
#include "base/subprocess.h"
#include "io/directory.h"
#include "io/source_guard.h"
#include "pipeline/migration.h"
#include "pipeline/source.h"
#include "pipeline/summary.h"
#include "pipeline/target.h"
#include "pipeline/verify_step.h"

namespace shardlift::app {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kDefaultExpectedVersion = "7.6.2";  // ClearML Server 0.16

struct UpgradeOptions {
  std::string source = "/opt/trains/data/elastic";
  std::string target = "/opt/trains/data/elastic_7";
  bool no_backup = false;
  bool force = false;
  int parallel = 1;
  pipeline::TargetSpec es7;
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
void Step(const std::string& message) {
  PrintText(stdout, "[" + Now("%Y-%m-%d %H:%M:%S") + "] " + message + "\n");
  std::fflush(stdout);
}

// `path` absolute, without a trailing separator ("elastic/" and "elastic" are one directory).
fs::path Normalized(const std::string& path) {
  fs::path out = fs::absolute(path).lexically_normal();
  if (!out.has_filename() && out.has_parent_path() && out != out.root_path()) {
    out = out.parent_path();
  }
  return out;
}

// build/es7-home beside the binary, the one `ninja -C build es7-home` lays out; "" if absent.
std::string BundledEs7Home() {
  std::error_code error;
  const fs::path home = fs::read_symlink("/proc/self/exe", error).parent_path() / "es7-home";
  if (error) return "";
  const Result<io::FileKind> launcher = io::KindOf(home / "bin" / "elasticsearch");
  return launcher.ok() && *launcher == io::FileKind::kRegular ? home.string() : "";
}

// `cp -a` (modes, owners, times, links kept) of `from` to the new directory `to`.
Status CopyPreserving(const fs::path& from, const fs::path& to) {
  SubprocessOptions cp;
  cp.argv = {"cp", "-a", "--no-target-directory", "--", from.string(), to.string()};
  SL_ASSIGN_OR_RETURN(const ExitStatus status, RunToCompletion(cp));
  if (status.ok()) return Status();
  return Status::IoError("cp -a " + from.string() + " " + to.string() + " failed (" +
                         status.ToString() + ")");
}

// One run: every step from the checks to the rename, each failure with its reason.
class Upgrade {
 public:
  Upgrade(const UpgradeOptions& options, const std::string& stamp)
      : options_(options),
        source_(Normalized(options.source)),
        target_(Normalized(options.target)),
        backup_(source_.string() + "_backup_" + stamp),
        migrated_(source_.parent_path() / ("elastic_migrated_" + stamp)) {}

  int Run();

 private:
  // Checks before anything is written; an error says what to do. Sets identity_.
  Status Preflight();
  Status Backup();
  // Migrate and verify into the spawned node; the reason the source must stay, or "".
  std::string MigrateAndVerify(const pipeline::Source& source, pipeline::Migration& migration,
                               pipeline::Target& target);
  int Fail(const std::string& reason);
  bool interrupted() const { return interrupted_ != nullptr && interrupted_->load(); }

  const UpgradeOptions& options_;
  const fs::path source_;
  const fs::path target_;
  const fs::path backup_;
  const fs::path migrated_;
  std::optional<io::SourceGuard> guard_;  // set by Preflight
  const std::atomic<bool>* interrupted_ = nullptr;
  translate::TranslationTarget identity_;  // what the home or image runs
};

int Upgrade::Fail(const std::string& reason) {
  Step("Upgrade failed: " + reason);
  Step("The source " + source_.string() + " is untouched.");
  return kExitFailure;
}

Status Upgrade::Preflight() {
  SL_ASSIGN_OR_RETURN(const io::FileKind source_kind, io::KindOf(source_));
  if (source_kind != io::FileKind::kDirectory) {
    return Status::NotFound("the source " + source_.string() +
                            " is not a directory (give the ES 5 data dir with -s)");
  }
  SL_ASSIGN_OR_RETURN(guard_, io::SourceGuard::Of({source_.string()}));
  SL_RETURN_IF_ERROR(guard_->CheckDirectory(target_, "the target (-t)"));
  SL_ASSIGN_OR_RETURN(const io::FileKind target_kind, io::KindOf(target_));
  if (target_kind != io::FileKind::kMissing) {
    Result<std::vector<io::DirectoryEntry>> entries = io::ListDirectory(target_);
    if (!entries.ok() || !entries->empty()) {
      return Status::InvalidArgument("the target " + target_.string() +
                                     " exists and is not an empty directory: remove it or give "
                                     "another -t");
    }
  }
  for (const fs::path& planned : {backup_, migrated_}) {
    SL_ASSIGN_OR_RETURN(const io::FileKind kind, io::KindOf(planned));
    if (kind != io::FileKind::kMissing) {
      return Status::InvalidArgument(planned.string() + " already exists");
    }
  }
  SL_RETURN_IF_ERROR(guard_->CheckDirectory(backup_, "the backup"));
  const std::string dead_path = DefaultDeadLetterPath(target_.string());
  for (const std::string& path : {dead_path, client::DeadLetterFile::PartialPath(dead_path)}) {
    SL_RETURN_IF_ERROR(guard_->CheckFile(path, "the dead-letter file"));
  }
  if (options_.es7.home.empty() && !options_.es7.use_docker) {
    return Status::InvalidArgument(
        "no Elasticsearch 7 to run: give --target-home DIR (an ES 7 home; `ninja -C build "
        "es7-home` lays one out from Maven Central into build/es7-home, used by default) or "
        "--target-docker [IMAGE]");
  }
  SL_ASSIGN_OR_RETURN(identity_, pipeline::Target::Identify(options_.es7));
  return Status();
}

Status Upgrade::Backup() {
  Step("Backing up " + source_.string() + " to " + backup_.string());
  SL_RETURN_IF_ERROR(CopyPreserving(source_, backup_));
  Step("Backup done.");
  return Status();
}

std::string Upgrade::MigrateAndVerify(const pipeline::Source& source,
                                      pipeline::Migration& migration, pipeline::Target& target) {
  const std::string dead_path = DefaultDeadLetterPath(target_.string());
  auto dead = client::DeadLetterFile::Create(dead_path);
  if (!dead.ok()) return dead.status().ToString();
  Step("Migrating the documents.");
  pipeline::SourceDocuments documents(source.dir);
  const Status loaded =
      migration.Run(target.cluster(), target.http(), documents.AsStream(), **dead, interrupted_);
  const bool complete = loaded.ok() && !interrupted();
  const Status closed = complete ? (*dead)->Commit() : (*dead)->Close();
  std::optional<pipeline::Incomplete> incomplete;
  if (!complete) {
    incomplete = pipeline::Incomplete{interrupted() ? "interrupted" : "stopped by an error",
                                      pipeline::CountDocuments(source)};
  }
  PrintText(stdout, pipeline::MigrationSummaryText(migration.totals(), **dead,
                                                   incomplete ? &*incomplete : nullptr));
  if (interrupted()) return "interrupted";
  if (!loaded.ok()) return loaded.ToString();
  if (!closed.ok()) return closed.ToString();
  if (migration.totals().lost() != 0) {
    return std::to_string(migration.totals().lost()) + " documents lost";
  }

  Step("Verifying every document in the target.");
  pipeline::VerifyStepOptions verify;
  verify.parallel = options_.parallel;
  verify.dead_letter = dead_path;
  verify.dead_letter_given = true;
  auto totals =
      pipeline::VerifyTarget(migration.plan(), source, target, verify, interrupted_, SayOnStderr);
  if (interrupted()) return "interrupted";
  if (!totals.ok()) return "the verification could not run: " + totals.status().ToString();
  PrintText(stdout, pipeline::VerificationText(*totals, verify.report_file));
  if (!totals->clean()) {
    return "the target does not match the source (" + std::to_string(totals->missing) +
           " missing, " + std::to_string(totals->different) + " different, " +
           std::to_string(totals->extra) + " extra)";
  }
  return "";
}

int Upgrade::Run() {
  interrupted_ = CatchInterrupts();
  Step("shardlift upgrade: " + source_.string() + " (Elasticsearch 5) → " + target_.string());
  if (Status status = Preflight(); !status.ok()) return Fail(status.ToString());
  Step("Target: " + identity_.Name());
  Result<pipeline::Source> source = pipeline::LoadSource({source_.string()}, options_.force);
  if (!source.ok()) return Fail(source.status().ToString());
  auto translation = ToTranslationOptions(options_.translation, identity_);
  if (!translation.ok()) return Fail(translation.status().ToString());
  translate::Report report;
  translate::MigrationPlan plan(std::move(*translation), report);
  if (Status status = plan.Plan(source->indices, source->templates); !status.ok()) {
    return Fail(status.ToString());
  }
  client::BulkOptions bulk;
  bulk.concurrency = options_.parallel;
  pipeline::Migration migration(plan, bulk);
  PrintText(stdout, report.ToText());
  if (report.HasErrors()) return Fail("the translation has errors (see above)");

  if (!options_.no_backup) {
    if (Status status = Backup(); !status.ok()) {
      return Fail(interrupted() ? "interrupted during the backup (remove the partial copy)"
                                : status.ToString());
    }
  }
  if (interrupted()) return Fail("interrupted");

  Step("Starting " + identity_.Name() + " on " + target_.string());
  auto target =
      pipeline::Target::Open(options_.es7, target_.string(), *guard_, interrupted_, SayOnStderr);
  if (!target.ok()) return Fail(interrupted() ? "interrupted" : target.status().ToString());
  std::string reason = interrupted() ? "interrupted" : "";
  if (reason.empty()) reason = MigrateAndVerify(*source, migration, **target);
  Step("Stopping " + identity_.Name() + ".");
  if (Status stopped = (*target)->Stop(SayOnStderr); !stopped.ok() && reason.empty()) {
    reason = identity_.Name() + " did not stop cleanly: " + stopped.ToString();
  }
  if (reason.empty() && interrupted()) reason = "interrupted";
  if (!reason.empty()) return Fail(reason);

  std::error_code error;
  fs::rename(source_, migrated_, error);
  if (error)
    return Fail("cannot rename the source to " + migrated_.string() + ": " + error.message());
  Step("Renamed " + source_.string() + " to " + migrated_.string());
  Step("Upgrade completed.");
  return kExitOk;
}

int RunUpgrade(const UpgradeOptions& options) {
  const std::string stamp = Now("%Y%m%d_%H%M%S");
  const std::string log_path = "upgrade_to_7_" + stamp + ".log";
  // A source that cannot be looked at is Preflight's to report; the log cannot be in it then.
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
  Step("Log: " + fs::absolute(log_path).string());
  const int exit_code = Upgrade(options, stamp).Run();
  (*tee)->Stop();
  return exit_code;
}

}  // namespace

void AddUpgradeCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<UpgradeOptions>();
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
  AddTranslationFlags(*cmd, options->translation);
  cmd->callback([options, cmd, &exit_code] {
    options->parallel = ResolveParallel(*cmd, options->parallel);
    ResolveTargetFlags(*cmd, options->es7);
    if (options->es7.home.empty() && !options->es7.use_docker) {
      options->es7.home = BundledEs7Home();
    }
    exit_code = RunUpgrade(*options);
  });
}

}  // namespace shardlift::app
