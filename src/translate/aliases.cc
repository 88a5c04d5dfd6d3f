#include "translate/aliases.h"

#include <utility>

namespace shardlift::translate {
namespace {

constexpr size_t kMaxNameBytes = 255;

Json BoolOf(std::string_view clause, const Json& queries) {
  Json list = queries.is_array() ? queries : Json::array({queries});
  return {{"bool", {{std::string(clause), std::move(list)}}}};
}

}  // namespace

std::optional<std::string> InvalidNameReason(std::string_view name, bool is_index) {
  if (name.empty()) return "must not be empty";
  for (const char c : std::string_view("\\/*?\"<>| ,#")) {
    if (name.find(c) != std::string_view::npos) {
      return std::string("must not contain '") + c + "'";
    }
  }
  if (name.front() == '_' || name.front() == '-' || name.front() == '+') {
    return "must not start with '_', '-' or '+'";
  }
  if (name == "." || name == "..") return "must not be '.' or '..'";
  if (name.size() > kMaxNameBytes) return "must not be longer than 255 bytes";
  if (is_index) {
    for (const char c : name) {
      if (c >= 'A' && c <= 'Z') return "must be lowercase";
    }
    if (name.find(':') != std::string_view::npos) return "must not contain ':'";
  }
  return std::nullopt;
}

Json TranslateQuery(const Json& query, const std::string& path, ReportScope& report) {
  if (query.is_array()) {
    Json out = Json::array();
    for (const Json& entry : query) out.push_back(TranslateQuery(entry, path, report));
    return out;
  }
  if (!query.is_object()) return query;
  if (query.size() == 1) {
    const std::string& kind = query.begin().key();
    const Json& body = query.begin().value();
    auto rewritten = [&](const Json& replacement) {
      report.Info(path, "query-rewritten",
                  "`" + kind + "` query (removed in ES 7) rewritten as a bool query");
      return TranslateQuery(replacement, path, report);
    };
    if (kind == "filtered") {
      Json bool_query = Json::object();
      if (const Json* inner = Member(body, "query")) bool_query["must"] = *inner;
      if (const Json* filter = Member(body, "filter")) bool_query["filter"] = *filter;
      return rewritten({{"bool", bool_query}});
    }
    if (kind == "and" || kind == "or") {
      const Json* filters = Member(body, "filters");
      return rewritten(BoolOf(kind == "and" ? "filter" : "should", filters ? *filters : body));
    }
    if (kind == "not") {
      const Json* filter = Member(body, "filter");
      const Json* inner = Member(body, "query");
      return rewritten(BoolOf("must_not", filter ? *filter : inner ? *inner : body));
    }
    if (kind == "missing") {
      return rewritten(
          BoolOf("must_not", Json{{"exists", {{"field", StringOr(Member(body, "field"))}}}}));
    }
  }
  Json out = Json::object();
  for (const auto& [key, value] : query.items()) {
    if ((key == "term" || key == "terms") && Member(value, "_type")) {
      report.Warn(path, "alias-filter-type",
                  "filters on _type, which ES 7 indices no longer carry per document");
    }
    out[key] = TranslateQuery(value, path, report);
  }
  return out;
}

std::optional<TargetAlias> TranslateAlias(const SourceAlias& alias, ReportScope& report) {
  const std::string path = "aliases." + alias.name;
  // {index} is a template placeholder ES 7 still resolves; it is not part of the final name.
  std::string checked = alias.name;
  if (auto at = checked.find("{index}"); at != std::string::npos) checked.replace(at, 7, "index");
  if (auto reason = InvalidNameReason(checked, /*is_index=*/false)) {
    report.Warn(path, "alias-name-refused", "skipped: ES 7 refuses the name (" + *reason + ")");
    return std::nullopt;
  }
  TargetAlias out{alias.name, Json::object()};
  if (alias.filter) out.body["filter"] = TranslateQuery(*alias.filter, path + ".filter", report);
  if (alias.index_routing) out.body["index_routing"] = *alias.index_routing;
  if (alias.search_routing) out.body["search_routing"] = *alias.search_routing;
  return out;
}

}  // namespace shardlift::translate
