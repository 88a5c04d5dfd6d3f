#include "pipeline/upgrade.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <tuple>

#include "base/subprocess.h"
#include "io/directory.h"
#include "io/source_guard.h"
#include "json/json.h"
#include "pipeline/migration.h"
#include "pipeline/output_file.h"
#include "pipeline/source.h"
#include "pipeline/summary.h"
#include "pipeline/verify_step.h"

namespace shardlift::pipeline {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPartial = ".partial";

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

// What `cp -a` keeps of each entry below a directory: kind, mode, size, modification time and a
// symlink's target. Two trees with equal listings hold the same files as far as a backup goes.
using Listing = std::map<std::string, std::tuple<unsigned, int64_t, int64_t, int64_t, std::string>>;

Result<Listing> List(const fs::path& root) {
  Listing out;
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(root, error); !error && it != fs::end(it);
       it.increment(error)) {
    struct stat info {};
    if (lstat(it->path().c_str(), &info) != 0)
      return Status::IoError("cannot stat " + it->path().string());
    const bool directory = S_ISDIR(info.st_mode);
    std::string link;
    if (S_ISLNK(info.st_mode)) link = fs::read_symlink(it->path(), error).string();
    out[fs::relative(it->path(), root).string()] = {
        static_cast<unsigned>(info.st_mode), directory ? 0 : static_cast<int64_t>(info.st_size),
        directory ? 0 : static_cast<int64_t>(info.st_mtim.tv_sec),
        directory ? 0 : static_cast<int64_t>(info.st_mtim.tv_nsec), std::move(link)};
  }
  if (error) return Status::IoError("cannot list " + root.string() + ": " + error.message());
  return out;
}

// Whether we may give files to group `gid` (our group, or one we belong to).
bool InGroup(gid_t gid) {
  if (gid == getegid()) return true;
  std::vector<gid_t> groups(static_cast<size_t>(std::max(getgroups(0, nullptr), 0)));
  const int count = getgroups(static_cast<int>(groups.size()), groups.data());
  return std::find(groups.begin(), groups.begin() + std::max(count, 0), gid) !=
         groups.begin() + std::max(count, 0);
}

// The upgrade's mark on a target it has begun to fill: which source it comes from.
Status WriteMarker(const fs::path& marker, const fs::path& source) {
  std::ofstream out(marker, std::ios::trunc);
  out << Json{{"source", source.string()}}.dump() << "\n";
  out.close();
  return out ? Status() : Status::IoError("cannot write " + marker.string());
}

std::string MarkedSource(const fs::path& marker) {
  std::ifstream in(marker);
  std::stringstream text;
  text << in.rdbuf();
  Result<Json> parsed = ParseJson(text.str(), marker.string());
  return parsed.ok() ? StringOr(Member(*parsed, "source")) : "";
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
        run_dir_(target_.string() + ".run"),
        marker_(run_dir_ / kUpgradeMarker),
        backup_(source_.string() + "_backup_" + options.stamp),
        migrated_(source_.parent_path() / ("elastic_migrated_" + options.stamp)) {}

  UpgradeResult Run();

 private:
  // Checks before anything is written; an error says what to do.
  Status Preflight();
  // Who owns the finished target, and whether we can make it so.
  Status ChooseOwner();
  // Java, and every directory ES needs within reach of the user it runs as.
  Status CheckNodeCanRun();
  Status Backup();
  Status MigrateAndVerify(const Source& source, Migration& migration, Target& target);
  // Puts a target ES did not start on back as it was found.
  void RemoveUnstartedTarget();
  Status Finish();
  UpgradeResult Failed(Status status);
  bool interrupted() const { return interrupted_ != nullptr && interrupted_->load(); }

  const UpgradeOptions& options_;
  const UpgradeSay& say_;
  const std::atomic<bool>* interrupted_;
  const fs::path source_;
  const fs::path target_;
  const fs::path run_dir_;
  const fs::path marker_;
  fs::path backup_;
  const fs::path migrated_;

  TargetSpec es7_;
  std::optional<io::SourceGuard> guard_;  // set by Preflight
  client::Owner owner_;
  std::string owner_why_;
  bool continuing_ = false;      // the target is one an earlier run of this upgrade left
  bool target_existed_ = false;  // as an empty directory (left as it was on failure)
  struct stat target_before_ {};
  enum class TargetFate { kUntouched, kRemoved, kKept };
  TargetFate target_fate_ = TargetFate::kUntouched;
  bool backup_ready_ = false;  // made or reused
  std::unique_ptr<translate::Report> report_;
  MigrationTotals loaded_;
  std::optional<verify::VerifyTotals> verified_;
  translate::TranslationTarget identity_;  // what the home or image runs
};

