#include "xcontent/dom_builder.h"

#include <charconv>
#include <cstdlib>

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
    nlohmann::ordered_json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
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
  open_.pop_back();
  return Status();
}

Status DomBuilder::StartArray() {
  open_.push_back(Add(nlohmann::ordered_json::array()));
  return Status();
}

Status DomBuilder::EndArray() { return EndObject(); }

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
