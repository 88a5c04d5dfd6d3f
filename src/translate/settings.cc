#include "translate/settings.h"

#include <array>
#include <functional>
#include <string>
#include <string_view>

#include "translate/analysis.h"

namespace shardlift::translate {
namespace {

struct DropRule {
  std::string_view key;  // exact key, or a prefix when it ends with '.'
  std::string_view why;
};

// Settings ES 7 owns, refuses, or that only made sense on the old cluster.
constexpr std::array kDropped = {
    DropRule{"index.uuid", "ES 7 assigns its own index uuid"},
    DropRule{"index.version.", "ES 7 records the version that creates the index"},
    DropRule{"index.creation_date", "ES 7 records its own creation date"},
    DropRule{"index.creation_date_string", "ES 7 records its own creation date"},
    DropRule{"index.provided_name", "ES 7 records the name it is given"},
    DropRule{"index.routing.allocation.", "allocation rules name the old cluster's nodes"},
    DropRule{"index.mapping.single_type", "ES 7 indices always have a single type"},
    DropRule{"index.mapper.dynamic", "removed in ES 7 (use the mapping's `dynamic`)"},
    DropRule{"index.shadow_replicas", "shadow replicas were removed in ES 6"},
    DropRule{"index.shared_filesystem", "shadow replicas were removed in ES 6"},
    DropRule{"index.shared_filesystem.", "shadow replicas were removed in ES 6"},
    DropRule{"index.data_path", "custom data paths belong to the old node"},
    DropRule{"index.ttl.", "_ttl was removed in ES 5"},
    DropRule{"index.warmer.enabled", "warmers were removed in ES 5"},
    DropRule{"index.translog.fs.type", "removed in ES 5"},
    DropRule{"index.translog.interval", "removed in ES 5"},
    DropRule{"index.translog.flush_threshold_ops", "removed in ES 5"},
    DropRule{"index.translog.flush_threshold_period", "removed in ES 5"},
    DropRule{"index.mapping.allow_type_wrapper", "removed in ES 5"},
    DropRule{"index.legacy.", "2.x routing leftovers"},
    DropRule{"index.merge.policy.type", "removed in ES 5"},
    DropRule{"index.merge.scheduler.type", "removed in ES 5"},
    DropRule{"index.cache.filter.", "removed in ES 5"},
    DropRule{"index.compound_on_flush", "removed in ES 5"},
    DropRule{"index.store.throttle.", "store throttling was removed in ES 6"},
    DropRule{"archived.", "settings ES 5 had already archived as unknown or invalid"},
    DropRule{"index.archived.", "settings ES 5 had already archived as unknown or invalid"},
};

// Settings that slow down or block a bulk load: created with the load value, restored afterwards.
struct DeferredRule {
  std::string_view key;
  const char* load_value;  // nullptr: absent during the load
  // Put back after the load when the source did not set it: "" = null (ES's default).
  const char* restore_default;
};
constexpr std::array kDeferred = {
    DeferredRule{"index.number_of_replicas", "0", kDefaultNumberOfReplicas},
    DeferredRule{"index.refresh_interval", "-1", ""},
    DeferredRule{"index.auto_expand_replicas", nullptr, ""},
    DeferredRule{"index.blocks.", nullptr, ""},
};

bool Matches(std::string_view key, std::string_view rule) {
  if (rule.ends_with('.')) return key.starts_with(rule) || key == rule.substr(0, rule.size() - 1);
  return key == rule;
}

std::string Normalized(const std::string& key) {
  if (key.starts_with("index.") || key.starts_with("archived.")) return key;
  return "index." + key;
}

}  // namespace

Result<TranslatedSettings> TranslateIndexSettings(const FlatSettings& settings,
                                                  ReportScope& report) {
  FlatSettings kept;
  FlatSettings after;
  for (const auto& [raw_key, value] : settings) {
    const std::string key = Normalized(raw_key);
    const DropRule* drop = nullptr;
    for (const DropRule& rule : kDropped) {
      if (Matches(key, rule.key)) drop = &rule;
    }
    if (drop != nullptr) {
      report.Info("settings." + key, "setting-dropped",
                  "dropped \"" + value + "\": " + std::string(drop->why));
      continue;
    }
    const DeferredRule* deferred = nullptr;
    for (const DeferredRule& rule : kDeferred) {
      if (Matches(key, rule.key)) deferred = &rule;
    }
    if (deferred != nullptr) {
      after[key] = value;
      continue;
    }
    if (key == "index.query.default_field" && value == "_all") {
      report.Warn("settings." + key, "all-field-removed",
                  "dropped: the _all field was removed in ES 6 (queries default to all fields)");
      continue;
    }
    kept[key] = value;
  }
  for (const DeferredRule& rule : kDeferred) {
    if (rule.load_value != nullptr) kept[std::string(rule.key)] = rule.load_value;
  }

  TranslatedSettings out;
  auto nested = NestSettings(kept);
  if (!nested.ok()) return nested.status().WithContext(report.subject());
  out.create = std::move(nested.value());
  if (Json* analysis = out.create.contains("index") ? &out.create["index"] : nullptr) {
    TranslateAnalysis(*analysis, report);
  }

  // After the load: the source's value, or null (= ES 7's default) for what it did not set.
  FlatSettings restore = after;
  for (const DeferredRule& rule : kDeferred) {
    if (rule.load_value != nullptr && !restore.contains(std::string(rule.key))) {
      restore[std::string(rule.key)] = rule.restore_default;
    }
  }
  auto nested_after = NestSettings(restore);
  if (!nested_after.ok()) return nested_after.status().WithContext(report.subject());
  out.after_load = std::move(nested_after.value());
  // "" marks "back to the default": ES takes null for that.
  std::function<void(Json&)> nulls = [&](Json& node) {
    for (auto& [key, child] : node.items()) {
      if (child.is_object()) {
        nulls(child);
      } else if (child.is_string() && child.get_ref<const std::string&>().empty()) {
        child = nullptr;
      }
    }
  };
  nulls(out.after_load);
  return out;
}

bool RemoveNestedSetting(Json& settings, std::string_view key) {
  const std::vector<std::string> parts = SplitSettingKey(key);
  // Nested keys may still hold dots when they were given nested by the user; try the flat rest.
  std::function<bool(Json&, size_t)> remove = [&](Json& node, size_t at) -> bool {
    if (!node.is_object()) return false;
    std::string rest;
    for (size_t i = at; i < parts.size(); ++i) rest += (i == at ? "" : ".") + parts[i];
    if (node.erase(rest) > 0) return true;
    auto it = node.find(parts[at]);
    if (it == node.end() || at + 1 == parts.size()) return false;
    if (!remove(*it, at + 1)) return false;
    if (it->is_object() && it->empty()) node.erase(it);
    return true;
  };
  return remove(settings, 0);
}

}  // namespace shardlift::translate
