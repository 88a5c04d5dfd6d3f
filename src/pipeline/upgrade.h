// `shardlift upgrade` as a library: ClearML / Trains Server's Elasticsearch 5 → 7 upgrade.
//
// 1. Refuses, touching nothing, what cannot work: no source, a target that is neither empty nor
//    a target an earlier run of this upgrade left, a newer ES than the server runs, no Java for
//    it, a target owner that cannot be given, a directory the ES user cannot reach, a memory
//    limit (cgroup) that cannot hold its heap, a translation with errors.
// 2. Backs the source up to <source>_backup_<stamp> (unless no_backup), copying into
//    <…>.partial first and renaming it when complete; a complete backup holding the same files
//    as the source (names, sizes, modes, modification times) is reused instead.
// 3. Spawns ES 7 on the target — as the target's owner when that is a user other than root —
//    migrates and verifies document by document.
// 4. Only when nothing was lost, the target verifies clean and ES stopped cleanly: the target is
//    given to its owner (by default the source's uid:gid) and the source renamed to
//    <dirname(source)>/elastic_migrated_<stamp>.
//
// A failure or an interruption leaves the source where it was. A target that ES did not start on
// is removed again; one the load had begun to fill is kept and marked, and a re-run with the same
// source continues it (documents already there are counted as present). The run dir
// <target>.run/ (ES's config and logs) stays either way.
//
// It prints nothing: each step goes to UpgradeSay::step (the command stamps the time), the
// translation report and the summaries to UpgradeSay::text, details meant for the log only to
// UpgradeSay::log, the target's and the verification's progress to UpgradeSay::detail.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "client/node.h"
#include "pipeline/say.h"
#include "pipeline/target.h"
#include "translate/migration_plan.h"

namespace shardlift::pipeline {

struct UpgradeOptions {
  std::string source;  // the ES 5 data dir
  std::string target;  // the ES 7 data dir to create
  std::string stamp;   // YYYYMMDD_HHMMSS: names the backup and the renamed source
  bool no_backup = false;
  bool force = false;                  // read even while a node.lock is held
  int parallel = 0;                    // concurrent bulk and _mget requests; 0: from the target
  std::string dead_letter;             // where documents ES 7 refuses go
  std::string report_file;             // the translation report as JSON ("" = none)
  std::optional<client::Owner> owner;  // of the finished target (default: the source's)
  TargetSpec es7;
  translate::TranslationOptions translation;
};

struct UpgradeSay {
  Say step;
  Say text;
  Say log;
  Say detail;
};

struct UpgradeResult {
  Status status;  // OK: the upgrade completed
  // The closing lines, in order. Completed: documents migrated, dead-lettered (with the file),
  // the verification, who owns the target. Failed: what became of the source, the target and
  // the backup.
  std::vector<std::string> end;
};

UpgradeResult RunUpgrade(const UpgradeOptions& options, const UpgradeSay& say,
                         const std::atomic<bool>* interrupted);

// The name of the marker an upgrade leaves in <target>.run/ while the target is its own.
inline constexpr std::string_view kUpgradeMarker = "shardlift-upgrade.json";

}  // namespace shardlift::pipeline
