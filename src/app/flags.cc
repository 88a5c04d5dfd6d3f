#include "app/flags.h"

#include <algorithm>
#include <thread>

namespace shardlift::app {

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
                 "DIR of ES 7 templates (*.json) that win over the translation")
      ->check(CLI::ExistingDirectory);
  cmd.add_flag("--no-raise-limits", flags.no_raise_limits,
               "Keep ES 7's index.mapping.*.limit defaults even where the source exceeds them");
  cmd.add_option("--target-prefix", flags.target_prefix,
                 "Put this before every index, alias and template name written");
}

Result<translate::TranslationOptions> ToTranslationOptions(const TranslationFlags& flags) {
  translate::TranslationOptions out;
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
  cmd.add_option("--es7-home", flags.home, "Run DIR/bin/elasticsearch on the target dir");
  cmd.add_option(
         "--es7-docker", flags.docker_image,
         "Run ES 7 in Docker (image; default " + std::string(pipeline::kDefaultEs7Image) + ")")
      ->expected(0, 1);
  cmd.add_option("--target-url", flags.target_url, "An existing ES 7 cluster");
  cmd.add_option("--user", flags.user, "Basic auth user (--target-url)");
  cmd.add_option("--password", flags.password, "Basic auth password (--target-url)");
  cmd.add_option("--api-key", flags.api_key, "API key, base64 id:key (--target-url)");
  cmd.add_option("--ca-file", flags.ca_file, "PEM CA bundle for TLS (--target-url)");
  cmd.add_flag("--insecure", flags.insecure, "Do not verify TLS certificates");
  cmd.add_option("--es7-heap", flags.heap, "Heap of the spawned ES 7")->capture_default_str();
  cmd.add_option("--es7-user", flags.node_user, "Unprivileged user for ES 7 when run as root")
      ->capture_default_str();
  cmd.add_option("--request-timeout", flags.request_timeout_s,
                 "Seconds before a request to ES 7 is given up and retried")
      ->capture_default_str();
  cmd.add_option("--expect-es7-version", flags.expect_version,
                 "Refuse when the ES 7 writing the target is newer than this");
}

void ResolveTargetFlags(const CLI::App& cmd, pipeline::TargetSpec& flags) {
  if (cmd.count("--es7-docker") > 0) {
    flags.use_docker = true;
    if (flags.docker_image.empty()) flags.docker_image = std::string(pipeline::kDefaultEs7Image);
  }
}

void AddParallelFlag(CLI::App& cmd, int& parallel, const std::string& what) {
  cmd.add_option("-p,--parallel", parallel, what + "; -p alone = one per core")
      ->expected(0, 1)
      ->check(CLI::Range(1, kMaxParallel))
      ->default_str("1");
}

int ResolveParallel(const CLI::App& cmd, int parallel) {
  const bool bare = cmd.count("--parallel") > 0 && cmd.get_option("--parallel")->results().empty();
  if (!bare && parallel > 0) return parallel;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

std::string DefaultDeadLetterPath(const std::string& target_dir) {
  return target_dir.empty() ? "shardlift-dead-letter.ndjson" : target_dir + ".dead-letter.ndjson";
}

}  // namespace shardlift::app
