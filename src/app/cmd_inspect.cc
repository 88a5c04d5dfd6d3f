// `shardlift inspect <path.data>...`: what a data dir holds, as a table or as one JSON document
// (schema in README.md, "inspect --json schema").
#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/flags.h"
#include "base/printable.h"
#include "pipeline/source_scan.h"
#include "pipeline/units.h"

namespace shardlift::app {

namespace {

using Json = nlohmann::ordered_json;

struct InspectOptions {
  SourceFlags source;
  bool json = false;
  bool units = false;
};

std::string LockState(const es5::NodeLockState& lock) {
  if (!lock.error.ok()) return "unknown";
  switch (lock.probe.state) {
    case es5::NodeLockProbe::State::kHeld:
      return "held";
    case es5::NodeLockProbe::State::kNoLockFile:
      return "missing";
    case es5::NodeLockProbe::State::kFree:
      break;
  }
  return "free";
}

Json ClusterJson(const es5::DataDir& dir) {
  Json cluster = Json::object();
  const es5::GlobalMetadata* global = dir.global();
  if (global == nullptr) return cluster;
  cluster["cluster_uuid"] = global->cluster_uuid;
  cluster["metadata_version"] = global->version;
  cluster["state_file"] = dir.global_state_file();
  Json settings = Json::object();
  for (const auto& [key, value] : global->persistent_settings) settings[key] = value;
  cluster["persistent_settings"] = settings;
  Json templates = Json::array();
  for (const es5::IndexTemplate& t : global->templates) {
    templates.push_back({{"name", t.name}, {"patterns", t.patterns}, {"order", t.order}});
  }
  cluster["templates"] = templates;
  Json graveyard = Json::array();
  for (const es5::Tombstone& t : global->graveyard) {
    graveyard.push_back(
        {{"index", t.index_name}, {"uuid", t.index_uuid}, {"deleted_ms", t.delete_date_ms}});
  }
  cluster["graveyard"] = graveyard;
  cluster["customs"] = global->custom_names;
  return cluster;
}

Json IndexJson(const es5::IndexInfo& index, const pipeline::IndexTally& tally) {
  const es5::IndexMetadata& meta = index.meta;
  Json types = Json::array();
  for (const es5::TypeMapping& mapping : meta.mappings) {
    if (mapping.type != "_default_") types.push_back(mapping.type);
  }
  Json aliases = Json::array();
  for (const es5::AliasMetadata& alias : meta.aliases) {
    Json a = {{"name", alias.name}};
    if (alias.filter) a["filter"] = *alias.filter;
    if (alias.index_routing) a["index_routing"] = *alias.index_routing;
    if (alias.search_routing) a["search_routing"] = *alias.search_routing;
    aliases.push_back(a);
  }
  Json copies = Json::array();
  uint64_t store_bytes = 0;
  for (const es5::ShardInfo& shard : index.shards) {
    store_bytes += shard.chosen()->facts.store_bytes;
    copies.push_back({{"shard", shard.shard_id},
                      {"chosen", shard.chosen()->shard_dir},
                      {"reason", shard.choice.reason},
                      {"rejected", shard.choice.rejected}});
  }
  Json source_disabled_types = Json::array();
  for (const es5::TypeMapping& mapping : meta.mappings) {
    if (!mapping.source_enabled) source_disabled_types.push_back(mapping.type);
  }
  Json warnings = index.warnings;
  for (const std::string& w : tally.warnings) warnings.push_back(w);
  return {{"name", meta.name},
          {"uuid", meta.uuid},
          {"state", meta.open ? "open" : "closed"},
          {"created", meta.created().ToString()},
          {"created_id", meta.created_id},
          {"types", types},
          {"shards", meta.number_of_shards},
          {"committed_docs", tally.committed_live},
          {"nested_docs", tally.nested_skipped},
          {"translog_ops", tally.translog_index_ops + tally.translog_delete_ops},
          {"translog_deletes", tally.translog_delete_ops},
          {"docs", tally.emitted},
          {"source_disabled_docs", tally.source_disabled},
          {"source_disabled_types", source_disabled_types},
          {"store_bytes", store_bytes},
          {"source_formats", tally.formats},
          {"aliases", aliases},
          {"shard_copies", copies},
          {"state_file", index.state_file},
          {"warnings", warnings},
          {"broken", tally.broken}};
}

Json SnapshotJson(const snapshot::SnapshotFacts& facts) {
  const snapshot::SnapshotInfo& info = facts.snapshot;
  Json failures = Json::array();
  for (const snapshot::ShardFailure& failure : info.failures) {
    failures.push_back({{"index", failure.index},
                        {"shard", failure.shard_id},
                        {"reason", failure.reason},
                        {"status", failure.status}});
  }
  return {{"repository", facts.repository},
          {"name", info.name},
          {"uuid", info.uuid},
          {"state", snapshot::ToString(info.state)},
          {"reason", info.reason},
          {"version_id", info.version_id},
          {"start_time", snapshot::FormatTimestamp(info.start_time_ms)},
          {"end_time", snapshot::FormatTimestamp(info.end_time_ms)},
          {"indices", info.indices},
          {"total_shards", info.total_shards},
          {"successful_shards", info.successful_shards},
          {"failures", failures},
          {"missing_shards", facts.missing_shards},
          {"warnings", facts.warnings}};
}

// A string of the report as one line of the table (base/printable.h).
std::string Shown(const Json& text) {
  return Printable(text.is_string() ? text.get<std::string>() : text.dump());
}

std::string Formats(const Json& formats) {
  std::string out;
  for (const auto& [name, count] : formats.items()) {
    out += (out.empty() ? "" : ",") + name;
  }
  return out.empty() ? "-" : out;
}

std::string Mb(uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1fMB", static_cast<double>(bytes) / 1e6);
  return text;
}

// `rows`, each column as wide as its widest cell; `right`: the columns aligned right.
template <size_t N>
void PrintColumns(const std::vector<std::array<std::string, N>>& rows,
                  const std::array<bool, N>& right) {
  std::array<size_t, N> widths{};
  for (const auto& row : rows) {
    for (size_t i = 0; i < N; ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < N; ++i) {
      const std::string gap(widths[i] - row[i].size(), ' ');
      if (i > 0) line += ' ';
      line += right[i] ? gap + row[i] : i + 1 < N ? row[i] + gap : row[i];
    }
    std::printf("%s\n", line.c_str());
  }
}

// inspect --units: the units migrate --units and verify --units share out (pipeline/units.h).
int PrintUnits(const es5::DataDir& dir, bool json) {
  std::vector<std::string> names;
  for (const es5::IndexInfo& index : dir.indices()) names.push_back(index.meta.name);
  const std::vector<pipeline::Unit> units = pipeline::ListUnits(dir, std::move(names));
  if (json) {
    Json listed = Json::array();
    for (const pipeline::Unit& unit : units) {
      listed.push_back({{"unit", unit.number},
                        {"index", unit.index},
                        {"shard", unit.shard},
                        {"docs", unit.docs},
                        {"bytes", unit.bytes}});
    }
    std::printf("%s\n", listed.dump(2).c_str());
    return kExitOk;
  }
  std::vector<std::array<std::string, 5>> rows = {{"unit", "index", "shard", "docs", "bytes"}};
  for (const pipeline::Unit& unit : units) {
    rows.push_back({std::to_string(unit.number), Printable(unit.index), std::to_string(unit.shard),
                    std::to_string(unit.docs), std::to_string(unit.bytes)});
  }
  PrintColumns(rows, {true, false, true, true, true});
  return kExitOk;
}

// The index table, each column as wide as its widest cell: index names run to 255 bytes.
void PrintTable(const Json& report, const std::optional<snapshot::SnapshotFacts>& snapshot) {
  for (const std::string& line : DescribeSnapshotSource(snapshot)) {
    std::printf("%s\n", line.c_str());
  }
  // Left-aligned text columns, right-aligned numbers.
  constexpr std::array<bool, 12> kRight = {false, false, false, false, false, true,
                                           true,  true,  true,  true,  false, true};
  std::vector<std::array<std::string, 12>> rows = {{"index", "uuid", "state", "created", "types",
                                                    "sh", "committed", "tlog", "tlogdel", "store",
                                                    "sources", "warnings"}};
  for (const Json& index : report["indices"]) {
    std::string types;
    for (const Json& t : index["types"]) types += (types.empty() ? "" : ",") + Shown(t);
    rows.push_back({Shown(index["name"]), Shown(index["uuid"]), Shown(index["state"]),
                    Shown(index["created"]), types, std::to_string(index["shards"].get<int>()),
                    std::to_string(index["committed_docs"].get<long long>()),
                    std::to_string(index["translog_ops"].get<long long>()),
                    std::to_string(index["translog_deletes"].get<long long>()),
                    Mb(index["store_bytes"].get<uint64_t>()), Formats(index["source_formats"]),
                    std::to_string(index["warnings"].size() + index["broken"].size())});
  }
  PrintColumns(rows, kRight);
  for (const Json& index : report["indices"]) {
    const std::string name = Shown(index["name"]);
    for (const Json& w : index["warnings"])
      std::printf("warning: %s: %s\n", name.c_str(), Shown(w).c_str());
    for (const Json& b : index["broken"]) std::printf("broken: %s\n", Shown(b).c_str());
    if (index["source_disabled_docs"].get<long long>() > 0) {
      std::printf("note: %s: %lld docs have no _source (disabled for %s)\n", name.c_str(),
                  index["source_disabled_docs"].get<long long>(),
                  Shown(index["source_disabled_types"]).c_str());
    }
  }
  const Json& cluster = report["cluster"];
  std::printf("\ncluster\n");
  if (cluster.contains("cluster_uuid")) {
    std::printf("  uuid %s, metadata version %lld (%s)\n", Shown(cluster["cluster_uuid"]).c_str(),
                cluster["metadata_version"].get<long long>(), Shown(cluster["state_file"]).c_str());
    for (const auto& [key, value] : cluster["persistent_settings"].items()) {
      std::printf("  persistent setting %s = %s\n", Shown(key).c_str(), Shown(value).c_str());
    }
    for (const Json& t : cluster["templates"]) {
      std::printf("  template %s: %s (order %d)\n", Shown(t["name"]).c_str(),
                  Shown(t["patterns"]).c_str(), t["order"].get<int>());
    }
    for (const Json& t : cluster["graveyard"]) {
      std::printf("  deleted index (graveyard) %s %s\n", Shown(t["index"]).c_str(),
                  Shown(t["uuid"]).c_str());
    }
  } else {
    std::printf("  no readable global state\n");
  }
  for (const Json& index : report["indices"]) {
    for (const Json& alias : index["aliases"]) {
      std::printf("  alias %s -> %s%s\n", Shown(alias["name"]).c_str(),
                  Shown(index["name"]).c_str(),
                  alias.contains("filter") ? (" filter " + Shown(alias["filter"])).c_str() : "");
    }
  }
  for (const Json& node : report["nodes"]) {
    std::printf("  node %s: %s\n", Shown(node["name"]).c_str(), Shown(node["paths"]).c_str());
  }
  for (const Json& lock : report["locks"]) {
    std::printf("  node.lock %s: %s\n", Shown(lock["file"]).c_str(), Shown(lock["state"]).c_str());
  }
  for (const Json& index : report["indices"]) {
    for (const Json& copy : index["shard_copies"]) {
      std::printf("  %s shard %d: %s (%s)\n", Shown(index["name"]).c_str(),
                  copy["shard"].get<int>(), Shown(copy["chosen"]).c_str(),
                  Shown(copy["reason"]).c_str());
      for (const Json& r : copy["rejected"]) std::printf("    not chosen: %s\n", Shown(r).c_str());
    }
  }
  for (const Json& leftover : report["leftovers"]) {
    std::printf("  not exported: %s: %s\n", Shown(leftover["path"]).c_str(),
                Shown(leftover["reason"]).c_str());
  }
  for (const Json& problem : report["problems"]) {
    std::printf("error: %s\n", Shown(problem).c_str());
  }
}

int RunInspect(const InspectOptions& options) {
  Result<pipeline::OpenedSource> source =
      pipeline::OpenSource(options.source.sources, options.source.options);
  if (!source.ok()) {
    PrintError(source.status().ToString());
    return kExitFailure;
  }
  const es5::DataDir* dir = &source->dir;
  if (options.units) return PrintUnits(*dir, options.json);
  std::map<const es5::IndexInfo*, pipeline::IndexTally> tallies;
  pipeline::DocumentJson json;
  for (const pipeline::ShardJob& job : pipeline::SelectShards(*dir, es5::IndexPattern(""))) {
    pipeline::ShardOutcome outcome;
    pipeline::SurveyShard(job, json, outcome);
    tallies[job.index].Add(job, outcome);
  }
  Json report = Json::object();
  report["data_dirs"] = options.source.sources;
  if (source->snapshot) report["snapshot"] = SnapshotJson(*source->snapshot);
  Json nodes = Json::array();
  for (const es5::Node& node : dir->nodes()) {
    Json paths = Json::array();
    for (const es5::NodePath& path : node.paths) paths.push_back(path.path);
    nodes.push_back({{"name", node.Name()}, {"node_id", node.node_id}, {"paths", paths}});
  }
  report["nodes"] = nodes;
  Json locks = Json::array();
  for (const es5::NodeLockState& lock : dir->locks()) {
    Json entry = {{"file", lock.lock_file}, {"state", LockState(lock)}};
    if (lock.probe.holder_pid > 0) entry["pid"] = lock.probe.holder_pid;
    locks.push_back(entry);
  }
  report["locks"] = locks;
  report["cluster"] = ClusterJson(*dir);
  Json indices = Json::array();
  bool broken = !dir->problems().empty();
  for (const es5::IndexInfo& index : dir->indices()) {
    const pipeline::IndexTally& tally = tallies[&index];
    broken = broken || !tally.broken.empty();
    indices.push_back(IndexJson(index, tally));
  }
  report["indices"] = indices;
  Json leftovers = Json::array();
  for (const es5::Leftover& leftover : dir->leftovers()) {
    leftovers.push_back({{"path", leftover.path}, {"reason", leftover.reason}});
  }
  report["leftovers"] = leftovers;
  Json problems = Json::array();
  for (const es5::Problem& problem : dir->problems()) problems.push_back(problem.status.ToString());
  report["problems"] = problems;

  if (options.json) {
    std::printf("%s\n", report.dump(2).c_str());
  } else {
    PrintTable(report, source->snapshot);
  }
  return broken ? kExitFailure : kExitOk;
}

}  // namespace

void AddInspectCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<InspectOptions>();
  CLI::App* cmd = app.add_subcommand(
      "inspect",
      "Show the indices, shard copies and cluster metadata of the data dir(s) or of a snapshot");
  AddSourceFlags(*cmd, options->source);
  cmd->add_flag("--json", options->json, "One JSON document (schema in README.md)");
  cmd->add_flag("--units", options->units,
                "List the units of work (one shard of one index: number, index, shard, docs, "
                "bytes) that migrate --units and verify --units share out");
  cmd->callback([options, &exit_code] { exit_code = RunInspect(*options); });
}

}  // namespace shardlift::app
