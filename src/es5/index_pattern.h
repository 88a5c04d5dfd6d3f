// IndexPattern: Elasticsearch-style index selection: a comma list of names with `*` wildcards,
// where a `-` prefix excludes what matched so far ("logs-*,-logs-old*"). A list that starts with
// an exclusion starts from every index.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shardlift::es5 {

class IndexPattern {
 public:
  // An empty expression selects every index.
  explicit IndexPattern(std::string_view expression);

  bool Matches(std::string_view index) const;

 private:
  struct Term {
    bool exclude;
    std::string pattern;
  };
  std::vector<Term> terms_;
};

}  // namespace shardlift::es5
