// Reading documents back from ES 7, for verify: `_mget` by id and routing, an `ids` query over
// all shards (finds a document stored under another routing), `_count`, a scroll over ids and
// routings, and an index's state. `_source` comes back exactly as ES 7 stores it (ExactJson).
// Requests that get no answer, or a 429 / 5xx, are retried with backoff.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "client/http_client.h"
#include "json/exact_json.h"

namespace shardlift::client {

struct DocumentRef {
  std::string_view id;
  std::optional<std::string_view> routing;
};

struct StoredDocument {
  bool found = false;
  std::string id;
  std::optional<std::string> routing;
  int64_t version = 0;
  ExactJson source;
};

// `docs` of `index`, answers parallel to them; a missing index finds nothing.
Result<std::vector<StoredDocument>> MultiGet(HttpClient& http, std::string_view index,
                                             const std::vector<DocumentRef>& docs);
// Every document of `index` whose id is in `ids`, whatever its routing (all found).
Result<std::vector<StoredDocument>> SearchIds(HttpClient& http, std::string_view index,
                                              const std::vector<std::string_view>& ids);
// Documents in `index` (0 when it does not exist).
Result<int64_t> CountDocuments(HttpClient& http, std::string_view index);
// Hands id and routing of every document of `index` to `visit`.
Status ScrollIds(
    HttpClient& http, std::string_view index,
    const std::function<void(std::string_view id, std::optional<std::string_view> routing)>& visit);
// "open", "close", or "" when the index does not exist.
Result<std::string> IndexState(HttpClient& http, std::string_view index);
// Waits until `index` has its primaries (yellow).
Status WaitForIndex(HttpClient& http, std::string_view index);

}  // namespace shardlift::client
