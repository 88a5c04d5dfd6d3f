#include "client/bulk_batch.h"

#include "xcontent/json_writer.h"

namespace shardlift::client {

void BulkBatch::Add(const translate::SourceDocument& doc,
                    const translate::PreparedDocument& prepared, bool external_versions) {
  BulkItem item;
  item.key = translate::Own(doc);
  item.target_index = prepared.target_index;
  item.begin = body_.size();
  body_ += "{\"index\":{\"_index\":";
  xcontent::AppendJsonString(prepared.target_index, body_);
  body_ += ",\"_id\":";
  xcontent::AppendJsonString(prepared.id, body_);
  if (prepared.routing) {
    body_ += ",\"routing\":";
    xcontent::AppendJsonString(*prepared.routing, body_);
  }
  if (external_versions) {
    body_ += ",\"version\":" + std::to_string(doc.version) + ",\"version_type\":\"external\"";
  }
  body_ += "}}\n";
  item.source_begin = body_.size();
  body_ += prepared.source;
  item.end = body_.size();
  body_ += '\n';
  items_.push_back(std::move(item));
}

void BulkBatch::AddFrom(const BulkBatch& other, const BulkItem& item) {
  BulkItem copy = item;
  copy.begin = body_.size();
  copy.source_begin = copy.begin + (item.source_begin - item.begin);
  copy.end = copy.begin + (item.end - item.begin);
  body_.append(other.body_, item.begin, item.end - item.begin + 1);  // with its newline
  items_.push_back(std::move(copy));
}

}  // namespace shardlift::client
