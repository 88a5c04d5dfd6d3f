#include "pipeline/verify_step.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "client/dead_letter_list.h"
#include "es5/index_pattern.h"
#include "io/directory.h"

namespace shardlift::pipeline {

Result<verify::VerifyTotals> VerifyTarget(const translate::MigrationPlan& planned,
                                          const Source& source, Target& target,
                                          const VerifyStepOptions& options,
                                          const std::atomic<bool>* interrupted, const Say& say) {
  std::optional<client::DeadLetterList> dead;
  SL_ASSIGN_OR_RETURN(const io::FileKind dead_kind, io::KindOf(options.dead_letter));
  if (options.dead_letter_given || dead_kind != io::FileKind::kMissing) {
    SL_ASSIGN_OR_RETURN(dead, client::DeadLetterList::Load(options.dead_letter));
    say("dead-letter file " + options.dead_letter + ": " + std::to_string(dead->size()) +
        " documents");
  } else {
    say("no dead-letter file at " + options.dead_letter +
        ": documents not in the target count as missing");
  }
  verify::VerifyOptions verify_options;
  verify_options.concurrency = options.parallel;
  verify_options.shown = options.shown;
  verify::Verification verification(planned, verify_options);
  if (dead) verification.set_dead_letters(&*dead);
  if (options.report != nullptr) {
    verification.set_finding_sink([&](const verify::Finding& finding) {
      return options.report->Append(finding.ToNdjson() + '\n');
    });
  }
  const es5::IndexPattern pattern(options.index_pattern);
  SourceDocuments documents(source.dir);
  const translate::DocumentStream every = documents.AsStream();
  if (options.units.whole()) {
    SL_RETURN_IF_ERROR(verification.Run(
        target.cluster(), every, [&](std::string_view index) { return pattern.Matches(index); },
        interrupted));
  } else {
    // The share's shards of each index; indices with all their shards in it are checked whole.
    std::vector<std::string> names;
    for (const translate::SourceIndex& index : source.indices) {
      if (pattern.Matches(index.name)) names.push_back(index.name);
    }
    const std::vector<Unit> all = ListUnits(source.dir, names);
    std::map<std::string, std::vector<int>, std::less<>> shards;
    for (const Unit& unit : TakeShare(all, options.units)) shards[unit.index].push_back(unit.shard);
    std::set<std::string> partial;
    for (const Unit& unit : all) {
      auto it = shards.find(unit.index);
      if (it != shards.end() &&
          std::find(it->second.begin(), it->second.end(), unit.shard) == it->second.end()) {
        partial.insert(unit.index);
      }
    }
    say("units " + options.units.ToString() + ": " + std::to_string(shards.size()) + " indices, " +
        std::to_string(partial.size()) + " of them in part (their extras are not looked for)");
    verification.set_partial(&every, std::move(partial));
    const ShardStream shard = documents.AsShardStream();
    const translate::DocumentStream share = [&](const translate::SourceIndex& index,
                                                const translate::DocumentVisitor& visit) {
      for (int number : shards.at(index.name)) {
        SL_RETURN_IF_ERROR(shard(index, number, 0, visit));
      }
      return Status();
    };
    SL_RETURN_IF_ERROR(verification.Run(
        target.cluster(), share, [&](std::string_view index) { return shards.count(index) > 0; },
        interrupted));
  }
  if (options.report != nullptr) SL_RETURN_IF_ERROR(options.report->Close());
  return verification.totals();
}

}  // namespace shardlift::pipeline
