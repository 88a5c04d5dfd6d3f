#include "xcontent/base64.h"

namespace shardlift::xcontent {

void AppendBase64(ByteView bytes, std::string& out) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const size_t start = out.size();
  out.resize(start + (bytes.size() + 2) / 3 * 4);
  char* p = out.data() + start;
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (uint32_t{bytes[i]} << 16) | (uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    *p++ = kAlphabet[v >> 18];
    *p++ = kAlphabet[(v >> 12) & 0x3F];
    *p++ = kAlphabet[(v >> 6) & 0x3F];
    *p++ = kAlphabet[v & 0x3F];
  }
  if (const size_t left = bytes.size() - i; left > 0) {
    const uint32_t v = (uint32_t{bytes[i]} << 16) | (left == 2 ? uint32_t{bytes[i + 1]} << 8 : 0);
    *p++ = kAlphabet[v >> 18];
    *p++ = kAlphabet[(v >> 12) & 0x3F];
    *p++ = left == 2 ? kAlphabet[(v >> 6) & 0x3F] : '=';
    *p++ = '=';
  }
}

}  // namespace shardlift::xcontent
