#include "es5/metadata.h"

#include <charconv>

#include "es5/compressed_xcontent.h"

namespace shardlift::es5 {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kDefaultMapping = "_default_";

Status Malformed(const io::FileSlice& where, const std::string& what) {
  return where.CorruptionAt(0, what);
}

// The value of `key` in object `object`, or null.
const Json* Find(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// Setting values are strings in ES's own files; JSON written by hand may hold numbers or bools.
std::string ScalarText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

bool ToInt64(std::string_view text, int64_t* out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return error == std::errc() && end == text.data() + text.size();
}

// Flattens nested settings ({"index":{"number_of_shards":"1"}}) into dotted keys; arrays become
// key.0, key.1, … as ES's Settings do.
void FlattenSettings(const Json& node, const std::string& prefix, Settings* out) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      FlattenSettings(value, prefix.empty() ? key : prefix + "." + key, out);
    }
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i) {
      FlattenSettings(node[i], prefix + "." + std::to_string(i), out);
    }
  } else {
    out->emplace_back(prefix, ScalarText(node));
  }
}

// The single `{"<key>": {...}}` wrapper of a state body.
Result<std::pair<std::string, const Json*>> Unwrap(const Json& dom, const io::FileSlice& where) {
  if (!dom.is_object() || dom.size() != 1 || !dom.begin().value().is_object()) {
    return Malformed(where, "expected an object with a single object-valued key");
  }
  return std::pair<std::string, const Json*>(dom.begin().key(), &dom.begin().value());
}

Result<int64_t> RequireLong(const Json& object, std::string_view key, const io::FileSlice& where) {
  const Json* value = Find(object, key);
  if (value == nullptr || !value->is_number_integer()) {
    return Malformed(where, std::string(key) + " missing or not an integer");
  }
  return value->get<int64_t>();
}

bool EnabledFlag(const Json& mapping, std::string_view field, bool default_value) {
  const Json* meta = Find(mapping, field);
  const Json* enabled = meta ? Find(*meta, "enabled") : nullptr;
  return enabled ? LenientBool(*enabled) : default_value;
}

Result<std::vector<AliasMetadata>> ParseAliases(const Json& aliases, const io::FileSlice& where) {
  std::vector<AliasMetadata> out;
  if (!aliases.is_object()) return Malformed(where, "\"aliases\" is not an object");
  for (const auto& [name, body] : aliases.items()) {
    AliasMetadata alias;
    alias.name = name;
    if (const Json* filter = Find(body, "filter"); filter && !filter->is_null()) {
      SL_ASSIGN_OR_RETURN(alias.filter, ExpandCompressedXContent(*filter, where));
    }
    if (const Json* routing = Find(body, "index_routing"))
      alias.index_routing = ScalarText(*routing);
    if (const Json* routing = Find(body, "search_routing")) {
      alias.search_routing = ScalarText(*routing);
    }
    out.push_back(std::move(alias));
  }
  return out;
}

// `mappings` as an array of compressed blobs / maps, or an object keyed by type.
Result<std::vector<TypeMapping>> ParseMappings(const Json& mappings, const io::FileSlice& where) {
  std::vector<TypeMapping> out;
  if (mappings.is_object()) {
    for (const auto& [type, body] : mappings.items()) {
      SL_ASSIGN_OR_RETURN(TypeMapping mapping, ParseTypeMapping(Json{{type, body}}, where));
      out.push_back(std::move(mapping));
    }
    return out;
  }
  if (!mappings.is_array()) return Malformed(where, "\"mappings\" is neither array nor object");
  for (const Json& entry : mappings) {
    SL_ASSIGN_OR_RETURN(const Json dom, ExpandCompressedXContent(entry, where));
    SL_ASSIGN_OR_RETURN(TypeMapping mapping, ParseTypeMapping(dom, where));
    out.push_back(std::move(mapping));
  }
  return out;
}

}  // namespace

bool LenientBool(const Json& value) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number()) return value.get<double>() != 0;
  const std::string text = ScalarText(value);
  return !(text == "false" || text == "0" || text == "off" || text == "no");
}

