#include "es7/source_model.h"

#include "es7/default_mapping.h"
#include "es7/legacy_boolean.h"

namespace shardlift::es7 {

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

}  // namespace shardlift::es7
