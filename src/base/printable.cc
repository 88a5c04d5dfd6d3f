#include "base/printable.h"

namespace shardlift {
namespace {

void AppendEscape(unsigned char c, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  switch (c) {
    case '\n':
      out += "\\n";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\r':
      out += "\\r";
      return;
    default:
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
  }
}

std::string Escape(std::string_view text, bool lines) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (lines && (c == '\n' || c == '\t')) {
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      AppendEscape(c, out);
    } else if (c == 0xC2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      // U+0080..U+009F: C1 controls (0x9B is CSI) in UTF-8.
      AppendEscape(c, out);
      AppendEscape(static_cast<unsigned char>(text[++i]), out);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string Printable(std::string_view text) { return Escape(text, /*lines=*/false); }

std::string PrintableLines(std::string_view text) { return Escape(text, /*lines=*/true); }

}  // namespace shardlift
