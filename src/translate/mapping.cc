#include "translate/mapping.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "translate/legacy_boolean.h"

namespace shardlift::translate {
namespace {

using Names = std::vector<std::string_view>;

// Parameters every ES 7 core field type takes (where they make sense it accepts them).
const Names kCommonParams = {"type",       "fields", "copy_to",    "store", "boost",
                             "doc_values", "index",  "null_value", "meta"};

// Extra parameters per ES 7 type. Types not listed (plugins, geo_shape, completion, ranges, …)
// keep all their parameters: ES 7 will judge them.
const Names* ExtraParams(std::string_view type) {
  static const Names text = {"analyzer",
                             "search_analyzer",
                             "search_quote_analyzer",
                             "eager_global_ordinals",
                             "fielddata",
                             "fielddata_frequency_filter",
                             "index_options",
                             "index_prefixes",
                             "index_phrases",
                             "norms",
                             "position_increment_gap",
                             "similarity",
                             "term_vector"};
  static const Names keyword = {"eager_global_ordinals",
                                "ignore_above",
                                "index_options",
                                "norms",
                                "normalizer",
                                "similarity",
                                "split_queries_on_whitespace"};
  static const Names number = {"coerce", "ignore_malformed"};
  static const Names scaled = {"coerce", "ignore_malformed", "scaling_factor"};
  static const Names date = {"format", "locale", "ignore_malformed"};
  static const Names none = {};
  static const Names ip = {"ignore_malformed"};
  static const Names geo_point = {"ignore_malformed", "ignore_z_value"};
  if (type == "text") return &text;
  if (type == "keyword") return &keyword;
  if (type == "long" || type == "integer" || type == "short" || type == "byte" ||
      type == "double" || type == "float" || type == "half_float") {
    return &number;
  }
  if (type == "scaled_float") return &scaled;
  if (type == "date" || type == "date_nanos") return &date;
  if (type == "boolean" || type == "binary") return &none;
  if (type == "ip") return &ip;
  if (type == "geo_point") return &geo_point;
  return nullptr;
}

// Parameters that text does not take although kCommonParams lists them.
bool RefusedByText(std::string_view param) {
  return param == "doc_values" || param == "null_value";
}

const Names kBooleanParams = {"store",
                              "doc_values",
                              "index",
                              "norms",
                              "eager_global_ordinals",
                              "coerce",
                              "ignore_malformed",
                              "include_in_parent",
                              "include_in_root",
                              "enabled",
                              "fielddata",
                              "index_phrases",
                              "ignore_z_value",
                              "preserve_separators",
                              "preserve_position_increments",
                              "points_only",
                              "split_queries_on_whitespace",
                              "enable_position_increments",
                              "required"};

// Removed with no replacement; the value is meaningless to ES 7.
struct RemovedParam {
  std::string_view name;
  std::string_view why;
};
constexpr std::array kRemovedParams = {
    RemovedParam{"include_in_all", "_all was removed in ES 6"},
    RemovedParam{"precision_step", "numeric precision steps were removed in ES 5 (points)"},
    RemovedParam{"lat_lon", "geo_point sub-fields were removed in ES 5"},
    RemovedParam{"geohash", "geo_point sub-fields were removed in ES 5"},
    RemovedParam{"geohash_prefix", "geo_point sub-fields were removed in ES 5"},
    RemovedParam{"geohash_precision", "geo_point sub-fields were removed in ES 5"},
    RemovedParam{"validate", "removed in ES 5 (use ignore_malformed)"},
    RemovedParam{"validate_lat", "removed in ES 5 (use ignore_malformed)"},
    RemovedParam{"validate_lon", "removed in ES 5 (use ignore_malformed)"},
    RemovedParam{"normalize", "removed in ES 5"},
    RemovedParam{"normalize_lat", "removed in ES 5"},
    RemovedParam{"normalize_lon", "removed in ES 5"},
    RemovedParam{"numeric_resolution", "removed in ES 5"},
    RemovedParam{"payloads", "completion payloads were removed in ES 5"},
    RemovedParam{"path", "1.x object path option, removed in ES 2"},
};

bool Contains(const Names& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void CoerceBooleanParams(Json& field, const std::string& path, ReportScope& report) {
  for (auto& [key, value] : field.items()) {
    if (value.is_boolean() || !Contains(kBooleanParams, key)) continue;
    if (key == "index" && value.is_string()) continue;  // analyzed / not_analyzed / no: see below
    if (auto meaning = LegacyBooleanValue(value)) {
      report.Info(path + "." + key, "legacy-boolean-param",
                  DumpJson(value) + " → " + (*meaning ? "true" : "false") +
                      " (ES 7 takes only true/false)");
      value = *meaning;
    }
  }
}

// 2.x `string`, as ES 5's StringFieldMapper auto-upgrade did it.
void UpgradeString(Json& field, const std::string& path, ReportScope& report) {
  const std::string index = StringOr(Member(field, "index"), "analyzed");
  const bool keyword = index == "not_analyzed" || index == "no";
  field["type"] = keyword ? "keyword" : "text";
  if (field.contains("index")) field["index"] = index != "no";
  report.Info(path, keyword ? "string-to-keyword" : "string-to-text",
              std::string("string (index: ") + index + ") → " + (keyword ? "keyword" : "text") +
                  (index == "no" ? " with index: false" : ""));
}

void TranslateIndexParam(Json& field, const std::string& path, ReportScope& report) {
  auto index = field.find("index");
  if (index == field.end() || !index->is_string()) return;
  const std::string value = index->get<std::string>();
  std::optional<bool> meaning;
  if (value == "no") meaning = false;
  if (value == "analyzed" || value == "not_analyzed") meaning = true;
  if (!meaning) meaning = LegacyBooleanText(value);
  if (!meaning) return;  // ES 7 will name it
  report.Info(path + ".index", "index-param-boolean",
              "\"" + value + "\" → " + (*meaning ? "true" : "false"));
  *index = *meaning;
}

void TranslateNorms(Json& field, const std::string& path, ReportScope& report) {
  auto norms = field.find("norms");
  if (norms == field.end() || !norms->is_object()) return;
  const Json* enabled = Member(*norms, "enabled");
  const bool value = enabled ? LegacyBooleanValue(*enabled).value_or(true) : true;
  report.Info(path + ".norms", "norms-object",
              "{enabled: …} form → " + std::string(value ? "true" : "false") +
                  " (loading hints are gone in ES 7)");
  *norms = value;
}

void TranslateFielddata(Json& field, const std::string& type, const std::string& path,
                        ReportScope& report) {
  auto fielddata = field.find("fielddata");
  if (fielddata == field.end() || !fielddata->is_object()) return;
  const Json object = *fielddata;
  field.erase("fielddata");
  if (type != "text") {
    report.Info(path + ".fielddata", "fielddata-removed",
                "dropped: ES 7 uses doc values for " + type + " fields");
    return;
  }
  if (StringOr(Member(object, "format")) == "disabled") {
    field["fielddata"] = false;
    report.Info(path + ".fielddata", "fielddata-object",
                "{format: disabled} → false (the ES 7 default for text)");
  } else {
    report.Warn(path + ".fielddata", "fielddata-object",
                "dropped " + DumpJson(object) +
                    ": text has no fielddata by default in ES 7; set fielddata: true if the "
                    "application sorts or aggregates on this field");
  }
  if (const Json* filter = Member(object, "filter"); filter && Member(*filter, "frequency")) {
    field["fielddata_frequency_filter"] = *Member(*filter, "frequency");
    report.Info(path + ".fielddata.filter", "fielddata-object",
                "frequency filter → fielddata_frequency_filter");
  }
}

void RenameParam(Json& field, std::string_view from, std::string_view to, const std::string& path,
                 std::string_view rule, ReportScope& report) {
  auto it = field.find(from);
  if (it == field.end()) return;
  Json value = *it;
  field.erase(it);
  if (to == "analyzer" && field.contains("analyzer")) {
    // index_analyzer beside analyzer: index with the former, search with the latter.
    if (!field.contains("search_analyzer")) field["search_analyzer"] = field["analyzer"];
  }
  field[std::string(to)] = std::move(value);
  report.Info(path + "." + std::string(from), rule,
              "renamed to " + std::string(to) + " (2.x name)");
}

// Joda letters whose meaning changed in java.time (ES 7 parses dates with java.time).
std::string TranslateDatePattern(const std::string& pattern) {
  std::string out;
  bool quoted = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\'') quoted = !quoted;
    if (quoted || c == '\'') {
      out += c;
      continue;
    }
    if (c == 'Y') {
      out += 'y';  // Joda year-of-era; java.time Y is the week-based year
    } else if (c == 'Z' && i + 1 < pattern.size() && pattern[i + 1] == 'Z') {
      size_t run = 0;
      while (i < pattern.size() && pattern[i] == 'Z') ++run, ++i;
      --i;
      out += run == 2 ? "XXX" : "VV";  // Joda ZZ = +01:00, ZZZ = zone id
    } else {
      out += c;
    }
  }
  return out;
}

void TranslateDateFormat(Json& field, const std::string& path, ReportScope& report) {
  auto format = field.find("format");
  if (format == field.end() || !format->is_string()) return;
  const std::string old_format = format->get<std::string>();
  std::string translated;
  size_t start = 0;
  while (true) {
    const size_t bar = old_format.find("||", start);
    const std::string part = old_format.substr(start, bar - start);
    if (!translated.empty()) translated += "||";
    translated += TranslateDatePattern(part);
    if (bar == std::string::npos) break;
    start = bar + 2;
  }
  if (translated != old_format) {
    report.Warn(path + ".format", "date-format-java-time",
                "\"" + old_format + "\" → \"" + translated +
                    "\" (Joda letters whose meaning changed in java.time)");
    *format = translated;
  }
}

void TranslateObject(Json& object, const std::string& path, ReportScope& report);

void TranslateProperties(Json& properties, const std::string& path, ReportScope& report) {
  if (!properties.is_object()) return;
  for (auto& [name, field] : properties.items()) {
    TranslateFieldMapping(field, path + "." + name, report);
  }
}

void DropRemovedParams(Json& field, const std::string& path, ReportScope& report) {
  for (const RemovedParam& removed : kRemovedParams) {
    if (field.erase(removed.name) > 0) {
      report.Info(path + "." + std::string(removed.name), "param-removed",
                  "dropped: " + std::string(removed.why));
    }
  }
}

void TranslateObject(Json& object, const std::string& path, ReportScope& report) {
  DropRemovedParams(object, path, report);
  CoerceBooleanParams(object, path, report);
  if (auto dynamic = object.find("dynamic"); dynamic != object.end() && !dynamic->is_boolean()) {
    if (StringOr(&*dynamic) != "strict") {
      if (auto meaning = LegacyBooleanValue(*dynamic)) *dynamic = *meaning;
    }
  }
  if (auto properties = object.find("properties"); properties != object.end()) {
    TranslateProperties(*properties, path, report);
  }
}

}  // namespace

