// One translog operation (index/translog/Translog.Index / Translog.Delete), decoded.
#pragma once

#include <cstdint>
#include <string>

#include "io/mapped_file.h"

namespace shardlift::es5 {

struct TranslogOp {
  enum class Kind : uint8_t { kIndex, kDelete };

  Kind kind = Kind::kIndex;
  int32_t format = 0;   // the op's serialization format (index 6/7, delete 2/3)
  uint64_t offset = 0;  // of the op's size prefix in its .tlog, for messages
  std::string type;     // delete format 2 with an `_id` uid field leaves it empty
  std::string id;
  ByteView source;  // index only: the request body, a view into the mapped .tlog
  bool has_routing = false;
  std::string routing;
  bool has_parent = false;
  std::string parent;
  int64_t version = 0;    // the document's resulting version
  int64_t timestamp = 0;  // index only; meaningful only where the mapping enables _timestamp
  int64_t ttl = 0;        // index only; relative ms, ≤ 0 when none
  uint8_t version_type = 0;
};

}  // namespace shardlift::es5
