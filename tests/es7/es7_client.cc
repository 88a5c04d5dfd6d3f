#include "es7/es7_client.h"

#include <curl/curl.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <utility>

namespace shardlift::testing {

namespace {

size_t AppendBody(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

size_t CollectWarning(char* data, size_t size, size_t count, void* out) {
  std::string_view line(data, size * count);
  constexpr std::string_view kPrefix = "warning:";
  if (line.size() > kPrefix.size()) {
    std::string lower(line.substr(0, kPrefix.size()));
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == kPrefix) {
      line.remove_prefix(kPrefix.size());
      while (!line.empty() && (line.front() == ' ')) line.remove_prefix(1);
      while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
      static_cast<std::vector<std::string>*>(out)->emplace_back(line);
    }
  }
  return size * count;
}

}  // namespace

nlohmann::json HttpResponse::Json() const {
  return nlohmann::json::parse(body, /*cb=*/nullptr, /*allow_exceptions=*/false);
}

std::string HttpResponse::Describe() const {
  return error.empty() ? std::to_string(status) + " " + body : "no answer: " + error;
}

std::string Es7Client::FixtureUrl(std::string* why) {
  const char* file = std::getenv("SHARDLIFT_ES7_URL_FILE");
  if (file == nullptr) file = SHARDLIFT_ES7_URL_FILE_DEFAULT;
  std::ifstream in(file);
  std::string url;
  if (!std::getline(in, url) || url.empty()) {
    *why = std::string("no Elasticsearch 7 URL in ") + file +
           " (run the test through ctest, which starts the node in its es7_start fixture; did that "
           "fail?)";
    return "";
  }
  return url;
}

Es7Client::Es7Client(std::string base_url) : base_url_(std::move(base_url)) {
  static std::once_flag global_init;
  std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
}

Es7Client::~Es7Client() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

HttpResponse Es7Client::Bulk(const std::vector<nlohmann::json>& lines, std::string_view path) {
  std::string body;
  for (const nlohmann::json& line : lines) body += line.dump() + '\n';
  return Request("POST", path, body, "application/x-ndjson");
}

HttpResponse Es7Client::Request(std::string_view method, std::string_view path,
                                std::string_view body, std::string_view content_type) {
  HttpResponse response;
  CURL* curl = static_cast<CURL*>(curl_);
  if (curl == nullptr) {
    response.error = "curl_easy_init failed";
    return response;
  }
  curl_easy_reset(curl);
  const std::string url = base_url_ + std::string(path);
  const std::string method_copy(method);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method_copy.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, CollectWarning);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.warnings);
  curl_slist* headers = nullptr;
  if (!content_type.empty()) {
    headers = curl_slist_append(headers, ("Content-Type: " + std::string(content_type)).c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  const CURLcode code = curl_easy_perform(curl);
  if (code == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  } else {
    response.error = std::string(curl_easy_strerror(code)) + " (" + method_copy + " " + url + ")";
  }
  curl_slist_free_all(headers);
  return response;
}

}  // namespace shardlift::testing
