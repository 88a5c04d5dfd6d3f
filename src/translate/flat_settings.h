// ES 5 keeps settings as a flat map of strings ("index.analysis.analyzer.a.filter.0": "lowercase");
// ES 7 takes them nested with real arrays. These convert between the two forms.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "json/json.h"

namespace shardlift::translate {

using FlatSettings = std::map<std::string, std::string>;

// {"index.a.b": "1", "index.l.0": "x", "index.l.1": "y"} → {"index":{"a":{"b":"1"},"l":["x","y"]}}.
// Objects whose keys are exactly 0..n-1 become arrays (ES 5's Settings.putArray form). A key that
// is both a value and a prefix of other keys is refused.
Result<Json> NestSettings(const FlatSettings& flat);

// "index.a.b" → {"index", "a", "b"}.
std::vector<std::string> SplitSettingKey(std::string_view key);

// The reverse, for nested settings (templates, user templates): arrays become key.0, key.1, …;
// numbers and booleans become their JSON text.
FlatSettings FlattenSettings(const Json& nested);

}  // namespace shardlift::translate