Result<TypeMapping> ParseTypeMapping(const Json& dom, const io::FileSlice& where) {
  SL_ASSIGN_OR_RETURN(const auto wrapped, Unwrap(dom, where));
  TypeMapping mapping;
  mapping.type = wrapped.first;
  mapping.mapping = *wrapped.second;
  mapping.source_enabled = EnabledFlag(mapping.mapping, "_source", true);
  if (const Json* source = Find(mapping.mapping, "_source")) {
    for (const auto& [field, out] : {std::pair{"includes", &mapping.source_includes},
                                     std::pair{"excludes", &mapping.source_excludes}}) {
      const Json* patterns = Find(*source, field);
      if (patterns != nullptr && patterns->is_array()) {
        for (const Json& p : *patterns) out->push_back(ScalarText(p));
      } else if (patterns != nullptr && patterns->is_string()) {
        out->push_back(ScalarText(*patterns));
      }
    }
  }
  mapping.timestamp_enabled = EnabledFlag(mapping.mapping, "_timestamp", false);
  mapping.ttl_enabled = EnabledFlag(mapping.mapping, "_ttl", false);
  if (const Json* parent = Find(mapping.mapping, "_parent")) {
    if (const Json* type = Find(*parent, "type")) mapping.parent_type = ScalarText(*type);
  }
  return mapping;
}

const TypeMapping* IndexMetadata::FindMapping(std::string_view type) const {
  for (const TypeMapping& mapping : mappings) {
    if (mapping.type == type) return &mapping;
  }
  return nullptr;
}

const TypeMapping* IndexMetadata::SingleType() const {
  const TypeMapping* found = nullptr;
  for (const TypeMapping& mapping : mappings) {
    if (mapping.type == kDefaultMapping) continue;
    if (found != nullptr) return nullptr;
    found = &mapping;
  }
  return found;
}

const std::string* IndexMetadata::Setting(std::string_view key) const {
  for (const auto& [name, value] : settings) {
    if (name == key) return &value;
  }
  return nullptr;
}

Result<IndexMetadata> ParseIndexMetadata(const Json& dom, const io::FileSlice& where) {
  SL_ASSIGN_OR_RETURN(const auto wrapped, Unwrap(dom, where));
  const Json& body = *wrapped.second;
  IndexMetadata index;
  index.name = wrapped.first;
  SL_ASSIGN_OR_RETURN(index.version, RequireLong(body, "version", where));
  if (const Json* state = Find(body, "state")) {
    const std::string text = ScalarText(*state);
    if (text != "open" && text != "close") {
      return Malformed(where, "index state \"" + text + "\", expected open or close");
    }
    index.open = text == "open";
  }
  if (const Json* settings = Find(body, "settings"))
    FlattenSettings(*settings, "", &index.settings);
  if (const Json* mappings = Find(body, "mappings")) {
    SL_ASSIGN_OR_RETURN(index.mappings, ParseMappings(*mappings, where));
  }
  if (const Json* aliases = Find(body, "aliases")) {
    SL_ASSIGN_OR_RETURN(index.aliases, ParseAliases(*aliases, where));
  }
  if (const Json* in_sync = Find(body, "in_sync_allocations"); in_sync && in_sync->is_object()) {
    for (const auto& [shard, ids] : in_sync->items()) {
      int64_t shard_id = 0;
      if (!ToInt64(shard, &shard_id) || !ids.is_array()) {
        return Malformed(where, "bad in_sync_allocations entry \"" + shard + "\"");
      }
      auto& out = index.in_sync_allocations[static_cast<int>(shard_id)];
      for (const Json& id : ids) out.push_back(ScalarText(id));
    }
  }

  const std::string* uuid = index.Setting("index.uuid");
  index.uuid = uuid ? *uuid : "_na_";
  const std::string* created = index.Setting("index.version.created");
  if (created == nullptr)
    return Malformed(where, "index " + index.name + ": no index.version.created");
  Result<EsVersion> version = EsVersion::FromIdString(*created);
  if (!version.ok())
    return version.status().WithContext(where.Describe(0) + ": index " + index.name);
  SL_RETURN_IF_ERROR(version->CheckReadable(where.Describe(0) + ": index " + index.name));
  index.created_id = version->id();
  int64_t shards = 0;
  const std::string* shards_text = index.Setting("index.number_of_shards");
  if (shards_text == nullptr || !ToInt64(*shards_text, &shards) || shards < 1 || shards > 1024) {
    return Malformed(where, "index " + index.name + ": missing or bad index.number_of_shards");
  }
  index.number_of_shards = static_cast<int>(shards);
  if (const std::string* data_path = index.Setting("index.data_path")) index.data_path = *data_path;
  if (const std::string* single = index.Setting("index.mapping.single_type")) {
    index.single_type = LenientBool(Json(*single));
  }
  return index;
}