Status Upgrade::Preflight() {
  SL_ASSIGN_OR_RETURN(const io::FileKind source_kind, io::KindOf(source_));
  if (source_kind != io::FileKind::kDirectory) {
    return Status::NotFound("the source " + source_.string() +
                            " is not a directory (give the ES 5 data dir with -s)");
  }
  SL_ASSIGN_OR_RETURN(guard_, io::SourceGuard::Of({source_.string()}));
  SL_RETURN_IF_ERROR(guard_->CheckDirectory(target_, "the target (-t)"));
  SL_RETURN_IF_ERROR(guard_->CheckDirectory(run_dir_, "the run dir"));
  SL_RETURN_IF_ERROR(guard_->CheckDirectory(backup_, "the backup"));
  for (const std::string& path :
       {options_.dead_letter, client::DeadLetterFile::PartialPath(options_.dead_letter)}) {
    SL_RETURN_IF_ERROR(guard_->CheckFile(path, "the dead-letter file"));
  }
  SL_ASSIGN_OR_RETURN(const io::FileKind target_kind, io::KindOf(target_));
  if (target_kind != io::FileKind::kMissing) {
    Result<std::vector<io::DirectoryEntry>> entries = io::ListDirectory(target_);
    if (!entries.ok() || target_kind != io::FileKind::kDirectory) {
      return Status::InvalidArgument("the target " + target_.string() +
                                     " is not a directory that can be listed: give another -t");
    }
    if (!entries->empty()) {
      if (MarkedSource(marker_) != source_.string()) {
        return Status::InvalidArgument("the target " + target_.string() +
                                       " exists and is not empty: remove it or give another -t");
      }
      continuing_ = true;
    } else {
      target_existed_ = stat(target_.c_str(), &target_before_) == 0;
    }
  }
  SL_ASSIGN_OR_RETURN(const io::FileKind migrated_kind, io::KindOf(migrated_));
  if (migrated_kind != io::FileKind::kMissing) {
    return Status::InvalidArgument(migrated_.string() + " already exists");
  }
  if (es7_.home.empty() && !es7_.use_docker) {
    return Status::InvalidArgument(
        "no Elasticsearch to run: give --target-home DIR, --es7-version V (a home of that "
        "version beside the shardlift binary or in ../share/shardlift) or --target-docker "
        "[IMAGE]");
  }
  SL_ASSIGN_OR_RETURN(identity_, Target::Identify(es7_));
  SL_RETURN_IF_ERROR(ChooseOwner());
  return CheckNodeCanRun();
}

Status Upgrade::ChooseOwner() {
  if (options_.owner) {
    owner_ = *options_.owner;
    owner_why_ = "as --owner asks";
  } else {
    SL_ASSIGN_OR_RETURN(owner_, client::OwnerOf(source_.string()));
    owner_why_ = "the source's owner";
  }
  if (geteuid() == 0) {
    // ES refuses root: a target owned by a user is written by that user, else by --node-user
    // and given to root at the end.
    if (owner_.uid != 0 && !es7_.use_docker) es7_.run_as = owner_;
    return Status();
  }
  if (owner_.uid == geteuid() && InGroup(owner_.gid)) return Status();
  return Status::InvalidArgument(
      "the target must belong to " + owner_.ToString() + " (" + owner_why_ +
      "), which only root can arrange: run as root, or give --owner " + std::to_string(geteuid()) +
      ":" + std::to_string(getegid()) + " for a target of your own");
}

Status Upgrade::CheckNodeCanRun() {
  if (es7_.use_docker) return Status();
  client::NodeOptions node;
  node.home = es7_.home;
  node.data_dir = target_.string();
  node.run_dir = run_dir_.string();
  node.user = es7_.node_user;
  node.run_as = es7_.run_as;
  SL_RETURN_IF_ERROR(client::CheckHomeCanRun(node).status());
  // Refused here, before the backup; the warnings are said once, as the node starts (Open).
  return Target::CheckHost(es7_, identity_.Name(), [](std::string_view) {});
}

Status Upgrade::Backup() {
  const std::string prefix = source_.filename().string() + "_backup_";
  std::vector<fs::path> complete;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(source_.parent_path(), error)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix) || !entry.is_directory(error)) continue;
    if (name.ends_with(kPartial)) {
      fs::remove_all(entry.path(), error);
      say_.step("Removed " + entry.path().string() + ", a backup an earlier run did not finish.");
    } else {
      complete.push_back(entry.path());
    }
  }
  if (!complete.empty()) {
    SL_ASSIGN_OR_RETURN(const Listing source, List(source_));
    std::sort(complete.rbegin(), complete.rend());  // newest stamp first
    for (const fs::path& candidate : complete) {
      Result<Listing> listed = List(candidate);
      if (listed.ok() && *listed == source) {
        backup_ = candidate;
        backup_ready_ = true;
        say_.step("Backup: " + backup_.string() + " holds the same files as the source; reused.");
        return Status();
      }
    }
  }
  const fs::path partial = backup_.string() + std::string(kPartial);
  say_.step("Backing up " + source_.string() + " to " + backup_.string());
  Status copied = CopyPreserving(source_, partial);
  if (copied.ok() && !interrupted()) {
    fs::rename(partial, backup_, error);
    if (!error) {
      backup_ready_ = true;
      say_.step("Backup done.");
      return Status();
    }
    copied = Status::IoError("cannot rename " + partial.string() + ": " + error.message());
  }
  fs::remove_all(partial, error);
  if (interrupted())
    return Status::IoError("interrupted during the backup (the partial copy is removed)");
  return copied;
}

