#include "translate/mapping_stats.h"

#include <algorithm>

namespace shardlift::translate {
namespace {

void Walk(const Json& properties, const std::string& prefix, int depth, MappingStats& stats) {
  if (!properties.is_object()) return;
  stats.depth = std::max(stats.depth, depth);
  for (const auto& [name, field] : properties.items()) {
    if (!field.is_object()) continue;
    const std::string path = prefix.empty() ? name : prefix + "." + name;
    ++stats.total_fields;
    const std::string type = StringOr(Member(field, "type"));
    if (type == "boolean") stats.boolean_fields.push_back(path);
    if (type == "nested") ++stats.nested_fields;
    if (const Json* fields = Member(field, "fields"); fields && fields->is_object()) {
      stats.total_fields += static_cast<int>(fields->size());
    }
    if (const Json* sub = Member(field, "properties")) Walk(*sub, path, depth + 1, stats);
  }
}

void Fit(std::string_view setting, int needed, int es7_default, bool raise, Json& settings,
         ReportScope& report) {
  if (needed <= es7_default) return;
  const std::string path = "settings.index.mapping." + std::string(setting) + ".limit";
  Json& index = settings["index"];
  if (raise) {
    index["mapping"][std::string(setting)]["limit"] = std::to_string(needed);
    report.Warn(path, "mapping-limit-raised",
                "set to " + std::to_string(needed) + " (ES 7 default " +
                    std::to_string(es7_default) + "): the source mapping needs it");
  } else {
    report.Error(path, "mapping-limit-exceeded",
                 "the mapping needs " + std::to_string(needed) + ", ES 7 allows " +
                     std::to_string(es7_default) + " (drop --no-raise-limits to raise it)");
  }
}

}  // namespace

MappingStats AnalyzeMapping(const Json& mapping) {
  MappingStats stats;
  if (const Json* properties = Member(mapping, "properties")) Walk(*properties, "", 1, stats);
  return stats;
}

void FitMappingLimits(const MappingStats& stats, bool raise, Json& settings, ReportScope& report) {
  Fit("total_fields", stats.total_fields, kDefaultTotalFieldsLimit, raise, settings, report);
  Fit("depth", stats.depth, kDefaultDepthLimit, raise, settings, report);
  Fit("nested_fields", stats.nested_fields, kDefaultNestedFieldsLimit, raise, settings, report);
}

}  // namespace shardlift::translate
