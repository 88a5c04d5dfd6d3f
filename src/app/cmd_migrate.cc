// shardlift migrate: every document of cold ES 5.x / 2.x data dir(s) into Elasticsearch 7.
//
//   shardlift migrate <path.data>... (--es7-home DIR | --es7-docker [IMAGE] | --target-url URL)
//       [--target DIR] [--dead-letter FILE] [-p [N]] [--dry-run] …
//
// Translation and load live in es7 (es7/migration.h); this file reads the source (es5), runs or
// reaches the ES 7 node, and prints the report, the summary table and the last line
// "migrated N of M documents, K dead-lettered, L lost" (exit 1 when L > 0 or anything failed).
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "app/commands.h"
#include "app/migrate_source.h"
#include "app/source_scan.h"
#include "es5/shard_reader.h"
#include "es7/es7_node.h"
#include "es7/migration.h"
#include "xcontent/converter.h"

namespace shardlift::app {
namespace {

constexpr std::string_view kDefaultImage = "docker.elastic.co/elasticsearch/elasticsearch:7.6.2";

std::atomic<bool> g_interrupted{false};

void OnSignal(int) { g_interrupted.store(true); }

struct MigrateOptions {
  std::vector<std::string> roots;
  std::string es7_home;
  std::string es7_docker;
  bool use_docker = false;
  std::string target_url;
  std::string target;
  std::string dead_letter;
  std::string report_file;
  int parallel = 1;
  bool dry_run = false;
  bool force = false;
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
  size_t batch_bytes = 10 << 20;
  size_t batch_docs = 5000;
  bool gzip = false;
  std::string user;
  std::string password;
  std::string api_key;
  std::string ca_file;
  bool insecure = false;
  std::string es7_heap = "1g";
  std::string es7_user = "shardlift-es";
  std::string expect_version;
  std::string target_prefix;
  long request_timeout_s = 120;
};

// Reads every document of one source index (all shards, chosen copies) as es7 wants them.
class SourceReader {
 public:
  explicit SourceReader(const es5::DataDir& dir) : dir_(dir) {}

  Status Stream(const es7::SourceIndex& index, const es7::DocumentVisitor& visit) {
    const es5::IndexInfo* info = nullptr;
    for (const es5::IndexInfo& candidate : dir_.indices()) {
      if (candidate.meta.name == index.name) info = &candidate;
    }
    if (info == nullptr) return Status::NotFound("source index " + index.name);
    for (const es5::ShardInfo& shard : info->shards) {
      const es5::ShardCopy* copy = shard.chosen();
      if (copy == nullptr) {
        return Status::NotFound(index.name + " shard " + std::to_string(shard.shard_id) +
                                ": no readable copy (" + shard.choice.reason + ")");
      }
      SL_ASSIGN_OR_RETURN(auto reader, es5::ShardReader::Open(info->meta, *copy));
      SL_RETURN_IF_ERROR(reader->ForEach([&](const es5::Document& doc) -> Status {
        es7::SourceDocument out;
        out.index = doc.index;
        out.type = doc.type;
        out.id = doc.id;
        out.version = doc.version;
        if (doc.has_routing) out.routing = doc.routing;
        if (doc.has_parent) out.parent = doc.parent;
        if (doc.has_timestamp) out.timestamp = doc.timestamp;
        if (doc.has_ttl) out.ttl = doc.ttl;
        if (doc.has_source) {
          source_.clear();
          if (Status status = converter_.AppendJson(doc.source, source_); !status.ok()) {
            // Dead-lettered with the reason, not a reason to stop the whole migration.
            error_ = status.WithContext(doc.Describe()).ToString();
            out.source_error = error_;
          } else {
            out.source = source_;
          }
        }
        return visit(out);
      }));
    }
    return Status();
  }

