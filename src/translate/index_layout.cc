#include "translate/index_layout.h"

#include <algorithm>
#include <utility>

#include "translate/default_mapping.h"
#include "translate/mapping_merge.h"
#include "translate/mapping_stats.h"
#include "translate/settings.h"

namespace shardlift::translate {
namespace {

std::vector<TypeMapping> TranslateTypes(const std::vector<std::pair<std::string, Json>>& mappings,
                                        const MappingOptions& options, ReportScope& report) {
  const Json* defaults = nullptr;
  for (const auto& [type, mapping] : mappings) {
    if (type == kDefaultMappingType) defaults = &mapping;
  }
  if (defaults != nullptr) {
    report.Info("mappings._default_", "default-mapping-merged",
                "merged into each type (ES 7 has no _default_ mapping)");
  }
  std::vector<TypeMapping> types;
  for (const auto& [type, mapping] : mappings) {
    if (type == kDefaultMappingType) continue;
    const Json merged = defaults ? MergeDefaultMapping(*defaults, mapping) : mapping;
    types.push_back({type, TranslateTypeMapping(merged, options, report, "mappings." + type)});
  }
  if (types.empty() && defaults != nullptr) {
    // A template (or empty index) holding only _default_: it is what new types would get.
    types.push_back({std::string(kDefaultMappingType),
                     TranslateTypeMapping(*defaults, options, report, "mappings._default_")});
  }
  return types;
}

// Adds the join field for `_parent` relations; fills `roles`.
void AddJoinField(const std::vector<TypeMapping>& types, const LayoutOptions& options,
                  Json& mapping, ReportScope& report,
                  std::map<std::string, JoinRole, std::less<>>& roles) {
  Json relations = Json::object();
  for (const TypeMapping& type : types) {
    if (!type.translated.parent_type) continue;
    const std::string& parent = *type.translated.parent_type;
    Json& children = relations[parent];
    if (children.is_null()) {
      children = type.type;
    } else {
      if (children.is_string()) children = Json::array({children.get<std::string>()});
      children.push_back(type.type);
    }
    roles[type.type] = JoinRole::kChild;
    if (!roles.contains(parent)) roles[parent] = JoinRole::kParent;
  }
  if (relations.empty()) return;
  Json& properties = mapping["properties"];
  if (properties.is_null()) properties = Json::object();
  if (properties.contains(options.join_field)) {
    report.Error("mappings.properties." + options.join_field, "join-field-collision",
                 "the join field name is already a field; choose another with --join-field");
    return;
  }
  properties[options.join_field] = {{"type", "join"}, {"relations", relations}};
  report.Warn("mappings.properties." + options.join_field, "parent-to-join",
              "_parent → join field with relations " + DumpJson(relations) +
                  "; documents get the join value, children keep their parent's routing");
}

void AddTypeField(const LayoutOptions& options, Json& mapping, ReportScope& report) {
  Json& properties = mapping["properties"];
  if (properties.is_null()) properties = Json::object();
  if (properties.contains(options.type_field)) {
    report.Error("mappings.properties." + options.type_field, "type-field-collision",
                 "the type field name is already a field; choose another with --type-field");
    return;
  }
  properties[options.type_field] = {{"type", "keyword"}};
  report.Warn("mappings.properties." + options.type_field, "type-to-field",
              "several types share one index: each document's ES 5 type is kept in this field");
}

std::string SplitName(const std::string& index, const std::string& type) {
  std::string name = index + "-" + type;
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

}  // namespace

const TypeRoute* IndexPlan::Route(std::string_view type) const {
  auto it = routes.find(type);
  return it == routes.end() ? nullptr : &it->second;
}

bool IndexPlan::single_index_form() const { return targets.size() == 1 && routes.size() > 1; }

Json BuildTypelessMapping(const std::vector<std::pair<std::string, Json>>& mappings,
                          const LayoutOptions& options, bool add_type_field, ReportScope& report,
                          std::map<std::string, JoinRole, std::less<>>* roles) {
  std::vector<TypeMapping> types = TranslateTypes(mappings, options.mapping, report);
  Json mapping =
      types.size() == 1 ? types.front().translated.mapping : MergeTypeMappings(types, report);
  std::map<std::string, JoinRole, std::less<>> join_roles;
  AddJoinField(types, options, mapping, report, join_roles);
  if (add_type_field) AddTypeField(options, mapping, report);
  if (roles != nullptr) *roles = std::move(join_roles);
  return mapping;
}

namespace {

std::vector<TargetAlias> TranslateAliases(const SourceIndex& index, const LayoutOptions& options,
                                          ReportScope& scope) {
  std::vector<TargetAlias> aliases;
  for (const SourceAlias& alias : index.aliases) {
    if (auto translated = TranslateAlias(alias, scope)) {
      translated->name = options.name_prefix + translated->name;
      aliases.push_back(std::move(*translated));
    }
  }
  return aliases;
}

// Whether a type (or _default_) of `index` has a `_parent`: such types must share one index.
bool HasParentMapping(const SourceIndex& index, const std::vector<std::string>& types) {
  for (const std::string& type : types) {
    const Json* own = index.Mapping(type);
    if (own && Member(*own, "_parent")) return true;
  }
  const Json* defaults = index.Mapping(kDefaultMappingType);
  return defaults && Member(*defaults, "_parent");
}

// The steps of PlanIndex over one source index: targets in the single-index or the split form,
// then what each type's documents need on the way.
class IndexPlanner {
 public:
  IndexPlanner(const SourceIndex& index, const LayoutOptions& options, ReportScope& scope,
               TranslatedSettings settings)
      : index_(index),
        options_(options),
        scope_(scope),
        settings_(std::move(settings)),
        aliases_(TranslateAliases(index, options, scope)),
        types_(index.DocumentTypes()),
        has_parent_(HasParentMapping(index, types_)) {
    plan_.source = index.name;
  }