bool GlobalMetadata::IsTombstoned(std::string_view index_uuid) const {
  for (const Tombstone& tombstone : graveyard) {
    if (tombstone.index_uuid == index_uuid) return true;
  }
  return false;
}

Result<GlobalMetadata> ParseGlobalMetadata(const Json& dom, const io::FileSlice& where) {
  SL_ASSIGN_OR_RETURN(const auto wrapped, Unwrap(dom, where));
  const Json& body = *wrapped.second;
  GlobalMetadata global;
  SL_ASSIGN_OR_RETURN(global.version, RequireLong(body, "version", where));
  for (const auto& [key, value] : body.items()) {
    if (key == "version") continue;
    if (key == "cluster_uuid") {
      global.cluster_uuid = ScalarText(value);
    } else if (key == "settings") {
      FlattenSettings(value, "", &global.persistent_settings);
    } else if (key == "templates") {
      if (!value.is_object()) return Malformed(where, "\"templates\" is not an object");
      for (const auto& [name, template_body] : value.items()) {
        IndexTemplate index_template;
        index_template.name = name;
        index_template.body = template_body;
        for (const char* field : {"template", "index_patterns"}) {
          const Json* patterns = Find(template_body, field);
          if (patterns && patterns->is_array()) {
            for (const Json& p : *patterns) index_template.patterns.push_back(ScalarText(p));
          } else if (patterns) {
            index_template.patterns.push_back(ScalarText(*patterns));
          }
        }
        if (const Json* order = Find(template_body, "order"); order && order->is_number_integer()) {
          index_template.order = order->get<int>();
        }
        if (const Json* aliases = Find(template_body, "aliases")) {
          SL_ASSIGN_OR_RETURN(const auto parsed, ParseAliases(*aliases, where));
          for (const AliasMetadata& alias : parsed) {
            if (alias.filter) index_template.body["aliases"][alias.name]["filter"] = *alias.filter;
          }
        }
        global.templates.push_back(std::move(index_template));
      }
    } else if (key == "index-graveyard") {
      const Json* tombstones = Find(value, "tombstones");
      if (tombstones == nullptr || !tombstones->is_array()) {
        return Malformed(where, "index-graveyard without a tombstones array");
      }
      for (const Json& entry : *tombstones) {
        const Json* index = Find(entry, "index");
        if (index == nullptr) return Malformed(where, "graveyard tombstone without \"index\"");
        Tombstone tombstone;
        if (const Json* n = Find(*index, "index_name")) tombstone.index_name = ScalarText(*n);
        if (const Json* u = Find(*index, "index_uuid")) tombstone.index_uuid = ScalarText(*u);
        if (const Json* d = Find(entry, "delete_date_in_millis"); d && d->is_number_integer()) {
          tombstone.delete_date_ms = d->get<int64_t>();
        }
        global.graveyard.push_back(std::move(tombstone));
      }
    } else if (value.is_object()) {
      global.custom_names.push_back(key);
    }
  }
  return global;
}

Result<ShardState> ParseShardState(const Json& dom, const io::FileSlice& where) {
  ShardState state;
  const Json* primary = Find(dom, "primary");
  if (primary == nullptr || !primary->is_boolean()) {
    return Malformed(where, "shard state without a boolean \"primary\"");
  }
  state.primary = primary->get<bool>();
  if (const Json* version = Find(dom, "version"); version && version->is_number_integer()) {
    state.legacy_version = version->get<int64_t>();
  }
  if (const Json* uuid = Find(dom, "index_uuid")) state.index_uuid = ScalarText(*uuid);
  if (const Json* allocation = Find(dom, "allocation_id")) {
    if (const Json* id = Find(*allocation, "id")) state.allocation_id = ScalarText(*id);
  }
  return state;
}

Result<NodeMetadata> ParseNodeMetadata(const Json& dom, const io::FileSlice& where) {
  const Json* id = Find(dom, "node_id");
  if (id == nullptr || !id->is_string()) return Malformed(where, "node state without \"node_id\"");
  return NodeMetadata{id->get<std::string>()};
}

}  // namespace shardlift::es5
