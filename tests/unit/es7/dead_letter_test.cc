// The dead-letter file of a run that did not finish, and the last line such a run prints: the
// previous complete run's list stays as verify reads it, and the summary counts against what the
// source holds, not against what was read before the stop.
#include "client/dead_letter.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "pipeline/summary.h"

namespace shardlift::es7 {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class DeadLetterFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("shardlift-dead-letter-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    path_ = (dir_ / "target.dead-letter.ndjson").string();
    std::ofstream(path_) << kPrevious;
  }
  void TearDown() override { fs::remove_all(dir_); }

  static client::DeadLetter Letter() {
    client::DeadLetter letter;
    letter.key.index = "logs";
    letter.key.type = "doc";
    letter.key.id = "1";
    letter.target_index = "logs";
    letter.reason = "mapper_parsing_exception";
    letter.detail = "failed to parse";
    return letter;
  }

  static constexpr char kPrevious[] =
      "{\"index\":\"logs\",\"id\":\"from the last complete run\"}\n";
  fs::path dir_;
  std::string path_;
};

TEST_F(DeadLetterFileTest, ARunThatStopsLeavesTheLastCompleteListAsItWas) {
  auto dead = client::DeadLetterFile::Create(path_);
  ASSERT_TRUE(dead.ok()) << dead.status().ToString();
  EXPECT_EQ(Slurp(path_), kPrevious);  // creating it truncates nothing
  ASSERT_TRUE((*dead)->Write(Letter()).ok());
  ASSERT_TRUE((*dead)->Close().ok());
  EXPECT_EQ(Slurp(path_), kPrevious);
  const std::string partial = client::DeadLetterFile::PartialPath(path_);
  EXPECT_EQ((*dead)->path(), partial);
  EXPECT_NE(Slurp(partial).find("\"reason\":\"mapper_parsing_exception\""), std::string::npos);
}

TEST_F(DeadLetterFileTest, ACompleteRunReplacesTheList) {
  auto dead = client::DeadLetterFile::Create(path_);
  ASSERT_TRUE(dead.ok()) << dead.status().ToString();
  ASSERT_TRUE((*dead)->Write(Letter()).ok());
  ASSERT_TRUE((*dead)->Commit().ok());
  EXPECT_EQ((*dead)->path(), path_);
  EXPECT_NE(Slurp(path_).find("\"reason\":\"mapper_parsing_exception\""), std::string::npos);
  EXPECT_FALSE(fs::exists(client::DeadLetterFile::PartialPath(path_)));
}

// The last line of a summary.
std::string LastLine(const std::string& text) {
  const size_t end = text.find_last_not_of('\n');
  return text.substr(text.rfind('\n', end) + 1, end - text.rfind('\n', end));
}

TEST_F(DeadLetterFileTest, TheLastLineOfAStoppedRunSaysItIsIncomplete) {
  auto dead = client::DeadLetterFile::Create(path_);
  ASSERT_TRUE(dead.ok()) << dead.status().ToString();
  pipeline::MigrationTotals totals;
  totals.read = 1736;
  totals.written = 1730;
  totals.dead_lettered = 6;
  EXPECT_EQ(LastLine(pipeline::MigrationSummaryText(totals, **dead)),
            "migrated 1730 of 1736 documents, 6 dead-lettered, 0 lost");
  const pipeline::Incomplete interrupted{"interrupted", int64_t{1760}};
  EXPECT_EQ(LastLine(pipeline::MigrationSummaryText(totals, **dead, &interrupted)),
            "migrate incomplete (interrupted): 1730 of the source's 1760 documents migrated, 6 "
            "dead-lettered, 24 not migrated; run it again to finish");
  const pipeline::Incomplete uncounted{"stopped by an error",
                                       Status::IoError("nodes/0/indices/x: cannot list")};
  EXPECT_EQ(LastLine(pipeline::MigrationSummaryText(totals, **dead, &uncounted)),
            "migrate incomplete (stopped by an error): 1730 documents migrated, 6 dead-lettered, "
            "of 1736 read before it stopped (the source's total could not be counted: I/O error: "
            "nodes/0/indices/x: cannot list); run it again to finish");
}

TEST_F(DeadLetterFileTest, TheLastLineOfAResumedRunSaysWhatItSkipped) {
  auto dead = client::DeadLetterFile::Create(path_);
  ASSERT_TRUE(dead.ok()) << dead.status().ToString();
  pipeline::MigrationTotals totals;
  totals.read = 300;
  totals.written = 300;
  totals.finished = {1, 1000};
  EXPECT_EQ(LastLine(pipeline::MigrationSummaryText(totals, **dead)),
            "migrated 300 of 300 documents, 0 dead-lettered, 0 lost; skipped 1000 documents in 1 "
            "unit already finished");
  totals.resumed = {2, 150};
  // A share of the units, stopped: what it did not migrate leaves out what it skipped.
  pipeline::Incomplete interrupted{"interrupted", int64_t{1600}};
  interrupted.holder = "units 2/3";
  EXPECT_EQ(LastLine(pipeline::MigrationSummaryText(totals, **dead, &interrupted)),
            "migrate incomplete (interrupted): 300 of units 2/3's 1600 documents migrated, 0 "
            "dead-lettered, 150 not migrated; skipped 1000 documents in 1 unit already finished "
            "and 150 in 2 units resumed where they stopped; run it again to finish");
}

}  // namespace
}  // namespace shardlift::es7
