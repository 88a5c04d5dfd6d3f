#include "app/document_json.h"

#include "xcontent/content_type.h"
#include "xcontent/json_writer.h"

namespace shardlift::app {

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
  out += std::to_string(value);
}

}  // namespace

Status DocumentJson::Append(const es5::Document& doc, std::string& out, SourceFormats& formats) {
  const size_t start = out.size();
  out += "{\"_index\":";
  xcontent::AppendJsonString(doc.index, out);
  AppendField("_type", doc.type, out);
  AppendField("_id", doc.id, out);
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

}  // namespace shardlift::app
