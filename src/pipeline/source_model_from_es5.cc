#include "pipeline/source_model_from_es5.h"

#include "translate/flat_settings.h"

namespace shardlift::pipeline {
namespace {

translate::SourceAlias ToAlias(std::string name, const nlohmann::ordered_json& body) {
  translate::SourceAlias alias;
  alias.name = std::move(name);
  if (!body.is_object()) return alias;
  if (auto it = body.find("filter"); it != body.end() && !it->is_null()) alias.filter = *it;
  if (auto it = body.find("index_routing"); it != body.end() && it->is_string()) {
    alias.index_routing = it->get<std::string>();
  }
  if (auto it = body.find("search_routing"); it != body.end() && it->is_string()) {
    alias.search_routing = it->get<std::string>();
  }
  return alias;
}

}  // namespace

translate::SourceIndex ToSourceIndex(const es5::IndexMetadata& meta) {
  translate::SourceIndex index;
  index.name = meta.name;
  for (const auto& [key, value] : meta.settings) index.settings[key] = value;
  for (const es5::TypeMapping& mapping : meta.mappings) {
    index.mappings.emplace_back(mapping.type, mapping.mapping);
  }
  for (const es5::AliasMetadata& alias : meta.aliases) {
    translate::SourceAlias out;
    out.name = alias.name;
    out.filter = alias.filter;
    out.index_routing = alias.index_routing;
    out.search_routing = alias.search_routing;
    index.aliases.push_back(std::move(out));
  }
  index.closed = !meta.open;
  index.created_version = meta.created_id;
  return index;
}

translate::SourceTemplate ToSourceTemplate(const es5::IndexTemplate& source) {
  translate::SourceTemplate out;
  out.name = source.name;
  out.order = source.order;
  out.patterns = source.patterns;
  const nlohmann::ordered_json& body = source.body;
  if (auto it = body.find("version"); it != body.end() && it->is_number_integer()) {
    out.version = it->get<int64_t>();
  }
  if (auto it = body.find("settings"); it != body.end()) {
    for (const auto& [key, value] : translate::FlattenSettings(*it)) {
      out.settings[key.starts_with("index.") ? key : "index." + key] = value;
    }
  }
  if (auto it = body.find("mappings"); it != body.end()) {
    // An array of {"<type>": {…}} (as ES 5 stores it), or one object keyed by type.
    auto add = [&](const nlohmann::ordered_json& by_type) {
      if (!by_type.is_object()) return;
      for (const auto& [type, mapping] : by_type.items()) out.mappings.emplace_back(type, mapping);
    };
    if (it->is_array()) {
      for (const auto& entry : *it) add(entry);
    } else {
      add(*it);
    }
  }
  if (auto it = body.find("aliases"); it != body.end() && it->is_object()) {
    for (const auto& [name, alias] : it->items()) out.aliases.push_back(ToAlias(name, alias));
  }
  return out;
}

}  // namespace shardlift::pipeline
