#include "xcontent/content_type.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace shardlift::xcontent {

std::string_view ToString(XContentType type) {
  switch (type) {
    case XContentType::kJson:
      return "JSON";
    case XContentType::kSmile:
      return "SMILE";
    case XContentType::kYaml:
      return "YAML";
    case XContentType::kCbor:
      return "CBOR";
  }
  return "unknown";
}

bool IsDeflateCompressed(ByteView body) {
  return body.size() >= kDeflateHeader.size() &&
         std::memcmp(body.data(), kDeflateHeader.data(), kDeflateHeader.size()) == 0;
}

bool IsLzfCompressed(ByteView body) {
  return body.size() >= 3 && body[0] == 'Z' && body[1] == 'V' && (body[2] == 0 || body[2] == 1);
}

namespace {

// java.lang.Character.isWhitespace for a byte ES sign-extends: ASCII whitespace and 0x1C-0x1F.
bool IsJavaWhitespace(uint8_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
}

std::string FirstBytesHex(ByteView body) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  const size_t count = std::min<size_t>(body.size(), 16);
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) out += ' ';
    out += kHex[body[i] >> 4];
    out += kHex[body[i] & 0xF];
  }
  if (body.size() > count) out += " ...";
  return out;
}

}  // namespace

Result<XContentType> DetectXContentType(ByteView body) {
  const size_t n = body.size();
  if (n == 0) return Status::Corruption("empty body: not XContent");
  const uint8_t first = body[0];
  if (first == '{') return XContentType::kJson;
  if (n > 2 && first == ':' && body[1] == ')' && body[2] == '\n') return XContentType::kSmile;
  if (n > 2 && first == '-' && body[1] == '-' && body[2] == '-') return XContentType::kYaml;
  if (first == 0xBF && n > 1) return XContentType::kCbor;
  if (n > 2 && first == 0xD9 && body[1] == 0xD9 && body[2] == 0xF7) return XContentType::kCbor;
  if ((first >> 5) == 5) return XContentType::kCbor;
  size_t i = (n > 3 && first == 0xEF && body[1] == 0xBB && body[2] == 0xBF) ? 3 : 0;
  for (; i < n; ++i) {
    if (body[i] == '{') return XContentType::kJson;
    if (!IsJavaWhitespace(body[i])) break;
  }
  return Status::Corruption("not XContent (JSON, SMILE, YAML or CBOR); body of " +
                            std::to_string(n) + " bytes starts with " + FirstBytesHex(body));
}

}  // namespace shardlift::xcontent