void TranslateFieldMapping(Json& field, const std::string& path, ReportScope& report) {
  if (!field.is_object()) return;
  std::string type = StringOr(Member(field, "type"));
  if (type.empty() || type == "object" || type == "nested") {
    TranslateObject(field, path, report);
    return;
  }
  if (type == "string") {
    UpgradeString(field, path, report);
    type = StringOr(Member(field, "type"));
  }
  DropRemovedParams(field, path, report);
  TranslateIndexParam(field, path, report);
  TranslateNorms(field, path, report);
  TranslateFielddata(field, type, path, report);
  if (type == "text" || type == "keyword") {
    RenameParam(field, "index_analyzer", "analyzer", path, "index-analyzer-renamed", report);
    RenameParam(field, "position_offset_gap", "position_increment_gap", path,
                "position-offset-gap-renamed", report);
  }
  if (type == "date") TranslateDateFormat(field, path, report);
  CoerceBooleanParams(field, path, report);
  if (type == "boolean") {
    if (auto null_value = field.find("null_value"); null_value != field.end()) {
      if (auto meaning = LegacyBooleanValue(*null_value); meaning && !null_value->is_boolean()) {
        *null_value = *meaning;
      }
    }
  }
  if (const Names* extra = ExtraParams(type)) {
    for (auto it = field.begin(); it != field.end();) {
      const bool allowed =
          (Contains(kCommonParams, it.key()) && !(type == "text" && RefusedByText(it.key()))) ||
          Contains(*extra, it.key());
      if (allowed) {
        ++it;
        continue;
      }
      report.Warn(path + "." + it.key(), "param-unsupported",
                  "dropped " + DumpJson(*it) + ": ES 7 " + type + " fields do not take it");
      it = field.erase(it);
    }
  }
  if (auto fields = field.find("fields"); fields != field.end() && fields->is_object()) {
    for (auto& [name, sub] : fields->items())
      TranslateFieldMapping(sub, path + ".fields." + name, report);
  }
}

