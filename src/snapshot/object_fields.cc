#include "snapshot/object_fields.h"

#include <limits>

namespace shardlift::snapshot {

namespace {

// "\"<key>\"", for messages.
std::string Quoted(std::string_view key) {
  std::string out(1, '"');
  out.append(key);
  out += '"';
  return out;
}

}  // namespace

Result<ObjectFields> ObjectFields::Of(const nlohmann::ordered_json& value,
                                      const io::FileSlice& where, std::string what) {
  if (!value.is_object()) {
    return where.CorruptionAt(0, what + ": expected an object, found " + value.type_name());
  }
  return ObjectFields(value, where, std::move(what));
}

const nlohmann::ordered_json* ObjectFields::Find(std::string_view key) const {
  const auto it = object_->find(key);
  return it == object_->end() ? nullptr : &*it;
}

Result<std::string> ObjectFields::String(std::string_view key) const {
  SL_ASSIGN_OR_RETURN(std::optional<std::string> value, OptionalString(key));
  if (!value) return Malformed("no " + Quoted(key));
  return std::move(*value);
}

Result<std::optional<std::string>> ObjectFields::OptionalString(std::string_view key) const {
  const nlohmann::ordered_json* value = Find(key);
  if (value == nullptr || value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) {
    return Malformed(Quoted(key) + " is " + value->type_name() + ", not a string");
  }
  return std::optional<std::string>(value->get<std::string>());
}

Result<int64_t> ObjectFields::Long(std::string_view key) const {
  SL_ASSIGN_OR_RETURN(std::optional<int64_t> value, OptionalLong(key));
  if (!value) return Malformed("no " + Quoted(key));
  return *value;
}

Result<std::optional<int64_t>> ObjectFields::OptionalLong(std::string_view key) const {
  const nlohmann::ordered_json* value = Find(key);
  if (value == nullptr || value->is_null()) return std::optional<int64_t>();
  const bool fits = value->is_number_integer() &&
                    (!value->is_number_unsigned() ||
                     value->get<uint64_t>() <= uint64_t{std::numeric_limits<int64_t>::max()});
  if (!fits) {
    return Malformed(Quoted(key) + " is " + value->type_name() + ", not a long");
  }
  return std::optional<int64_t>(value->get<int64_t>());
}

Status ObjectFields::Malformed(std::string_view problem) const {
  return where_->CorruptionAt(0, what_ + ": " + std::string(problem));
}

}  // namespace shardlift::snapshot
