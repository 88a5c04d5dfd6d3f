#include "translate/user_templates.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/wildcard.h"
#include "io/directory.h"
#include "translate/flat_settings.h"
#include "translate/mapping_stats.h"
#include "translate/settings.h"

namespace shardlift::translate {
namespace {

void DeepMerge(Json& into, const Json& from) {
  for (const auto& [key, value] : from.items()) {
    if (value.is_object() && into.contains(key) && into[key].is_object()) {
      DeepMerge(into[key], value);
    } else {
      into[key] = value;
    }
  }
}

// Settings given flat ("index.number_of_shards") or nested, as {"index":{…}}.
Json NestedIndexSettings(const Json& settings) {
  FlatSettings flat;
  for (const auto& [key, value] : FlattenSettings(settings)) {
    flat[key.starts_with("index.") ? key : "index." + key] = value;
  }
  auto nested = NestSettings(flat);
  return nested.ok() ? *nested : Json::object();
}

void Compare(const Json& source, const Json& target, const std::string& path, ReportScope& report) {
  if (!source.is_object()) return;
  for (const auto& [name, field] : source.items()) {
    const std::string field_path = path + "." + name;
    const Json* other = Member(target, name);
    if (other == nullptr) {
      report.Warn(field_path, "user-template-missing-field",
                  "the source maps " + DumpJson(field) +
                      "; the user template does not map it (its `dynamic` setting decides)");
      continue;
    }
    const std::string type = StringOr(Member(field, "type"), "object");
    const std::string other_type = StringOr(Member(*other, "type"), "object");
    if (type != other_type) {
      report.Warn(field_path, "user-template-type-differs",
                  "the source maps it as " + type + ", the user template as " + other_type);
    }
    const Json* sub = Member(field, "properties");
    const Json* other_sub = Member(*other, "properties");
    if (sub != nullptr) Compare(*sub, other_sub ? *other_sub : Json::object(), field_path, report);
  }
}

bool RoutingRequired(const Json& mapping) {
  const Json* routing = Member(mapping, "_routing");
  const Json* required = routing ? Member(*routing, "required") : nullptr;
  return required != nullptr && required->is_boolean() && required->get<bool>();
}

}  // namespace

Result<std::vector<UserTemplate>> LoadUserTemplates(const std::string& dir) {
  // A directory that cannot be listed is an error, never "no templates" (io/directory.h).
  Result<std::vector<io::DirectoryEntry>> entries = io::ListDirectory(dir);
  if (!entries.ok()) return entries.status().WithContext("--target-templates");
  std::vector<std::filesystem::path> files;
  for (const io::DirectoryEntry& entry : *entries) {
    const std::filesystem::path file = std::filesystem::path(dir) / entry.name;
    if (file.extension() != ".json") continue;
    if (entry.kind != io::FileKind::kRegular) {
      return Status::InvalidArgument("--target-templates: " + file.string() +
                                     " is not a regular file");
    }
    files.push_back(file);
  }
  std::vector<UserTemplate> templates;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in || in.bad()) {
      return Status::IoError("--target-templates: cannot read " + file.string());
    }
    SL_ASSIGN_OR_RETURN(Json body, ParseJson(text.str(), file.string()));
    UserTemplate user;
    user.name = file.stem().string();
    if (body.is_object() && body.size() == 1 && !body.contains("index_patterns")) {
      user.name = body.begin().key();
      body = Json(body.begin().value());
    }
    const Json* patterns = Member(body, "index_patterns");
    if (patterns == nullptr) patterns = Member(body, "template");
    if (patterns != nullptr && patterns->is_string()) {
      user.patterns.push_back(patterns->get<std::string>());
    } else if (patterns != nullptr && patterns->is_array()) {
      for (const Json& pattern : *patterns) user.patterns.push_back(StringOr(&pattern));
    } else {
      return Status::InvalidArgument(file.string() + ": a template needs index_patterns");
    }
    if (const Json* order = Member(body, "order"); order && order->is_number_integer()) {
      user.order = order->get<int64_t>();
    }
    user.body = std::move(body);
    templates.push_back(std::move(user));
  }
  return templates;
}

std::optional<TemplateMatch> MatchTemplates(const std::vector<UserTemplate>& templates,
                                            std::string_view name) {
  std::vector<const UserTemplate*> matching;
  for (const UserTemplate& user : templates) {
    for (const std::string& pattern : user.patterns) {
      if (WildcardMatch(pattern, name)) {
        matching.push_back(&user);
        break;
      }
    }
  }
  if (matching.empty()) return std::nullopt;
  std::stable_sort(
      matching.begin(), matching.end(),
      [](const UserTemplate* a, const UserTemplate* b) { return a->order < b->order; });
  TemplateMatch match;
  for (const UserTemplate* user : matching) {
    match.names.push_back(user->name);
    if (const Json* mappings = Member(user->body, "mappings")) DeepMerge(match.mappings, *mappings);
    if (const Json* settings = Member(user->body, "settings")) {
      DeepMerge(match.settings, NestedIndexSettings(*settings));
    }
  }
  return match;
}

void ApplyUserTemplates(IndexPlan& plan, const std::vector<UserTemplate>& templates,
                        Report& report) {
  for (TargetIndex& target : plan.targets) {
    auto match = MatchTemplates(templates, target.name);
    if (!match) continue;
    ReportScope scope(report, "index " + target.name);
    std::string names;
    for (const std::string& name : match->names) names += (names.empty() ? "" : ", ") + name;
    scope.Warn("mappings", "user-template-wins",
               "created from the user template(s) " + names + " instead of the translation");
    const Json* source_properties = Member(target.mappings, "properties");
    const Json* user_properties = Member(match->mappings, "properties");
    Compare(source_properties ? *source_properties : Json::object(),
            user_properties ? *user_properties : Json::object(), "mappings.properties", scope);
    if (RoutingRequired(target.mappings) != RoutingRequired(match->mappings)) {
      scope.Warn("mappings._routing.required", "user-template-routing-differs",
                 std::string("the source ") +
                     (RoutingRequired(target.mappings) ? "required" : "did not require") +
                     " routing, the user template " +
                     (RoutingRequired(match->mappings) ? "requires it" : "does not"));
    }
    const Json* dynamic = Member(target.mappings, "dynamic");
    const Json* user_dynamic = Member(match->mappings, "dynamic");
    if ((dynamic ? *dynamic : Json(true)) != (user_dynamic ? *user_dynamic : Json(true))) {
      scope.Info("mappings.dynamic", "user-template-dynamic-differs",
                 "source " + DumpJson(dynamic ? *dynamic : Json(true)) + ", user template " +
                     DumpJson(user_dynamic ? *user_dynamic : Json(true)));
    }
    target.mappings = match->mappings;
    target.mappings_from_user_template = true;
    target.boolean_fields = AnalyzeMapping(target.mappings).boolean_fields;
    // The template owns the settings; only the load-time values are ours, then its own return.
    Json restore = Json::object();
    const Json* index = Member(match->settings, "index");
    const Json* replicas = index ? Member(*index, "number_of_replicas") : nullptr;
    const Json* refresh = index ? Member(*index, "refresh_interval") : nullptr;
    restore["index"]["number_of_replicas"] = replicas ? *replicas : Json(kDefaultNumberOfReplicas);
    restore["index"]["refresh_interval"] = refresh ? *refresh : Json();
    target.settings = {{"index", {{"number_of_replicas", "0"}, {"refresh_interval", "-1"}}}};
    target.after_load = std::move(restore);
  }
}

}  // namespace shardlift::translate
