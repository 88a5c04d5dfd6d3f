// Where each ES 5 index and type goes in ES 7, and with which settings, mapping and aliases.
//
//  * one type (not counting `_default_`): the index keeps its name;
//  * several types, `--multi-type split` (default): one index per type, `<index>-<type>`, each
//    carrying the source's aliases, plus an alias `<index>` over all of them;
//  * several types, `--multi-type field`, and every parent/child index (a join field cannot span
//    indices): one index of the source's name, the type in a keyword field, ids prefixed with
//    `<type>#` only where they collide across types;
//  * `_parent` → one join field with the relations; parents get `"<join>":"<type>"`, children
//    `{"name":"<type>","parent":"<parent id>"}`, routed like their parent.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "json/json.h"
#include "translate/aliases.h"
#include "translate/mapping.h"
#include "translate/report.h"
#include "translate/source_model.h"

namespace shardlift::translate {

enum class MultiTypeMode { kSplit, kField };

struct LayoutOptions {
  MultiTypeMode multi_type = MultiTypeMode::kSplit;
  std::string type_field = "es5_type";
  std::string join_field = "join";
  MappingOptions mapping;
  bool raise_limits = true;  // raise index.mapping.*.limit where the source needs it
  // --target-prefix: put before every index, alias and template name (and template pattern), to
  // migrate into a cluster that already has indices of those names.
  std::string name_prefix;
};

enum class JoinRole { kNone, kParent, kChild };

struct TypeRoute {
  size_t target = 0;  // index into IndexPlan::targets
  bool source_enabled = true;
  std::string type_field;  // single-index form: the field holding the type ("" = none)
  JoinRole join_role = JoinRole::kNone;
  std::string join_field;        // "" = not in a join relation
  std::string join_parent_type;  // children: the `_parent` type
  bool prefix_ids = false;  // single-index form, ids that collide across types (see IdCollisions)
  bool keep_timestamp = false;
  bool keep_ttl = false;
};

struct TargetIndex {
  std::string name;
  Json settings = Json::object();    // at creation: {"index":{…}} with the load-time values
  Json after_load = Json::object();  // restored after the load: {"index":{…}}
  Json mappings = Json::object();    // typeless
  std::vector<TargetAlias> aliases;
  bool close_after_load = false;
  bool mappings_from_user_template = false;  // created bare; the user's template supplies them
  std::vector<std::string> boolean_fields;   // dotted paths, for document coercion
};

struct IndexPlan {
  std::string source;
  std::vector<TargetIndex> targets;
  std::map<std::string, TypeRoute, std::less<>> routes;  // by source type

  const TypeRoute* Route(std::string_view type) const;
  bool single_index_form() const;  // several types share one target
};

Result<IndexPlan> PlanIndex(const SourceIndex& index, const LayoutOptions& options, Report& report);

// The single typeless mapping for a set of ES 5 type mappings (`_default_` included or not): one
// type as is, several merged with a type field (field mode) and a join field where `_parent` is
// used. Shared by indices and templates. `roles` (optional) receives each type's join role.
Json BuildTypelessMapping(const std::vector<std::pair<std::string, Json>>& mappings,
                          const LayoutOptions& options, bool add_type_field, ReportScope& report,
                          std::map<std::string, JoinRole, std::less<>>* roles = nullptr);

}  // namespace shardlift::translate
