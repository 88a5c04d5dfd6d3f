#include "es5/source_filter.h"

#include <algorithm>

#include "xcontent/converter.h"
#include "xcontent/json_writer.h"

namespace shardlift::es5 {

namespace {

using Json = nlohmann::ordered_json;

// Glob match ('*' = any run) of `text` against `pattern`; with `prefix_only`, true when some
// extension of `text` could match (the automaton is not dead yet).
bool Glob(std::string_view pattern, std::string_view text, bool prefix_only) {
  size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  if (prefix_only) return true;
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool AnyMatch(const std::vector<std::string>& patterns, const std::string& path) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return Glob(p, path, false); });
}
bool AnyCanMatch(const std::vector<std::string>& patterns, const std::string& path) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return Glob(p, path, true); });
}

// java.lang.String.hashCode over the UTF-16 units of a UTF-8 key.
int32_t JavaHashCode(std::string_view utf8) {
  uint32_t h = 0;
  auto add = [&](uint32_t unit) { h = 31 * h + unit; };
  for (size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<uint8_t>(utf8[i]);
    uint32_t cp;
    size_t len;
    if (b < 0x80) {
      cp = b, len = 1;
    } else if (b < 0xE0) {
      cp = b & 0x1F, len = 2;
    } else if (b < 0xF0) {
      cp = b & 0x0F, len = 3;
    } else {
      cp = b & 0x07, len = 4;
    }
    for (size_t k = 1; k < len && i + k < utf8.size(); ++k) {
      cp = (cp << 6) | (static_cast<uint8_t>(utf8[i + k]) & 0x3F);
    }
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      add(0xD800 + (cp >> 10));
      add(0xDC00 + (cp & 0x3FF));
    } else {
      add(cp);
    }
  }
  return static_cast<int32_t>(h);
}

// Replays a DOM as handler events (numbers as ES's maps hold them: long or double).
Status Emit(const Json& value, xcontent::Handler& out) {
  switch (value.type()) {
    case Json::value_t::object:
      SL_RETURN_IF_ERROR(out.StartObject());
      for (const auto& [key, member] : value.items()) {
        SL_RETURN_IF_ERROR(out.Key(key));
        SL_RETURN_IF_ERROR(Emit(member, out));
      }
      return out.EndObject();
    case Json::value_t::array:
      SL_RETURN_IF_ERROR(out.StartArray());
      for (const Json& item : value) SL_RETURN_IF_ERROR(Emit(item, out));
      return out.EndArray();
    case Json::value_t::string:
      return out.String(value.get_ref<const std::string&>());
    case Json::value_t::boolean:
      return out.Bool(value.get<bool>());
    case Json::value_t::number_integer:
      return out.Long(value.get<int64_t>());
    case Json::value_t::number_unsigned:
      return out.BigInteger(std::to_string(value.get<uint64_t>()));
    case Json::value_t::number_float:
      return out.Double(value.get<double>());
    case Json::value_t::binary:
      return out.Binary({value.get_binary().data(), value.get_binary().size()});
    case Json::value_t::null:
    case Json::value_t::discarded:
      break;
  }
  return out.Null();
}

}  // namespace

void SourceFilter::ToJavaHashMapOrder(Json& object) {
  if (!object.is_object()) return;
  size_t table = 16;  // HashMap's default capacity, doubled while size > 0.75 × capacity
  while (object.size() > table * 3 / 4) table *= 2;
  std::vector<std::pair<size_t, std::pair<std::string, Json>>> members;
  for (auto& [key, value] : object.items()) {
    const auto h = static_cast<uint32_t>(JavaHashCode(key));
    members.push_back({(h ^ (h >> 16)) & (table - 1), {key, std::move(value)}});
  }
  // Within a bucket, insertion order survives (resizes split lists preserving it).
  std::stable_sort(members.begin(), members.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  object = Json::object();
  for (auto& [bucket, member] : members) object[member.first] = std::move(member.second);
}

Json SourceFilter::Filter(const Json& object, const std::string& prefix, bool include_all) const {
  Json filtered = Json::object();
  for (const auto& [key, value] : object.items()) {
    const std::string path = prefix + key;
    const bool include_accepts = include_all || includes_.empty() || AnyMatch(includes_, path);
    if (!include_accepts && !AnyCanMatch(includes_, path)) continue;
    if (AnyMatch(excludes_, path)) continue;
    const bool exclude_may_go_deeper = AnyCanMatch(excludes_, path + ".");
    if (include_accepts && !exclude_may_go_deeper) {
      // Kept whole: ES puts the value as parsed (ordered, a LinkedHashMap), so no reordering.
      filtered[key] = value;
      continue;
    }
    if (value.is_object()) {
      if (!include_accepts && !AnyCanMatch(includes_, path + ".")) continue;
      Json inner = Filter(value, path + ".", include_accepts);
      if (include_accepts || !inner.empty()) filtered[key] = std::move(inner);
    } else if (value.is_array()) {
      Json inner = FilterList(value, path, include_accepts);
      if (!inner.empty()) filtered[key] = std::move(inner);
    } else if (include_accepts) {
      filtered[key] = value;
    }
  }
  ToJavaHashMapOrder(filtered);
  return filtered;
}

Json SourceFilter::FilterList(const Json& list, const std::string& path, bool include_all) const {
  Json filtered = Json::array();
  for (const Json& item : list) {
    if (item.is_object()) {
      Json inner = Filter(item, path + ".", include_all);
      if (!inner.empty()) filtered.push_back(std::move(inner));
    } else if (item.is_array()) {
      Json inner = FilterList(item, path, include_all);
      if (!inner.empty()) filtered.push_back(std::move(inner));
    } else if (include_all || includes_.empty() || AnyMatch(includes_, path)) {
      filtered.push_back(item);
    }
  }
  return filtered;
}

Status SourceFilter::FilterToJson(io::ByteView source, std::string& out) const {
  Result<Json> dom = xcontent::ToDom(source);
  if (!dom.ok()) return dom.status();
  if (!dom->is_object()) return Status::Corruption("_source is not an object");
  const Json filtered = Filter(*dom, "", false);
  out.clear();
  xcontent::JsonWriter writer(&out);
  return Emit(filtered, writer);
}

}  // namespace shardlift::es5
