#include "client/bulk_writer.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "client/cluster.h"

namespace shardlift::client {
namespace {

constexpr std::string_view kBulkPath =
    "/_bulk?filter_path=errors,items.*.status,items.*.error.type,items.*.error.reason,"
    "items.*.error.caused_by.type,items.*.error.caused_by.reason";

bool RetryableItem(long status) { return status == 429 || status == 503; }
bool RetryableRequest(long status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

// xorshift64*, one state per thread: enough for jitter, nothing shared between workers.
uint64_t NextRandom() {
  thread_local uint64_t state =
      0x9E3779B97F4A7C15ull ^ std::hash<std::thread::id>{}(std::this_thread::get_id()) ^
      static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 2685821657736338717ull;
}

// The result object of one item ({"index":{…}} → {…}), or nullptr when the answer has none.
const Json* ItemResult(const Json& entry) {
  if (!entry.is_object() || entry.empty() || !entry.begin().value().is_object()) return nullptr;
  return &entry.begin().value();
}

long ItemStatus(const Json* result) {
  const Json* status = result ? Member(*result, "status") : nullptr;
  return status != nullptr && status->is_number_integer() ? status->get<long>() : 0;
}

std::string ItemError(const Json* result) {
  const Json* error = result ? Member(*result, "error") : nullptr;
  if (error == nullptr) return "no result for the item";
  std::string text = StringOr(Member(*error, "type")) + ": " + StringOr(Member(*error, "reason"));
  if (const Json* cause = Member(*error, "caused_by")) {
    text += " (caused by " + StringOr(Member(*cause, "type")) + ": " +
            StringOr(Member(*cause, "reason")) + ")";
  }
  return text;
}

void AddCounts(const BulkCounts& delta, BulkCounts& total) {
  total.created += delta.created;
  total.updated += delta.updated;
  total.already_present += delta.already_present;
}

}  // namespace

size_t BatchBytesWithinBudget(const BulkOptions& options) {
  const size_t batches_held = 4 * static_cast<size_t>(std::max(options.concurrency, 1)) + 1;
  return std::min(options.max_batch_bytes, kBulkMemoryBudget / batches_held);
}

BulkWriter::BulkWriter(const HttpOptions& http, BulkOptions options, DeadLetterFile& dead_letters,
                       ItemRepair* repair)
    : options_(options),
      dead_letters_(dead_letters),
      repair_(repair),
      workers_(http, options.concurrency) {
  options_.max_batch_bytes = BatchBytesWithinBudget(options);
}

BulkWriter::~BulkWriter() { (void)Finish(); }

Status BulkWriter::Add(const translate::SourceDocument& doc,
                       const translate::PreparedDocument& prepared) {
  if (failed()) {
    CountUnsent(1);
    std::lock_guard lock(mutex_);
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
  if (failed()) {
    CountUnsent(current_.size());
    current_.Clear();
    std::lock_guard lock(mutex_);
    return fatal_;
  }
  // Blocks while every worker has a batch waiting: memory stays bounded, the reader waits for ES.
  const int64_t first = enqueued_;
  enqueued_ += static_cast<int64_t>(current_.size());
  workers_.Submit([this, first, batch = std::move(current_)](HttpClient& http) mutable {
    Send(http, std::move(batch), first);
  });
  current_ = BulkBatch();
  return Status();
}

Status BulkWriter::Finish() {
  const Status status = Enqueue();
  workers_.Drain();
  std::lock_guard lock(mutex_);
  return fatal_.ok() ? status : fatal_;
}

int64_t BulkWriter::resolved() const {
  std::lock_guard lock(mutex_);
  return resolved_;
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
}

void BulkWriter::CountUnsent(size_t items) {
  std::lock_guard lock(mutex_);
  counts_.unsent += static_cast<int64_t>(items);
}

void BulkWriter::Backoff(int attempt) const {
  const int64_t ceiling = std::min<int64_t>(
      options_.max_backoff_ms, int64_t{options_.base_backoff_ms} << std::min(attempt, 20));
  // "Equal jitter": half fixed, half random, so retries of many workers spread out.
  const int64_t wait = ceiling / 2 + static_cast<int64_t>(NextRandom() % (ceiling / 2 + 1));
  std::this_thread::sleep_for(std::chrono::milliseconds(wait));
}

void BulkWriter::DeadLetterItem(const BulkBatch& batch, const BulkItem& item,
                                std::string_view reason, std::string_view detail) {
  DeadLetter letter;
  letter.key = translate::View(item.key);
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
  ++by_index_[item.key.index].dead_lettered;
}

BulkWriter::Answer BulkWriter::Post(HttpClient& http, const BulkBatch& batch) const {
  using Kind = Answer::Kind;
  auto response =
      http.Request("POST", kBulkPath, batch.body(), "application/x-ndjson", options_.gzip);
  if (!response.ok()) {
    if (!IsRetryable(response.status())) return {Kind::kFatal, {}, {}, response.status()};
    return {Kind::kRetry, {}, response.status().message(), {}};
  }
  if (auto blocked = WriteBlockMessage(response->status, response->body)) {
    return {Kind::kFatal, {}, {}, Status::IoError(*blocked)};
  }
  if (RetryableRequest(response->status)) {
    return {Kind::kRetry, {}, "bulk request answered " + DescribeError(*response), {}};
  }
  if (response->status != 200) {
    // ES refused the request as a whole (it would refuse it again): every item is affected.
    return {Kind::kRefused, {}, "bulk request refused: " + DescribeError(*response), {}};
  }
  const std::string unreadable =
      "unreadable or truncated bulk answer (" + std::to_string(response->body.size()) + " bytes)";
  Result<Json> answer = ParseJson(response->body, "bulk answer");
  if (!answer.ok()) return {Kind::kRetry, {}, unreadable, {}};
  const Json* errors = Member(*answer, "errors");
  const Json* items = Member(*answer, "items");
  if (items != nullptr && items->is_array() && items->size() == batch.size()) {
    return {Kind::kItems, std::move((*answer)["items"]), {}, {}};
  }
  // filter_path drops "items" when nothing went wrong and no item reported a status.
  if (items == nullptr && errors != nullptr && errors->is_boolean() && !errors->get<bool>()) {
    return {Kind::kItems, Json(), {}, {}};
  }
  return {Kind::kRetry, {}, unreadable, {}};
}

void BulkWriter::Account(const BulkBatch& batch, const Json& items, uint64_t sent_at,
                         BulkBatch& retry, std::string& last_retry_reason) {
  BulkCounts delta;
  std::map<std::string_view, BulkCounts> delta_by_index;
  size_t i = 0;
  for (; i < batch.size() && !failed(); ++i) {
    const BulkItem& item = batch.items()[i];
    const Json* result = items.is_null() ? nullptr : ItemResult(items[i]);
    const long status = items.is_null() ? 201 : ItemStatus(result);
    BulkCounts& index_delta = delta_by_index[item.key.index];
    if (status == 201) {
      ++delta.created;
      ++index_delta.created;
    } else if (status == 200) {
      ++delta.updated;
      ++index_delta.updated;
    } else if (status == 409 && options_.external_versions) {
      ++delta.already_present;
      ++index_delta.already_present;
    } else if (const std::string error = ItemError(result);
               error.starts_with("cluster_block_exception")) {
      Fail(Status::IoError(WriteBlockMessage(403, error).value_or(error)));
      break;
    } else if (const Json* error_object = result ? Member(*result, "error") : nullptr;
               RetryableItem(status) ||
               (repair_ != nullptr && error_object != nullptr &&
                repair_->Repair(item.target_index, *error_object, sent_at))) {
      last_retry_reason = error;
      retry.AddFrom(batch, item);
    } else {
      DeadLetterItem(
          batch, item,
          error_object ? StringOr(Member(*error_object, "type"), "es-error") : "es-error", error);
    }
  }
  std::lock_guard lock(mutex_);
  AddCounts(delta, counts_);
  counts_.unsent += static_cast<int64_t>(batch.size() - i);  // after a block stopped the load
  counts_.retried_items += static_cast<int64_t>(retry.size());
  for (const auto& [index, counts] : delta_by_index)
    AddCounts(counts, by_index_[std::string(index)]);
}

void BulkWriter::Send(HttpClient& http, BulkBatch batch, int64_t first) {
  const auto end = first + static_cast<int64_t>(batch.size());
  SendUntilAnswered(http, std::move(batch));
  if (failed()) return;  // perhaps not every item was answered for
  std::lock_guard lock(mutex_);
  resolved_ahead_[first] = end;
  for (auto it = resolved_ahead_.begin(); it != resolved_ahead_.end() && it->first == resolved_;
       it = resolved_ahead_.erase(it)) {
    resolved_ = it->second;
  }
}

void BulkWriter::SendUntilAnswered(HttpClient& http, BulkBatch batch) {
  int request_attempts = 0;
  int item_attempts = 0;
  while (!batch.empty()) {
    if (failed()) return CountUnsent(batch.size());
    const uint64_t sent_at = repair_ != nullptr ? repair_->generation() : 0;
    Answer answer = Post(http, batch);
    switch (answer.kind) {
      case Answer::Kind::kFatal:
        Fail(std::move(answer.fatal));
        return CountUnsent(batch.size());
      case Answer::Kind::kRefused:
        for (const BulkItem& item : batch.items()) {
          DeadLetterItem(batch, item, "bulk-refused", answer.detail);
        }
        return;
      case Answer::Kind::kRetry:
        if (++request_attempts >= options_.max_attempts) {
          Fail(Status::IoError("gave up on a bulk request after " +
                               std::to_string(request_attempts) + " attempts: " + answer.detail));
          return CountUnsent(batch.size());
        }
        {
          std::lock_guard lock(mutex_);
          ++counts_.retried_requests;
        }
        Backoff(request_attempts);
        continue;
      case Answer::Kind::kItems:
        break;
    }
    BulkBatch retry;
    std::string last_retry_reason;
    Account(batch, answer.items, sent_at, retry, last_retry_reason);
    if (failed()) return CountUnsent(retry.size());
    if (retry.empty()) return;
    if (++item_attempts >= options_.max_attempts) {
      const std::string detail = "still refused after " + std::to_string(item_attempts) +
                                 " attempts: " + last_retry_reason;
      for (const BulkItem& item : retry.items()) {
        DeadLetterItem(retry, item, "retries-exhausted", detail);
      }
      return;
    }
    Backoff(item_attempts);
    batch = std::move(retry);
  }
}

}  // namespace shardlift::client
