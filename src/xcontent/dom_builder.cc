#include "xcontent/dom_builder.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <numeric>

#include "xcontent/number_text.h"

namespace shardlift::xcontent {

namespace {

// The nearest double to a decimal number text (JSON or Java number syntax).
double ParseDouble(std::string_view text) {
  double value = 0;
  ParseDecimalDouble(text, &value);
  return value;
}

// An integer text as int64, else uint64, else the nearest double.
nlohmann::ordered_json IntegerFromText(std::string_view text) {
  const char* end = text.data() + text.size();
  int64_t signed_value;
  if (auto [p, ec] = std::from_chars(text.data(), end, signed_value);
      ec == std::errc() && p == end) {
    return signed_value;
  }
  uint64_t unsigned_value;
  if (auto [p, ec] = std::from_chars(text.data(), end, unsigned_value);
      ec == std::errc() && p == end) {
    return unsigned_value;
  }
  return ParseDouble(text);
}

// A repeated key keeps its first position and its last value (Jackson's LinkedHashMap). Members
// are appended as they come and repeats resolved here, once per object: nlohmann's ordered_map
// looks keys up linearly, so inserting through it takes quadratic time (a hang on an object of a
// million keys, which an 8 MB mapping can hold).
void ResolveRepeatedKeys(nlohmann::ordered_json& object) {
  using Members = nlohmann::ordered_json::object_t::Container;  // the map's plain vector
  auto& members = static_cast<Members&>(object.get_ref<nlohmann::ordered_json::object_t&>());
  std::vector<size_t> order(members.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return members[a].first < members[b].first; });
  std::vector<bool> repeat(members.size(), false);
  bool any = false;
  for (size_t i = 1; i < order.size(); ++i) {
    if (members[order[i]].first != members[order[i - 1]].first) continue;
    // order[i - 1] is the earlier occurrence (stable sort): it takes the later value.
    size_t first = i - 1;
    while (repeat[order[first]]) --first;
    members[order[first]].second = std::move(members[order[i]].second);
    repeat[order[i]] = any = true;
  }
  if (!any) return;
  Members kept;
  kept.reserve(members.size());
  for (size_t i = 0; i < members.size(); ++i) {
    if (!repeat[i]) kept.emplace_back(members[i].first, std::move(members[i].second));
  }
  members = std::move(kept);
}

}  // namespace

nlohmann::ordered_json DomBuilder::Take() {
  open_.clear();
  return std::move(root_);
}

nlohmann::ordered_json* DomBuilder::Add(nlohmann::ordered_json&& value) {
  if (open_.empty()) {
    root_ = std::move(value);
    return &root_;
  }
  nlohmann::ordered_json& parent = *open_.back();
  if (parent.is_object()) {
    auto& members = parent.get_ref<nlohmann::ordered_json::object_t&>();
    members.emplace_back(key_, std::move(value));  // repeats are resolved by EndObject
    return &members.back().second;
  }
  parent.push_back(std::move(value));
  return &parent.back();
}

Status DomBuilder::StartObject() {
  open_.push_back(Add(nlohmann::ordered_json::object()));
  return Status();
}

Status DomBuilder::Key(std::string_view name) {
  key_.assign(name);
  return Status();
}

Status DomBuilder::EndObject() {
  ResolveRepeatedKeys(*open_.back());
  open_.pop_back();
  return Status();
}

Status DomBuilder::StartArray() {
  open_.push_back(Add(nlohmann::ordered_json::array()));
  return Status();
}

Status DomBuilder::EndArray() {
  open_.pop_back();
  return Status();
}

Status DomBuilder::String(std::string_view value) {
  Add(std::string(value));
  return Status();
}

Status DomBuilder::Int(int32_t value) { return Long(value); }

Status DomBuilder::Long(int64_t value) {
  Add(value);
  return Status();
}

Status DomBuilder::BigInteger(std::string_view decimal) {
  Add(IntegerFromText(decimal));
  return Status();
}

Status DomBuilder::Float(float value) {
  if (!std::isfinite(value)) return Double(value);
  std::string text;
  AppendJavaFloat(value, text);
  return Double(ParseDouble(text));
}

Status DomBuilder::Double(double value) {
  Add(value);
  return Status();
}

Status DomBuilder::BigDecimal(std::string_view text) { return Double(ParseDouble(text)); }

Status DomBuilder::RawNumber(std::string_view text, NumberKind kind) {
  if (kind == NumberKind::kDouble) return Double(ParseDouble(text));
  return BigInteger(text);
}

Status DomBuilder::Bool(bool value) {
  Add(value);
  return Status();
}

Status DomBuilder::Null() {
  Add(nullptr);
  return Status();
}

Status DomBuilder::Binary(ByteView bytes) {
  Add(nlohmann::ordered_json::binary(std::vector<uint8_t>(bytes.begin(), bytes.end())));
  return Status();
}

}  // namespace shardlift::xcontent
