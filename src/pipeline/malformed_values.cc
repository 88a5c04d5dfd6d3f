#include "pipeline/malformed_values.h"

#include <array>
#include <string_view>
#include <utility>
#include <vector>

namespace shardlift::pipeline {
namespace {

// The field types of ES 7 that take ignore_malformed.
constexpr std::array<std::string_view, 14> kIgnoreMalformedTypes = {
    "long",         "integer", "short",      "byte", "double",    "float",     "half_float",
    "scaled_float", "date",    "date_nanos", "ip",   "geo_point", "geo_shape", "unsigned_long"};

// The text between `open` and the next ']' after `from`; `from` moves past it.
std::optional<std::string> Bracketed(std::string_view text, std::string_view open, size_t& from) {
  const size_t start = text.find(open, from);
  if (start == std::string_view::npos) return std::nullopt;
  const size_t begin = start + open.size();
  const size_t end = text.find(']', begin);
  if (end == std::string_view::npos) return std::nullopt;
  from = end + 1;
  return std::string(text.substr(begin, end - begin));
}

// "(caused by …)" of an error object, for the report.
std::string Cause(const Json& error) {
  const Json* cause = Member(error, "caused_by");
  return cause != nullptr ? StringOr(Member(*cause, "reason")) : StringOr(Member(error, "reason"));
}

// The definitions on the way to `field` (a dotted path through properties and multi-fields) in
// `mapping`, each with the key it sits under; nullopt when `field` is not in it. `steps`: the
// path's parts.
std::optional<std::vector<std::pair<const Json*, std::string_view>>> FieldPath(
    const Json& mapping, const std::string& field, std::vector<std::string>& steps) {
  for (size_t begin = 0; begin <= field.size();) {
    const size_t dot = field.find('.', begin);
    steps.push_back(field.substr(begin, dot == std::string::npos ? dot : dot - begin));
    if (dot == std::string::npos) break;
    begin = dot + 1;
  }
  std::vector<std::pair<const Json*, std::string_view>> path;
  const Json* at = &mapping;
  for (const std::string& step : steps) {
    const Json* found = nullptr;
    std::string_view container;
    for (const std::string_view key : {"properties", "fields"}) {
      const Json* children = Member(*at, key);
      if (children != nullptr && (found = Member(*children, step)) != nullptr) {
        container = key;
        break;
      }
    }
    if (found == nullptr || !found->is_object()) return std::nullopt;
    path.emplace_back(found, container);
    at = found;
  }
  return path;
}

bool IgnoresAlready(const Json& definition) {
  const Json* already = Member(definition, "ignore_malformed");
  return already != nullptr && already->is_boolean() && already->get<bool>();
}

}  // namespace

std::optional<std::pair<std::string, std::string>> MalformedField(const Json& error) {
  if (StringOr(Member(error, "type")) != "mapper_parsing_exception") return std::nullopt;
  const std::string reason = StringOr(Member(error, "reason"));
  constexpr std::string_view kPrefix = "failed to parse field [";
  if (!reason.starts_with(kPrefix)) return std::nullopt;
  size_t at = 0;
  std::optional<std::string> field = Bracketed(reason, kPrefix, at);
  if (!field || reason.compare(at, 10, " of type [") != 0) return std::nullopt;
  std::optional<std::string> type = Bracketed(reason, " of type [", at);
  if (!type || field->empty()) return std::nullopt;
  for (const std::string_view known : kIgnoreMalformedTypes) {
    if (*type == known) return std::make_pair(std::move(*field), std::move(*type));
  }
  return std::nullopt;
}

bool IgnoresMalformed(const Json& mapping, const std::string& field) {
  std::vector<std::string> steps;
  const auto path = FieldPath(mapping, field, steps);
  return path && !path->empty() && IgnoresAlready(*path->back().first);
}

std::optional<Json> IgnoreMalformedUpdate(const Json& mapping, const std::string& field) {
  std::vector<std::string> steps;
  const auto found = FieldPath(mapping, field, steps);
  if (!found || found->empty() || IgnoresAlready(*found->back().first)) return std::nullopt;
  const auto& path = *found;
  // Build from the leaf up: every definition as it is, holding only the next step below it.
  Json below = *path.back().first;
  below["ignore_malformed"] = true;
  for (size_t i = path.size(); i-- > 0;) {
    Json holder = Json::object();
    if (i > 0) {
      holder = *path[i - 1].first;
      holder.erase("properties");
      holder.erase("fields");
    }
    holder[std::string(path[i].second)] = Json{{steps[i], std::move(below)}};
    below = std::move(holder);
  }
  return below;
}

uint64_t MalformedValues::generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

bool MalformedValues::Repair(const std::string& index, const Json& error, uint64_t sent_at) {
  const auto malformed = MalformedField(error);
  if (!malformed) return false;
  const auto& [field, type] = *malformed;
  std::lock_guard lock(mutex_);
  const auto key = std::make_pair(index, field);
  if (auto it = fields_.find(key); it != fields_.end()) {
    // Changed after the request left: that is why ES refused; changed before it, ES refuses
    // the value anyway.
    return it->second > sent_at;
  }
  translate::ReportScope scope(report_, "index " + index);
  const std::string path = "mappings." + field;
  if (Status status = Update(index, field); !status.ok()) {
    fields_[key] = 0;
    scope.Warn(path, "ignore-malformed-refused",
               "ES 7 refuses a value ES 5 took (" + Cause(error) +
                   ") and ignore_malformed could not be set (" + status.message() +
                   "): such documents are dead-lettered");
    return false;
  }
  fields_[key] = ++generation_;
  scope.Warn(path, "ignore-malformed-set",
             type + " field: ES 7 refuses a value ES 5 took (" + Cause(error) +
                 "); set ignore_malformed: true, so the value stays in _source as it was, "
                 "unindexed, and the document is kept");
  return true;
}

Status MalformedValues::Update(const std::string& index, const std::string& field) {
  SL_ASSIGN_OR_RETURN(const Json mapping, cluster_.Mapping(index));
  const std::optional<Json> update = IgnoreMalformedUpdate(mapping, field);
  // Set since the refusal by another writer: another worker of this migration (migrate
  // --units), or the run before a resumed one.
  if (!update && IgnoresMalformed(mapping, field)) return Status();
  if (!update) {
    return Status::InvalidArgument("the mapping has no such field");
  }
  return cluster_.PutMapping(index, *update);
}

}  // namespace shardlift::pipeline
