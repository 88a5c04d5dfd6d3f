// `shardlift upgrade` end to end, as the ClearML upgrade script is run: a copy of a ClearML-shaped
// ES 5 data dir in a temp dir, ES 7 spawned from build/es7-home. Checks the log, the backup, the
// renamed source, the new ES 7 data dir (verified again by a fresh node on it), the refusals that
// must touch nothing, and Ctrl-C during the load.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "migrate/migrate_runner.h"
#include "support/shared_data.h"

namespace shardlift::testing {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kFixture = "fixtures/es5-synth/single/data";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Relative path → contents of every regular file below `root`.
std::map<std::string, std::string> Tree(const fs::path& root) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file()) {
      files[fs::relative(entry.path(), root).string()] = ReadFile(entry.path());
    }
  }
  return files;
}

// The one entry of `dir` whose name starts with `prefix`, or "".
fs::path Only(const fs::path& dir, const std::string& prefix) {
  fs::path found;
  int count = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().starts_with(prefix)) {
      found = entry.path();
      ++count;
    }
  }
  return count == 1 ? found : fs::path();
}

std::string HomeVersion(const fs::path& home) {
  std::ifstream in(home / "shardlift-es7-home.properties");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("version=")) return line.substr(8);
  }
  return "";
}

// A temp dir holding `elastic` (a copy of the fixture) and the es7 home to use.
class UpgradeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = SHARDLIFT_ES7_HOME_DIR;
    ASSERT_TRUE(fs::exists(home_ / "bin" / "elasticsearch")) << home_;
    version_ = HomeVersion(home_);
    ASSERT_FALSE(version_.empty()) << home_;
  }

  // Runs upgrade in the work dir until it exits (bounded by the test's ctest timeout).
  int Upgrade(const std::vector<std::string>& extra) {
    BackgroundShardlift run("upgrade", Args(extra), work_.path(), out());
    return run.Wait();
  }
  std::vector<std::string> Args(const std::vector<std::string>& extra) const {
    std::vector<std::string> args = {
        "-s",         source().string(), "-t",         target().string(),
        "--es7-home", home_.string(),    "--es7-heap", "512m"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  void CopyFixture() {
    fs::copy(SharedPath(std::string(kFixture)), source(), fs::copy_options::recursive);
  }
  fs::path source() const { return work_.path() / "elastic"; }
  fs::path target() const { return work_.path() / "elastic_7"; }
  fs::path out() const { return work_.path() / "out.txt"; }
  void InterruptAt(const std::string& marker);
  void ExpectNoNodeLeft() {
    if (!fs::exists(target())) return;
    EXPECT_TRUE(JavaProcessesWith("path.data=" + fs::canonical(target()).string()).empty())
        << "a spawned node outlived shardlift";
  }

  ScopedDir work_{"upgrade"};
  fs::path home_;
  std::string version_;
};

TEST_F(UpgradeTest, MigratesVerifiesBacksUpAndRenamesTheSource) {
  SL_REQUIRE_SHARED(std::string(kFixture));
  CopyFixture();
  const auto original = Tree(SharedPath(std::string(kFixture)));
  const int exit_code = Upgrade({"--expect-es7-version", version_, "-p", "2"});
  const std::string output = ReadFile(out());
  ASSERT_EQ(exit_code, 0) << output;
  ExpectNoNodeLeft();
  EXPECT_NE(output.find("Upgrade completed."), std::string::npos) << output;
  EXPECT_NE(output.find(" 0 missing, 0 different, 0 extra, "), std::string::npos) << output;

  const fs::path log = Only(work_.path(), "upgrade_to_7_");
  ASSERT_FALSE(log.empty()) << "no upgrade_to_7_<date>.log in " << work_.path();
  EXPECT_EQ(ReadFile(log), output);  // everything printed is in the log

  const std::string stamp = log.stem().string().substr(std::string("upgrade_to_7_").size());
  ASSERT_EQ(stamp.size(), 15u) << stamp;  // YYYYMMDD_HHMMSS
  const fs::path backup = work_.path() / ("elastic_backup_" + stamp);
  const fs::path migrated = work_.path() / ("elastic_migrated_" + stamp);
  EXPECT_FALSE(fs::exists(source()));
  ASSERT_TRUE(fs::is_directory(backup));
  ASSERT_TRUE(fs::is_directory(migrated));
  EXPECT_TRUE(Tree(backup) == original) << "the backup differs from the source";
  EXPECT_TRUE(Tree(migrated) == original) << "the source was modified";
  EXPECT_TRUE(fs::is_directory(target() / "nodes" / "0"));

  // A fresh ES 7 on the new data dir holds every document.
  const fs::path verify_out = work_.path() / "verify.txt";
  BackgroundShardlift verify("verify",
                             {migrated.string(), "--es7-home", home_.string(), "--es7-heap", "512m",
                              "--target", target().string()},
                             work_.path(), verify_out);
  const int verified = verify.Wait();
  const std::string verify_output = ReadFile(verify_out);
  EXPECT_EQ(verified, 0) << verify_output;
  EXPECT_NE(verify_output.find(" 0 missing, 0 different, 0 extra, "), std::string::npos)
      << verify_output;
  ExpectNoNodeLeft();
}

TEST_F(UpgradeTest, RefusalsTouchNothing) {
  SL_REQUIRE_SHARED(std::string(kFixture));
  // No source.
  EXPECT_EQ(Upgrade({"--expect-es7-version", version_}), 1);
  EXPECT_NE(ReadFile(out()).find("is not a directory"), std::string::npos) << ReadFile(out());

  CopyFixture();
  const auto original = Tree(source());
  // A non-empty target.
  fs::create_directories(target());
  std::ofstream(target() / "something") << "x";
  EXPECT_EQ(Upgrade({"--expect-es7-version", version_}), 1);
  EXPECT_NE(ReadFile(out()).find("exists and is not empty"), std::string::npos) << ReadFile(out());
  fs::remove_all(target());
  // The default --expect-es7-version (7.6.2, ClearML Server 0.16) refuses a newer home.
  if (version_ != "7.6.2") {
    EXPECT_EQ(Upgrade({}), 1);
    EXPECT_NE(ReadFile(out()).find("newer than --expect-target-version 7.6.2"), std::string::npos)
        << ReadFile(out());
  }
  EXPECT_TRUE(Only(work_.path(), "elastic_backup_").empty()) << "a refusal made a backup";
  EXPECT_TRUE(Only(work_.path(), "elastic_migrated_").empty());
  EXPECT_FALSE(fs::exists(target()));
  EXPECT_TRUE(Tree(source()) == original);
}

// Ctrl-C once the output shows `marker`: upgrade fails, stops its node, leaves the source.
void UpgradeTest::InterruptAt(const std::string& marker) {
  CopyFixture();
  const auto original = Tree(source());
  BackgroundShardlift run("upgrade", Args({"--expect-es7-version", version_, "-n"}), work_.path(),
                          out());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  bool reached = false;
  while (!reached && !run.Exited() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    reached = ReadFile(out()).find(marker) != std::string::npos;
  }
  ASSERT_TRUE(reached) << ReadFile(out());
  kill(run.pid(), SIGINT);
  const int exit_code = run.Wait();
  const std::string output = ReadFile(out());
  EXPECT_NE(exit_code, 0) << output;
  EXPECT_NE(output.find("Upgrade failed: interrupted"), std::string::npos) << output;
  EXPECT_EQ(output.find("Upgrade completed."), std::string::npos) << output;
  EXPECT_EQ(output.find("did not stop"), std::string::npos) << output;
  ExpectNoNodeLeft();
  EXPECT_TRUE(Tree(source()) == original);
  EXPECT_TRUE(Only(work_.path(), "elastic_migrated_").empty());
  EXPECT_TRUE(Only(work_.path(), "elastic_backup_").empty()) << "-n makes no backup";
}

TEST_F(UpgradeTest, CtrlCWhileEs7StartsStopsItAndLeavesTheSource) {
  SL_REQUIRE_SHARED(std::string(kFixture));
  InterruptAt("Starting Elasticsearch ");
}

TEST_F(UpgradeTest, CtrlCDuringTheLoadStopsEs7AndLeavesTheSource) {
  SL_REQUIRE_SHARED(std::string(kFixture));
  InterruptAt("Migrating the documents.");
}

}  // namespace
}  // namespace shardlift::testing
