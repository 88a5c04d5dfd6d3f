// The command-line options migrate, verify and upgrade share, and what they turn into. Verify
// must be given the translation options migrate was run with: they decide what migrate wrote.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "base/result.h"
#include "es7/migration.h"

namespace shardlift::app {

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
// The migration options the flags ask for, --target-templates loaded; bulk options as default.
Result<es7::MigrationOptions> ToMigrationOptions(const TranslationFlags& flags);

// Which Elasticsearch 7, and how to reach it. The data dir of a spawned node (--target, or
// upgrade's -t) is each command's own option.
struct TargetFlags {
  std::string es7_home;
  std::string es7_docker;
  bool use_docker = false;
  std::string target_url;
  std::string user;
  std::string password;
  std::string api_key;
  std::string ca_file;
  bool insecure = false;
  std::string es7_heap = "1g";
  std::string es7_user = "shardlift-es";
  std::string expect_version;
  long request_timeout_s = 120;
};

// The image --es7-docker runs when given no other: what ClearML Server 0.16 runs.
inline constexpr std::string_view kDefaultEs7Image =
    "docker.elastic.co/elasticsearch/elasticsearch:7.6.2";

void AddTargetFlags(CLI::App& cmd, TargetFlags& flags);
// After parsing: --es7-docker given without an image means kDefaultEs7Image.
void ResolveTargetFlags(const CLI::App& cmd, TargetFlags& flags);

// -p/--parallel: a count, or without one (0) a worker per core.
void AddParallelFlag(CLI::App& cmd, int& parallel, const std::string& what);
// After parsing: the number of workers -p asked for.
int ResolveParallel(const CLI::App& cmd, int parallel);

// Where migrate writes its dead-letter file when --dead-letter is not given: beside the spawned
// node's data dir, else in the current directory.
std::string DefaultDeadLetterPath(const std::string& target_dir);

}  // namespace shardlift::app
