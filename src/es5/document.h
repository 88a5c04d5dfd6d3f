// Document: one document as it comes out of a shard (committed in Lucene or only in the
// translog), with every metadata field ES 7 needs. All views are valid only during the callback
// that receives it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "io/mapped_file.h"

namespace shardlift::es5 {

struct Document {
  enum class Origin : uint8_t { kCommit, kTranslog };

  std::string_view index;
  std::string_view type;
  std::string_view id;
  int64_t version = 0;
  bool has_source = false;  // false when the type has `_source` disabled
  ByteView source;          // the stored bytes: JSON, SMILE, CBOR, YAML, possibly DFL-compressed
  bool has_routing = false;
  std::string_view routing;
  bool has_parent = false;
  std::string_view parent;  // the parent's id
  bool has_timestamp = false;
  int64_t timestamp = 0;  // ms since the epoch (2.x `_timestamp`)
  bool has_ttl = false;
  int64_t ttl = 0;  // absolute expiry in ms, as 2.x stored `_ttl`
  Origin origin = Origin::kCommit;
  // Where it was read, for messages: the stored-fields file and docid (commit), or the .tlog and
  // the op's offset (translog).
  std::string_view file;
  int64_t position = 0;

  std::string Describe() const;
};

}  // namespace shardlift::es5
