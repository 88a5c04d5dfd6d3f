// Errors of the XContent parsers: a corruption status naming the format, the offset in the body
// and what was expected, e.g. "SMILE offset 17: expected a value, got byte 0xfb". Callers add
// where the body came from with Status::WithContext.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/status.h"

namespace shardlift::xcontent {

// Deepest nesting of objects and arrays accepted; deeper input is rejected, never recursed into.
inline constexpr int kMaxDepth = 1000;

Status ParseError(std::string_view format, uint64_t offset, std::string_view what);

// "byte 0x3f" for messages.
std::string DescribeByte(uint8_t byte);

}  // namespace shardlift::xcontent
