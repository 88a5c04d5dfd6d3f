#include "client/cluster.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <iterator>
#include <thread>

namespace shardlift::client {
namespace {

constexpr int kTransportRetries = 5;

// "/<index><rest>" with the index name percent-encoded.
std::string IndexPath(std::string_view index, std::string_view rest = "") {
  std::string path(1, '/');
  path += UrlEncode(index);
  path += rest;
  return path;
}

// "a" or "a and 25 more", for messages about a call on many indices.
std::string IndicesNamed(const std::vector<std::string>& indices) {
  if (indices.empty()) return "no index";
  return indices.size() == 1
             ? indices.front()
             : indices.front() + " and " + std::to_string(indices.size() - 1) + " more";
}

// Bytes of an answer that is not an ES error quoted in a message.
constexpr size_t kMaxBodyShown = 300;

// The start of `text` on one line: runs of whitespace and control characters become one space.
std::string OneLine(std::string_view text, size_t limit) {
  std::string out;
  for (const char c : text) {
    if (out.size() >= limit) {
      out += "…";
      break;
    }
    const bool blank = static_cast<unsigned char>(c) <= ' ' || c == '\x7f';
    if (!blank) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string DescribeError(const HttpResponse& response) {
  Json body = Json::parse(response.body, nullptr, false);
  const Json* error = Member(body, "error");
  std::string text = "HTTP " + std::to_string(response.status);
  if (error == nullptr) return text + ": " + OneLine(response.body, kMaxBodyShown);
  if (error->is_string()) return text + ": " + error->get<std::string>();
  text += ": " + StringOr(Member(*error, "type")) + ": " + StringOr(Member(*error, "reason"));
  if (const Json* cause = Member(*error, "caused_by")) {
    text += " (caused by " + StringOr(Member(*cause, "type")) + ": " +
            StringOr(Member(*cause, "reason")) + ")";
  }
  return text;
}

std::optional<std::string> WriteBlockMessage(long status, std::string_view body) {
  // Told apart from "queue full, retry" by the error type, never by the status: the flood-stage
  // block is a 429 on 7.17 and a 403 on 7.6 (tests/es7/FACTS.md).
  if ((status != 403 && status != 429) ||
      body.find("cluster_block_exception") == std::string_view::npos) {
    return std::nullopt;
  }
  std::string message =
      "Elasticsearch 7 refuses writes (" + std::to_string(status) + " cluster_block_exception)";
  if (body.find("flood") != std::string_view::npos ||
      body.find("read_only_allow_delete") != std::string_view::npos ||
      body.find("read-only / allow delete") != std::string_view::npos) {
    message +=
        ": the disk of the ES 7 node passed its flood-stage watermark and ES made the index "
        "read-only. Free disk space on the target (or raise "
        "cluster.routing.allocation.disk.watermark.flood_stage), then run migrate again: "
        "documents already written are kept and skipped";
  } else {
    message += ": an index or cluster block is set; remove it and run migrate again";
  }
  return message + ". ES said: " + std::string(body.substr(0, 400));
}

Result<HttpResponse> Cluster::Call(std::string_view method, const std::string& path,
                                   std::string_view body, std::string_view content_type) {
  for (int attempt = 0;; ++attempt) {
    auto response = http_.Request(method, path, body, content_type);
    const bool last_try = attempt + 1 == kTransportRetries;
    if (response.ok()) {
      // A 429 that is no block: ES refused the request before doing anything (a full queue, a
      // circuit breaker), so it is asked again, like a lost connection.
      if (response->status != 429 || last_try || WriteBlockMessage(429, response->body)) {
        return response;
      }
    } else if (!IsRetryable(response.status()) || last_try) {
      return response.status();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200 << attempt));
  }
}

Result<translate::TranslationTarget> Cluster::Identify() {
  translate::TranslationTarget target;
  SL_ASSIGN_OR_RETURN(HttpResponse root, Call("GET", "/", {}));
  std::string number;
  auto distribution = translate::Distribution::kElasticsearch;
  if (root.status == 404 || root.status == 405) {
    // No `GET /` route (FACTS.md: 8.17's Maven home answers 405): the node's own version.
    SL_ASSIGN_OR_RETURN(Json nodes, GetJson("/_nodes/_local?filter_path=nodes.*.version"));
    const Json* all = Member(nodes, "nodes");
    if (all != nullptr && all->is_object() && all->size() == 1) {
      number = StringOr(Member(all->begin().value(), "version"));
    }
    if (number.empty()) {
      return Status::Corruption("GET / answered HTTP " + std::to_string(root.status) +
                                " and _nodes/_local named no version");
    }
  } else {
    if (root.status / 100 != 2) return Status::IoError("GET /: " + DescribeError(root));
    SL_ASSIGN_OR_RETURN(Json info, ParseJson(root.body, "GET /"));
    const Json* version = Member(info, "version");
    number = version ? StringOr(Member(*version, "number")) : "";
    if (number.empty()) return Status::Corruption("GET / answered without version.number");
    if (version && StringOr(Member(*version, "distribution")) == "opensearch") {
      distribution = translate::Distribution::kOpenSearch;
    }
  }
  auto parsed = translate::TargetVersion::FromNumber(distribution, number);
  if (!parsed.ok()) return parsed.status().WithContext(http_.options().base_url);
  target.version = *parsed;

  SL_ASSIGN_OR_RETURN(
      Json plugins,
      GetJson("/_nodes/plugins?filter_path=nodes.*.modules.name,nodes.*.plugins.name"));
  const Json* nodes = Member(plugins, "nodes");
  if (nodes == nullptr || !nodes->is_object() || nodes->empty()) {
    return Status::Corruption("GET /_nodes/plugins named no node");
  }
  // What every node has: an index may live on any of them.
  std::optional<std::vector<std::string>> common;
  for (const auto& [id, node] : nodes->items()) {
    std::vector<std::string> names;
    for (const char* kind : {"modules", "plugins"}) {
      const Json* list = Member(node, kind);
      if (list == nullptr || !list->is_array()) continue;
      for (const Json& entry : *list) names.push_back(StringOr(Member(entry, "name")));
    }
    std::sort(names.begin(), names.end());
    if (common) {
      std::vector<std::string> both;
      std::set_intersection(common->begin(), common->end(), names.begin(), names.end(),
                            std::back_inserter(both));
      names = std::move(both);
    }
    common = std::move(names);
  }
  target.modules = std::move(common);
  return target;
}

HealthAnswer Cluster::CheckHealth(std::string_view status) {
  using Kind = HealthAnswer::Kind;
  const std::string& url = http_.options().base_url;
  auto response = http_.Request(
      "GET", "/_cluster/health?wait_for_status=" + std::string(status) + "&timeout=5s");
  if (!response.ok()) {
    // "GET <url>: <what curl says>": the URL is said once, by the caller.
    std::string_view cause = TransportMessage(response.status());
    if (const size_t colon = cause.find(": "); colon != std::string_view::npos) {
      cause.remove_prefix(colon + 2);
    }
    switch (http_.last_failure()) {
      case TransportFailure::kRefused:
        return {Kind::kFailed, std::string(cause) +
                                   " (nothing listens there: is it the port of a "
                                   "running Elasticsearch?)"};
      case TransportFailure::kUnresolved:
        return {Kind::kFailed, std::string(cause)};
      case TransportFailure::kTls:
        return {Kind::kFailed, std::string(cause) +
                                   (url.starts_with("https:") ? " (is it an http:// port?)" : "")};
      case TransportFailure::kNoAnswer:
        return {
            Kind::kFailed,
            std::string(cause) +
                (url.starts_with("http:") ? " (is it an https:// port? then give https://)" : "")};
      case TransportFailure::kTimeout:
        return {Kind::kWait, "no answer in time"};
      case TransportFailure::kNone:
      case TransportFailure::kOther:
        break;
    }
    return {IsRetryable(response.status()) ? Kind::kWait : Kind::kFailed, std::string(cause)};
  }
  // Health answers are JSON with a "status"; 408: wait_for_status ran out (the body says how far).
  const Json body = Json::parse(response->body, nullptr, false);
  const Json* health = Member(body, "status");
  const bool is_health = health != nullptr && health->is_string();
  if (response->status == 200 && is_health) return {Kind::kReady, ""};
  if (response->status == 408 && is_health) {
    return {Kind::kWait, "cluster health " + health->get<std::string>()};
  }
  if (response->status == 401 || response->status == 403) {
    return {Kind::kFailed,
            DescribeError(*response) + (response->status == 401
                                            ? " (give --user and --password, or --api-key)"
                                            : " (the user may not read cluster health)")};
  }
  if (response->status == 429 || response->status / 100 == 5) {
    return {Kind::kWait, DescribeError(*response)};
  }
  return {Kind::kFailed,
          "it does not answer as Elasticsearch: GET /_cluster/health: " + DescribeError(*response)};
}

Result<std::string> Cluster::ClusterUuid() {
  SL_ASSIGN_OR_RETURN(const Json state,
                      GetJson("/_cluster/state/metadata?filter_path=metadata.cluster_uuid"));
  const Json* metadata = Member(state, "metadata");
  std::string uuid = metadata ? StringOr(Member(*metadata, "cluster_uuid")) : "";
  if (uuid.empty()) return Status::Corruption("_cluster/state named no metadata.cluster_uuid");
  return uuid;
}

Result<std::vector<std::string>> Cluster::HttpAddresses() {
  SL_ASSIGN_OR_RETURN(const Json answer,
                      GetJson("/_nodes/http?filter_path=nodes.*.http.publish_address"));
  std::vector<std::string> addresses;
  const Json* nodes = Member(answer, "nodes");
  if (nodes == nullptr || !nodes->is_object()) return addresses;
  for (const auto& [id, node] : nodes->items()) {
    const Json* http = Member(node, "http");
    const std::string address = http ? StringOr(Member(*http, "publish_address")) : "";
    if (!address.empty()) addresses.push_back(PublishHostPort(address));
  }
  return addresses;
}

Result<std::vector<int>> Cluster::DataNodeWriteThreads() {
  SL_ASSIGN_OR_RETURN(
      const Json answer,
      GetJson("/_nodes/thread_pool?filter_path=nodes.*.roles,nodes.*.thread_pool.write.size"));
  std::vector<int> threads;
  const Json* nodes = Member(answer, "nodes");
  if (nodes == nullptr || !nodes->is_object()) return threads;
  for (const auto& [id, node] : nodes->items()) {
    const Json* roles = Member(node, "roles");
    const bool data =
        roles != nullptr && roles->is_array() &&
        std::any_of(roles->begin(), roles->end(), [](const Json& role) {
          return role.is_string() && role.get_ref<const std::string&>().starts_with("data");
        });
    if (!data) continue;
    const Json* pool = Member(node, "thread_pool");
    const Json* write = pool ? Member(*pool, "write") : nullptr;
    const Json* size = write ? Member(*write, "size") : nullptr;
    threads.push_back(size != nullptr && size->is_number_integer() ? size->get<int>() : 1);
  }
  return threads;
}

std::vector<std::string> IndexLists(const std::vector<std::string>& indices) {
  std::vector<std::string> lists;
  for (const std::string& index : indices) {
    const std::string name = UrlEncode(index);
    if (lists.empty() || lists.back().size() + 1 + name.size() > kMaxIndexList) {
      lists.push_back(name);
    } else {
      lists.back() += ',' + name;
    }
  }
  return lists;
}

std::string PublishHostPort(std::string_view publish_address) {
  const size_t slash = publish_address.rfind('/');
  return std::string(slash == std::string_view::npos ? publish_address
                                                     : publish_address.substr(slash + 1));
}

Result<Json> Cluster::GetJson(const std::string& path) { return CallJson("GET", path, {}); }

Result<Json> Cluster::PostJson(const std::string& path, const Json& body) {
  return CallJson("POST", path, DumpJson(body));
}

Result<Json> Cluster::PostNdjson(const std::string& path, std::string_view body) {
  return CallJson("POST", path, body, "application/x-ndjson");
}

Result<Json> Cluster::CallJson(std::string_view method, const std::string& path,
                               std::string_view body, std::string_view content_type) {
  const std::string what = std::string(method) + " " + path;
  SL_ASSIGN_OR_RETURN(HttpResponse response, Call(method, path, body, content_type));
  if (response.status / 100 != 2) return Status::IoError(what + ": " + DescribeError(response));
  return ParseJson(response.body, what);
}

Status Cluster::Expect2xx(std::string_view method, const std::string& path, const Json& body,
                          std::string_view what) {
  SL_ASSIGN_OR_RETURN(HttpResponse response,
                      Call(method, path, body.is_null() ? std::string() : DumpJson(body)));
  if (response.status / 100 == 2) return Status();
  if (auto blocked = WriteBlockMessage(response.status, response.body)) {
    return Status::IoError(*blocked);
  }
  return Status::InvalidArgument(std::string(what) + ": " + DescribeError(response));
}

Result<ExistingIndex> Cluster::FindIndex(const std::string& name, std::string_view meta_key) {
  const std::string path =
      IndexPath(name, "/_mapping?filter_path=*.mappings._meta." + UrlEncode(meta_key));
  SL_ASSIGN_OR_RETURN(HttpResponse response, Call("GET", path, {}));
  ExistingIndex found;
  if (response.status == 404) return found;
  if (response.status / 100 != 2) {
    return Status::IoError("GET " + path + ": " + DescribeError(response));
  }
  SL_ASSIGN_OR_RETURN(const Json body, ParseJson(response.body, "GET " + path));
  found.exists = true;
  if (!body.is_object()) return found;
  // filter_path leaves out the indices without the mark: {} means "exists, unmarked".
  if (body.size() == 1) {
    found.index = body.begin().key();
    const Json* mappings = Member(body.begin().value(), "mappings");
    const Json* meta = mappings ? Member(*mappings, "_meta") : nullptr;
    const Json* mark = meta ? Member(*meta, meta_key) : nullptr;
    if (mark != nullptr) found.mark = *mark;
  }
  return found;
}

Result<CreateIndexAnswer> Cluster::CreateIndex(const std::string& name, const Json& body) {
  SL_ASSIGN_OR_RETURN(HttpResponse response,
                      Call("PUT", IndexPath(name, "?wait_for_active_shards=0"), DumpJson(body)));
  CreateIndexAnswer answer;
  if (response.status / 100 == 2) return answer;
  if (response.body.find("resource_already_exists_exception") != std::string::npos) {
    answer.outcome = CreateIndexAnswer::Outcome::kExists;
    return answer;
  }
  if (auto blocked = WriteBlockMessage(response.status, response.body)) {
    return Status::IoError(*blocked);
  }
  answer.error = DescribeError(response);
  // "unknown setting [index.foo] please check …"
  constexpr std::string_view kUnknown = "unknown setting [";
  const size_t at = response.body.find(kUnknown);
  const size_t end = at == std::string::npos ? at : response.body.find(']', at + kUnknown.size());
  if (response.status == 400 && end != std::string::npos) {
    answer.outcome = CreateIndexAnswer::Outcome::kUnknownSetting;
    answer.setting = response.body.substr(at + kUnknown.size(), end - at - kUnknown.size());
  } else {
    answer.outcome = CreateIndexAnswer::Outcome::kRefused;
  }
  return answer;
}

Status Cluster::WaitForPrimaries(const std::vector<std::string>& indices) {
  for (const std::string& list : IndexLists(indices)) {
    SL_ASSIGN_OR_RETURN(
        HttpResponse response,
        Call("GET", "/_cluster/health/" + list + "?wait_for_status=yellow&timeout=60s", {}));
    if (response.status != 200) {
      return Status::IoError("the primary shards of " + IndicesNamed(indices) +
                             " did not start within 60 s: " + DescribeError(response));
    }
  }
  return Status();
}

Status Cluster::PutTemplate(const std::string& name, const Json& body) {
  return Expect2xx("PUT", "/_template/" + UrlEncode(name), body, "put template " + name);
}

Result<Json> Cluster::Mapping(const std::string& index) {
  SL_ASSIGN_OR_RETURN(const Json answer, GetJson(IndexPath(index, "/_mapping")));
  // {"<index>": {"mappings": {…}}}
  const Json* mappings = answer.is_object() && answer.size() == 1
                             ? Member(answer.begin().value(), "mappings")
                             : nullptr;
  if (mappings == nullptr || !mappings->is_object()) {
    return Status::Corruption("GET " + index + "/_mapping: no mappings in the answer");
  }
  return *mappings;
}

Status Cluster::PutMapping(const std::string& index, const Json& body) {
  return Expect2xx("PUT", IndexPath(index, "/_mapping"), body, "put mapping on " + index);
}

Status Cluster::PutAlias(const std::string& index, const std::string& alias, const Json& body) {
  return Expect2xx("PUT", IndexPath(index, "/_alias/" + UrlEncode(alias)), body,
                   "alias " + alias + " on " + index);
}

Status Cluster::UpdateSettings(const std::string& index, const Json& settings) {
  return Expect2xx("PUT", IndexPath(index, "/_settings"), settings, "settings of " + index);
}

Status Cluster::Refresh(const std::string& index) {
  return Expect2xx("POST", IndexPath(index, "/_refresh"), Json(), "refresh " + index);
}

Status Cluster::UpdateSettings(const std::vector<std::string>& indices, const Json& settings) {
  for (const std::string& list : IndexLists(indices)) {
    SL_RETURN_IF_ERROR(Expect2xx("PUT", "/" + list + "/_settings", settings,
                                 "settings of " + IndicesNamed(indices)));
  }
  return Status();
}

Status Cluster::Refresh(const std::vector<std::string>& indices) {
  for (const std::string& list : IndexLists(indices)) {
    SL_RETURN_IF_ERROR(
        Expect2xx("POST", "/" + list + "/_refresh", Json(), "refresh " + IndicesNamed(indices)));
  }
  return Status();
}

Status Cluster::Close(const std::string& index) {
  return Expect2xx("POST", IndexPath(index, "/_close"), Json(), "close " + index);
}

Status Cluster::Open(const std::string& index) {
  return Expect2xx("POST", IndexPath(index, "/_open"), Json(), "open " + index);
}

Status Cluster::Delete(const std::string& index_pattern) {
  SL_ASSIGN_OR_RETURN(HttpResponse response,
                      Call("DELETE", std::string(1, '/') + index_pattern, {}));
  if (response.status / 100 == 2 || response.status == 404) return Status();
  return Status::InvalidArgument("delete " + index_pattern + ": " + DescribeError(response));
}

}  // namespace shardlift::client
