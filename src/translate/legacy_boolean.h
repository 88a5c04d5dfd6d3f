// The booleans ES 5 accepted and ES 7 no longer does.
//
// Before 6.0, mappings, settings and boolean fields took "on"/"off"/"yes"/"no"/"1"/"0" and the
// numbers 1/0 as well as true/false. ES 7 takes only true/false and "true"/"false". These helpers
// say what such a value meant, so it can be rewritten without changing meaning.
#pragma once

#include <optional>
#include <string_view>

#include "json/json.h"

namespace shardlift::translate {

// The meaning of a legacy boolean spelling ("on", "no", "1", "false", …), nullopt for anything
// whose meaning is not certain (ES 5 took any other string as true; we do not guess).
std::optional<bool> LegacyBooleanText(std::string_view text);

// The same for a JSON value: booleans, the strings above, and the numbers 0 and 1.
std::optional<bool> LegacyBooleanValue(const Json& value);

}  // namespace shardlift::translate