namespace {

// `copy_to` the all-field from every leaf that `_all` used to collect (before include_in_all is
// dropped by the field translation).
void AddAllCopyTo(Json& properties, const std::string& all_field, bool parent_included) {
  if (!properties.is_object()) return;
  for (auto& [name, field] : properties.items()) {
    if (!field.is_object() || name == all_field) continue;
    bool included = parent_included;
    if (const Json* flag = Member(field, "include_in_all")) {
      included = LegacyBooleanValue(*flag).value_or(true);
    }
    if (auto sub = field.find("properties"); sub != field.end()) {
      AddAllCopyTo(*sub, all_field, included);
      continue;
    }
    const std::string type = StringOr(Member(field, "type"));
    if (!included || type == "binary" || type.starts_with("geo_") || type == "nested" ||
        type == "object") {
      continue;
    }
    Json& copy_to = field["copy_to"];
    if (copy_to.is_null()) {
      copy_to = all_field;
      continue;
    }
    if (copy_to.is_string()) {
      Json list = Json::array();
      list.push_back(copy_to);
      copy_to = std::move(list);
    }
    copy_to.push_back(all_field);
  }
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kRemovedRootFields = {{
    {"_size", "needs the mapper-size plugin, which the target may not have"},
    {"_boost", "removed in ES 5"},
    {"_index", "ES 7 does not configure _index"},
    {"_type", "ES 7 has a single type"},
    {"_id", "ES 7 does not configure _id"},
    {"_uid", "removed in ES 6"},
    {"_analyzer", "removed in ES 5"},
    {"transform", "mapping transforms were removed in ES 5"},
    {"_version", "ES 7 does not configure _version"},
}};

void TranslateDynamicTemplates(Json& templates, const std::string& path, ReportScope& report) {
  if (!templates.is_array()) return;
  for (Json& entry : templates) {
    if (!entry.is_object() || entry.size() != 1) continue;
    const std::string name = entry.begin().key();
    Json& body = entry.begin().value();
    auto mapping = body.find("mapping");
    if (mapping == body.end() || !mapping->is_object()) continue;
    const std::string template_path = path + "." + name + ".mapping";
    const std::string match_type = StringOr(Member(body, "match_mapping_type"));
    if (!mapping->contains("type") && match_type == "string") {
      // A string-only template without a type: ES 5 applied it to a 2.x string.
      Json typed = {{"type", "string"}};
      typed.update(*mapping);
      *mapping = std::move(typed);
    }
    TranslateFieldMapping(*mapping, template_path, report);
  }
}

// Drops `_all` and the root `include_in_all` (ES 6 removed them); with --all-field, every field
// _all included copies to it. Returns whether _all was on.
bool RemoveAllField(Json& mapping, const MappingOptions& options, ReportScope& report,
                    const std::string& path) {
  bool all_enabled = true;
  if (auto all = mapping.find("_all"); all != mapping.end()) {
    if (const Json* enabled = Member(*all, "enabled")) {
      all_enabled = LegacyBooleanValue(*enabled).value_or(true);
    }
    mapping.erase(all);
    report.Info(path + "._all", "all-field-removed", "dropped: _all was removed in ES 6");
  }
  if (auto root_include = mapping.find("include_in_all"); root_include != mapping.end()) {
    all_enabled = all_enabled && LegacyBooleanValue(*root_include).value_or(true);
    mapping.erase(root_include);
  }
  if (options.all_field && all_enabled && mapping.contains("properties")) {
    AddAllCopyTo(mapping["properties"], *options.all_field, true);
  }
  return all_enabled;
}

// `_parent` (a join relation later), `_timestamp` and `_ttl` (kept in date fields if asked).
void TakeLegacyMetaFields(Json& mapping, const MappingOptions& options, TranslatedMapping& out,
                          ReportScope& report, const std::string& path) {
  if (auto parent = mapping.find("_parent"); parent != mapping.end()) {
    out.parent_type = StringOr(Member(*parent, "type"));
    mapping.erase(parent);
  }
  for (std::string_view meta : {"_timestamp", "_ttl"}) {
    auto it = mapping.find(meta);
    if (it == mapping.end()) continue;
    const Json* enabled = Member(*it, "enabled");
    const bool on = enabled && LegacyBooleanValue(*enabled).value_or(false);
    (meta == "_timestamp" ? out.had_timestamp : out.had_ttl) = on;
    const auto& keep = meta == "_timestamp" ? options.timestamp_field : options.ttl_field;
    mapping.erase(it);
    if (on && keep) {
      report.Warn(path + "." + std::string(meta), "legacy-meta-field-kept",
                  "removed in ES 5; values kept in the date field \"" + *keep + "\"");
    } else {
      report.Warn(path + "." + std::string(meta), "legacy-meta-field-dropped",
                  on ? "removed in ES 5; values dropped (keep them with --timestamp-field / "
                       "--ttl-field)"
                     : "removed in ES 5 (was disabled)");
    }
  }
}

// Root fields and type-level analyzers ES 7 no longer has.
void RemoveGoneRootFields(Json& mapping, ReportScope& report, const std::string& path) {
  for (const auto& [name, why] : kRemovedRootFields) {
    if (mapping.erase(name) > 0) {
      report.Warn(path + "." + std::string(name), "meta-field-removed",
                  "dropped: " + std::string(why));
    }
  }
  for (std::string_view root_analyzer : {"analyzer", "index_analyzer", "search_analyzer"}) {
    if (mapping.erase(root_analyzer) > 0) {
      report.Warn(path + "." + std::string(root_analyzer), "root-analyzer-removed",
                  "dropped: type-level default analyzers were removed in ES 5; set "
                  "index.analysis.analyzer.default instead");
    }
  }
}

// `_source`, `_routing` and `_field_names` as ES 7 takes them; `out` learns whether the source
// is kept and routing required.
void TranslateKeptMetaFields(Json& mapping, TranslatedMapping& out, ReportScope& report,
                             const std::string& path) {
  if (auto source = mapping.find("_source"); source != mapping.end() && source->is_object()) {
    for (std::string_view gone : {"compress", "compress_threshold", "format"}) {
      if (source->erase(gone) > 0) {
        report.Info(path + "._source." + std::string(gone), "source-option-removed",
                    "dropped: removed in ES 2/5");
      }
    }
    CoerceBooleanParams(*source, path + "._source", report);
    if (const Json* enabled = Member(*source, "enabled"); enabled && enabled->is_boolean()) {
      out.source_enabled = enabled->get<bool>();
    }
    if (source->empty()) mapping.erase(source);
  }
  if (auto routing = mapping.find("_routing"); routing != mapping.end() && routing->is_object()) {
    if (routing->erase("path") > 0) {
      report.Warn(path + "._routing.path", "routing-path-removed",
                  "dropped: routing from a document field was removed in ES 2");
    }
    CoerceBooleanParams(*routing, path + "._routing", report);
    if (const Json* required = Member(*routing, "required"); required && required->is_boolean()) {
      out.routing_required = required->get<bool>();
    }
    if (routing->empty()) mapping.erase(routing);
  }
  if (auto names = mapping.find("_field_names"); names != mapping.end()) {
    CoerceBooleanParams(*names, path + "._field_names", report);
    report.Info(path + "._field_names", "field-names-deprecated",
                "kept; ES 7 accepts it but deprecates disabling _field_names");
  }
}

// The fields shardlift adds: the --all-field text field, the --timestamp-field / --ttl-field
// dates.
void AddShardliftFields(Json& mapping, const MappingOptions& options, bool all_enabled,
                        const TranslatedMapping& out, ReportScope& report,
                        const std::string& path) {
  const auto properties = [&mapping]() -> Json& {
    Json& properties = mapping["properties"];
    if (properties.is_null()) properties = Json::object();
    return properties;
  };
  if (options.all_field && all_enabled) {
    properties()[*options.all_field] = {{"type", "text"}};
    report.Info(path + ".properties." + *options.all_field, "all-field-copy-to",
                "added a text field that every field _all included copies to");
  }
  for (const auto& [name, had] : {std::pair{&options.timestamp_field, out.had_timestamp},
                                  std::pair{&options.ttl_field, out.had_ttl}}) {
    if (*name && had) properties()[**name] = {{"type", "date"}, {"format", "epoch_millis"}};
  }
}

}  // namespace

TranslatedMapping TranslateTypeMapping(const Json& type_mapping, const MappingOptions& options,
                                       ReportScope& report, const std::string& path) {
  TranslatedMapping out;
  if (!type_mapping.is_object()) return out;
  Json mapping = type_mapping;
  const bool all_enabled = RemoveAllField(mapping, options, report, path);
  TakeLegacyMetaFields(mapping, options, out, report, path);
  RemoveGoneRootFields(mapping, report, path);
  TranslateKeptMetaFields(mapping, out, report, path);
  TranslateObject(mapping, path, report);
  if (auto templates = mapping.find("dynamic_templates"); templates != mapping.end()) {
    TranslateDynamicTemplates(*templates, path + ".dynamic_templates", report);
  }
  AddShardliftFields(mapping, options, all_enabled, out, report, path);
  out.mapping = std::move(mapping);
  return out;
}

}  // namespace shardlift::translate
