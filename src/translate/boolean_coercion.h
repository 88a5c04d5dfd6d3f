// Rewrites the legacy booleans ES 7 refuses ("on", "off", "yes", "no", "0", "1", 0, 1) into
// true / false in the fields a mapping declares boolean, as a streaming filter on the JSON events
// (xcontent::JsonParser → this → xcontent::JsonWriter): objects, nested objects and arrays at any
// depth; nothing else in the document changes meaning.
//
// Most documents need nothing: MayNeedRewrite looks for the boolean fields' names in the raw
// bytes first, and only documents that mention one are parsed.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "xcontent/json_parser.h"
#include "xcontent/json_writer.h"

namespace shardlift::translate {

class BooleanCoercion {
 public:
  // `boolean_fields`: dotted paths ("gpu.enabled"), as MappingStats lists them.
  explicit BooleanCoercion(const std::vector<std::string>& boolean_fields);

  bool empty() const { return paths_.empty(); }
  // False when `source` cannot hold a value to rewrite (no boolean field's name appears in it).
  bool MayNeedRewrite(std::string_view source) const;
  // Writes `source` with legacy booleans rewritten to `out` (cleared first) and returns how many
  // values changed; when none did, `out` is left empty and the caller keeps `source`.
  Result<int> Rewrite(std::string_view source, std::string& out);

 private:
  class Filter;

  std::set<std::string, std::less<>> paths_;
  std::vector<std::string> quoted_names_;  // "\"<last path component>\"" for the fast check
  xcontent::JsonParser parser_;
};

}  // namespace shardlift::translate