Status Upgrade::MigrateAndVerify(const Source& source, Migration& migration, Target& target) {
  auto dead = client::DeadLetterFile::Create(options_.dead_letter);
  if (!dead.ok()) return dead.status();
  say_.step(continuing_ ? "Migrating the documents (those an earlier run wrote count as present)."
                        : "Migrating the documents.");
  SourceDocuments documents(source.dir);
  const size_t planned_changes = report_->changes().size();
  const Status loaded = migration.Run(target.cluster(), target.http(), documents.AsStream(), **dead,
                                      interrupted_, say_.detail);
  const bool complete = loaded.ok() && !interrupted();
  const Status closed = complete ? (*dead)->Commit() : (*dead)->Close();
  loaded_ = migration.totals();
  std::optional<Incomplete> incomplete;
  if (!complete) {
    incomplete =
        Incomplete{interrupted() ? "interrupted" : "stopped by an error", CountDocuments(source)};
  }
  say_.log(MigrationSummaryText(migration.totals(), **dead, incomplete ? &*incomplete : nullptr));
  if (report_->changes().size() > planned_changes || !report_->counters().empty()) {
    say_.text("During the load:\n" + report_->ToGroupedText(planned_changes));
  }
  if (interrupted()) return Status::IoError("interrupted");
  SL_RETURN_IF_ERROR(loaded);
  SL_RETURN_IF_ERROR(closed);
  if (loaded_.lost() != 0) {
    return Status::IoError(std::to_string(loaded_.lost()) + " documents lost");
  }

  say_.step("Verifying every document in the target.");
  VerifyStepOptions verify;
  verify.parallel = migration.bulk().concurrency;
  verify.dead_letter = options_.dead_letter;
  verify.dead_letter_given = true;
  auto totals = VerifyTarget(migration.plan(), source, target, verify, interrupted_, say_.detail);
  if (interrupted()) return Status::IoError("interrupted");
  if (!totals.ok()) {
    return Status::IoError("the verification could not run: " + totals.status().ToString());
  }
  verified_ = *totals;
  say_.log(VerificationText(*totals, verify.report_file));
  if (!totals->clean()) {
    say_.text(VerificationText(*totals, verify.report_file));
    return Status::IoError("the target does not match the source (" +
                           std::to_string(totals->missing) + " missing, " +
                           std::to_string(totals->different) + " different, " +
                           std::to_string(totals->extra) + " extra)");
  }
  return Status();
}

void Upgrade::RemoveUnstartedTarget() {
  if (continuing_) {
    target_fate_ = TargetFate::kKept;
    return;
  }
  target_fate_ = TargetFate::kRemoved;
  std::error_code error;
  if (!target_existed_) {
    fs::remove_all(target_, error);
    return;
  }
  for (const auto& entry : fs::directory_iterator(target_, error))
    fs::remove_all(entry.path(), error);
  (void)lchown(target_.c_str(), target_before_.st_uid, target_before_.st_gid);
  (void)chmod(target_.c_str(), target_before_.st_mode & 07777);
}

Status Upgrade::Finish() {
  SL_RETURN_IF_ERROR(client::ChownTree(target_.string(), owner_));
  std::error_code error;
  fs::rename(source_, migrated_, error);
  if (error) {
    return Status::IoError("cannot rename the source to " + migrated_.string() + ": " +
                           error.message());
  }
  say_.step("Renamed " + source_.string() + " to " + migrated_.string());
  fs::remove(marker_, error);  // the target is no longer an unfinished one
  return Status();
}

UpgradeResult Upgrade::Failed(Status status) {
  UpgradeResult result{std::move(status), {}};
  result.end.push_back("The source " + source_.string() + " is untouched.");
  switch (target_fate_) {
    case TargetFate::kUntouched:
      break;
    case TargetFate::kRemoved:
      result.end.push_back("The target " + target_.string() +
                           (target_existed_ ? " is empty again" : " is removed") +
                           " (Elasticsearch's log stays in " + run_dir_.string() + "/logs).");
      break;
    case TargetFate::kKept:
      if (loaded_.read > 0) {
        result.end.push_back("Migrated " + std::to_string(loaded_.written) + " of " +
                             std::to_string(loaded_.read) + " documents read before the stop, " +
                             std::to_string(loaded_.dead_lettered) + " dead-lettered.");
      }
      result.end.push_back("The target " + target_.string() +
                           " is kept: the same command continues it (remove it and " +
                           run_dir_.string() + " to start afresh instead).");
      break;
  }
  if (backup_ready_) {
    result.end.push_back("The backup " + backup_.string() + " is kept: a re-run reuses it.");
  }
  return result;
}

