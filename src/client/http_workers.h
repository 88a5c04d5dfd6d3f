// A fixed set of threads, each with its own keep-alive HttpClient, running submitted jobs. At
// most one job waits per worker: Submit blocks until one is free, so memory stays bounded and
// the producer (the source reader) goes at the pace of ES. With HttpOptions::node_urls, worker i
// talks to node i mod n: the cluster's coordinating work spreads over its nodes.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "client/http_client.h"

namespace shardlift::client {

class HttpWorkers {
 public:
  using Job = std::function<void(HttpClient&)>;

  HttpWorkers(const HttpOptions& http, int count);
  ~HttpWorkers();
  HttpWorkers(const HttpWorkers&) = delete;
  HttpWorkers& operator=(const HttpWorkers&) = delete;

  void Submit(Job job);
  // Waits until every job submitted so far has run.
  void Drain();

 private:
  void Work(HttpOptions http);

  const int count_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Job> queue_;
  int running_ = 0;
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace shardlift::client
