// One `_bulk` request body being built: NDJSON action + source lines, and for every item what is
// needed to account for it (and to dead-letter or resend it) once ES 7 answers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "translate/document_preparer.h"
#include "translate/source_model.h"

namespace shardlift::client {

struct BulkItem {
  translate::OwnedDocKey key;  // the source document, for the dead-letter file
  std::string target_index;
  // The item's two lines in BulkBatch::body: [begin, source_begin) action, [source_begin, end)
  // source (without its newline).
  size_t begin = 0;
  size_t source_begin = 0;
  size_t end = 0;
};

class BulkBatch {
 public:
  // Appends the index action and source line of `prepared` (for `doc`).
  void Add(const translate::SourceDocument& doc, const translate::PreparedDocument& prepared,
           bool external_versions);
  // Appends the lines of `item` from `other` (a retry of that item).
  void AddFrom(const BulkBatch& other, const BulkItem& item);

  const std::string& body() const { return body_; }
  const std::vector<BulkItem>& items() const { return items_; }
  std::string_view Source(const BulkItem& item) const {
    return std::string_view(body_).substr(item.source_begin, item.end - item.source_begin);
  }
  size_t bytes() const { return body_.size(); }
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  void Clear() {
    body_.clear();
    items_.clear();
  }

 private:
  std::string body_;
  std::vector<BulkItem> items_;
};

}  // namespace shardlift::client
