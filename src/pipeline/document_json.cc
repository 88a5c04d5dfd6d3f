#include "pipeline/document_json.h"

#include <charconv>

#include "xcontent/content_type.h"
#include "xcontent/json_writer.h"

namespace shardlift::pipeline {

namespace {

void AppendField(std::string_view name, std::string_view value, std::string& out) {
  out += ",\"";
  out += name;
  out += "\":";
  xcontent::AppendJsonString(value, out);
}

void AppendNumber(std::string_view name, int64_t value, std::string& out) {
  out += ",\"";
  out += name;
  out += "\":";
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

}  // namespace

Status DocumentJson::Append(const es5::Document& doc, std::string& out, SourceFormats& formats) {
  const size_t start = out.size();
  if (doc.index != prefix_index_ || doc.type != prefix_type_) {
    prefix_index_ = doc.index;
    prefix_type_ = doc.type;
    prefix_ = "{\"_index\":";
    xcontent::AppendJsonString(doc.index, prefix_);
    AppendField("_type", doc.type, prefix_);
    prefix_ += ",\"_id\":";
  }
  out += prefix_;
  xcontent::AppendJsonString(doc.id, out);
  AppendNumber("_version", doc.version, out);
  if (doc.has_source) {
    out += ",\"_source\":";
    if (Status status = converter_.AppendJson(doc.source, out); !status.ok()) {
      out.resize(start);
      return status;
    }
    if (xcontent::IsDeflateCompressed(doc.source)) ++formats["compressed"];
    ++formats[std::string(xcontent::ToString(converter_.last_type()))];
  }
  if (doc.has_routing) AppendField("_routing", doc.routing, out);
  if (doc.has_parent) AppendField("_parent", doc.parent, out);
  if (doc.has_timestamp) AppendNumber("_timestamp", doc.timestamp, out);
  if (doc.has_ttl) AppendNumber("_ttl", doc.ttl, out);
  out += "}\n";
  return Status();
}

}  // namespace shardlift::pipeline
