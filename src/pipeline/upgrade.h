// `shardlift upgrade` as a library: ClearML / Trains Server's Elasticsearch 5 → 7 upgrade.
//
// Refuses, touching nothing, what cannot work (no source, a non-empty target, a newer ES than the
// server runs, a translation with errors); backs the source up to <source>_backup_<stamp>
// (unless no_backup); spawns ES 7 on the target, migrates, verifies document by document; only
// when nothing was lost and the target verifies clean it stops ES 7 and renames the source to
// <dirname(source)>/elastic_migrated_<stamp>. Any failure or interruption leaves the source where
// it was.
//
// It prints nothing: each step goes to UpgradeSay::step (the command stamps the time), the
// translation report and the summaries to UpgradeSay::text, the target's and the verification's
// progress to UpgradeSay::detail.
#pragma once

#include <atomic>
#include <string>

#include "base/status.h"
#include "pipeline/say.h"
#include "pipeline/target.h"
#include "translate/migration_plan.h"

namespace shardlift::pipeline {

struct UpgradeOptions {
  std::string source;  // the ES 5 data dir
  std::string target;  // the ES 7 data dir to create
  std::string stamp;   // YYYYMMDD_HHMMSS: names the backup and the renamed source
  bool no_backup = false;
  bool force = false;       // read even while a node.lock is held
  int parallel = 1;         // concurrent bulk and _mget requests
  std::string dead_letter;  // where documents ES 7 refuses go
  TargetSpec es7;
  translate::TranslationOptions translation;
};

struct UpgradeSay {
  Say step;
  Say text;
  Say detail;
};

// Runs every step. OK when the upgrade completed (the source renamed); otherwise why not, with
// the source untouched.
Status RunUpgrade(const UpgradeOptions& options, const UpgradeSay& say,
                  const std::atomic<bool>* interrupted);

}  // namespace shardlift::pipeline
