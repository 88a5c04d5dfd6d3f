#include "translate/default_mapping.h"

#include <string>
#include <utility>
#include <vector>

namespace shardlift::translate {
namespace {

bool AllSingleKeyObjects(const Json& list) {
  for (const Json& entry : list) {
    if (!entry.is_object() || entry.size() != 1) return false;
  }
  return true;
}

Json MergeLists(const Json& defaults, const Json& content) {
  Json merged = Json::array();
  if (AllSingleKeyObjects(defaults) && AllSingleKeyObjects(content)) {
    std::vector<std::pair<std::string, Json>> by_key;
    for (const Json& entry : content)
      by_key.emplace_back(entry.begin().key(), entry.begin().value());
    for (const Json& entry : defaults) {
      const std::string& key = entry.begin().key();
      auto it = std::find_if(by_key.begin(), by_key.end(),
                             [&](const auto& kept) { return kept.first == key; });
      if (it == by_key.end()) {
        by_key.emplace_back(key, entry.begin().value());
      } else {
        it->second = MergeDefaultMapping(entry.begin().value(), it->second);
      }
    }
    for (auto& [key, value] : by_key) merged.push_back(Json{{key, std::move(value)}});
    return merged;
  }
  merged = defaults;
  for (const Json& entry : content) {
    if (std::find(merged.begin(), merged.end(), entry) == merged.end()) merged.push_back(entry);
  }
  return merged;
}

}  // namespace

Json MergeDefaultMapping(const Json& default_mapping, const Json& type_mapping) {
  if (!default_mapping.is_object() || !type_mapping.is_object()) return type_mapping;
  Json merged = type_mapping;
  for (const auto& [key, default_value] : default_mapping.items()) {
    auto it = merged.find(key);
    if (it == merged.end()) {
      merged[key] = default_value;
    } else if (it->is_object() && default_value.is_object()) {
      *it = MergeDefaultMapping(default_value, *it);
    } else if (it->is_array() && default_value.is_array()) {
      *it = MergeLists(default_value, *it);
    }
  }
  return merged;
}

}  // namespace shardlift::translate
