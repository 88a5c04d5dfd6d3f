#include "translate/mapping_merge.h"

#include <algorithm>

namespace shardlift::translate {
namespace {

int Permissiveness(const Json& dynamic) {
  if (dynamic.is_boolean()) return dynamic.get<bool>() ? 2 : 1;
  if (StringOr(&dynamic) == "strict") return 0;
  return 2;
}

void MergeProperties(Json& into, const Json& from, const std::string& path, ReportScope& report) {
  if (!into.is_object() || !from.is_object()) return;
  ObjectIndex members(into);
  for (const auto& [name, field] : from.items()) {
    Json* existing = members.Find(name);
    if (existing == nullptr) {
      members.Add(name, field);
      continue;
    }
    if (*existing == field) continue;
    const Json* into_properties = Member(*existing, "properties");
    const Json* from_properties = Member(field, "properties");
    if (into_properties && from_properties &&
        StringOr(Member(*existing, "type")) == StringOr(Member(field, "type"))) {
      MergeProperties((*existing)["properties"], *from_properties, path + "." + name, report);
      continue;
    }
    report.Warn(path + "." + name, "type-mappings-differ",
                "types map this field differently; kept " + DumpJson(*existing) + ", not " +
                    DumpJson(field));
  }
}

}  // namespace

Json MergeTypeMappings(const std::vector<TypeMapping>& types, ReportScope& report) {
  Json merged = Json::object();
  bool all_require_routing = !types.empty();
  for (const TypeMapping& type : types) {
    const Json& mapping = type.translated.mapping;
    all_require_routing = all_require_routing && type.translated.routing_required;
    for (const auto& [key, value] : mapping.items()) {
      if (key == "_routing") continue;
      auto existing = merged.find(key);
      if (existing == merged.end()) {
        merged[key] = value;
      } else if (key == "properties") {
        MergeProperties(*existing, value, "mappings.properties", report);
      } else if (key == "dynamic_templates" && existing->is_array() && value.is_array()) {
        for (const Json& entry : value) {
          if (std::find(existing->begin(), existing->end(), entry) == existing->end()) {
            existing->push_back(entry);
          }
        }
      } else if (key == "dynamic" && *existing != value) {
        if (Permissiveness(value) > Permissiveness(*existing)) *existing = value;
        report.Warn("mappings.dynamic", "type-mappings-differ",
                    "types disagree on `dynamic`; the most permissive, " + DumpJson(*existing) +
                        ", applies to the merged index");
      } else if (key == "_source" && *existing != value) {
        // Keep _source when any type kept it: documents of the others cannot be rebuilt anyway.
        if (type.translated.source_enabled) *existing = value;
        report.Warn("mappings._source", "type-mappings-differ",
                    "types disagree on `_source`; kept " + DumpJson(*existing));
      } else if (*existing != value) {
        report.Warn("mappings." + key, "type-mappings-differ",
                    "types disagree; kept " + DumpJson(*existing) + ", not " + DumpJson(value));
      }
    }
  }
  const bool any_required = std::any_of(types.begin(), types.end(), [](const TypeMapping& type) {
    return type.translated.routing_required;
  });
  if (all_require_routing) {
    merged["_routing"] = {{"required", true}};
  } else if (any_required) {
    report.Warn("mappings._routing", "routing-required-dropped",
                "some types required routing and others did not: the merged index does not "
                "require it (documents keep their routing)");
  }
  return merged;
}

}  // namespace shardlift::translate
