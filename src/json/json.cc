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

}  // namespace shardlift
