#include "json/json.h"

namespace shardlift {

Result<Json> ParseJson(std::string_view text, std::string_view what) {
  Json value = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    return Status::Corruption(std::string(what) + ": not valid JSON");
  }
  return value;
}

std::string DumpJson(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

const Json* Member(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::string StringOr(const Json* value, std::string_view fallback) {
  if (value != nullptr && value->is_string()) return value->get<std::string>();
  return std::string(fallback);
}

ObjectIndex::ObjectIndex(Json& object) : members_(object.get_ref<Json::object_t&>()) {
  positions_.reserve(members_.size());
  // By position through the vector ordered_map is: its operator[] takes keys.
  for (size_t i = 0; i < members_.size(); ++i) positions_.emplace(members_.begin()[i].first, i);
}

Json* ObjectIndex::Find(const std::string& key) {
  const auto it = positions_.find(key);
  return it == positions_.end() ? nullptr : &members_.begin()[it->second].second;
}

Json& ObjectIndex::Add(const std::string& key, Json value) {
  positions_.emplace(key, members_.size());
  // The vector's own push_back: ordered_map's emplace would look for the key again.
  members_.push_back({key, std::move(value)});
  return members_.back().second;
}

}  // namespace shardlift
