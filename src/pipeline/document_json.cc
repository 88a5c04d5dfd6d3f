#include "pipeline/document_json.h"

#include <charconv>
#include <cstring>

#include "xcontent/content_type.h"
#include "xcontent/json_writer.h"

namespace shardlift::pipeline {

namespace {

// Appends `,"<name>":<value>` (name ≤ 16 bytes) with one append.
void AppendNumber(std::string_view name, int64_t value, std::string& out) {
  char text[48];
  char* d = text;
  std::memcpy(d, ",\"", 2);
  std::memcpy(d + 2, name.data(), name.size());
  d += 2 + name.size();
  std::memcpy(d, "\":", 2);
  d = std::to_chars(d + 2, text + sizeof text, value).ptr;
  out.append(text, d);
}

void AppendField(std::string_view name, std::string_view value, std::string& out) {
  out += ",\"";
  out += name;
  out += "\":";
  xcontent::AppendJsonString(value, out);
}

constexpr std::string_view kSourceKey = ",\"_source\":";

}  // namespace

void DocumentJson::SetPrefix(std::string_view index, std::string_view type) {
  prefix_index_ = index;
  prefix_type_ = type;
  prefix_ = "{\"_index\":";
  xcontent::AppendJsonString(index, prefix_);
  AppendField("_type", type, prefix_);
  prefix_ += ",\"_id\":";
}

Status DocumentJson::Append(const es5::Document& doc, std::string& out) {
  if (doc.index != prefix_index_ || doc.type != prefix_type_) SetPrefix(doc.index, doc.type);
  const size_t start = out.size();
  out += prefix_;
  xcontent::AppendJsonString(doc.id, out);
  AppendNumber("_version", doc.version, out);
  if (doc.has_source) {
    out += kSourceKey;
    if (Status status = converter_.AppendJson(doc.source, out); !status.ok()) {
      out.resize(start);
      return status;
    }
    ++by_type_[static_cast<size_t>(converter_.last_type())];
    if (xcontent::IsDeflateCompressed(doc.source)) ++compressed_;
  }
  if (doc.has_routing) AppendField("_routing", doc.routing, out);
  if (doc.has_parent) AppendField("_parent", doc.parent, out);
  if (doc.has_timestamp) AppendNumber("_timestamp", doc.timestamp, out);
  if (doc.has_ttl) AppendNumber("_ttl", doc.ttl, out);
  out += "}\n";
  return Status();
}

void DocumentJson::TakeFormats(SourceFormats& formats) {
  for (size_t type = 0; type < by_type_.size(); ++type) {
    if (by_type_[type] == 0) continue;
    formats[std::string(xcontent::ToString(static_cast<xcontent::XContentType>(type)))] +=
        by_type_[type];
    by_type_[type] = 0;
  }
  if (compressed_ > 0) formats["compressed"] += compressed_;
  compressed_ = 0;
}

}  // namespace shardlift::pipeline
