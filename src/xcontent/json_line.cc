#include "xcontent/json_line.h"

#include <array>
#include <cstring>

#include "xcontent/parse_error.h"

namespace shardlift::xcontent {

namespace {

constexpr char kFormat[] = "JSON";

bool Contains(const uint8_t* data, size_t size, uint8_t byte) {
  return std::memchr(data, byte, size) != nullptr;
}

// Bytes the slow path must look at outside strings.
constexpr auto kSpecial = [] {
  std::array<bool, 256> table{};
  table['"'] = table['\n'] = table['\r'] = table['/'] = true;
  return table;
}();

}  // namespace

Status AppendJsonLine(ByteView body, std::string& out) {
  const uint8_t* p = body.data();
  const uint8_t* const end = p + body.size();
  if (body.size() >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) p += 3;
  const size_t size = static_cast<size_t>(end - p);
  if (!Contains(p, size, '\n') && !Contains(p, size, '\r') && !Contains(p, size, '/')) {
    out.append(reinterpret_cast<const char*>(p), size);
    return Status();
  }

  const size_t original_size = out.size();
  auto fail = [&](const uint8_t* at, std::string_view what) {
    out.resize(original_size);
    return ParseError(kFormat, static_cast<uint64_t>(at - body.data()), what);
  };
  while (p < end) {
    const uint8_t* run = p;
    while (p < end && !kSpecial[*p]) ++p;
    out.append(reinterpret_cast<const char*>(run), static_cast<size_t>(p - run));
    if (p == end) break;
    const uint8_t* token = p++;
    switch (*token) {
      case '"': {
        out.push_back('"');
        for (;;) {
          const uint8_t* chars = p;
          while (p < end && *p != '"' && *p != '\\' && *p != '\n' && *p != '\r') ++p;
          out.append(reinterpret_cast<const char*>(chars), static_cast<size_t>(p - chars));
          if (p == end) return fail(token, "unterminated string");
          if (*p == '"') {
            out.push_back('"');
            ++p;
            break;
          }
          if (*p == '\\') {
            if (end - p < 2) return fail(token, "unterminated string");
            out.append(reinterpret_cast<const char*>(p), 2);
            p += 2;
          } else {
            out += *p == '\n' ? "\\n" : "\\r";
            ++p;
          }
        }
        break;
      }
      case '\n':
      case '\r':
        break;
      default:  // '/'
        if (p < end && *p == '/') {
          while (p < end && *p != '\n' && *p != '\r') ++p;
          out.push_back(' ');
        } else if (p < end && *p == '*') {
          const uint8_t* close = nullptr;
          for (const uint8_t* q = p + 1; q + 1 < end; ++q) {
            if (q[0] == '*' && q[1] == '/') {
              close = q;
              break;
            }
          }
          if (close == nullptr) return fail(token, "unterminated /* comment");
          p = close + 2;
          out.push_back(' ');
        } else {
          out.push_back('/');
        }
    }
  }
  return Status();
}

}  // namespace shardlift::xcontent
