#include "pipeline/upgrade.h"

#include <filesystem>
#include <memory>
#include <string>

#include "base/subprocess.h"
#include "pipeline/migration.h"
#include "pipeline/source.h"
#include "pipeline/summary.h"
#include "pipeline/verify_step.h"

namespace shardlift::pipeline {
namespace {

namespace fs = std::filesystem;

// `path` absolute, without a trailing separator ("elastic/" and "elastic" are one directory).
fs::path Normalized(const std::string& path) {
  fs::path out = fs::absolute(path).lexically_normal();
  if (!out.has_filename() && out.has_parent_path() && out != out.root_path()) {
    out = out.parent_path();
  }
  return out;
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
  Upgrade(const UpgradeOptions& options, const UpgradeSay& say,
          const std::atomic<bool>* interrupted)
      : options_(options),
        say_(say),
        interrupted_(interrupted),
        source_(Normalized(options.source)),
        target_(Normalized(options.target)),
        backup_(source_.string() + "_backup_" + options.stamp),
        migrated_(source_.parent_path() / ("elastic_migrated_" + options.stamp)) {}

  Status Run();

 private:
  // Checks before anything is written; an error says what to do.
  Status Preflight();
  Status Backup();
  // Migrate and verify into the spawned node; the reason the source must stay, or "".
  std::string MigrateAndVerify(const Source& source, Migration& migration, Target& target);
  bool interrupted() const { return interrupted_ != nullptr && interrupted_->load(); }

  const UpgradeOptions& options_;
  const UpgradeSay& say_;
  const std::atomic<bool>* interrupted_;
  const fs::path source_;
  const fs::path target_;
  const fs::path backup_;
  const fs::path migrated_;
  translate::TranslationTarget identity_;  // what the home or image runs
};

Status Upgrade::Preflight() {
  std::error_code error;
  if (!fs::is_directory(source_, error)) {
    return Status::NotFound("the source " + source_.string() +
                            " is not a directory (give the ES 5 data dir with -s)");
  }
  if (fs::exists(target_, error) && !fs::is_empty(target_, error)) {
    return Status::InvalidArgument("the target " + target_.string() +
                                   " exists and is not empty: remove it or give another -t");
  }
  if (target_ == source_ || target_.string().starts_with(source_.string() + "/")) {
    return Status::InvalidArgument("the target " + target_.string() + " lies in the source");
  }
  for (const fs::path& planned : {backup_, migrated_}) {
    if (fs::exists(planned, error)) {
      return Status::InvalidArgument(planned.string() + " already exists");
    }
  }
  if (options_.es7.home.empty() && !options_.es7.use_docker) {
    return Status::InvalidArgument(
        "no Elasticsearch 7 to run: give --target-home DIR (an ES 7 home; `ninja -C build "
        "es7-home` lays one out from Maven Central into build/es7-home, used by default) or "
        "--target-docker [IMAGE]");
  }
  SL_ASSIGN_OR_RETURN(identity_, Target::Identify(options_.es7));
  return Status();
}

Status Upgrade::Backup() {
  say_.step("Backing up " + source_.string() + " to " + backup_.string());
  SL_RETURN_IF_ERROR(CopyPreserving(source_, backup_));
  say_.step("Backup done.");
  return Status();
}

std::string Upgrade::MigrateAndVerify(const Source& source, Migration& migration, Target& target) {
  auto dead = client::DeadLetterFile::Create(options_.dead_letter);
  if (!dead.ok()) return dead.status().ToString();
  say_.step("Migrating the documents.");
  SourceDocuments documents(source.dir);
  const Status loaded =
      migration.Run(target.cluster(), target.http(), documents.AsStream(), **dead, interrupted_);
  (void)(*dead)->Close();
  say_.text(MigrationSummaryText(migration.totals(), **dead));
  if (interrupted()) return "interrupted";
  if (!loaded.ok()) return loaded.ToString();
  if (migration.totals().lost() != 0) {
    return std::to_string(migration.totals().lost()) + " documents lost";
  }

  say_.step("Verifying every document in the target.");
  VerifyStepOptions verify;
  verify.parallel = options_.parallel;
  verify.dead_letter = options_.dead_letter;
  verify.dead_letter_given = true;
  auto totals = VerifyTarget(migration.plan(), source, target, verify, interrupted_, say_.detail);
  if (interrupted()) return "interrupted";
  if (!totals.ok()) return "the verification could not run: " + totals.status().ToString();
  say_.text(VerificationText(*totals, verify.report_file));
  if (!totals->clean()) {
    return "the target does not match the source (" + std::to_string(totals->missing) +
           " missing, " + std::to_string(totals->different) + " different, " +
           std::to_string(totals->extra) + " extra)";
  }
  return "";
}

Status Upgrade::Run() {
  say_.step("shardlift upgrade: " + source_.string() + " (Elasticsearch 5) → " + target_.string());
  SL_RETURN_IF_ERROR(Preflight());
  say_.step("Target: " + identity_.Name());
  SourceOptions source_options;
  source_options.force = options_.force;
  SL_ASSIGN_OR_RETURN(Source source, LoadSource({source_.string()}, source_options));
  translate::Report report;
  translate::MigrationPlan plan(options_.translation, report);
  SL_RETURN_IF_ERROR(plan.Plan(source.indices, source.templates));
  client::BulkOptions bulk;
  bulk.concurrency = options_.parallel;
  Migration migration(plan, bulk);
  say_.text(report.ToText());
  if (report.HasErrors()) return Status::InvalidArgument("the translation has errors (see above)");

  if (!options_.no_backup) {
    if (Status status = Backup(); !status.ok()) {
      return interrupted()
                 ? Status::IoError("interrupted during the backup (remove the partial copy)")
                 : status;
    }
  }
  if (interrupted()) return Status::IoError("interrupted");

  say_.step("Starting " + identity_.Name() + " on " + target_.string());
  auto target = Target::Open(options_.es7, target_.string(), interrupted_, say_.detail);
  if (!target.ok()) return interrupted() ? Status::IoError("interrupted") : target.status();
  std::string reason = interrupted() ? "interrupted" : "";
  if (reason.empty()) reason = MigrateAndVerify(source, migration, **target);
  say_.step("Stopping " + identity_.Name() + ".");
  if (Status stopped = (*target)->Stop(say_.detail); !stopped.ok() && reason.empty()) {
    reason = identity_.Name() + " did not stop cleanly: " + stopped.ToString();
  }
  if (reason.empty() && interrupted()) reason = "interrupted";
  if (!reason.empty()) return Status::IoError(reason);

  std::error_code error;
  fs::rename(source_, migrated_, error);
  if (error) {
    return Status::IoError("cannot rename the source to " + migrated_.string() + ": " +
                           error.message());
  }
  say_.step("Renamed " + source_.string() + " to " + migrated_.string());
  return Status();
}

}  // namespace

Status RunUpgrade(const UpgradeOptions& options, const UpgradeSay& say,
                  const std::atomic<bool>* interrupted) {
  return Upgrade(options, say, interrupted).Run();
}

}  // namespace shardlift::pipeline
