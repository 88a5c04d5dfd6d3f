#include "translate/templates.h"

#include <utility>

#include "translate/aliases.h"
#include "translate/settings.h"

namespace shardlift::translate {
namespace {

void ApplyPatch(Json& into, const Json& patch) {
  for (const auto& [key, value] : patch.items()) {
    if (value.is_null()) {
      into.erase(key);
    } else if (value.is_object() && into.contains(key) && into[key].is_object()) {
      ApplyPatch(into[key], value);
      if (into[key].empty()) into.erase(key);
    } else {
      into[key] = value;
    }
  }
}

}  // namespace

Json FinalSettings(const Json& create, const Json& after_load) {
  Json settings = create;
  ApplyPatch(settings, after_load);
  return settings;
}

Result<TargetTemplate> TranslateTemplate(const SourceTemplate& source, const LayoutOptions& options,
                                         Report& report) {
  ReportScope scope(report, "template " + source.name);
  TargetTemplate out;
  out.name = options.name_prefix + source.name;
  Json patterns = Json::array();
  for (const std::string& pattern : source.patterns)
    patterns.push_back(options.name_prefix + pattern);
  out.body["index_patterns"] = std::move(patterns);
  scope.Info("template", "template-to-index-patterns", "`template` → `index_patterns`");
  out.body["order"] = source.order;
  if (source.version) out.body["version"] = *source.version;

  SL_ASSIGN_OR_RETURN(TranslatedSettings settings, TranslateIndexSettings(source.settings, scope));
  // A template describes indices as they should be, not as we load them.
  Json final_settings = FinalSettings(settings.create, settings.after_load);
  if (!source.settings.contains("index.number_of_replicas") &&
      !source.settings.contains("number_of_replicas")) {
    if (Json* index = final_settings.contains("index") ? &final_settings["index"] : nullptr) {
      index->erase("number_of_replicas");
      if (index->empty()) final_settings.erase("index");
    }
  }
  out.body["settings"] = std::move(final_settings);

  size_t types = 0;
  for (const auto& [type, mapping] : source.mappings) types += type != kDefaultMappingType;
  const bool add_type_field = types > 1 && options.multi_type == MultiTypeMode::kField;
  if (types > 1 && !add_type_field) {
    scope.Warn("mappings", "template-types-merged",
               "several types merged into one typeless mapping (ES 7 templates have one)");
  }
  out.body["mappings"] = source.mappings.empty() ? Json::object()
                                                 : BuildTypelessMapping(source.mappings, options,
                                                                        add_type_field, scope);

  Json aliases = Json::object();
  for (const SourceAlias& alias : source.aliases) {
    if (auto translated = TranslateAlias(alias, scope)) {
      aliases[options.name_prefix + translated->name] = std::move(translated->body);
    }
  }
  out.body["aliases"] = std::move(aliases);
  return out;
}

}  // namespace shardlift::translate
