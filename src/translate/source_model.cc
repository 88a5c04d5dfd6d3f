#include "translate/source_model.h"

#include "translate/default_mapping.h"
#include "translate/legacy_boolean.h"

namespace shardlift::translate {

const Json* SourceIndex::Mapping(std::string_view type) const {
  for (const auto& [name, mapping] : mappings) {
    if (name == type) return &mapping;
  }
  return nullptr;
}

std::vector<std::string> SourceIndex::DocumentTypes() const {
  std::vector<std::string> types;
  for (const auto& [name, mapping] : mappings) {
    if (name != kDefaultMappingType) types.push_back(name);
  }
  return types;
}

bool SourceIndex::SourceEnabled(std::string_view type) const {
  const Json* own = Mapping(type);
  const Json* defaults = Mapping(kDefaultMappingType);
  const Json merged =
      MergeDefaultMapping(defaults ? *defaults : Json::object(), own ? *own : Json::object());
  const Json* source = Member(merged, "_source");
  const Json* enabled = source ? Member(*source, "enabled") : nullptr;
  if (enabled == nullptr) return true;
  // ES 5 accepted lenient booleans in mappings ("no", "0", …).
  return LegacyBooleanValue(*enabled).value_or(true);
}

OwnedDocKey Own(const DocKey& key) {
  OwnedDocKey out{
      std::string(key.index), std::string(key.type), std::string(key.id), {}, {}, key.version};
  if (key.routing) out.routing = std::string(*key.routing);
  if (key.parent) out.parent = std::string(*key.parent);
  return out;
}

DocKey View(const OwnedDocKey& key) {
  return {key.index, key.type, key.id, key.routing, key.parent, key.version};
}

}  // namespace shardlift::translate
