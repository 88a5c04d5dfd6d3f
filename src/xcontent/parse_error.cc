#include "xcontent/parse_error.h"

#include <string>

namespace shardlift::xcontent {

Status ParseError(std::string_view format, uint64_t offset, std::string_view what) {
  std::string message(format);
  message += " offset ";
  message += std::to_string(offset);
  message += ": ";
  message += what;
  return Status::Corruption(message);
}

std::string DescribeByte(uint8_t byte) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "byte 0x";
  out += kHex[byte >> 4];
  out += kHex[byte & 0xF];
  return out;
}

}  // namespace shardlift::xcontent
