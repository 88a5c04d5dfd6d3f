#include "app/flags.h"

#include <algorithm>
#include <thread>

#include "base/printable.h"
#include "client/node.h"

namespace shardlift::app {

namespace {

// A path.data root, or snapshot:<repo-dir>[#<snapshot>] naming a repository directory.
std::string CheckSource(const std::string& source) {
  const std::optional<snapshot::SnapshotSpec> spec = snapshot::ParseSnapshotSpec(source);
  const std::string dir = spec ? spec->repository : source;
  const std::string error = CLI::ExistingDirectory(dir);
  if (error.empty() || !spec) return error;
  return "snapshot repository: " + error;
}

}  // namespace

void AddSourceFlags(CLI::App& cmd, SourceFlags& flags) {
  cmd.add_option("source", flags.sources,
                 "Elasticsearch 5.x/2.x path.data root(s) (several roots of one node, or the data "
                 "dirs of several nodes of one cluster), or one snapshot of an ES 2.0-5.6 fs "
                 "snapshot repository: snapshot:<repo-dir>[#<snapshot>|#latest]")
      ->required()
      ->check(CLI::Validator(CheckSource, "SOURCE"));
  cmd.add_flag("--force", flags.options.force, "Read even while a node.lock is held");
  cmd.add_flag("--allow-partial", flags.options.allow_partial,
               "Read a PARTIAL or FAILED snapshot: the shards it holds (the others are listed)");
}

std::vector<std::string> DescribeSnapshotSource(
    const std::optional<snapshot::SnapshotFacts>& snapshot) {
  std::vector<std::string> lines;
  if (!snapshot) return lines;
  const snapshot::SnapshotInfo& info = snapshot->snapshot;
  lines.push_back("source: snapshot " + info.name + " of " + snapshot->repository + ": " +
                  snapshot::DescribeSnapshot(info));
  for (const std::string& warning : snapshot->warnings) lines.push_back("warning: " + warning);
  if (!snapshot->missing_shards.empty()) {
    std::string missing;
    for (const std::string& shard : snapshot->missing_shards) {
      missing += (missing.empty() ? "" : ", ") + shard;
    }
    lines.push_back("warning: snapshot " + info.name + " is " +
                    std::string(snapshot::ToString(info.state)) + "; not in it: " + missing);
  }
  // Snapshot and index names come from the repository's blobs.
  for (std::string& line : lines) line = Printable(line);
  return lines;
}

void AddTranslationFlags(CLI::App& cmd, TranslationFlags& flags) {
  cmd.add_option("--multi-type", flags.multi_type,
                 "Indices with several types: split (<index>-<type>) or field")
      ->check(CLI::IsMember({"split", "field"}))
      ->capture_default_str();
  cmd.add_option("--type-field", flags.type_field, "Keyword field holding the ES 5 type")
      ->capture_default_str();
  cmd.add_option("--join-field", flags.join_field, "Join field for _parent relations")
      ->capture_default_str();
  cmd.add_option("--all-field", flags.all_field,
                 "copy_to: a text field collects what _all did (name: --all-field-name)")
      ->check(CLI::IsMember({"copy_to"}));
  cmd.add_option("--all-field-name", flags.all_field_name)->capture_default_str();
  cmd.add_option("--timestamp-field", flags.timestamp_field,
                 "Keep 2.x _timestamp values in this date field");
  cmd.add_option("--ttl-field", flags.ttl_field, "Keep 2.x _ttl expiry times in this date field");
  cmd.add_flag("--no-coerce", flags.no_coerce,
               "Leave legacy booleans (\"on\", \"no\", 0, …) as they are");
  cmd.add_option("--version-type", flags.version_type,
                 "external: keep ES 5 versions (re-runs skip what is there); internal")
      ->check(CLI::IsMember({"external", "internal"}))
      ->capture_default_str();
  cmd.add_option("--target-templates", flags.target_templates,
                 "DIR of target templates (*.json) that win over the translation")
      ->check(CLI::ExistingDirectory);
  cmd.add_flag(
      "--no-raise-limits", flags.no_raise_limits,
      "Keep the target's index.mapping.*.limit defaults even where the source exceeds them");
  cmd.add_option("--target-prefix", flags.target_prefix,
                 "Put this before every index, alias and template name written");
}

Result<translate::TranslationOptions> ToTranslationOptions(
    const TranslationFlags& flags, const translate::TranslationTarget& target) {
  translate::TranslationOptions out;
  out.target = target;
  out.layout.multi_type = flags.multi_type == "field" ? translate::MultiTypeMode::kField
                                                      : translate::MultiTypeMode::kSplit;
  out.layout.type_field = flags.type_field;
  out.layout.join_field = flags.join_field;
  out.layout.raise_limits = !flags.no_raise_limits;
  out.layout.name_prefix = flags.target_prefix;
  if (!flags.all_field.empty()) out.layout.mapping.all_field = flags.all_field_name;
  if (!flags.timestamp_field.empty()) {
    out.layout.mapping.timestamp_field = flags.timestamp_field;
    out.preparer.timestamp_field = flags.timestamp_field;
  }
  if (!flags.ttl_field.empty()) {
    out.layout.mapping.ttl_field = flags.ttl_field;
    out.preparer.ttl_field = flags.ttl_field;
  }
  out.preparer.coerce_booleans = !flags.no_coerce;
  out.external_versions = flags.version_type == "external";
  if (!flags.target_templates.empty()) {
    SL_ASSIGN_OR_RETURN(out.user_templates, translate::LoadUserTemplates(flags.target_templates));
  }
  return out;
}

void AddTargetFlags(CLI::App& cmd, pipeline::TargetSpec& flags) {
  cmd.add_option("--target-home,--es7-home", flags.home,
                 "Run DIR/bin/elasticsearch or DIR/bin/opensearch on the target dir "
                 "(Elasticsearch 7.x, 8.x, OpenSearch 1.x, 2.x)");
  cmd.add_option("--target-docker,--es7-docker", flags.docker_image,
                 "Run Elasticsearch in Docker (image; default " +
                     std::string(pipeline::kDefaultEs7Image) + ")")
      ->expected(0, 1);
  cmd.add_option("--target-url", flags.target_url,
                 "An existing cluster (Elasticsearch 7.x, 8.x, OpenSearch 1.x, 2.x)");
  cmd.add_option("--node-url", flags.node_urls,
                 "Another node of the --target-url cluster (repeatable): bulk and verify "
                 "requests spread over all of them, worker i to node i mod n");
  cmd.add_flag("--discover-nodes", flags.discover_nodes,
               "Spread bulk and verify requests over every node _nodes/http lists (their "
               "publish addresses must be reachable from here)");
  cmd.add_option("--user", flags.user, "Basic auth user (--target-url)");
  cmd.add_option("--password", flags.password, "Basic auth password (--target-url)");
  cmd.add_option("--api-key", flags.api_key, "API key, base64 id:key (--target-url)");
  cmd.add_option("--ca-file", flags.ca_file, "PEM CA bundle for TLS (--target-url)");
  cmd.add_flag("--insecure", flags.insecure, "Do not verify TLS certificates");
  AddSpawnFlags(cmd, flags);
  cmd.add_option("--request-timeout", flags.request_timeout_s,
                 "Seconds before a request to the target is given up and retried")
      ->check(CLI::Range(1L, 86'400L))
      ->capture_default_str();
  cmd.add_option("--expect-target-version,--expect-es7-version", flags.expect_version,
                 "Refuse when the cluster writing the target is not this distribution or newer "
                 "than this version (7.6.2, 8.17.0, opensearch-2.19.1)");
}

void AddSpawnFlags(CLI::App& cmd, pipeline::TargetSpec& flags) {
  cmd.add_option("--target-heap,--es7-heap", flags.heap,
                 "Heap of the spawned node (default " + std::string(client::kHomeNodeHeap) +
                     " from a home, " + std::string(client::kDockerNodeHeap) + " in Docker)");
  cmd.add_option("--node-user,--es7-user", flags.node_user,
                 "Unprivileged user the spawned node runs as when shardlift runs as root")
      ->capture_default_str();
}

void ResolveTargetFlags(const CLI::App& cmd, pipeline::TargetSpec& flags) {
  if (cmd.count("--target-docker") > 0) {
    flags.use_docker = true;
    if (flags.docker_image.empty()) flags.docker_image = std::string(pipeline::kDefaultEs7Image);
  }
}

Result<translate::TranslationTarget> TranslationTargetOf(const pipeline::TargetSpec& flags) {
  if (!flags.home.empty() || flags.use_docker || !flags.target_url.empty()) {
    return pipeline::Target::Identify(flags);
  }
  translate::TranslationTarget target;
  if (!flags.expect_version.empty()) {
    SL_ASSIGN_OR_RETURN(target.version, translate::TargetVersion::Parse(flags.expect_version));
  }
  return target;
}

void AddParallelFlag(CLI::App& cmd, int& parallel, const std::string& what,
                     const std::string& without) {
  cmd.add_option("-p,--parallel", parallel, what + "; -p alone = one per core")
      ->expected(0, 1)
      ->check(CLI::Range(1, kMaxParallel))
      ->default_str(without);
}

int ResolveParallel(const CLI::App& cmd, int parallel) {
  const bool bare = cmd.count("--parallel") > 0 && cmd.get_option("--parallel")->results().empty();
  if (!bare) return parallel;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void AddUnitsFlag(CLI::App& cmd, pipeline::UnitShare& share, const std::string& what) {
  cmd.add_option_function<std::string>(
         "--units",
         [&share](const std::string& text) {
           Result<pipeline::UnitShare> parsed = pipeline::UnitShare::Parse(text);
           if (!parsed.ok()) throw CLI::ValidationError(parsed.status().message());
           share = *parsed;
         },
         what + " (units: shards of the source, see inspect --units; i/n, 1 <= i <= n)")
      ->type_name("I/N");
}

std::string DefaultDeadLetterPath(const std::string& target_dir, pipeline::UnitShare share) {
  const std::string units = share.whole() ? ""
                                          : ".units-" + std::to_string(share.index) + "-of-" +
                                                std::to_string(share.count);
  return (target_dir.empty() ? "shardlift-dead-letter" : target_dir + ".dead-letter") + units +
         ".ndjson";
}

}  // namespace shardlift::app
