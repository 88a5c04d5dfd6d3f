#include "translate/legacy_boolean.h"

namespace shardlift::translate {

std::optional<bool> LegacyBooleanText(std::string_view text) {
  if (text == "true" || text == "on" || text == "yes" || text == "1") return true;
  if (text == "false" || text == "off" || text == "no" || text == "0") return false;
  return std::nullopt;
}

std::optional<bool> LegacyBooleanValue(const Json& value) {
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_string()) return LegacyBooleanText(value.get_ref<const std::string&>());
  if (value.is_number_integer()) {
    const auto number = value.get<int64_t>();
    if (number == 0 || number == 1) return number == 1;
  }
  return std::nullopt;
}

}  // namespace shardlift::translate
