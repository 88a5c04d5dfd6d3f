// DocumentJson: one exported document as an NDJSON line in elasticdump's shape (an ES search
// hit): {"_index","_type","_id","_version","_source"[,"_routing"][,"_parent"][,"_timestamp"]
// [,"_ttl"]}. `_source` is converted to JSON by xcontent (JSON passes through validated, line
// breaks removed) and left out when the type has `_source` disabled. The hot path of export: a
// line costs a few bulk copies, no allocation once the output string is warm.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "base/status.h"
#include "es5/document.h"
#include "xcontent/converter.h"

namespace shardlift::pipeline {

// How many sources of each kind were seen: "JSON", "SMILE", "CBOR", "YAML", "compressed".
using SourceFormats = std::map<std::string, int64_t>;

class DocumentJson {
 public:
  // Appends the line (with its '\n') to `out`. On error `out` is unchanged.
  Status Append(const es5::Document& doc, std::string& out);

  // Adds the formats of the sources appended since the last call to `formats`.
  void TakeFormats(SourceFormats& formats);

 private:
  void SetPrefix(std::string_view index, std::string_view type);

  xcontent::Converter converter_;
  // `{"_index":…,"_type":…,"_id":` for the last document's index and type, which change rarely.
  std::string prefix_index_;
  std::string prefix_type_;
  std::string prefix_;
  // Sources converted, by XContentType, and of those DFL-compressed.
  std::array<int64_t, 4> by_type_{};
  int64_t compressed_ = 0;
};

}  // namespace shardlift::pipeline
