// Damaged copies of a fixture data dir: each damage gives a clear message naming the file (and
// offset), a non-zero exit, and with --skip-broken everything else is still exported. Always on
// copies in temp dirs, never on the fixtures.
#include <gtest/gtest.h>

#include <fstream>

#include "export_harness.h"
#include "support/shared_data.h"
#include "test_files.h"

namespace shardlift::es5 {
namespace {

namespace fs = std::filesystem;
using testing::Bytes;
using testing::TempDir;

constexpr char kFixture[] = "fixtures/es5-synth/single";
constexpr char kCatalog[] = "nodes/0/indices/AvfjW8sQtuUWp6dr3qMM5Q";      // catalog, 280 docs
constexpr char kQueue[] = "nodes/0/indices/4PGOM5wXI--F8teX8VdTce";        // queue_metrics_*
constexpr char kWorkerStats[] = "nodes/0/indices/TAMBxIvSZVVnfSKsOOpjPc";  // worker_stats_*
// Indices whose sources every reader handles; keeps these tests about the damage alone.
constexpr char kSelection[] = "catalog,queue_metrics_*,worker_stats_*,closed-*,nosource";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// Rewrites the CRC in the last 8 bytes of a Lucene-footed file after its bytes were changed.
void FixFooterCrc(std::string& bytes) {
  const std::string crc =
      Bytes().Long(testing::Crc(std::string_view(bytes).substr(0, bytes.size() - 8))).str();
  bytes.replace(bytes.size() - 8, 8, crc);
}

std::map<std::string, int> DocsPerIndex(const std::string& ndjson) {
  std::map<std::string, int> counts;
  const std::string marker = "{\"_index\":\"";
  for (size_t at = 0; (at = ndjson.find(marker, at)) != std::string::npos; ++at) {
    const size_t start = at + marker.size();
    ++counts[ndjson.substr(start, ndjson.find('"', start) - start)];
  }
  return counts;
}

class CorruptionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SL_REQUIRE_SHARED(kFixture);
    data_ = dir_.path() / "data";
    testing::CopyTree(shardlift::testing::SharedPath(kFixture) / "data", data_);
    const auto clean = Export(false);
    ASSERT_EQ(clean.exit_code, 0) << clean.stderr_text;
    baseline_ = DocsPerIndex(clean.stdout_text);
    ASSERT_EQ(baseline_["catalog"], 280);
  }

  testing::CommandResult Export(bool skip_broken) {
    std::vector<std::string> args = {"export", "--quiet", "--index", kSelection};
    if (skip_broken) args.push_back("--skip-broken");
    args.push_back(data_.native());
    return testing::RunShardlift(args);
  }

  // The damage is reported with `expected_text`, export fails, and with --skip-broken every
  // index but `broken_index` comes out whole (and `broken_index` not at all, or `partial` docs).
  void ExpectReportedAndSkippable(const std::string& expected_text, const std::string& broken_index,
                                  int partial = 0) {
    const auto failed = Export(false);
    EXPECT_NE(failed.exit_code, 0);
    EXPECT_NE(failed.stderr_text.find(expected_text), std::string::npos) << failed.stderr_text;
    const auto skipped = Export(true);
    EXPECT_EQ(skipped.exit_code, 1) << skipped.stderr_text;
    EXPECT_NE(skipped.stderr_text.find(expected_text), std::string::npos) << skipped.stderr_text;
    EXPECT_NE(skipped.stderr_text.find("skipped as broken"), std::string::npos)
        << skipped.stderr_text;
    std::map<std::string, int> want = baseline_;
    if (partial == 0) {
      want.erase(broken_index);
    } else {
      want[broken_index] = partial;
    }
    EXPECT_EQ(DocsPerIndex(skipped.stdout_text), want);
  }

  TempDir dir_;
  fs::path data_;
  std::map<std::string, int> baseline_;
};

