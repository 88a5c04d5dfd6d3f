#include "es5/index_pattern.h"

#include "base/wildcard.h"

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

}  // namespace shardlift::es5
