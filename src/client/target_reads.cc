#include "client/target_reads.h"

#include <chrono>
#include <thread>

#include "client/cluster.h"
#include "json/json.h"
#include "xcontent/json_writer.h"

namespace shardlift::client {
namespace {

constexpr int kAttempts = 8;
constexpr int kScrollPage = 1000;
constexpr int kMaxIdsHits = 10'000;  // index.max_result_window's default

bool Transient(long status) { return status == 429 || (status >= 500 && status <= 504); }

// One request, retried while it gets no answer or a transient one; the answer otherwise.
Result<HttpResponse> Call(HttpClient& http, std::string_view method, const std::string& path,
                          std::string_view body) {
  Status last;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100 << std::min(attempt, 6)));
    }
    auto response = http.Request(method, path, body);
    if (!response.ok()) {
      last = response.status();
      if (!IsRetryable(last)) break;
      continue;
    }
    if (!Transient(response->status)) return response;
    last = Status::IoError(std::string(method) + " " + path + ": " + DescribeError(*response));
  }
  return last;
}

// `path`'s answer parsed exactly; any status but 200 (and `allowed`) is an error.
Result<ExactJson> CallJson(HttpClient& http, std::string_view method, const std::string& path,
                           std::string_view body, long allowed = 200) {
  SL_ASSIGN_OR_RETURN(HttpResponse response, Call(http, method, path, body));
  if (response.status != 200 && response.status != allowed) {
    return Status::IoError(std::string(method) + " " + path + ": " + DescribeError(response));
  }
  auto parsed = ExactJson::Parse(response.body);
  if (!parsed.ok()) return parsed.status().WithContext(std::string(method) + " " + path);
  return parsed;
}

std::string IndexPath(std::string_view index, std::string_view rest) {
  std::string path(1, '/');
  path += UrlEncode(index);
  path += rest;
  return path;
}

std::optional<std::string> StringMember(const ExactJson& object, std::string_view key) {
  const ExactJson* value = object.Find(key);
  if (value == nullptr || value->kind() != ExactJson::Kind::kString) return std::nullopt;
  return value->text();
}

int64_t IntegerMember(const ExactJson& object, std::string_view key) {
  const ExactJson* value = object.Find(key);
  if (value == nullptr || value->kind() != ExactJson::Kind::kInteger) return 0;
  return std::strtoll(value->text().c_str(), nullptr, 10);
}

std::string ErrorText(const ExactJson& error) {
  return StringMember(error, "type").value_or("error") + ": " +
         StringMember(error, "reason").value_or("");
}

// A hit or an _mget doc as a StoredDocument (its `_source` moved out).
StoredDocument ToStored(ExactJson& entry) {
  StoredDocument doc;
  doc.found = true;
  doc.id = StringMember(entry, "_id").value_or("");
  doc.routing = StringMember(entry, "_routing");
  doc.version = IntegerMember(entry, "_version");
  if (ExactJson* source = entry.Find("_source")) doc.source = std::move(*source);
  return doc;
}

ExactJson* Array(ExactJson& object, std::string_view key) {
  ExactJson* value = object.Find(key);
  return value != nullptr && value->kind() == ExactJson::Kind::kArray ? value : nullptr;
}

}  // namespace

Result<std::vector<StoredDocument>> MultiGet(HttpClient& http, std::string_view index,
                                             const std::vector<DocumentRef>& docs) {
  std::string body = "{\"docs\":[";
  for (size_t i = 0; i < docs.size(); ++i) {
    body += i == 0 ? "{\"_id\":" : ",{\"_id\":";
    xcontent::AppendJsonString(docs[i].id, body);
    if (docs[i].routing) {
      body += ",\"routing\":";
      xcontent::AppendJsonString(*docs[i].routing, body);
    }
    body += '}';
  }
  body += "]}";
  const std::string path = IndexPath(index, "/_mget");
  SL_ASSIGN_OR_RETURN(ExactJson answer, CallJson(http, "POST", path, body));
  ExactJson* entries = Array(answer, "docs");
  if (entries == nullptr || entries->items().size() != docs.size()) {
    return Status::Corruption("POST " + path + ": the answer does not hold one doc per request");
  }
  std::vector<StoredDocument> out(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    ExactJson& entry = entries->items()[i];
    if (const ExactJson* error = entry.Find("error")) {
      if (StringMember(*error, "type") == "index_not_found_exception") continue;
      return Status::IoError("POST " + path + ": " + ErrorText(*error));
    }
    const ExactJson* found = entry.Find("found");
    if (found != nullptr && found->kind() == ExactJson::Kind::kBool && found->boolean()) {
      out[i] = ToStored(entry);
    }
  }
  return out;
}

