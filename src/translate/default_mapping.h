// Applying ES 5's `_default_` mapping to a type, the way ES 5 did when it created the type
// (XContentHelper.mergeDefaults): the type's own values win, objects merge recursively, and lists
// of single-key objects (dynamic_templates) merge by key with the type's entries first.
#pragma once

#include "json/json.h"

namespace shardlift::translate {

// `type_mapping` with every default it does not set itself taken from `default_mapping`.
Json MergeDefaultMapping(const Json& default_mapping, const Json& type_mapping);

}  // namespace shardlift::translate
