// The command-line options the commands share, and what they turn into. Verify
// must be given the translation options migrate was run with: they decide what migrate wrote.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "base/result.h"
#include "pipeline/source_scan.h"
#include "pipeline/target.h"
#include "pipeline/units.h"
#include "translate/migration_plan.h"

namespace shardlift::app {

// What inspect, export, migrate and verify read: path.data root(s), or one snapshot of a
// repository, `snapshot:<repo-dir>[#<snapshot>]`, spelled the same everywhere.
struct SourceFlags {
  std::vector<std::string> sources;
  pipeline::SourceOptions options;
};

// The positional `source` (required) with --force and --allow-partial.
void AddSourceFlags(CLI::App& cmd, SourceFlags& flags);

// What a snapshot source is and what it lacks, as lines for stderr; none for a data dir.
std::vector<std::string> DescribeSnapshotSource(
    const std::optional<snapshot::SnapshotFacts>& snapshot);

// How the source is translated: index layout, document changes, versions, name prefix.
struct TranslationFlags {
  std::string multi_type = "split";
  std::string type_field = "es5_type";
  std::string join_field = "join";
  std::string all_field;  // "copy_to"
  std::string all_field_name = "all";
  std::string timestamp_field;
  std::string ttl_field;
  bool no_coerce = false;
  std::string version_type = "external";
  std::string target_templates;
  bool no_raise_limits = false;
  std::string target_prefix;
};

void AddTranslationFlags(CLI::App& cmd, TranslationFlags& flags);
// The translation the flags ask for, --target-templates loaded, for `target`.
Result<translate::TranslationOptions> ToTranslationOptions(
    const TranslationFlags& flags, const translate::TranslationTarget& target);

// --target-home / --target-docker / --target-url and how to reach and check the cluster (each
// with its older --es7-… name).
void AddTargetFlags(CLI::App& cmd, pipeline::TargetSpec& flags);
// --target-heap, --node-user: how a spawned node runs (part of AddTargetFlags).
void AddSpawnFlags(CLI::App& cmd, pipeline::TargetSpec& flags);
// After parsing: --target-docker given without an image means kDefaultEs7Image.
void ResolveTargetFlags(const CLI::App& cmd, pipeline::TargetSpec& flags);
// The cluster the translation is made for: what the target flags name (Target::Identify); with
// none of them (a dry run), the version --expect-target-version names, else Elasticsearch 7.
Result<translate::TranslationTarget> TranslationTargetOf(const pipeline::TargetSpec& flags);

// -p/--parallel: a count up to kMaxParallel, or without one a worker per core. `without`: what
// giving no -p means, for --help ("1"; "from the target" where `parallel` starts at 0).
inline constexpr int kMaxParallel = 256;
void AddParallelFlag(CLI::App& cmd, int& parallel, const std::string& what,
                     const std::string& without = "1");
// After parsing: the number of workers -p asked for (`parallel` unchanged without -p).
int ResolveParallel(const CLI::App& cmd, int parallel);

// --units i/n: only the i-th of n shares of the source's units (pipeline/units.h); parsed here.
void AddUnitsFlag(CLI::App& cmd, pipeline::UnitShare& share, const std::string& what);

// Where migrate writes its dead-letter file when --dead-letter is not given: beside the spawned
// node's data dir, else in the current directory; a --units share's has its own name (workers
// may share a directory).
std::string DefaultDeadLetterPath(const std::string& target_dir, pipeline::UnitShare share = {});

}  // namespace shardlift::app
