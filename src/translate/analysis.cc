#include "translate/analysis.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace shardlift::translate {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kRenamed = {{
    {"nGram", "ngram"},
    {"edgeNGram", "edge_ngram"},
    {"delimited_payload_filter", "delimited_payload"},
    {"htmlStrip", "html_strip"},
    {"PathHierarchy", "path_hierarchy"},
    {"pathHierarchy", "path_hierarchy"},
    {"standardHtmlStrip", "standard_html_strip"},
    {"keywordMarker", "keyword_marker"},
}};

constexpr int kDefaultMaxNgramDiff = 1;
constexpr int kDefaultMaxShingleDiff = 3;

std::string_view Renamed(std::string_view name) {
  for (const auto& [old_name, new_name] : kRenamed) {
    if (name == old_name) return new_name;
  }
  return name;
}

int IntSetting(const Json& component, std::string_view key, int fallback) {
  const Json* value = Member(component, key);
  if (value == nullptr) return fallback;
  if (value->is_number_integer()) return value->get<int>();
  if (value->is_string()) {
    try {
      return std::stoi(value->get<std::string>());
    } catch (...) {  // not a number: ES 7 will say so when the index is created
      return fallback;
    }
  }
  return fallback;
}

// Renames `component["type"]`; true when the component is a removed `standard` token filter.
bool FixComponentType(Json& component, const std::string& path, ReportScope& report,
                      bool is_token_filter) {
  if (!component.is_object()) return false;
  auto type = component.find("type");
  if (type == component.end() || !type->is_string()) return false;
  const std::string name = type->get<std::string>();
  if (is_token_filter && name == "standard") return true;
  const std::string_view renamed = Renamed(name);
  if (renamed != name) {
    report.Info(path + ".type", "analysis-renamed",
                "\"" + name + "\" → \"" + std::string(renamed) + "\" (old name refused by ES 7)");
    *type = renamed;
  }
  return false;
}

void FixReferenceList(Json& analyzer, std::string_view key, const std::string& path,
                      const std::vector<std::string>& removed_filters, ReportScope& report) {
  auto list = analyzer.find(key);
  if (list == analyzer.end()) return;
  if (list->is_string()) {
    Json single = Json::array();
    single.push_back(*list);
    *list = std::move(single);
  }
  if (!list->is_array()) return;
  Json fixed = Json::array();
  for (const Json& entry : *list) {
    if (!entry.is_string()) {
      fixed.push_back(entry);
      continue;
    }
    const std::string name = entry.get<std::string>();
    const bool removed =
        (key == "filter" && name == "standard") ||
        std::find(removed_filters.begin(), removed_filters.end(), name) != removed_filters.end();
    if (removed) {
      report.Info(
          path + "." + std::string(key), "standard-filter-removed",
          "dropped \"" + name + "\": the standard token filter was a no-op and ES 7 removed it");
      continue;
    }
    const std::string_view renamed = Renamed(name);
    if (renamed != name) {
      report.Info(path + "." + std::string(key), "analysis-renamed",
                  "\"" + name + "\" → \"" + std::string(renamed) + "\" (old name refused by ES 7)");
    }
    fixed.push_back(std::string(renamed));
  }
  *list = std::move(fixed);
}

void RaiseLimit(Json& index_settings, std::string_view key, int needed, int es7_default,
                ReportScope& report) {
  if (needed <= es7_default) return;
  const int current = IntSetting(index_settings, key, es7_default);
  if (current >= needed) return;
  index_settings[std::string(key)] = std::to_string(needed);
  report.Info("settings.index." + std::string(key), "analysis-limit-raised",
              "set to " + std::to_string(needed) +
                  ": an analysis component needs it (ES 5 had no such limit)");
}

}  // namespace

void TranslateAnalysis(Json& index_settings, ReportScope& report) {
  auto analysis = index_settings.find("analysis");
  if (analysis == index_settings.end() || !analysis->is_object()) return;
  const std::string base = "settings.index.analysis";
  std::vector<std::string> removed_filters;
  int ngram_diff = 0;
  int shingle_diff = 0;

  for (std::string_view section : {"filter", "tokenizer", "char_filter"}) {
    auto components = analysis->find(section);
    if (components == analysis->end() || !components->is_object()) continue;
    for (auto it = components->begin(); it != components->end();) {
      const std::string path = base + "." + std::string(section) + "." + it.key();
      if (FixComponentType(*it, path, report, section == "filter")) {
        report.Info(path, "standard-filter-removed",
                    "dropped: a filter of type standard was a no-op and ES 7 removed it");
        removed_filters.push_back(it.key());
        it = components->erase(it);
        continue;
      }
      const std::string type = StringOr(Member(*it, "type"));
      if (type == "ngram") {
        ngram_diff =
            std::max(ngram_diff, IntSetting(*it, "max_gram", 2) - IntSetting(*it, "min_gram", 1));
      } else if (type == "shingle") {
        shingle_diff = std::max(shingle_diff, IntSetting(*it, "max_shingle_size", 2) -
                                                  IntSetting(*it, "min_shingle_size", 2));
      }
      ++it;
    }
  }

  auto analyzers = analysis->find("analyzer");
  if (analyzers != analysis->end() && analyzers->is_object()) {
    for (auto& [name, analyzer] : analyzers->items()) {
      if (!analyzer.is_object()) continue;
      const std::string path = base + ".analyzer." + name;
      FixReferenceList(analyzer, "filter", path, removed_filters, report);
      FixReferenceList(analyzer, "char_filter", path, {}, report);
      if (auto tokenizer = analyzer.find("tokenizer");
          tokenizer != analyzer.end() && tokenizer->is_string()) {
        const std::string old_name = tokenizer->get<std::string>();
        if (Renamed(old_name) != old_name) {
          report.Info(path + ".tokenizer", "analysis-renamed",
                      "\"" + old_name + "\" → \"" + std::string(Renamed(old_name)) + "\"");
          *tokenizer = std::string(Renamed(old_name));
        }
      }
      if (auto gap = analyzer.find("position_offset_gap"); gap != analyzer.end()) {
        analyzer["position_increment_gap"] = *gap;
        analyzer.erase("position_offset_gap");
        report.Info(path + ".position_offset_gap", "position-offset-gap-renamed",
                    "renamed to position_increment_gap (2.x name)");
      }
    }
  }
  RaiseLimit(index_settings, "max_ngram_diff", ngram_diff, kDefaultMaxNgramDiff, report);
  RaiseLimit(index_settings, "max_shingle_diff", shingle_diff, kDefaultMaxShingleDiff, report);
}

}  // namespace shardlift::translate
