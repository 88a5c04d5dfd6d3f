#include "es5/index_pattern.h"

namespace shardlift::es5 {

IndexPattern::IndexPattern(std::string_view expression) {
  while (!expression.empty()) {
    const size_t comma = expression.find(',');
    std::string_view term = expression.substr(0, comma);
    expression = comma == std::string_view::npos ? "" : expression.substr(comma + 1);
    while (!term.empty() && term.front() == ' ') term.remove_prefix(1);
    while (!term.empty() && term.back() == ' ') term.remove_suffix(1);
    if (term.empty()) continue;
    const bool exclude = term.front() == '-' && term.size() > 1;
    if (exclude) term.remove_prefix(1);
    terms_.push_back({exclude, std::string(term)});
  }
}

bool IndexPattern::Matches(std::string_view index) const {
  if (terms_.empty()) return true;
  bool selected = terms_.front().exclude;  // "-x" first: start from everything
  for (const Term& term : terms_) {
    if (WildcardMatch(term.pattern, index)) selected = !term.exclude;
  }
  return selected;
}

bool IndexPattern::WildcardMatch(std::string_view pattern, std::string_view name) {
  // Greedy matching with backtracking to the last '*' (linear in practice).
  size_t p = 0;
  size_t n = 0;
  size_t star = std::string_view::npos;
  size_t resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace shardlift::es5
