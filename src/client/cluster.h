// The administrative calls migrate makes on the target cluster: identity, health, index /
// template / alias creation, settings, refresh, close. Every failure carries the cluster's own
// reason.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "client/http_client.h"
#include "json/json.h"
#include "translate/target_version.h"

namespace shardlift::client {

// "<type>: <reason>" from an ES error answer (or the raw body when it is not one).
std::string DescribeError(const HttpResponse& response);

// The message migrate stops with when ES refuses writes because of a block (flood-stage disk
// watermark, read-only index); nullopt when `response` is no such refusal.
std::optional<std::string> WriteBlockMessage(long status, std::string_view body);

// What ES answered to a create-index request.
struct CreateIndexAnswer {
  enum class Outcome { kCreated, kExists, kUnknownSetting, kRefused };
  Outcome outcome = Outcome::kCreated;
  std::string setting;  // kUnknownSetting: the key ES does not know ("index.foo")
  std::string error;    // kUnknownSetting, kRefused: ES's reason
};

// A target's health answer, classified: up, worth waiting for (a node starting, a red cluster,
// a timeout, 429/5xx), or never going to work whatever the wait (nothing listens, unknown host,
// TLS on the wrong port, wrong credentials, not Elasticsearch).
struct HealthAnswer {
  enum class Kind { kReady, kWait, kFailed };
  Kind kind = Kind::kReady;
  std::string detail;  // kWait: what is awaited; kFailed: the cause and what to do
};

// What a target holds under an index name: nothing, or an index — perhaps the one an alias of
// that name points to — with the `_meta.<key>` of its mapping (null when it has none).
struct ExistingIndex {
  bool exists = false;
  std::string index;  // the concrete index ("" when the name points to several)
  Json mark;          // its _meta.<key>, or null
};

class Cluster {
 public:
  explicit Cluster(HttpOptions options) : http_(std::move(options)) {}

  // What the cluster is: distribution and version from `GET /` (or, where `GET /` has no route,
  // as on an 8.x home without the rest-root module, the local node's version from _nodes), and
  // the modules and plugins every node has.
  Result<translate::TranslationTarget> Identify();
  // One look at _cluster/health, waiting up to a few seconds for `status` (green/yellow).
  HealthAnswer CheckHealth(std::string_view status);
  // The cluster's uuid: two URLs with the same one reach the same cluster.
  Result<std::string> ClusterUuid();
  // The HTTP publish address ("host:port") of every node that has HTTP enabled, from _nodes/http.
  Result<std::vector<std::string>> HttpAddresses();
  // The write thread pool size of every data node (one whose roles name "data" or a "data_*"
  // tier), from _nodes/thread_pool: how much bulk work the cluster does at once.
  Result<std::vector<int>> DataNodeWriteThreads();

  // What the target holds under `name`, and the `_meta.<meta_key>` of its mapping.
  Result<ExistingIndex> FindIndex(const std::string& name, std::string_view meta_key);
  // Creates `name`; a Status error when ES gave no answer or refuses writes (a block). Answers
  // once the index is in the cluster state, without waiting for its primary to start
  // (wait_for_active_shards=0): each creation then costs one cluster-state update, not that plus
  // a shard start and a second update. WaitForPrimaries waits for many such indices at once.
  Result<CreateIndexAnswer> CreateIndex(const std::string& name, const Json& body);
  // Waits (up to 60 s) until every primary shard of `indices` is active (yellow).
  Status WaitForPrimaries(const std::vector<std::string>& indices);
  Status PutTemplate(const std::string& name, const Json& body);
  Status PutAlias(const std::string& index, const std::string& alias, const Json& body);
  Status UpdateSettings(const std::string& index, const Json& settings);
  // The same settings on every index of `indices`, in as few requests as the names fit in.
  Status UpdateSettings(const std::vector<std::string>& indices, const Json& settings);
  // The index's "mappings" object as ES holds it now.
  Result<Json> Mapping(const std::string& index);
  Status PutMapping(const std::string& index, const Json& body);
  Status Refresh(const std::string& index);
  Status Refresh(const std::vector<std::string>& indices);
  Status Close(const std::string& index);
  Status Open(const std::string& index);
  Status Delete(const std::string& index_pattern);

  // GET `path` → parsed JSON body (any 2xx).
  Result<Json> GetJson(const std::string& path);
  // POST `body` to `path` → parsed JSON body (any 2xx).
  Result<Json> PostJson(const std::string& path, const Json& body);
  // POST an NDJSON `body` (_bulk) to `path` → parsed JSON body (any 2xx).
  Result<Json> PostNdjson(const std::string& path, std::string_view body);
  // A call whose 2xx answer is all that matters.
  Status Expect2xx(std::string_view method, const std::string& path, const Json& body,
                   std::string_view what);

  HttpClient& http() { return http_; }

 private:
  Result<HttpResponse> Call(std::string_view method, const std::string& path, std::string_view body,
                            std::string_view content_type = "application/json");
  Result<Json> CallJson(std::string_view method, const std::string& path, std::string_view body,
                        std::string_view content_type = "application/json");

  HttpClient http_;
};

// The host:port of a publish address as _nodes/http gives it: "10.0.0.5:9200", or with the host
// name first, "es-1/10.0.0.5:9200" (the address is what the node bound, so that is what is used).
std::string PublishHostPort(std::string_view publish_address);

// `indices` percent-encoded and joined by commas, in as few lists of at most kMaxIndexList bytes
// as they fit in (ES refuses a request line over 4 KB).
inline constexpr size_t kMaxIndexList = 3000;
std::vector<std::string> IndexLists(const std::vector<std::string>& indices);

// Percent-encodes `text` for a URL path segment (index names may hold '+', '#', …).
std::string UrlEncode(std::string_view text);

}  // namespace shardlift::client
