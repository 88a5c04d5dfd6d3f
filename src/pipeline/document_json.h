// DocumentJson: one exported document as an NDJSON line in elasticdump's shape (an ES search
// hit): {"_index","_type","_id","_version","_source"[,"_routing"][,"_parent"][,"_timestamp"]
// [,"_ttl"]}. `_source` is converted to JSON by xcontent (JSON passes through, line breaks
// removed) and left out when the type has `_source` disabled.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "base/status.h"
#include "es5/document.h"
#include "xcontent/converter.h"

namespace shardlift::pipeline {

// How many sources of each kind were seen: "JSON", "SMILE", "CBOR", "YAML", "compressed".
using SourceFormats = std::map<std::string, int64_t>;

class DocumentJson {
 public:
  // Appends the line (with its '\n') to `out`; counts the source's format into `formats`.
  // On error `out` is unchanged.
  Status Append(const es5::Document& doc, std::string& out, SourceFormats& formats);

 private:
  xcontent::Converter converter_;
  // `{"_index":…,"_type":…,"_id":` for the last document's index and type, which change rarely.
  std::string prefix_index_;
  std::string prefix_type_;
  std::string prefix_;
};

}  // namespace shardlift::pipeline
