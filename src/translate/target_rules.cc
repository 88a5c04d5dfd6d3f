#include "translate/target_rules.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>
#include <string_view>
#include <utility>

#include "translate/flat_settings.h"
#include "translate/settings.h"

namespace shardlift::translate {
namespace {

// Index settings Elasticsearch 8 refuses at creation that 7.x takes (FACTS.md, es5_settings,
// search_slowlog_level and translog_retention); the retention settings are refused with their
// own message, not as an "unknown setting" the load could drop and retry.
struct Es8Refused {
  std::string_view key;
  std::string_view why;
};
constexpr std::array kEs8RefusedSettings = {
    Es8Refused{"index.search.slowlog.level",
               "removed in Elasticsearch 8 (set per-level thresholds)"},
    Es8Refused{"index.indexing.slowlog.level",
               "removed in Elasticsearch 8 (set per-level thresholds)"},
    Es8Refused{"index.max_adjacency_matrix_filters",
               "removed in Elasticsearch 8 (indices.query.bool.max_clause_count applies)"},
    Es8Refused{"index.translog.retention.age", "translog retention was removed in Elasticsearch 8"},
    Es8Refused{"index.translog.retention.size",
               "translog retention was removed in Elasticsearch 8"},
};

// Joda's camel-case names of the built-in date formats (Elasticsearch 7's FormatNames); 8.x
// knows only their snake-case twins, which every 7.x and OpenSearch also take.
constexpr std::string_view kCamelCaseFormats[] = {
    "basicDate",
    "basicDateTime",
    "basicDateTimeNoMillis",
    "basicOrdinalDate",
    "basicOrdinalDateTime",
    "basicOrdinalDateTimeNoMillis",
    "basicTime",
    "basicTimeNoMillis",
    "basicTTime",
    "basicTTimeNoMillis",
    "basicWeekDate",
    "basicWeekDateTime",
    "basicWeekDateTimeNoMillis",
    "dateHour",
    "dateHourMinute",
    "dateHourMinuteSecond",
    "dateHourMinuteSecondFraction",
    "dateHourMinuteSecondMillis",
    "dateOptionalTime",
    "dateTime",
    "dateTimeNoMillis",
    "hourMinute",
    "hourMinuteSecond",
    "hourMinuteSecondFraction",
    "hourMinuteSecondMillis",
    "ordinalDate",
    "ordinalDateTime",
    "ordinalDateTimeNoMillis",
    "timeNoMillis",
    "tTime",
    "tTimeNoMillis",
    "weekDate",
    "weekDateTime",
    "weekDateTimeNoMillis",
    "weekyearWeek",
    "weekyearWeekDay",
    "yearMonth",
    "yearMonthDay",
    "strictBasicWeekDate",
    "strictBasicWeekDateTime",
    "strictBasicWeekDateTimeNoMillis",
    "strictDate",
    "strictDateHour",
    "strictDateHourMinute",
    "strictDateHourMinuteSecond",
    "strictDateHourMinuteSecondFraction",
    "strictDateHourMinuteSecondMillis",
    "strictDateOptionalTime",
    "strictDateTime",
    "strictDateTimeNoMillis",
    "strictHour",
    "strictHourMinute",
    "strictHourMinuteSecond",
    "strictHourMinuteSecondFraction",
    "strictHourMinuteSecondMillis",
    "strictOrdinalDate",
    "strictOrdinalDateTime",
    "strictOrdinalDateTimeNoMillis",
    "strictTime",
    "strictTimeNoMillis",
    "strictTTime",
    "strictTTimeNoMillis",
    "strictWeekDate",
    "strictWeekDateTime",
    "strictWeekDateTimeNoMillis",
    "strictWeekyear",
    "strictWeekyearWeek",
    "strictWeekyearWeekDay",
    "strictYear",
    "strictYearMonth",
    "strictYearMonthDay",
};

// Field types that live in modules, not in the server itself.
struct ModuleType {
  std::string_view type;
  std::string_view module;
};
constexpr std::array kModuleTypes = {
    ModuleType{"join", "parent-join"},
    ModuleType{"scaled_float", "mapper-extras"},
    ModuleType{"token_count", "mapper-extras"},
    ModuleType{"rank_feature", "mapper-extras"},
    ModuleType{"rank_features", "mapper-extras"},
    ModuleType{"search_as_you_type", "mapper-extras"},
    ModuleType{"percolator", "percolator"},
};

// "dateOptionalTime||epoch_millis" → "date_optional_time||epoch_millis"; other parts (patterns
// such as "yyyy-MM-dd") stay.
std::string SnakeCaseFormats(const std::string& format) {
  std::string out;
  size_t start = 0;
  while (true) {
    const size_t bar = format.find("||", start);
    const std::string_view part = std::string_view(format).substr(start, bar - start);
    if (start > 0) out += "||";
    if (std::find(std::begin(kCamelCaseFormats), std::end(kCamelCaseFormats), part) !=
        std::end(kCamelCaseFormats)) {
      for (const char c : part) {
        if (std::isupper(static_cast<unsigned char>(c))) {
          out += '_';
          out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else {
          out += c;
        }
      }
    } else {
      out += part;
    }
    if (bar == std::string::npos) break;
    start = bar + 2;
  }
  return out;
}

// Calls visit(field, path) for every field mapping of a typeless mapping or an object field:
// properties at any depth, multi-fields, and dynamic templates' mappings.
template <typename JsonT, typename Visit>
void ForEachField(JsonT& object, const std::string& path, const Visit& visit) {
  if (!object.is_object()) return;
  if (auto properties = object.find("properties");
      properties != object.end() && properties->is_object()) {
    for (auto& [name, field] : properties->items()) {
      const std::string field_path = path + "." + name;
      visit(field, field_path);
      ForEachField(field, field_path, visit);
      if (auto fields = field.find("fields"); fields != field.end() && fields->is_object()) {
        for (auto& [sub_name, sub] : fields->items())
          visit(sub, field_path + ".fields." + sub_name);
      }
    }
  }
  if (auto templates = object.find("dynamic_templates");
      templates != object.end() && templates->is_array()) {
    for (auto& entry : *templates) {
      if (!entry.is_object() || entry.size() != 1) continue;
      auto mapping = entry.begin().value().find("mapping");
      if (mapping == entry.begin().value().end()) continue;
      visit(*mapping, path + ".dynamic_templates." + entry.begin().key() + ".mapping");
    }
  }
}

void AdaptFieldForEs8(Json& field, const std::string& path, ReportScope& report) {
  if (!field.is_object()) return;
  if (auto boost = field.find("boost"); boost != field.end()) {
    report.Warn(path + ".boost", "boost-removed",
                "dropped " + DumpJson(*boost) +
                    ": Elasticsearch 8 has no index-time boost (boost the field at query time)");
    field.erase(boost);
  }
  if (auto format = field.find("format"); format != field.end() && format->is_string()) {
    const std::string old_format = format->get<std::string>();
    const std::string snake = SnakeCaseFormats(old_format);
    if (snake != old_format) {
      report.Info(path + ".format", "date-format-snake-case",
                  "\"" + old_format + "\" → \"" + snake +
                      "\" (the same format; Elasticsearch 8 knows only the snake-case names)");
      *format = snake;
    }
  }
}

}  // namespace

std::string TargetRulesSummary(const TranslationTarget& target) {
  std::string out = target.Name();
  switch (target.kind()) {
    case TargetKind::kElasticsearch7:
      out += ": the shared (ES 7) translation";
      break;
    case TargetKind::kElasticsearch8:
      out +=
          ": the shared translation, then the 8.x rules (no index-time boost, no "
          "_field_names.enabled, snake-case date format names, 8.x-refused settings dropped)";
      break;
    case TargetKind::kOpenSearch:
      out += ": the shared translation (OpenSearch takes Elasticsearch 7.10's forms)";
      break;
  }
  if (target.modules) {
    std::string modules;
    for (const std::string& module : *target.modules) {
      modules += (modules.empty() ? "" : ", ") + module;
    }
    out += "; modules: " + (modules.empty() ? std::string("none") : modules);
  }
  return out;
}

void AdaptSettings(Json& settings, const TranslationTarget& target, const std::string& path,
                   ReportScope& report) {
  if (target.kind() != TargetKind::kElasticsearch8) return;
  const FlatSettings flat = FlattenSettings(settings);
  for (const Es8Refused& refused : kEs8RefusedSettings) {
    const auto it = flat.find(std::string(refused.key));
    if (it == flat.end() || !RemoveNestedSetting(settings, refused.key)) continue;
    report.Warn(path + "." + std::string(refused.key), "setting-refused-by-target",
                "dropped \"" + it->second + "\": " + std::string(refused.why));
  }
}

void AdaptMapping(Json& mapping, const TranslationTarget& target, const std::string& path,
                  ReportScope& report) {
  if (target.kind() != TargetKind::kElasticsearch8 || !mapping.is_object()) return;
  if (auto names = mapping.find("_field_names"); names != mapping.end() && names->is_object()) {
    if (auto enabled = names->find("enabled"); enabled != names->end()) {
      report.Info(path + "._field_names.enabled", "field-names-enabled-removed",
                  "dropped " + DumpJson(*enabled) +
                      ": Elasticsearch 8 refuses it (_field_names no longer costs what "
                      "disabling it saved)");
      names->erase(enabled);
    }
    if (names->empty()) mapping.erase(names);
  }
  if (auto formats = mapping.find("dynamic_date_formats");
      formats != mapping.end() && formats->is_array()) {
    for (Json& format : *formats) {
      if (!format.is_string()) continue;
      const std::string old_format = format.get<std::string>();
      const std::string snake = SnakeCaseFormats(old_format);
      if (snake == old_format) continue;
      report.Info(path + ".dynamic_date_formats", "date-format-snake-case",
                  "\"" + old_format + "\" → \"" + snake +
                      "\" (the same format; Elasticsearch 8 knows only the snake-case names)");
      format = snake;
    }
  }
  ForEachField(mapping, path, [&](Json& field, const std::string& field_path) {
    AdaptFieldForEs8(field, field_path, report);
  });
}

void AdaptTemplateBody(Json& body, const TranslationTarget& target, ReportScope& report) {
  if (!body.is_object()) return;
  if (target.kind() == TargetKind::kElasticsearch8) {
    if (body.contains("template")) {
      // Rebuilt in order, `index_patterns` where `template` stood.
      Json adapted = Json::object();
      for (auto& [key, value] : body.items()) {
        if (key == "template") {
          if (!body.contains("index_patterns")) {
            adapted["index_patterns"] = value.is_array() ? value : Json::array({value});
          }
        } else {
          adapted[key] = std::move(value);
        }
      }
      body = std::move(adapted);
      report.Info("template", "template-to-index-patterns",
                  "`template` → `index_patterns` (Elasticsearch 8 refuses the legacy key)");
    }
  }
  if (auto settings = body.find("settings"); settings != body.end()) {
    AdaptSettings(*settings, target, "settings", report);
  }
  if (auto mappings = body.find("mappings"); mappings != body.end()) {
    AdaptMapping(*mappings, target, "mappings", report);
  }
}

std::string MissingModule::Describe(const TranslationTarget& target) const {
  return type + " needs the " + module + " module, which " + target.Name() + " does not have";
}

std::optional<MissingModule> FindMissingModule(const Json& mapping,
                                               const TranslationTarget& target) {
  std::optional<MissingModule> missing;
  ForEachField(mapping, "mappings", [&](const Json& field, const std::string& path) {
    if (missing || !field.is_object()) return;
    const std::string type = StringOr(Member(field, "type"));
    for (const ModuleType& needed : kModuleTypes) {
      if (type == needed.type && !target.HasModule(needed.module)) {
        missing = MissingModule{path, type, std::string(needed.module)};
      }
    }
  });
  return missing;
}

}  // namespace shardlift::translate
