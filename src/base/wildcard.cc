#include "base/wildcard.h"

namespace shardlift {

namespace {

// Greedy matching that backtracks to the last '*' only (linear in practice). Returns whether the
// whole `text` was consumed; `rest` receives the unmatched tail of `pattern`.
bool Consume(std::string_view pattern, std::string_view text, std::string_view* rest) {
  size_t p = 0;
  size_t t = 0;
  size_t star = std::string_view::npos;
  size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  *rest = pattern.substr(p);
  return true;
}

}  // namespace

bool WildcardMatch(std::string_view pattern, std::string_view text) {
  std::string_view rest;
  return Consume(pattern, text, &rest) && rest.find_first_not_of('*') == std::string_view::npos;
}

bool WildcardCanMatch(std::string_view pattern, std::string_view prefix) {
  std::string_view rest;
  return Consume(pattern, prefix, &rest);
}

}  // namespace shardlift
