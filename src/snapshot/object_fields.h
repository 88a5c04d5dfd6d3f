// Typed access to the members of one object of a blob's XContent, with errors that name the
// blob and the member. The parsers of this layer read every blob through it.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "io/file_slice.h"

namespace shardlift::snapshot {

class ObjectFields {
 public:
  // `value` must be an object; `what` names it in errors ("snapshot info", "files[3]").
  static Result<ObjectFields> Of(const nlohmann::ordered_json& value, const io::FileSlice& where,
                                 std::string what);

  const nlohmann::ordered_json& object() const { return *object_; }
  // The member `key`, or null.
  const nlohmann::ordered_json* Find(std::string_view key) const;

  Result<std::string> String(std::string_view key) const;
  Result<std::optional<std::string>> OptionalString(std::string_view key) const;
  Result<int64_t> Long(std::string_view key) const;
  Result<std::optional<int64_t>> OptionalLong(std::string_view key) const;

  // A corruption error at the blob's body: "<what>: <problem>".
  Status Malformed(std::string_view problem) const;

 private:
  ObjectFields(const nlohmann::ordered_json& object, const io::FileSlice& where, std::string what)
      : object_(&object), where_(&where), what_(std::move(what)) {}

  const nlohmann::ordered_json* object_;
  const io::FileSlice* where_;
  std::string what_;
};

}  // namespace shardlift::snapshot