TEST_F(CorruptionTest, TruncatedStateFile) {
  const fs::path state = data_ / kCatalog / "_state/state-3.st";
  WriteFile(state, ReadFile(state).substr(0, 60));
  ExpectReportedAndSkippable(state.native() + ": offset", "catalog");
}

TEST_F(CorruptionTest, BadSmileInAStateFile) {
  const fs::path state = data_ / kCatalog / "_state/state-3.st";
  std::string bytes = ReadFile(state);
  bytes[18 + 4] = static_cast<char>(0xF9);  // "end array" where the root object must start
  FixFooterCrc(bytes);
  WriteFile(state, bytes);
  ExpectReportedAndSkippable(state.native() + ": offset", "catalog");
}

TEST_F(CorruptionTest, UnknownXContentType) {
  const fs::path state = data_ / kCatalog / "_state/state-3.st";
  std::string bytes = ReadFile(state);
  bytes.replace(14, 4, Bytes().Int(9).str());
  FixFooterCrc(bytes);
  WriteFile(state, bytes);
  ExpectReportedAndSkippable("unknown XContent type 9", "catalog");
}

TEST_F(CorruptionTest, UnknownElasticsearchVersion) {
  const std::string body =
      R"({"catalog":{"version":99,"state":"open","settings":{"index.number_of_shards":"1",)"
      R"("index.uuid":"AvfjW8sQtuUWp6dr3qMM5Q","index.version.created":"9990099"},)"
      R"("mappings":[],"aliases":{}}})";
  WriteFile(data_ / kCatalog / "_state/state-4.st",
            Bytes().CodecHeader("state", 1).Int(0).Raw(body).Footer().str());
  ExpectReportedAndSkippable("created by Elasticsearch 9.99.0", "catalog");
}

TEST_F(CorruptionTest, MissingSegmentFile) {
  fs::remove(data_ / kWorkerStats / "0/index/_0.cfs");
  ExpectReportedAndSkippable("_0.cfs", "worker_stats_d1bd92a3b039400cbafc60a7a5b1e52b_2020-06");
}

TEST_F(CorruptionTest, MissingShardDirectory) {
  fs::remove_all(data_ / kCatalog / "0");
  ExpectReportedAndSkippable("index catalog shard 0: no copy", "catalog");
}

TEST_F(CorruptionTest, BadTranslogCrcMidFileIsAnError) {
  const fs::path tlog = data_ / kQueue / "0/translog/translog-3.tlog";
  std::string bytes = ReadFile(tlog);
  bytes[43 + 6] ^= 0x20;  // inside the first op
  WriteFile(tlog, bytes);
  ExpectReportedAndSkippable(tlog.native() + ": offset",
                             "queue_metrics_d1bd92a3b039400cbafc60a7a5b1e52b_2020-06");
}

TEST_F(CorruptionTest, TornLastTranslogOpIsAWarning) {
  const fs::path tlog = data_ / kQueue / "0/translog/translog-3.tlog";
  std::string bytes = ReadFile(tlog);
  bytes[bytes.size() - 1] ^= 0x01;  // the last op's CRC
  WriteFile(tlog, bytes);
  const auto run = Export(false);
  EXPECT_EQ(run.exit_code, 0) << run.stderr_text;
  const auto quiet_run =
      testing::RunShardlift({"export", "--index", "queue_*", "-o", "/dev/null", data_.native()});
  EXPECT_NE(quiet_run.stderr_text.find("torn translog op"), std::string::npos)
      << quiet_run.stderr_text;
  EXPECT_NE(quiet_run.stderr_text.find(tlog.native()), std::string::npos);
  std::map<std::string, int> want = baseline_;
  ++want["queue_metrics_d1bd92a3b039400cbafc60a7a5b1e52b_2020-06"];  // its last delete is gone
  EXPECT_EQ(DocsPerIndex(run.stdout_text), want);
}

}  // namespace
}  // namespace shardlift::es5
