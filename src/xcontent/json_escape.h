// JSON's escapes (RFC 8259 §7), as the validating scanners check them.
#pragma once

#include <cstdint>

namespace shardlift::xcontent {

// Whether `c` may follow a backslash as a one-letter escape: " \ / b f n r t ('u' starts the
// four-hex-digit form, checked apart).
constexpr bool IsShortEscape(uint8_t c) {
  switch (c) {
    case '"':
    case '\\':
    case '/':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
      return true;
    default:
      return false;
  }
}

}  // namespace shardlift::xcontent
