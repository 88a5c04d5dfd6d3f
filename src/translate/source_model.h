// What the target side needs to know about the source, as plain values.
//
// es7 never sees es5 internals: the migrate command fills these from es5::IndexMeta and the
// document stream, and tests build them by hand. Everything here is already decoded: mappings and
// alias filters are inflated JSON, `_source` is one line of JSON.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/json.h"

namespace shardlift::translate {

inline constexpr std::string_view kDefaultMappingType = "_default_";

struct SourceAlias {
  std::string name;
  std::optional<Json> filter;  // a query
  std::optional<std::string> index_routing;
  std::optional<std::string> search_routing;
};

struct SourceIndex {
  std::string name;
  // Flat `index.*` keys, every value a string, arrays as `key.0`, `key.1`, … (ES 5 Settings).
  std::map<std::string, std::string> settings;
  // Type name → mapping body (the object inside `{"<type>": …}`), `_default_` included.
  std::vector<std::pair<std::string, Json>> mappings;
  std::vector<SourceAlias> aliases;
  bool closed = false;
  // ES version id that created the index (5060299 = 5.6.2); 0 when unknown.
  int64_t created_version = 0;

  // The mapping of `type`, or nullptr.
  const Json* Mapping(std::string_view type) const;
  // The document types: every mapping type except `_default_`.
  std::vector<std::string> DocumentTypes() const;
  // False when `type`'s mapping (merged with `_default_`) disables `_source`.
  bool SourceEnabled(std::string_view type) const;
};

struct SourceTemplate {
  std::string name;
  int64_t order = 0;
  std::optional<int64_t> version;
  std::vector<std::string> patterns;  // 5.x/2.x: the single `template` value
  // Flat `index.*` keys as in SourceIndex (nested template settings are flattened by the reader).
  std::map<std::string, std::string> settings;
  std::vector<std::pair<std::string, Json>> mappings;
  std::vector<SourceAlias> aliases;
};

// Who a document is in the source, and what migrate keeps of it besides `_source`: declared once,
// in two spellings. DocKey views the reader's buffers (valid until the next document is read);
// OwnedDocKey keeps the bytes (a bulk item waiting for ES's answer).
template <typename Text>
struct BasicDocKey {
  Text index;
  Text type;
  Text id;
  std::optional<Text> routing;
  std::optional<Text> parent;
  int64_t version = 1;
};
using DocKey = BasicDocKey<std::string_view>;
using OwnedDocKey = BasicDocKey<std::string>;

OwnedDocKey Own(const DocKey& key);
DocKey View(const OwnedDocKey& key);

// One document as the reader hands it out: its key and what it holds. Views into the reader's
// buffers: valid until the next document is read.
struct SourceDocument : DocKey {
  std::optional<std::string_view> source;  // one line of JSON; nullopt when `_source` is disabled
  std::optional<int64_t> timestamp;        // 2.x `_timestamp`, ms since the epoch
  std::optional<int64_t> ttl;              // 2.x `_ttl`: absolute expiry, ms since the epoch
  // Non-empty when the stored `_source` could not be converted to JSON (the reader's reason):
  // the document is dead-lettered instead of stopping the migration.
  std::string_view source_error;
};

}  // namespace shardlift::translate