  IndexPlan Plan() {
    if (types_.size() <= 1 || has_parent_ || options_.multi_type == MultiTypeMode::kField) {
      PlanSingleIndex();
    } else {
      PlanSplitIndices();
    }
    for (const std::string& type : types_) RouteMetaFields(type);
    if (index_.closed) {
      scope_.Info("state", "closed-index", "closed in ES 5: loaded, then closed again");
    }
    return std::move(plan_);
  }

 private:
  TargetIndex& NewTarget(std::string name) {
    TargetIndex& target = plan_.targets.emplace_back();
    target.name = std::move(name);
    target.settings = settings_.create;
    target.after_load = settings_.after_load;
    target.aliases = aliases_;
    target.close_after_load = index_.closed;
    return target;
  }

  void FinishTarget(TargetIndex& target) {
    const MappingStats stats = AnalyzeMapping(target.mappings);
    target.boolean_fields = stats.boolean_fields;
    FitMappingLimits(stats, options_.raise_limits, target.settings, scope_);
    if (auto reason = InvalidNameReason(target.name, /*is_index=*/true)) {
      scope_.Error("name", "index-name-refused",
                   "ES 7 refuses the index name \"" + target.name + "\": " + *reason);
    }
  }

  // All types in one index: a type field when there are several, a join field for _parent.
  void PlanSingleIndex() {
    TargetIndex& target = NewTarget(options_.name_prefix + index_.name);
    std::map<std::string, JoinRole, std::less<>> roles;
    const bool add_type_field = types_.size() > 1;
    target.mappings =
        BuildTypelessMapping(index_.mappings, options_, add_type_field, scope_, &roles);
    if (types_.size() > 1 && !has_parent_) {
      scope_.Warn("mappings", "multi-type-field",
                  std::to_string(types_.size()) + " types kept in one index (--multi-type field)");
    } else if (types_.size() > 1) {
      scope_.Warn("mappings", "multi-type-join",
                  "parent/child types stay in one index (a join field cannot span indices)");
    }
    for (const std::string& type : types_) {
      TypeRoute route;
      route.source_enabled = index_.SourceEnabled(type);
      if (add_type_field) route.type_field = options_.type_field;
      if (auto role = roles.find(type); role != roles.end()) {
        route.join_role = role->second;
        route.join_field = options_.join_field;
      }
      plan_.routes[type] = route;
    }
    FinishTarget(target);
  }

  // An index per type, and the old name as an alias over them all.
  void PlanSplitIndices() {
    std::string joined;
    for (const std::string& type : types_) {
      const std::string name = options_.name_prefix + SplitName(index_.name, type);
      joined += (joined.empty() ? "" : ", ") + name;
      TargetIndex& target = NewTarget(name);
      std::vector<std::pair<std::string, Json>> own;
      for (const auto& [mapping_type, mapping] : index_.mappings) {
        if (mapping_type == type || mapping_type == kDefaultMappingType) {
          own.emplace_back(mapping_type, mapping);
        }
      }
      target.mappings = BuildTypelessMapping(own, options_, false, scope_);
      TypeRoute route;
      route.target = plan_.targets.size() - 1;
      route.source_enabled = index_.SourceEnabled(type);
      plan_.routes[type] = route;
      FinishTarget(target);
    }
    // The old name keeps working for searches: an alias over the split indices.
    for (TargetIndex& target : plan_.targets) {
      target.aliases.push_back({options_.name_prefix + index_.name, Json::object()});
    }
    scope_.Warn("mappings", "multi-type-split",
                std::to_string(types_.size()) + " types split into " + joined + " (alias \"" +
                    index_.name + "\" covers them all)");
  }

  // What the type's documents carry besides _source: kept _timestamp / _ttl, the join parent.
  void RouteMetaFields(const std::string& type) {
    const Json* own = index_.Mapping(type);
    const Json* defaults = index_.Mapping(kDefaultMappingType);
    const Json merged =
        MergeDefaultMapping(defaults ? *defaults : Json::object(), own ? *own : Json::object());
    TypeRoute& route = plan_.routes[type];
    auto enabled = [&](std::string_view meta) {
      const Json* field = Member(merged, meta);
      const Json* on = field ? Member(*field, "enabled") : nullptr;
      return on != nullptr && on->is_boolean() && on->get<bool>();
    };
    route.keep_timestamp = options_.mapping.timestamp_field.has_value() && enabled("_timestamp");
    route.keep_ttl = options_.mapping.ttl_field.has_value() && enabled("_ttl");
    if (const Json* parent = Member(merged, "_parent")) {
      route.join_parent_type = StringOr(Member(*parent, "type"));
    }
    if (!route.source_enabled) {
      scope_.Warn("mappings." + type + "._source", "source-disabled",
                  "_source is disabled: these documents cannot be rebuilt and are listed in the "
                  "dead-letter file");
    }
  }

  const SourceIndex& index_;
  const LayoutOptions& options_;
  ReportScope& scope_;
  const TranslatedSettings settings_;
  const std::vector<TargetAlias> aliases_;
  const std::vector<std::string> types_;
  const bool has_parent_;
  IndexPlan plan_;
};

}  // namespace

Result<IndexPlan> PlanIndex(const SourceIndex& index, const LayoutOptions& options,
                            Report& report) {
  ReportScope scope(report, "index " + index.name);
  SL_ASSIGN_OR_RETURN(TranslatedSettings settings, TranslateIndexSettings(index.settings, scope));
  return IndexPlanner(index, options, scope, std::move(settings)).Plan();
}

}  // namespace shardlift::translate
