// --target-templates DIR: ES 7 templates the user's application ships (ClearML Server 0.16 ships
// typeless ones). For every target index they match, they win over the translation: the index is
// created bare and ES applies them; the report lists where the source mapping disagreed (fields
// the template lacks or types differently, `_routing.required`, `dynamic`), and boolean coercion
// follows the template's mapping.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "json/json.h"
#include "translate/index_layout.h"
#include "translate/report.h"

namespace shardlift::translate {

struct UserTemplate {
  std::string name;  // the file name without .json
  Json body;  // {"index_patterns":[…],"order":…,"settings":…,"mappings":…,"aliases":…}
  std::vector<std::string> patterns;
  int64_t order = 0;
};

// Every *.json file of `dir`, sorted by name. A body may also be wrapped as {"<name>": {…}}.
Result<std::vector<UserTemplate>> LoadUserTemplates(const std::string& dir);

// The mapping and settings that `templates` give an index called `name` (merged by order, higher
// order wins), or nullopt when none matches.
struct TemplateMatch {
  std::vector<std::string> names;
  Json mappings = Json::object();
  Json settings = Json::object();  // nested {"index":{…}}
};
std::optional<TemplateMatch> MatchTemplates(const std::vector<UserTemplate>& templates,
                                            std::string_view name);

// Applies matching user templates to `plan`'s targets and reports the disagreements.
void ApplyUserTemplates(IndexPlan& plan, const std::vector<UserTemplate>& templates,
                        Report& report);

}  // namespace shardlift::translate
