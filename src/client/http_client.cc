#include "client/http_client.h"

#include <curl/curl.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

namespace shardlift::client {
namespace {

constexpr std::string_view kRetryablePrefix = "retryable: ";

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t AppendBody(char* data, size_t size, size_t count, void* target) {
  static_cast<std::string*>(target)->append(data, size * count);
  return size * count;
}

bool RetryableCurlCode(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_BAD_CONTENT_ENCODING:
      return true;
    default:
      return false;
  }
}

TransportFailure FailureOf(CURLcode code) {
  switch (code) {
    case CURLE_OK:
      return TransportFailure::kNone;
    case CURLE_COULDNT_CONNECT:
      return TransportFailure::kRefused;
    case CURLE_COULDNT_RESOLVE_HOST:
      return TransportFailure::kUnresolved;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return TransportFailure::kTls;
    case CURLE_GOT_NOTHING:
    case CURLE_WEIRD_SERVER_REPLY:
      return TransportFailure::kNoAnswer;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportFailure::kTimeout;
    default:
      return TransportFailure::kOther;
  }
}

// The authority of `url` (between "scheme://" and the path), or npos-sized bounds.
std::pair<size_t, size_t> AuthorityBounds(std::string_view url) {
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {0, 0};
  const size_t start = scheme_end + 3;
  const size_t end = std::min(url.find_first_of("/?#", start), url.size());
  return {start, end};
}

}  // namespace

std::string RedactUrl(std::string_view url) {
  const auto [start, end] = AuthorityBounds(url);
  const size_t at = url.substr(0, end).rfind('@');
  if (at == std::string_view::npos || at < start) return std::string(url);
  return std::string(url.substr(0, start)) + "***" + std::string(url.substr(at));
}

Result<BaseUrl> ParseBaseUrl(std::string_view url) {
  const std::string shown = "--target-url " + RedactUrl(url);
  std::unique_ptr<CURLU, void (*)(CURLU*)> handle(curl_url(), &curl_url_cleanup);
  if (handle == nullptr) return Status::IoError("libcurl: cannot parse URLs");
  const std::string text(url);
  if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), 0) != CURLUE_OK) {
    return Status::InvalidArgument(shown + ": not a URL (give http://host:port or https://…)");
  }
  // The parts curl_url_get hands out are curl's to free.
  const auto part = [&](CURLUPart which, unsigned flags = 0) -> std::string {
    char* value = nullptr;
    if (curl_url_get(handle.get(), which, &value, flags) != CURLUE_OK || value == nullptr) {
      return "";
    }
    std::string out(value);
    curl_free(value);
    return out;
  };
  std::string scheme = part(CURLUPART_SCHEME);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "http" && scheme != "https") {
    return Status::InvalidArgument(shown + ": a " + scheme +
                                   ":// URL; Elasticsearch speaks http:// or https://");
  }
  if (url.find("://") == std::string_view::npos || part(CURLUPART_HOST).empty()) {
    return Status::InvalidArgument(shown + ": no host (give http://host:port or https://…)");
  }
  if (!part(CURLUPART_QUERY).empty() || !part(CURLUPART_FRAGMENT).empty()) {
    return Status::InvalidArgument(shown + ": a query or fragment has no place in it");
  }
  BaseUrl out;
  out.user = part(CURLUPART_USER, CURLU_URLDECODE);
  out.password = part(CURLUPART_PASSWORD, CURLU_URLDECODE);
  curl_url_set(handle.get(), CURLUPART_USER, nullptr, 0);
  curl_url_set(handle.get(), CURLUPART_PASSWORD, nullptr, 0);
  out.base_url = part(CURLUPART_URL);
  while (out.base_url.ends_with('/')) out.base_url.pop_back();
  return out;
}

bool IsRetryable(const Status& status) {
  return !status.ok() && status.message().starts_with(kRetryablePrefix);
}

std::string_view TransportMessage(const Status& status) {
  std::string_view message = status.message();
  if (message.starts_with(kRetryablePrefix)) message.remove_prefix(kRetryablePrefix.size());
  return message;
}

Status Gzip(std::string_view data, std::string& out) {
  z_stream stream{};
  // 15 window bits + 16: a gzip header and trailer instead of zlib's.
  if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status::IoError("gzip: deflateInit2 failed");
  }
  const size_t start = out.size();
  out.resize(start + deflateBound(&stream, data.size()) + 32);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data() + start);
  stream.avail_out = static_cast<uInt>(out.size() - start);
  const int result = deflate(&stream, Z_FINISH);
  out.resize(start + stream.total_out);
  deflateEnd(&stream);
  if (result != Z_STREAM_END) return Status::IoError("gzip: deflate did not finish");
  return Status();
}

HttpClient::HttpClient(HttpOptions options) : options_(std::move(options)) {
  GlobalInit();
  curl_ = curl_easy_init();
}

HttpClient::~HttpClient() {
  if (curl_ != nullptr) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

Result<HttpResponse> HttpClient::Request(std::string_view method, std::string_view path,
                                         std::string_view body, std::string_view content_type,
                                         bool gzip) {
  CURL* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr) return Status::IoError("libcurl: cannot create a handle");
  curl_easy_reset(curl);  // keeps the connection cache: keep-alive survives

  const std::string url = options_.base_url + std::string(path);
  const std::string method_text(method);
  HttpResponse response;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method_text.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, options_.request_timeout_ms);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // accept gzip answers too
  if (!options_.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(curl, CURLOPT_USERNAME, options_.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
  }
  if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (options_.insecure) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }

  struct curl_slist* headers = nullptr;
  const std::string type_header = "Content-Type: " + std::string(content_type);
  headers = curl_slist_append(headers, type_header.c_str());
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  std::string auth_header;
  if (!options_.api_key.empty()) {
    auth_header = "Authorization: ApiKey " + options_.api_key;
    headers = curl_slist_append(headers, auth_header.c_str());
  }
  std::string_view payload = body;
  if (gzip && !body.empty()) {
    compressed_.clear();
    SL_RETURN_IF_ERROR(Gzip(body, compressed_));
    payload = compressed_;
    headers = curl_slist_append(headers, "Content-Encoding: gzip");
  }
  if (!payload.empty() || method == "POST" || method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);

  const CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  last_failure_ = FailureOf(code);
  if (code != CURLE_OK) {
    const std::string message = std::string(method) + " " + url + ": " + curl_easy_strerror(code);
    if (RetryableCurlCode(code)) return Status::IoError(std::string(kRetryablePrefix) + message);
    return Status::IoError(message);
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace shardlift::client
