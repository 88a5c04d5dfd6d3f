#include "es7/bulk_writer.h"

#include <algorithm>
#include <chrono>

#include "es7/cluster.h"
#include "es7/json.h"

namespace shardlift::es7 {
namespace {

constexpr std::string_view kBulkPath =
    "/_bulk?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason,"
    "items.*.error.caused_by.type,items.*.error.caused_by.reason";

bool RetryableItem(long status) { return status == 429 || status == 503; }
bool RetryableRequest(long status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

uint64_t NextRandom(uint64_t& state) {
  // xorshift64*: enough for jitter, no shared state between workers.
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 2685821657736338717ull;
}

std::string ItemError(const Json& result) {
  const Json* error = Member(result, "error");
  if (error == nullptr) return "status " + std::to_string(result.value("status", 0));
  std::string text = StringOr(Member(*error, "type")) + ": " + StringOr(Member(*error, "reason"));
  if (const Json* cause = Member(*error, "caused_by")) {
    text += " (caused by " + StringOr(Member(*cause, "type")) + ": " +
            StringOr(Member(*cause, "reason")) + ")";
  }
  return text;
}

}  // namespace

BulkWriter::BulkWriter(const HttpOptions& http, BulkOptions options, DeadLetterFile& dead_letters)
    : http_options_(http), options_(options), dead_letters_(dead_letters) {
  options_.concurrency = std::max(1, options_.concurrency);
  for (int i = 0; i < options_.concurrency; ++i) workers_.emplace_back([this, i] { Work(i); });
}

BulkWriter::~BulkWriter() { (void)Finish(); }

Status BulkWriter::Add(const SourceDocument& doc, const PreparedDocument& prepared) {
  if (failed()) {
    std::lock_guard lock(mutex_);
    ++counts_.unsent;
    return fatal_;
  }
  current_.Add(doc, prepared, options_.external_versions);
  if (current_.bytes() >= options_.max_batch_bytes || current_.size() >= options_.max_batch_docs) {
    return Enqueue();
  }
  return Status();
}

Status BulkWriter::Enqueue() {
  if (current_.empty()) return Status();
  std::unique_lock lock(mutex_);
  // At most one batch waiting per worker: memory stays bounded, the reader waits for ES.
  queue_changed_.wait(
      lock, [&] { return static_cast<int>(queue_.size()) < options_.concurrency || failed(); });
  if (failed()) {
    counts_.unsent += static_cast<int64_t>(current_.size());
    current_.Clear();
    return fatal_;
  }
  queue_.push_back(std::move(current_));
  current_ = BulkBatch();
  queue_changed_.notify_all();
  return Status();
}

Status BulkWriter::Finish() {
  Status status = Enqueue();
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
    queue_changed_.notify_all();
  }
  for (std::thread& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  std::lock_guard lock(mutex_);
  return fatal_.ok() ? status : fatal_;
}

BulkCounts BulkWriter::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

std::map<std::string, BulkCounts> BulkWriter::counts_by_index() const {
  std::lock_guard lock(mutex_);
  return by_index_;
}

void BulkWriter::Fail(Status status) {
  std::lock_guard lock(mutex_);
  if (fatal_.ok()) fatal_ = std::move(status);
  failed_.store(true, std::memory_order_release);
  queue_changed_.notify_all();
}

void BulkWriter::Work(int worker) {
  HttpClient http(http_options_);
  uint64_t rng = 0x9E3779B97F4A7C15ull ^ (static_cast<uint64_t>(worker + 1) << 32) ^
                 static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  while (true) {
    BulkBatch batch;
    {
      std::unique_lock lock(mutex_);
      queue_changed_.wait(lock, [&] { return !queue_.empty() || closing_; });
      if (queue_.empty()) return;
      batch = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
      queue_changed_.notify_all();
    }
    if (failed()) {
      std::lock_guard lock(mutex_);
      counts_.unsent += static_cast<int64_t>(batch.size());
    } else {
      Send(http, std::move(batch), rng);
    }
    std::lock_guard lock(mutex_);
    --busy_;
  }
}

void BulkWriter::Backoff(int attempt, uint64_t& rng) const {
  const int64_t ceiling = std::min<int64_t>(
      options_.max_backoff_ms, int64_t{options_.base_backoff_ms} << std::min(attempt, 20));
  // "Equal jitter": half fixed, half random, so retries of many workers spread out.
  const int64_t wait = ceiling / 2 + static_cast<int64_t>(NextRandom(rng) % (ceiling / 2 + 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(wait));
}

void BulkWriter::DeadLetterItem(const BulkBatch& batch, const BulkItem& item,
                                std::string_view reason, std::string_view detail) {
  DeadLetter letter;
  letter.index = item.index;
  letter.type = item.type;
  letter.id = item.id;
  if (item.routing) letter.routing = *item.routing;
  if (item.parent) letter.parent = *item.parent;
  letter.version = item.version;
  letter.target_index = item.target_index;
  letter.reason = reason;
  letter.detail = detail;
  letter.source = batch.Source(item);
  if (Status status = dead_letters_.Write(letter); !status.ok()) {
    Fail(status);
    return;
  }
  std::lock_guard lock(mutex_);
  ++counts_.dead_lettered;
  ++by_index_[item.index].dead_lettered;
}

void BulkWriter::Send(HttpClient& http, BulkBatch batch, uint64_t& rng) {
  int request_attempts = 0;
  int item_attempts = 0;
  std::string last_item_error;
  while (!batch.empty()) {
    if (failed()) {
      std::lock_guard lock(mutex_);
      counts_.unsent += static_cast<int64_t>(batch.size());
      return;
    }
    auto response =
        http.Request("POST", kBulkPath, batch.body(), "application/x-ndjson", options_.gzip);
    std::string problem;
    Json answer;
    if (!response.ok()) {
      if (!IsRetryable(response.status())) {
        Fail(response.status());
        continue;
      }
      problem = response.status().message();
    } else if (auto blocked = WriteBlockMessage(response->status, response->body)) {
      Fail(Status::IoError(*blocked));
      continue;
    } else if (RetryableRequest(response->status)) {
      problem = "bulk request answered " + DescribeError(*response);
    } else if (response->status != 200) {
      // ES refused the request as a whole (it would refuse it again): every item is affected.
      const std::string detail = "bulk request refused: " + DescribeError(*response);
      for (const BulkItem& item : batch.items())
        DeadLetterItem(batch, item, "bulk-refused", detail);
      return;
    } else {
      answer = Json::parse(response->body, nullptr, false);
      const Json* items = Member(answer, "items");
      const bool all_ok = Member(answer, "errors") && !answer["errors"].get<bool>();
      if (answer.is_discarded() || (items == nullptr && !all_ok) ||
          (items != nullptr && items->size() != batch.size())) {
        problem = "unreadable or truncated bulk answer (" + std::to_string(response->body.size()) +
                  " bytes)";
      }
    }
    if (!problem.empty()) {
      if (++request_attempts >= options_.max_attempts) {
        Fail(Status::IoError("gave up on a bulk request after " + std::to_string(request_attempts) +
                             " attempts: " + problem));
        continue;
      }
      {
        std::lock_guard lock(mutex_);
        ++counts_.retried_requests;
      }
      Backoff(request_attempts, rng);
      continue;
    }

    BulkBatch retry;
    const Json* items = Member(answer, "items");
    BulkCounts delta;
    std::map<std::string_view, BulkCounts> delta_by_index;
    for (size_t i = 0; i < batch.size(); ++i) {
      const BulkItem& item = batch.items()[i];
      long status = 201;
      const Json* result = nullptr;
      if (items != nullptr) {
        const Json& entry = (*items)[i];
        result = entry.is_object() && !entry.empty() ? &entry.begin().value() : nullptr;
        status = result ? result->value("status", 0L) : 0;
      }
      if (status == 201) {
        ++delta.created;
        ++delta_by_index[item.index].created;
      } else if (status == 200) {
        ++delta.updated;
        ++delta_by_index[item.index].updated;
      } else if (status == 409 && options_.external_versions) {
        ++delta.already_present;
        ++delta_by_index[item.index].already_present;
      } else if (const std::string error = result ? ItemError(*result) : "";
                 error.starts_with("cluster_block_exception")) {
        Fail(Status::IoError(WriteBlockMessage(403, error).value_or(error)));
        break;
      } else if (RetryableItem(status)) {
        last_item_error = result ? error : "no result";
        retry.AddFrom(batch, item);
      } else {
        const std::string detail = result ? ItemError(*result) : "no result for the item";
        const Json* error = result ? Member(*result, "error") : nullptr;
        const std::string reason =
            error ? StringOr(Member(*error, "type"), "es-error") : "es-error";
        DeadLetterItem(batch, item, reason, detail);
      }
    }
    {
      std::lock_guard lock(mutex_);
      counts_.created += delta.created;
      counts_.updated += delta.updated;
      counts_.already_present += delta.already_present;
      counts_.retried_items += static_cast<int64_t>(retry.size());
      for (const auto& [index, counts] : delta_by_index) {
        BulkCounts& total = by_index_[std::string(index)];
        total.created += counts.created;
        total.updated += counts.updated;
        total.already_present += counts.already_present;
      }
    }
    if (failed()) {
      std::lock_guard lock(mutex_);
      counts_.unsent += static_cast<int64_t>(retry.size());
      return;
    }
    if (retry.empty()) return;
    if (++item_attempts >= options_.max_attempts) {
      const std::string detail =
          "still refused after " + std::to_string(item_attempts) + " attempts: " + last_item_error;
      for (const BulkItem& item : retry.items())
        DeadLetterItem(retry, item, "retries-exhausted", detail);
      return;
    }
    Backoff(item_attempts, rng);
    batch = std::move(retry);
  }
}

}  // namespace shardlift::es7
