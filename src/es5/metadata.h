// The metadata model ES 5.6 loads from a data dir's state files (spec §3–§5): global metadata,
// index metadata and shard state, each parsed from its XContent DOM.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "es5/es_version.h"
#include "io/file_slice.h"

namespace shardlift::es5 {

using Settings = std::vector<std::pair<std::string, std::string>>;  // flat "a.b.c" → value

struct AliasMetadata {
  std::string name;
  std::optional<nlohmann::ordered_json> filter;  // inflated and parsed
  std::optional<std::string> index_routing;
  std::optional<std::string> search_routing;
};

// One mapping type and the metadata-field settings shardlift acts on.
struct TypeMapping {
  std::string type;
  nlohmann::ordered_json mapping;            // the body under the type name
  bool source_enabled = true;                // _source.enabled
  std::vector<std::string> source_includes;  // _source.includes (stored sources are filtered)
  std::vector<std::string> source_excludes;  // _source.excludes
  std::string parent_type;                   // _parent.type; empty if none
  bool timestamp_enabled = false;            // _timestamp.enabled (2.x-created indices)
  bool ttl_enabled = false;                  // _ttl.enabled (2.x-created indices)
};

struct IndexMetadata {
  std::string name;
  std::string uuid;
  int64_t version = 0;  // metadata version: the freshest copy wins across nodes
  bool open = true;
  int64_t created_id = 0;  // index.version.created
  int number_of_shards = 0;
  std::string data_path;     // index.data_path (custom location), empty if none
  bool single_type = false;  // index.mapping.single_type (5.5+): stored _id instead of _uid
  Settings settings;
  std::vector<TypeMapping> mappings;  // `_default_` included, as ES keeps it
  std::vector<AliasMetadata> aliases;
  std::map<int, std::vector<std::string>> in_sync_allocations;  // shard → allocation ids

  EsVersion created() const { return *EsVersion::FromId(created_id); }
  const TypeMapping* FindMapping(std::string_view type) const;
  // The type of a single-type index: its one mapping other than `_default_`.
  const TypeMapping* SingleType() const;
  const std::string* Setting(std::string_view key) const;
};

struct IndexTemplate {
  std::string name;
  std::vector<std::string> patterns;  // "template" (5.x/2.x) or "index_patterns"
  int order = 0;
  nlohmann::ordered_json body;  // as stored, alias filters inflated
};

struct Tombstone {
  std::string index_name;
  std::string index_uuid;
  int64_t delete_date_ms = 0;
};

struct GlobalMetadata {
  int64_t version = 0;
  std::string cluster_uuid;
  Settings persistent_settings;
  std::vector<IndexTemplate> templates;
  std::vector<Tombstone> graveyard;       // `index-graveyard` (5.x)
  std::vector<std::string> custom_names;  // other customs present (repositories, ingest, …)

  bool IsTombstoned(std::string_view index_uuid) const;
};

struct ShardState {
  bool primary = false;
  std::string index_uuid;
  std::string allocation_id;    // 5.x
  int64_t legacy_version = -1;  // 2.x
};

struct NodeMetadata {
  std::string node_id;
};

// Each parses the DOM of a state file body; `where` (the body) names the file in errors.
Result<IndexMetadata> ParseIndexMetadata(const nlohmann::ordered_json& dom,
                                         const io::FileSlice& where);
Result<GlobalMetadata> ParseGlobalMetadata(const nlohmann::ordered_json& dom,
                                           const io::FileSlice& where);
Result<ShardState> ParseShardState(const nlohmann::ordered_json& dom, const io::FileSlice& where);
Result<NodeMetadata> ParseNodeMetadata(const nlohmann::ordered_json& dom,
                                       const io::FileSlice& where);

// Parses a mapping DOM (`{"<type>": {...}}`, or the body alone with `type` known).
Result<TypeMapping> ParseTypeMapping(const nlohmann::ordered_json& dom, const io::FileSlice& where);

// ES's lenient boolean for pre-6.0 indices: false for false/"false"/"off"/"no"/"0"/0, else true.
bool LenientBool(const nlohmann::ordered_json& value);

}  // namespace shardlift::es5