UpgradeResult Upgrade::Run() {
  say_.step("shardlift upgrade: " + source_.string() + " (Elasticsearch 5) → " + target_.string());
  es7_ = options_.es7;
  if (Status status = Preflight(); !status.ok()) return Failed(status);
  say_.step("Target: " + identity_.Name());
  if (continuing_) {
    say_.step("The target " + target_.string() +
              " is what an earlier run of this upgrade left: continuing it.");
  }
  SourceOptions source_options;
  source_options.force = options_.force;
  Result<Source> source = LoadSource({source_.string()}, source_options);
  if (!source.ok()) return Failed(source.status());
  report_ = std::make_unique<translate::Report>();
  translate::MigrationPlan plan(options_.translation, *report_);
  if (Status status = plan.Plan(source->indices, source->templates); !status.ok()) {
    return Failed(status);
  }
  say_.step("Translated " + std::to_string(plan.sources().size()) + " indices and " +
            std::to_string(plan.templates().size()) +
            " templates (every change is in the log, and in --report FILE as JSON):");
  say_.text(report_->ToGroupedText());
  say_.log(report_->ToText());
  if (!options_.report_file.empty()) {
    Result<std::unique_ptr<OutputFile>> out =
        OutputFile::Open(options_.report_file, "--report", *guard_);
    Status written = out.status();
    if (written.ok()) written = (*out)->Append(report_->ToJson().dump(2) + "\n");
    if (written.ok()) written = (*out)->Close();
    if (!written.ok()) return Failed(written);
  }
  if (report_->HasErrors()) {
    return Failed(Status::InvalidArgument("the translation has errors (see above)"));
  }

  if (!options_.no_backup) {
    if (Status status = Backup(); !status.ok()) return Failed(status);
  }
  if (interrupted()) return Failed(Status::IoError("interrupted"));

  say_.step("Starting " + identity_.Name() + " on " + target_.string());
  auto target = Target::Open(es7_, target_.string(), *guard_, interrupted_, say_.detail);
  if (!target.ok()) {
    RemoveUnstartedTarget();
    return Failed(interrupted() ? Status::IoError("interrupted") : target.status());
  }
  target_fate_ = TargetFate::kKept;
  Status status = interrupted() ? Status::IoError("interrupted") : WriteMarker(marker_, source_);
  client::BulkOptions bulk;
  if (status.ok()) {
    Result<int> concurrency = (*target)->BulkConcurrency(options_.parallel, 1, say_.detail);
    status = concurrency.status();
    if (concurrency.ok()) bulk.concurrency = *concurrency;
  }
  Migration migration(plan, bulk);
  if (status.ok()) status = MigrateAndVerify(*source, migration, **target);
  say_.step("Stopping " + identity_.Name() + ".");
  if (Status stopped = (*target)->Stop(say_.detail); !stopped.ok() && status.ok()) {
    status = Status::IoError(identity_.Name() + " did not stop cleanly: " + stopped.message());
  }
  if (status.ok() && interrupted()) status = Status::IoError("interrupted");
  if (status.ok()) status = Finish();
  if (!status.ok()) return Failed(status);

  UpgradeResult result;
  result.end.push_back("Migrated " + std::to_string(loaded_.written) + " of " +
                       std::to_string(loaded_.read) + " documents into " + target_.string() + ".");
  result.end.push_back("Dead-lettered: " + std::to_string(loaded_.dead_lettered) +
                       (loaded_.dead_lettered == 0 ? "" : " (" + options_.dead_letter + ")") + ".");
  result.end.push_back("Verified " + std::to_string(verified_->identical) + " of " +
                       std::to_string(verified_->expected) +
                       " documents: " + std::to_string(verified_->missing) + " missing, " +
                       std::to_string(verified_->different) + " different, " +
                       std::to_string(verified_->extra) + " extra, " +
                       std::to_string(verified_->dead_lettered) + " dead-lettered.");
  result.end.push_back("The target " + target_.string() + " belongs to " + owner_.ToString() +
                       ", " + owner_why_ + ".");
  return result;
}

}  // namespace

UpgradeResult RunUpgrade(const UpgradeOptions& options, const UpgradeSay& say,
                         const std::atomic<bool>* interrupted) {
  return Upgrade(options, say, interrupted).Run();
}

}  // namespace shardlift::pipeline
