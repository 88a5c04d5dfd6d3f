// UTF-8 validation. Every string a parser hands to a Handler is well-formed UTF-8 (no overlong
// forms, no surrogates, nothing above U+10FFFF): invalid text is reported as corruption, never
// passed on or silently replaced.
#pragma once

#include <cstddef>
#include <cstdint>

namespace shardlift::xcontent {

// The length of the longest well-formed prefix of [data, data+size): `size` when all is valid.
size_t ValidUtf8Prefix(const uint8_t* data, size_t size);

inline bool IsValidUtf8(const uint8_t* data, size_t size) {
  return ValidUtf8Prefix(data, size) == size;
}

// Appends code point `cp` (≤ U+10FFFF, not a surrogate) to `out` as UTF-8.
template <typename String>
void AppendUtf8(uint32_t cp, String& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace shardlift::xcontent
