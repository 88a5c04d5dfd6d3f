// SourceFilter: what ES 5.6 does to a translog operation's `_source` when the type's mapping has
// `_source.includes` / `_source.excludes`. The op carries the source as sent; ES serves (and
// replays) it filtered: parsed into ordered maps, filtered with XContentMapValues.filter — which
// builds a java.util.HashMap at every object level it has to look into, so there keys come out in
// HashMap iteration order, while objects kept whole keep theirs — and written back. Committed
// documents were filtered the same way at index time, so only translog sources need this.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/status.h"
#include "io/mapped_file.h"

namespace shardlift::es5 {

class SourceFilter {
 public:
  SourceFilter(std::vector<std::string> includes, std::vector<std::string> excludes)
      : includes_(std::move(includes)), excludes_(std::move(excludes)) {}

  bool active() const { return !includes_.empty() || !excludes_.empty(); }

  // Replaces `out` with the filtered source as one line of JSON.
  Status FilterToJson(ByteView source, std::string& out) const;

  // A parsed source: the parser's events as a tree, numbers kept exactly as reported.
  struct Node;

 private:
  Node Filter(const Node& object, const std::string& prefix, bool include_all) const;
  Node FilterList(const Node& list, const std::string& path, bool include_all) const;

  std::vector<std::string> includes_;
  std::vector<std::string> excludes_;
};

}  // namespace shardlift::es5
