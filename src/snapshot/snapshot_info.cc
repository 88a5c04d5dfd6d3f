#include "snapshot/snapshot_info.h"

#include <array>
#include <cstdio>
#include <ctime>

#include "snapshot/object_fields.h"

namespace shardlift::snapshot {

namespace {

constexpr std::array<std::string_view, 5> kStateNames = {"IN_PROGRESS", "SUCCESS", "FAILED",
                                                         "PARTIAL", "INCOMPATIBLE"};

Result<std::vector<std::string>> StringList(const ObjectFields& fields, std::string_view key) {
  std::vector<std::string> out;
  const nlohmann::ordered_json* list = fields.Find(key);
  if (list == nullptr) return out;
  if (!list->is_array()) return fields.Malformed(std::string(key) + " is not a list");
  for (const nlohmann::ordered_json& item : *list) {
    if (!item.is_string()) {
      return fields.Malformed(std::string(key) + " holds a " + item.type_name());
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

Result<ShardFailure> ParseFailure(const nlohmann::ordered_json& value, const io::FileSlice& where,
                                  size_t i) {
  SL_ASSIGN_OR_RETURN(const ObjectFields fields,
                      ObjectFields::Of(value, where, "failures[" + std::to_string(i) + "]"));
  ShardFailure failure;
  SL_ASSIGN_OR_RETURN(failure.index, fields.String("index"));
  SL_ASSIGN_OR_RETURN(std::optional<std::string> index_uuid, fields.OptionalString("index_uuid"));
  failure.index_uuid = index_uuid.value_or("");
  SL_ASSIGN_OR_RETURN(failure.shard_id, fields.Long("shard_id"));
  SL_ASSIGN_OR_RETURN(std::optional<std::string> reason, fields.OptionalString("reason"));
  failure.reason = reason.value_or("");
  SL_ASSIGN_OR_RETURN(std::optional<std::string> node, fields.OptionalString("node_id"));
  failure.node_id = node.value_or("");
  SL_ASSIGN_OR_RETURN(std::optional<std::string> status, fields.OptionalString("status"));
  failure.status = status.value_or("");
  return failure;
}

}  // namespace

std::string_view ToString(SnapshotState state) { return kStateNames[static_cast<int>(state)]; }

std::optional<SnapshotState> SnapshotStateNamed(std::string_view name) {
  for (size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == name) return static_cast<SnapshotState>(i);
  }
  return std::nullopt;
}

std::optional<SnapshotState> SnapshotStateOfByte(int64_t value) {
  if (value < 0 || value >= static_cast<int64_t>(kStateNames.size())) return std::nullopt;
  return static_cast<SnapshotState>(value);
}

Result<SnapshotInfo> ParseSnapshotInfo(const nlohmann::ordered_json& dom,
                                       const io::FileSlice& where) {
  SL_ASSIGN_OR_RETURN(const ObjectFields root, ObjectFields::Of(dom, where, "snapshot info"));
  const nlohmann::ordered_json* body = root.Find("snapshot");
  if (body == nullptr) return root.Malformed("no \"snapshot\"");
  SL_ASSIGN_OR_RETURN(const ObjectFields fields, ObjectFields::Of(*body, where, "snapshot info"));
  SnapshotInfo info;
  SL_ASSIGN_OR_RETURN(info.name, fields.String("name"));
  SL_ASSIGN_OR_RETURN(std::optional<std::string> uuid, fields.OptionalString("uuid"));
  info.uuid = uuid.value_or("");
  SL_ASSIGN_OR_RETURN(std::optional<int64_t> version, fields.OptionalLong("version_id"));
  info.version_id = version.value_or(0);
  SL_ASSIGN_OR_RETURN(info.indices, StringList(fields, "indices"));
  SL_ASSIGN_OR_RETURN(const std::string state, fields.String("state"));
  const std::optional<SnapshotState> parsed = SnapshotStateNamed(state);
  if (!parsed) return fields.Malformed("unknown state \"" + state + "\"");
  info.state = *parsed;
  SL_ASSIGN_OR_RETURN(std::optional<std::string> reason, fields.OptionalString("reason"));
  info.reason = reason.value_or("");
  SL_ASSIGN_OR_RETURN(std::optional<int64_t> start, fields.OptionalLong("start_time"));
  info.start_time_ms = start.value_or(0);
  SL_ASSIGN_OR_RETURN(std::optional<int64_t> end, fields.OptionalLong("end_time"));
  info.end_time_ms = end.value_or(0);
  SL_ASSIGN_OR_RETURN(std::optional<int64_t> total, fields.OptionalLong("total_shards"));
  info.total_shards = total.value_or(0);
  SL_ASSIGN_OR_RETURN(std::optional<int64_t> successful, fields.OptionalLong("successful_shards"));
  info.successful_shards = successful.value_or(0);
  if (const nlohmann::ordered_json* failures = fields.Find("failures")) {
    if (!failures->is_array()) return fields.Malformed("\"failures\" is not a list");
    for (size_t i = 0; i < failures->size(); ++i) {
      SL_ASSIGN_OR_RETURN(ShardFailure failure, ParseFailure((*failures)[i], where, i));
      info.failures.push_back(std::move(failure));
    }
  }
  return info;
}

std::string FormatTimestamp(int64_t ms) {
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  if (ms < 0 || gmtime_r(&seconds, &utc) == nullptr) return std::to_string(ms) + "ms";
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms % 1000));
  return text;
}

}  // namespace shardlift::snapshot
