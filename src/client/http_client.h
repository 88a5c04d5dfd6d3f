// A small blocking HTTP client over libcurl for one ES 7 endpoint.
//
// One client = one connection kept alive across requests (libcurl easy handle), so each bulk
// worker owns one. Authentication: basic (user/password) or an API key; TLS verified against a
// CA file when given. Bodies can be sent gzip-compressed (ES decompresses request bodies).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace shardlift::client {

struct HttpOptions {
  std::string base_url;  // "http://127.0.0.1:9200", no trailing slash
  // Base URLs of nodes of the same cluster (base_url among them) that the workers of a pool
  // (HttpWorkers) spread their requests over; empty: every worker uses base_url.
  std::vector<std::string> node_urls;
  std::string user;  // basic auth when non-empty
  std::string password;
  std::string api_key;  // "Authorization: ApiKey <key>" when non-empty (base64 id:key)
  std::string ca_file;  // PEM bundle to verify the server with
  bool insecure = false;
  long connect_timeout_ms = 10'000;
  long request_timeout_ms = 120'000;
};

struct HttpResponse {
  long status = 0;
  std::string body;
};

// Why the last request got no HTTP answer, as far as the first contact with a target cares: a
// refused connection, an unknown host or a failed TLS handshake will not go away by retrying.
enum class TransportFailure {
  kNone,        // an answer came
  kRefused,     // nothing listens on the port
  kUnresolved,  // the host name does not resolve
  kTls,         // TLS handshake or certificate failed
  kNoAnswer,    // the connection closed without an HTTP answer
  kTimeout,     // connect or request timeout
  kOther,
};

// A --target-url taken apart: http:// or https:// with a host, no query or fragment. Credentials
// in it (http://user:pass@host, percent-decoded) move to `user` and `password`, so `base_url`,
// which messages print, holds none.
struct BaseUrl {
  std::string base_url;  // scheme://host[:port][/path], no trailing slash
  std::string user;
  std::string password;
};
Result<BaseUrl> ParseBaseUrl(std::string_view url);
// `url` with whatever precedes an '@' in its authority replaced by "***", for a message about a
// URL that could not be parsed.
std::string RedactUrl(std::string_view url);

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // `path` starts with '/'. A Status error means no complete HTTP answer (connection refused or
  // reset, timeout, truncated body): Status message is prefixed "retryable: " when a retry may
  // help. HTTP error statuses are answers, not errors.
  Result<HttpResponse> Request(std::string_view method, std::string_view path,
                               std::string_view body = {},
                               std::string_view content_type = "application/json",
                               bool gzip = false);

  const HttpOptions& options() const { return options_; }
  // Why the last Request failed without an answer (kNone after an answer).
  TransportFailure last_failure() const { return last_failure_; }

 private:
  HttpOptions options_;
  void* curl_ = nullptr;  // CURL*
  TransportFailure last_failure_ = TransportFailure::kNone;
  std::string compressed_;
};

// True when `status` (from HttpClient::Request) says a retry may help.
bool IsRetryable(const Status& status);
// The message of such a `status`, without the retry marker.
std::string_view TransportMessage(const Status& status);

// gzip (RFC 1952) of `data`, appended to `out`.
Status Gzip(std::string_view data, std::string& out);

}  // namespace shardlift::client