Result<std::vector<StoredDocument>> SearchIds(HttpClient& http, std::string_view index,
                                              const std::vector<std::string_view>& ids) {
  std::string body = "{\"query\":{\"ids\":{\"values\":[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) body += ',';
    xcontent::AppendJsonString(ids[i], body);
  }
  const size_t size = std::min<size_t>(kMaxIdsHits, 4 * ids.size() + 16);
  body += "]}},\"version\":true,\"size\":" + std::to_string(size) + "}";
  const std::string path = IndexPath(index, "/_search");
  SL_ASSIGN_OR_RETURN(ExactJson answer, CallJson(http, "POST", path, body, 404));
  std::vector<StoredDocument> out;
  ExactJson* hits = answer.Find("hits");
  ExactJson* list = hits ? Array(*hits, "hits") : nullptr;
  if (list == nullptr) return out;  // 404: no such index
  for (ExactJson& hit : list->items()) out.push_back(ToStored(hit));
  return out;
}

Result<int64_t> CountDocuments(HttpClient& http, std::string_view index) {
  SL_ASSIGN_OR_RETURN(const ExactJson answer,
                      CallJson(http, "GET", IndexPath(index, "/_count"), {}, 404));
  return IntegerMember(answer, "count");
}

Status ScrollIds(HttpClient& http, std::string_view index,
                 const std::function<void(std::string_view id,
                                          std::optional<std::string_view> routing)>& visit) {
  const std::string first =
      "{\"size\":" + std::to_string(kScrollPage) + ",\"_source\":false,\"sort\":[\"_doc\"]}";
  SL_ASSIGN_OR_RETURN(ExactJson page,
                      CallJson(http, "POST", IndexPath(index, "/_search?scroll=2m"), first));
  std::string scroll_id;
  while (true) {
    scroll_id = StringMember(page, "_scroll_id").value_or(scroll_id);
    ExactJson* hits = page.Find("hits");
    ExactJson* list = hits ? Array(*hits, "hits") : nullptr;
    if (list == nullptr || list->items().empty()) break;
    for (const ExactJson& hit : list->items()) {
      const std::optional<std::string> routing = StringMember(hit, "_routing");
      visit(StringMember(hit, "_id").value_or(""),
            routing ? std::optional<std::string_view>(*routing) : std::nullopt);
    }
    std::string next = "{\"scroll\":\"2m\",\"scroll_id\":";
    xcontent::AppendJsonString(scroll_id, next);
    next += '}';
    SL_ASSIGN_OR_RETURN(page, CallJson(http, "POST", "/_search/scroll", next));
  }
  if (!scroll_id.empty()) {
    std::string clear = "{\"scroll_id\":";
    xcontent::AppendJsonString(scroll_id, clear);
    clear += '}';
    (void)http.Request("DELETE", "/_search/scroll", clear);
  }
  return Status();
}

Result<std::string> IndexState(HttpClient& http, std::string_view index) {
  SL_ASSIGN_OR_RETURN(
      const ExactJson answer,
      CallJson(http, "GET", "/_cat/indices/" + UrlEncode(index) + "?format=json&h=status", {},
               404));
  if (answer.kind() != ExactJson::Kind::kArray || answer.items().empty()) return std::string();
  return StringMember(answer.items()[0], "status").value_or("");
}

Status WaitForIndex(HttpClient& http, std::string_view index) {
  const std::string path =
      "/_cluster/health/" + UrlEncode(index) + "?wait_for_status=yellow&timeout=60s";
  SL_ASSIGN_OR_RETURN(HttpResponse response, Call(http, "GET", path, {}));
  if (response.status == 200) return Status();
  return Status::IoError(std::string(index) +
                         " did not become readable (yellow) in 60s: " + DescribeError(response));
}

}  // namespace shardlift::client
