// Elasticsearch's simple wildcard patterns (Regex.simpleMatch): '*' matches any run of
// characters, everything else itself. Index patterns, _source includes/excludes and template
// index_patterns all use them.
#pragma once

#include <string_view>

namespace shardlift {

// True when `pattern` matches the whole of `text`.
bool WildcardMatch(std::string_view pattern, std::string_view text);

// True when `pattern` matches `prefix` or some extension of it (a matcher fed `prefix` is not
// dead yet), e.g. "a.*.c" can match below "a.b".
bool WildcardCanMatch(std::string_view pattern, std::string_view prefix);

}  // namespace shardlift
