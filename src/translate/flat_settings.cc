#include "translate/flat_settings.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace shardlift::translate {
namespace {

bool IsArrayLike(const Json& object) {
  if (!object.is_object() || object.empty()) return false;
  size_t expected = 0;
  for (const auto& [key, value] : object.items()) {
    if (key != std::to_string(expected)) return false;
    ++expected;
  }
  return true;
}

Json ArraysFromIndexedObjects(Json value) {
  if (!value.is_object()) return value;
  for (auto& [key, child] : value.items()) child = ArraysFromIndexedObjects(std::move(child));
  if (!IsArrayLike(value)) return value;
  Json array = Json::array();
  for (auto& [key, child] : value.items()) array.push_back(std::move(child));
  return array;
}

void Flatten(const Json& value, const std::string& prefix, FlatSettings& out) {
  if (value.is_object()) {
    for (const auto& [key, child] : value.items()) {
      Flatten(child, prefix.empty() ? key : prefix + "." + key, out);
    }
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i)
      Flatten(value[i], prefix + "." + std::to_string(i), out);
  } else if (value.is_string()) {
    out[prefix] = value.get<std::string>();
  } else if (!value.is_null()) {
    out[prefix] = DumpJson(value);
  }
}

}  // namespace

std::vector<std::string> SplitSettingKey(std::string_view key) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = key.find('.', start);
    parts.emplace_back(key.substr(start, dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

Result<Json> NestSettings(const FlatSettings& flat) {
  Json nested = Json::object();
  // std::map orders "a.10" before "a.2": sort numeric parts numerically so arrays keep their order.
  std::vector<std::pair<std::vector<std::string>, const std::string*>> entries;
  for (const auto& [key, value] : flat) entries.emplace_back(SplitSettingKey(key), &value);
  auto numeric_less = [](const std::string& a, const std::string& b) {
    const bool a_num = !a.empty() && a.find_first_not_of("0123456789") == std::string::npos;
    const bool b_num = !b.empty() && b.find_first_not_of("0123456789") == std::string::npos;
    if (a_num && b_num && a.size() != b.size()) return a.size() < b.size();
    return a < b;
  };
  std::stable_sort(entries.begin(), entries.end(), [&](const auto& x, const auto& y) {
    return std::lexicographical_compare(x.first.begin(), x.first.end(), y.first.begin(),
                                        y.first.end(), numeric_less);
  });
  for (const auto& [parts, value] : entries) {
    Json* node = &nested;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      Json& child = (*node)[parts[i]];
      if (child.is_null()) child = Json::object();
      if (!child.is_object()) {
        return Status::InvalidArgument("setting [" + parts[i] + "] is both a value and an object");
      }
      node = &child;
    }
    Json& leaf = (*node)[parts.back()];
    if (!leaf.is_null()) {
      return Status::InvalidArgument("setting [" + parts.back() +
                                     "] is both a value and an object");
    }
    leaf = *value;
  }
  return ArraysFromIndexedObjects(std::move(nested));
}

FlatSettings FlattenSettings(const Json& nested) {
  FlatSettings flat;
  Flatten(nested, "", flat);
  return flat;
}

}  // namespace shardlift::translate
