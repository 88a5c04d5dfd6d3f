#include "pipeline/ordered_jobs.h"

#include <gtest/gtest.h>

#include <string>

namespace shardlift::app {
namespace {

class StringSink final : public pipeline::ByteSink {
 public:
  Status Append(std::string_view bytes) override {
    text.append(bytes);
    return Status();
  }
  std::string text;
};

// Distinct, position-dependent bytes, so a misplaced or lost block shows.
std::string Pattern(size_t seed, size_t length) {
  std::string text(length, '\0');
  for (size_t i = 0; i < length; ++i) text[i] = static_cast<char>('a' + (seed * 7 + i * 13) % 26);
  return text;
}

TEST(SpillBufferTest, KeepsOrderAcrossBlocksAndTheSpillFile) {
  pipeline::BlockPool pool(2 * pipeline::BlockPool::kBlockSize);  // the rest of the 3.5 MB spills
  const std::string expected =
      Pattern(1, 3 * pipeline::BlockPool::kBlockSize + pipeline::BlockPool::kBlockSize / 2);
  for (int round = 0; round < 2; ++round) {  // the second round reuses the returned blocks
    pipeline::SpillBuffer buffer(pool);
    for (size_t at = 0; at < expected.size(); at += 100'000) {
      ASSERT_TRUE(buffer.Append(std::string_view(expected).substr(at, 100'000)).ok());
    }
    StringSink out;
    ASSERT_TRUE(buffer.DrainInto(out).ok());
    EXPECT_EQ(out.text, expected);
    EXPECT_NE(pool.Take(), nullptr);  // the drained blocks came back
  }
}

TEST(OrderedJobsTest, ParallelOutputIsInJobOrder) {
  constexpr size_t kJobs = 12;
  std::string expected;
  for (size_t i = 0; i < kJobs; ++i) expected += Pattern(i, 50'000 * (i % 4) + 10);
  for (int workers : {1, 2, 3}) {
    StringSink out;
    size_t done_in_order = 0;
    const Status status = pipeline::RunOrderedJobs(
        kJobs, workers, out,
        [](size_t i, pipeline::ByteSink& sink) -> Status {
          const std::string text = Pattern(i, 50'000 * (i % 4) + 10);
          for (size_t at = 0; at < text.size(); at += 4096) {
            SL_RETURN_IF_ERROR(sink.Append(std::string_view(text).substr(at, 4096)));
          }
          return Status();
        },
        [&](size_t i, const Status& job_status) -> Status {
          EXPECT_EQ(i, done_in_order++);
          return job_status;
        });
    ASSERT_TRUE(status.ok()) << status.ToString();
    EXPECT_EQ(out.text, expected) << workers << " workers";
  }
}

}  // namespace
}  // namespace shardlift::app
