#include "client/http_workers.h"

#include <algorithm>

namespace shardlift::client {

HttpWorkers::HttpWorkers(const HttpOptions& http, int count) : count_(std::max(1, count)) {
  for (int i = 0; i < count_; ++i) {
    HttpOptions mine = http;
    if (!http.node_urls.empty()) mine.base_url = http.node_urls[i % http.node_urls.size()];
    threads_.emplace_back([this, mine = std::move(mine)] { Work(mine); });
  }
}

HttpWorkers::~HttpWorkers() {
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  changed_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void HttpWorkers::Submit(Job job) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return static_cast<int>(queue_.size()) < count_; });
  queue_.push_back(std::move(job));
  changed_.notify_all();
}

void HttpWorkers::Drain() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return queue_.empty() && running_ == 0; });
}

void HttpWorkers::Work(HttpOptions http) {
  HttpClient client(http);
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return !queue_.empty() || closing_; });
    if (queue_.empty()) return;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    ++running_;
    changed_.notify_all();
    lock.unlock();
    job(client);
    lock.lock();
    --running_;
    changed_.notify_all();
  }
}

}  // namespace shardlift::client
