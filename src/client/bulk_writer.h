// Sends BulkBatches to ES over N keep-alive connections (HttpWorkers) and accounts for every item.
//
// Per item: 201/200 written; 409 with external versions = the target already holds this (or a
// newer) version, counted as already present (an idempotent re-run); 429 / 503 (and whole
// requests that fail: connection refused or reset, timeouts, 5xx, truncated or unreadable
// answers) are retried with exponential backoff and jitter, bounded in attempts; every other
// item error goes to the dead-letter file with ES's reason — unless an ItemRepair removes its
// cause, and the item is sent again; a cluster_block_exception (flood-stage disk, read-only
// index) stops the load with a clear message.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "base/status.h"
#include "client/bulk_batch.h"
#include "client/dead_letter.h"
#include "client/http_client.h"
#include "client/http_workers.h"
#include "json/json.h"

namespace shardlift::client {

// What the batches one BulkWriter holds at once may take together: per worker one waiting, one in
// flight, its gzip copy and its retry; plus the one being filled. More workers make smaller
// batches (BatchBytesWithinBudget), whatever max_batch_bytes asks for.
inline constexpr size_t kBulkMemoryBudget = size_t{128} << 20;

struct BulkOptions {
  size_t max_batch_bytes = 10 << 20;
  size_t max_batch_docs = 5000;
  int concurrency = 1;
  bool gzip = false;
  bool external_versions = true;
  int max_attempts = 12;  // per item and per whole request
  int base_backoff_ms = 100;
  int max_backoff_ms = 10'000;
};

struct BulkCounts {
  int64_t created = 0;
  int64_t updated = 0;          // 200: overwrote a document (internal versions, re-runs)
  int64_t already_present = 0;  // 409 with external versions
  int64_t dead_lettered = 0;
  int64_t retried_items = 0;
  int64_t retried_requests = 0;
  int64_t unsent = 0;  // never answered for because the load stopped
  int64_t written() const { return created + updated + already_present; }
};

// Removes, where it can, what made ES refuse an item (pipeline/malformed_values.h: a mapping that
// refuses values ES 5 took), so that the item can be sent again. Called from the sending threads.
class ItemRepair {
 public:
  virtual ~ItemRepair() = default;
  // Grows with every repair; the writer notes it before each request.
  virtual uint64_t generation() const = 0;
  // True when the cause of `error` (ES's error object for an item written into `index` by a
  // request sent at generation `sent_at`) is gone now: send the item again.
  virtual bool Repair(const std::string& index, const Json& error, uint64_t sent_at) = 0;
};

// max_batch_bytes, lowered where `concurrency` workers would take more than kBulkMemoryBudget.
size_t BatchBytesWithinBudget(const BulkOptions& options);

class BulkWriter {
 public:
  // `repair` (may be null) must outlive the writer.
  BulkWriter(const HttpOptions& http, BulkOptions options, DeadLetterFile& dead_letters,
             ItemRepair* repair = nullptr);
  ~BulkWriter();

  // Adds one prepared document; sends the current batch when it is full. Blocks while all
  // workers are busy (back-pressure). Returns the fatal error once the load has stopped.
  Status Add(const translate::SourceDocument& doc, const translate::PreparedDocument& prepared);
  // Sends what is left, waits for every request, and returns the fatal error if any.
  Status Finish();

  // Items are numbered in the order Add took them. added(): how many it took; resolved(): how
  // many from the first on are answered for (written or dead-lettered) with none open before
  // them — what a resumed load need not send again.
  int64_t added() const { return enqueued_ + static_cast<int64_t>(current_.size()); }
  int64_t resolved() const;

  BulkCounts counts() const;
  // The same, per source index.
  std::map<std::string, BulkCounts> counts_by_index() const;
  const BulkOptions& options() const { return options_; }

 private:
  // What one POST of a batch came to.
  struct Answer {
    enum class Kind { kItems, kRetry, kRefused, kFatal };
    Kind kind = Kind::kItems;
    Json items;          // kItems: the per-item results (null when ES said "no errors")
    std::string detail;  // kRetry: the problem; kRefused: ES's reason
    Status fatal;        // kFatal
  };

  Status Enqueue();
  // Sends `batch` (items first … first + size − 1) until every item is answered for.
  void Send(HttpClient& http, BulkBatch batch, int64_t first);
  void SendUntilAnswered(HttpClient& http, BulkBatch batch);
  Answer Post(HttpClient& http, const BulkBatch& batch) const;
  // Counts what ES answered for each item of `batch`; items worth another try go to `retry`.
  void Account(const BulkBatch& batch, const Json& items, uint64_t sent_at, BulkBatch& retry,
               std::string& last_retry_reason);
  void Backoff(int attempt) const;
  void DeadLetterItem(const BulkBatch& batch, const BulkItem& item, std::string_view reason,
                      std::string_view detail);
  void CountUnsent(size_t items);
  void Fail(Status status);
  bool failed() const { return failed_.load(std::memory_order_acquire); }

  BulkOptions options_;
  DeadLetterFile& dead_letters_;
  ItemRepair* repair_;
  BulkBatch current_;
  int64_t enqueued_ = 0;  // items handed to the workers

  mutable std::mutex mutex_;  // guards everything below
  std::atomic<bool> failed_{false};
  Status fatal_;
  BulkCounts counts_;
  std::map<std::string, BulkCounts> by_index_;
  int64_t resolved_ = 0;
  std::map<int64_t, int64_t> resolved_ahead_;  // answered batches after a gap: first → end
  // Last: its threads run Send, so it is destroyed (joined) before the members they use.
  HttpWorkers workers_;
};

}  // namespace shardlift::client
