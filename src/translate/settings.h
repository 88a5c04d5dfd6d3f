// Index settings, ES 5/2.x → ES 7.
//
// Drops what ES 7 owns or refuses (uuid, versions, creation date, provided name, allocation
// filters that name the old cluster's nodes, single_type, mapper.dynamic, 2.x leftovers), keeps
// shards, analysis (fixed, see analysis_translation.h), codec, refresh and custom settings, and
// holds back the settings that would slow or block the load so they are applied afterwards.
#pragma once

#include "base/result.h"
#include "json/json.h"
#include "translate/flat_settings.h"
#include "translate/report.h"

namespace shardlift::translate {

// The replicas an index gets back after the load when its source did not say: ES's default,
// written out because 7.6.2 refuses `"number_of_replicas": null` ("must specify
// numberOfReplicas"), where later versions take null as the default.
inline constexpr const char* kDefaultNumberOfReplicas = "1";

struct TranslatedSettings {
  // What the index is created with, nested: {"index":{…}}. Holds the load-time values
  // number_of_replicas 0 and refresh_interval -1.
  Json create = Json::object();
  // What is put back after the load: the source's replicas / refresh / auto-expand / blocks
  // (null = ES 7's default), nested: {"index":{…}}.
  Json after_load = Json::object();
};

// Translates flat `settings` (keys with or without the "index." prefix, as ES 5 stored them).
// `path` prefixes report paths ("settings").
Result<TranslatedSettings> TranslateIndexSettings(const FlatSettings& settings,
                                                  ReportScope& report);

// Removes `key` (flat, "index.foo.bar") from nested `settings`, pruning emptied objects. Used when
// the node refuses a setting by name.
bool RemoveNestedSetting(Json& settings, std::string_view key);

}  // namespace shardlift::translate
