// The JSON DOM the target side works with: key order matters (mappings and settings are shown to
// users and compared with their own templates), so it is nlohmann's ordered variant everywhere.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/result.h"

namespace shardlift {

using Json = nlohmann::ordered_json;

// Parses `text` without letting nlohmann's exceptions escape; `what` names the input in errors.
Result<Json> ParseJson(std::string_view text, std::string_view what);

// One-line JSON; invalid UTF-8 is replaced rather than thrown about (ES 5 metadata is UTF-8).
std::string DumpJson(const Json& value);

// The member `key` of `object` when `object` is an object holding it, else nullptr.
const Json* Member(const Json& object, std::string_view key);

// The string `value` holds, or "" for anything else.
std::string StringOr(const Json* value, std::string_view fallback = "");

// Member lookup and insertion in constant time for one object that is worked on member by member.
// nlohmann's ordered_map finds a key by walking its members, so filling or merging an object of
// n members through find/operator[] costs n² (a mapping of 200,000 fields took minutes).
class ObjectIndex {
 public:
  // `object` must be an object and outlive the index; change it only through Add.
  explicit ObjectIndex(Json& object);

  // The member `key`, or nullptr.
  Json* Find(const std::string& key);
  // Appends `key` (which must be missing) with `value`; returns the new member.
  Json& Add(const std::string& key, Json value);

 private:
  Json::object_t& members_;
  std::unordered_map<std::string, size_t> positions_;
};

}  // namespace shardlift