 private:
  const es5::DataDir& dir_;
  xcontent::Converter converter_;
  std::string source_;
  std::string error_;
};

std::string Pad(std::string text, size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

void PrintSummary(const es7::MigrationTotals& totals, const es7::DeadLetterFile& dead) {
  size_t width = 12;
  for (const auto& index : totals.indices) width = std::max(width, index.source.size());
  std::printf("\n%s %10s %10s %14s  %s\n", Pad("index", width).c_str(), "read", "written",
              "dead-lettered", "target");
  for (const auto& index : totals.indices) {
    std::string targets;
    for (const std::string& target : index.targets)
      targets += (targets.empty() ? "" : ", ") + target;
    std::printf("%s %10lld %10lld %14lld  %s\n", Pad(index.source, width).c_str(),
                static_cast<long long>(index.read), static_cast<long long>(index.written),
                static_cast<long long>(index.dead_lettered), targets.c_str());
  }
  const es7::BulkCounts& bulk = totals.bulk;
  std::printf(
      "\nwritten: %lld created, %lld updated, %lld already present; %lld item retries, "
      "%lld request retries\n",
      static_cast<long long>(bulk.created), static_cast<long long>(bulk.updated),
      static_cast<long long>(bulk.already_present), static_cast<long long>(bulk.retried_items),
      static_cast<long long>(bulk.retried_requests));
  for (const auto& [reason, count] : dead.by_reason()) {
    std::printf("dead-lettered (%s): %lld\n", reason.c_str(), static_cast<long long>(count));
  }
  if (dead.count() > 0) std::printf("dead-letter file: %s\n", dead.path().c_str());
  std::printf("migrated %lld of %lld documents, %lld dead-lettered, %lld lost\n",
              static_cast<long long>(totals.written), static_cast<long long>(totals.read),
              static_cast<long long>(totals.dead_lettered), static_cast<long long>(totals.lost()));
}

Result<std::vector<es7::UserTemplate>> UserTemplates(const MigrateOptions& options) {
  if (options.target_templates.empty()) return std::vector<es7::UserTemplate>();
  return es7::LoadUserTemplates(options.target_templates);
}

es7::MigrationOptions ToMigrationOptions(const MigrateOptions& options) {
  es7::MigrationOptions out;
  out.layout.multi_type =
      options.multi_type == "field" ? es7::MultiTypeMode::kField : es7::MultiTypeMode::kSplit;
  out.layout.type_field = options.type_field;
  out.layout.join_field = options.join_field;
  out.layout.raise_limits = !options.no_raise_limits;
  out.layout.name_prefix = options.target_prefix;
  if (!options.all_field.empty()) out.layout.mapping.all_field = options.all_field_name;
  if (!options.timestamp_field.empty()) {
    out.layout.mapping.timestamp_field = options.timestamp_field;
    out.preparer.timestamp_field = options.timestamp_field;
  }
  if (!options.ttl_field.empty()) {
    out.layout.mapping.ttl_field = options.ttl_field;
    out.preparer.ttl_field = options.ttl_field;
  }
  out.preparer.coerce_booleans = !options.no_coerce;
  out.bulk.external_versions = options.version_type == "external";
  out.bulk.max_batch_bytes = options.batch_bytes;
  out.bulk.max_batch_docs = options.batch_docs;
  out.bulk.gzip = options.gzip;
  out.bulk.concurrency = options.parallel > 0
                             ? options.parallel
                             : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return out;
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return kExitFailure;
}

int RunMigrate(const MigrateOptions& options) {
  const int targets = !options.es7_home.empty() + options.use_docker + !options.target_url.empty();
  if (targets != 1 && !options.dry_run) {
    return Fail("give exactly one of --es7-home, --es7-docker, --target-url");
  }
  if (targets == 1 && options.target_url.empty() && options.target.empty() && !options.dry_run) {
    return Fail("--target DIR (the ES 7 path.data to create) is needed to spawn ES 7");
  }
  Result<es5::DataDir> dir = OpenSource(options.roots, options.force);
  if (!dir.ok()) return Fail(dir.status().ToString());
  if (!dir->problems().empty()) {
    for (const es5::Problem& problem : dir->problems()) {
      std::fprintf(stderr, "error: %s\n", problem.status.ToString().c_str());
    }
    return Fail("the source has unreadable parts; nothing migrated");
  }
  std::vector<es7::SourceIndex> indices;
  for (const es5::IndexInfo& index : dir->indices()) indices.push_back(ToSourceIndex(index.meta));
  std::sort(indices.begin(), indices.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  std::vector<es7::SourceTemplate> templates;
  if (const es5::GlobalMetadata* global = dir->global()) {
    for (const es5::IndexTemplate& source : global->templates) {
      templates.push_back(ToSourceTemplate(source));
    }
  }
  auto user_templates = UserTemplates(options);
  if (!user_templates.ok()) return Fail(user_templates.status().ToString());
  es7::MigrationOptions migration_options = ToMigrationOptions(options);
  migration_options.user_templates = std::move(*user_templates);

  es7::Report report;
  es7::Migration migration(migration_options, report);
  if (Status status = migration.Plan(indices, templates); !status.ok()) {
    return Fail(status.ToString());
  }
  auto write_report = [&] {
    if (options.report_file.empty()) return;
    std::ofstream(options.report_file) << report.ToJson().dump(2) << "\n";
  };
  if (options.dry_run) {
    std::printf("%s\n\n%s", migration.PlanJson().dump(2).c_str(), report.ToText().c_str());
    write_report();
    return report.HasErrors() ? kExitFailure : kExitOk;
  }
  if (report.HasErrors()) {
    std::fprintf(stderr, "%s", report.ToText().c_str());
    return Fail("the translation has errors (see above); nothing written");
  }

  // The ES 7 that writes the target must not be newer than the one that will read it.
  std::string version;
  if (!options.es7_home.empty()) {
    auto home_version = es7::HomeVersion(options.es7_home);
    if (!home_version.ok()) return Fail(home_version.status().ToString());
    version = *home_version;
  } else if (options.use_docker) {
    version = es7::ImageVersion(options.es7_docker).value_or("");
  }
  auto check_version = [&](const std::string& found) -> bool {
    if (options.expect_version.empty() || found.empty()) return true;
    if (es7::CompareVersions(found, options.expect_version) <= 0) return true;
    std::fprintf(stderr,
                 "error: the Elasticsearch that would write the target is %s, newer than "
                 "--expect-es7-version %s: an ES %s could not open the result\n",
                 found.c_str(), options.expect_version.c_str(), options.expect_version.c_str());
    return false;
  };
  if (!check_version(version)) return kExitFailure;

  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  std::unique_ptr<es7::Es7Node> node;
  es7::HttpOptions http;
  if (options.target_url.empty()) {
    es7::NodeOptions node_options;
    node_options.es_home = options.es7_home;
    node_options.image = options.use_docker ? options.es7_docker : "";
    node_options.data_dir = options.target;
    node_options.heap = options.es7_heap;
    node_options.user = options.es7_user;
    std::fprintf(stderr, "starting Elasticsearch %s for %s …\n", version.c_str(),
                 options.target.c_str());
    auto started = es7::Es7Node::Start(node_options);
    if (!started.ok()) return Fail(started.status().ToString());
    node = std::move(*started);
    http.base_url = node->url();
    std::fprintf(stderr, "Elasticsearch 7 up at %s (log: %s)\n", node->url().c_str(),
                 node->log_file().c_str());
  } else {
    http.base_url = options.target_url;
    while (http.base_url.ends_with('/')) http.base_url.pop_back();
    http.user = options.user;
    http.password = options.password;
    http.api_key = options.api_key;
    http.ca_file = options.ca_file;
    http.insecure = options.insecure;
  }

  http.request_timeout_ms = options.request_timeout_s * 1000;
  es7::Cluster cluster(http);
  Status status = cluster.WaitForHealth("yellow", 120'000);
  if (status.ok() && !options.target_url.empty()) {
    auto found = cluster.Version();
    if (!found.ok()) {
      status = found.status();
    } else if (!check_version(*found)) {
      status = Status::InvalidArgument("version check failed");
    }
  }
  const std::string dead_path = !options.dead_letter.empty() ? options.dead_letter
                                : !options.target.empty() ? options.target + ".dead-letter.ndjson"
                                                          : "shardlift-dead-letter.ndjson";
  auto dead = es7::DeadLetterFile::Create(dead_path);
  if (status.ok() && !dead.ok()) status = dead.status();
  if (status.ok()) {
    SourceReader reader(*dir);
    status = migration.Run(
        cluster, http,
        [&](const es7::SourceIndex& index, const es7::DocumentVisitor& visit) {
          return reader.Stream(index, visit);
        },
        **dead, &g_interrupted);
  }
  Status stopped;
  if (node) {
    std::fprintf(stderr, "stopping Elasticsearch 7 …\n");
    stopped = node->Stop();
  }
  std::printf("%s", report.ToText().c_str());
  write_report();
  if (dead.ok()) {
    (void)(*dead)->Close();
    PrintSummary(migration.totals(), **dead);
  }
  bool failed = migration.totals().lost() != 0;
  if (!status.ok()) {
    std::fprintf(stderr, "error: %s\n", status.ToString().c_str());
    failed = true;
  }
  if (!stopped.ok()) {
    std::fprintf(stderr, "error: %s\n", stopped.ToString().c_str());
    failed = true;
  }
  return failed ? kExitFailure : kExitOk;
}

}  // namespace

void AddMigrateCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<MigrateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "migrate", "Write every document of ES 5.x/2.x data dir(s) into Elasticsearch 7");
  cmd->add_option("path.data", options->roots, "Elasticsearch 5.x/2.x path.data root(s)")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--es7-home", options->es7_home, "Run DIR/bin/elasticsearch to write --target");
  cmd->add_option("--es7-docker", options->es7_docker,
                  "Run ES 7 in Docker (image; default " + std::string(kDefaultImage) + ")")
      ->expected(0, 1);
  cmd->add_option("--target-url", options->target_url, "Write into an existing ES 7 cluster");
  cmd->add_option("--target", options->target, "The ES 7 path.data to create (when spawning)");
  cmd->add_option("--dead-letter", options->dead_letter,
                  "NDJSON of documents ES 7 did not take (default: beside --target)");
  cmd->add_option("--report", options->report_file, "Write the translation report as JSON");
  cmd->add_option("-p,--parallel", options->parallel,
                  "Concurrent bulk requests; -p alone = one per core")
      ->expected(0, 1)
      ->default_str("1");
  cmd->add_flag("--dry-run", options->dry_run, "Print the translation and report; write nothing");
  cmd->add_flag("--force", options->force, "Read even while a node.lock is held");
  cmd->add_option("--multi-type", options->multi_type,
                  "Indices with several types: split (<index>-<type>) or field")
      ->check(CLI::IsMember({"split", "field"}))
      ->capture_default_str();
  cmd->add_option("--type-field", options->type_field, "Keyword field holding the ES 5 type")
      ->capture_default_str();
  cmd->add_option("--join-field", options->join_field, "Join field for _parent relations")
      ->capture_default_str();
  cmd->add_option("--all-field", options->all_field,
                  "copy_to: a text field collects what _all did (name: --all-field-name)")
      ->check(CLI::IsMember({"copy_to"}));
  cmd->add_option("--all-field-name", options->all_field_name)->capture_default_str();
  cmd->add_option("--timestamp-field", options->timestamp_field,
                  "Keep 2.x _timestamp values in this date field");
  cmd->add_option("--ttl-field", options->ttl_field,
                  "Keep 2.x _ttl expiry times in this date field");
  cmd->add_flag("--no-coerce", options->no_coerce,
                "Leave legacy booleans (\"on\", \"no\", 0, …) as they are");
  cmd->add_option("--version-type", options->version_type,
                  "external: keep ES 5 versions (re-runs skip what is there); internal")
      ->check(CLI::IsMember({"external", "internal"}))
      ->capture_default_str();
  cmd->add_option("--target-templates", options->target_templates,
                  "DIR of ES 7 templates (*.json) that win over the translation")
      ->check(CLI::ExistingDirectory);
  cmd->add_flag("--no-raise-limits", options->no_raise_limits,
                "Keep ES 7's index.mapping.*.limit defaults even where the source exceeds them");
  cmd->add_option("--batch-bytes", options->batch_bytes, "Bulk request size")
      ->capture_default_str();
  cmd->add_option("--batch-docs", options->batch_docs, "Documents per bulk request")
      ->capture_default_str();
  cmd->add_flag("--gzip", options->gzip, "gzip bulk request bodies");
  cmd->add_option("--user", options->user, "Basic auth user (--target-url)");
  cmd->add_option("--password", options->password, "Basic auth password (--target-url)");
  cmd->add_option("--api-key", options->api_key, "API key, base64 id:key (--target-url)");
  cmd->add_option("--ca-file", options->ca_file, "PEM CA bundle for TLS (--target-url)");
  cmd->add_flag("--insecure", options->insecure, "Do not verify TLS certificates");
  cmd->add_option("--es7-heap", options->es7_heap, "Heap of the spawned ES 7")
      ->capture_default_str();
  cmd->add_option("--es7-user", options->es7_user, "Unprivileged user for ES 7 when run as root")
      ->capture_default_str();
  cmd->add_option("--request-timeout", options->request_timeout_s,
                  "Seconds before a request to ES 7 is given up and retried")
      ->capture_default_str();
  cmd->add_option("--target-prefix", options->target_prefix,
                  "Put this before every index, alias and template name written");
  cmd->add_option("--expect-es7-version", options->expect_version,
                  "Refuse when the ES 7 writing the target is newer than this");
  cmd->callback([options, cmd, &exit_code] {
    if (cmd->count("--parallel") > 0 && cmd->get_option("--parallel")->results().empty()) {
      options->parallel = 0;
    }
    if (cmd->count("--es7-docker") > 0) {
      options->use_docker = true;
      if (options->es7_docker.empty()) options->es7_docker = std::string(kDefaultImage);
    }
    exit_code = RunMigrate(*options);
  });
}

}  // namespace shardlift::app
