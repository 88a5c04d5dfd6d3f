// A small blocking HTTP client for tests that talk to the Elasticsearch 7 node of the es7 ctest
// fixture. Deliberately separate from the product's HTTP client: tests use it as an independent
// oracle (create indices, read documents back, ask the node what it accepts).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace shardlift::testing {

struct HttpResponse {
  long status = 0;  // 0: no HTTP answer at all (see `error`)
  std::string body;
  std::vector<std::string> warnings;  // the values of Warning headers (ES deprecation notices)
  std::string error;                  // transport failure, empty when the node answered

  // The body as JSON; a discarded value when it is not JSON.
  nlohmann::json Json() const;
  // "<status> <body>" for assertion messages.
  std::string Describe() const;
};

class Es7Client {
 public:
  // The node's base URL, read from the file the es7 fixture writes (build/es7-node/url, or the
  // file named by $SHARDLIFT_ES7_URL_FILE). Returns "" and sets *why when there is none.
  static std::string FixtureUrl(std::string* why);

  explicit Es7Client(std::string base_url);
  ~Es7Client();
  Es7Client(const Es7Client&) = delete;
  Es7Client& operator=(const Es7Client&) = delete;

  const std::string& base_url() const { return base_url_; }

  HttpResponse Get(std::string_view path) { return Request("GET", path, "", ""); }
  HttpResponse Delete(std::string_view path) { return Request("DELETE", path, "", ""); }
  HttpResponse Put(std::string_view path, const nlohmann::json& body) {
    return Request("PUT", path, body.dump(), "application/json");
  }
  HttpResponse Post(std::string_view path, const nlohmann::json& body) {
    return Request("POST", path, body.dump(), "application/json");
  }
  // POST /_bulk (or `path`) with NDJSON lines; every line gets its terminating newline.
  HttpResponse Bulk(const std::vector<nlohmann::json>& lines, std::string_view path = "/_bulk");

  HttpResponse Request(std::string_view method, std::string_view path, std::string_view body,
                       std::string_view content_type);

 private:
  std::string base_url_;
  void* curl_;  // CURL*, reused so requests share one keep-alive connection
};

}  // namespace shardlift::testing

// Declares `client` (an Es7Client on the fixture's node) or fails the test with the reason.
#define SL_ES7_CLIENT(client)                                                                \
  std::string sl_es7_why_;                                                                   \
  const std::string sl_es7_url_ = ::shardlift::testing::Es7Client::FixtureUrl(&sl_es7_why_); \
  ASSERT_FALSE(sl_es7_url_.empty()) << sl_es7_why_;                                          \
  ::shardlift::testing::Es7Client client(sl_es7_url_)
