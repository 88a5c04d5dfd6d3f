// `shardlift upgrade` end to end, as the ClearML upgrade script is run: a copy of a ClearML-shaped
// ES 5 data dir in a temp dir, ES 7 spawned from build/es7-home. Checks the log, the backup, the
// renamed source, the owner and the new ES 7 data dir (verified again by a fresh node on it), the
// refusals that must touch nothing (also a target the ES user cannot reach), a Java it must pass
// over, an ES that does not start, and Ctrl-C while ES starts and during the load — after which
// the same command finishes the job. The ClearML proof itself is upgrade_clearml_test.cc.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#include "client/node.h"
#include "migrate/migrate_runner.h"
#include "support/scoped_env.h"
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

// The entries of `dir` whose names start with `prefix`.
int Count(const fs::path& dir, const std::string& prefix) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    count += entry.path().filename().string().starts_with(prefix);
  }
  return count;
}

// Whether every line of `part` is in `whole`, in the same order.
bool LinesWithin(const std::string& part, const std::string& whole) {
  std::istringstream a(part);
  std::istringstream b(whole);
  std::string wanted;
  std::string line;
  while (std::getline(a, wanted)) {
    bool found = false;
    while (!found && std::getline(b, line)) found = line == wanted;
    if (!found) return false;
  }
  return true;
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
  // Ctrl-C once the output shows `marker`; the output.
  std::string InterruptAt(const std::string& marker, const std::vector<std::string>& extra);
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
  // A JAVA_HOME the home cannot run on (ES installs a security manager, which Java 24+ refuse):
  // passed over for the JDK 17 the machine has.
  const fs::path java25 = work_.path() / "jdk-25";
  fs::create_directories(java25 / "bin");
  std::ofstream(java25 / "bin" / "java") << "#!/bin/sh\nexit 1\n";
  std::ofstream(java25 / "release") << "JAVA_VERSION=\"25.0.1\"\n";
  // As root the target is given to whoever --owner names; ES runs as that uid.
  const bool root = geteuid() == 0;
  const client::Owner owner =
      root ? client::Owner{4321, 4321} : client::Owner{geteuid(), getegid()};
  std::vector<std::string> extra = {"--expect-es7-version", version_, "-p", "2"};
  if (root) extra.insert(extra.end(), {"--owner", "4321:4321"});
  int exit_code;
  {
    ScopedEnv java_home("JAVA_HOME", java25.string());
    exit_code = Upgrade(extra);
  }
  const std::string output = ReadFile(out());
  ASSERT_EQ(exit_code, 0) << output;
  ExpectNoNodeLeft();
  EXPECT_NE(
      output.find("not using JAVA_HOME=" + java25.string() + ": Java 25, which Elasticsearch " +
                  version_ + " does not run on (Java 8–17)"),
      std::string::npos)
      << output;

  const fs::path log = Only(work_.path(), "upgrade_to_7_");
  ASSERT_FALSE(log.empty()) << "no upgrade_to_7_<date>.log in " << work_.path();
  // Everything printed is in the log, in order; the log alone has the details.
  const std::string logged = ReadFile(log);
  EXPECT_TRUE(LinesWithin(output, logged)) << output << "\n---\n" << logged;
  for (const std::string detail : {"index catalog:\n", "target index "}) {
    EXPECT_NE(logged.find(detail), std::string::npos) << detail;
    EXPECT_EQ(output.find(detail), std::string::npos) << detail;
  }

  // The end, in order.
  const std::vector<std::string> steps = UpgradeSteps(output);
  ASSERT_GE(steps.size(), 6u) << output;
  const std::vector<std::string> end(steps.end() - 6, steps.end());
  const std::string dead = target().string() + ".dead-letter.ndjson";
  EXPECT_EQ(end[0], "Migrated 7387 of 7457 documents into " + target().string() + ".");
  EXPECT_EQ(end[1], "Dead-lettered: 70 (" + dead + ").");
  EXPECT_EQ(end[2],
            "Verified 7387 of 7457 documents: 0 missing, 0 different, 0 extra, 70 "
            "dead-lettered.");
  EXPECT_TRUE(end[3].starts_with("The target " + target().string() + " belongs to " +
                                 std::to_string(owner.uid) + ":" + std::to_string(owner.gid)))
      << end[3];
  EXPECT_TRUE(end[3].ends_with(root ? ", as --owner asks." : ", the source's owner.")) << end[3];
  EXPECT_EQ(end[4], "Log: " + log.string());
  EXPECT_EQ(end[5], "Upgrade completed.");
  for (const auto& entry : fs::recursive_directory_iterator(target())) {
    EXPECT_EQ(*client::OwnerOf(entry.path().string()), owner) << entry.path();
  }

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
  // A non-empty target that no run of this upgrade left.
  fs::create_directories(target());
  std::ofstream(target() / "something") << "x";
  EXPECT_EQ(Upgrade({"--expect-es7-version", version_}), 1);
  EXPECT_NE(ReadFile(out()).find("exists and is not empty"), std::string::npos) << ReadFile(out());
  fs::remove_all(target());
  // The default --es7-version (7.6.2, ClearML Server 0.16) refuses a newer home.
  if (version_ != "7.6.2") {
    EXPECT_EQ(Upgrade({}), 1);
    EXPECT_NE(ReadFile(out()).find("newer than --expect-target-version 7.6.2"), std::string::npos)
        << ReadFile(out());
  }
  // A version no home beside the binary holds: how to get one.
  BackgroundShardlift no_home(
      "upgrade", {"-s", source().string(), "-t", target().string(), "--es7-version", "7.1.0"},
      work_.path(), out());
  EXPECT_EQ(no_home.Wait(), 1);
  EXPECT_NE(ReadFile(out()).find("Upgrade failed: no Elasticsearch 7.1.0 home beside "),
            std::string::npos)
      << ReadFile(out());
  EXPECT_NE(ReadFile(out()).find("make-target-home.sh --version 7.1.0"), std::string::npos);
  EXPECT_TRUE(Only(work_.path(), "elastic_backup_").empty()) << "a refusal made a backup";
  EXPECT_TRUE(Only(work_.path(), "elastic_migrated_").empty());
  EXPECT_FALSE(fs::exists(target()));
  EXPECT_TRUE(Tree(source()) == original);
}

// mktemp -d makes a 0700 directory: ES, running as the source's owner, cannot reach a target in
// it. Said in one line with the fix, before anything is copied or started.
TEST_F(UpgradeTest, ATargetTheEsUserCannotReachIsRefusedFirst) {
  SL_REQUIRE_SHARED(std::string(kFixture));
  if (geteuid() != 0) GTEST_SKIP() << "needs root: ES runs as another user only then";
  const fs::path locked = work_.path() / "locked";
  fs::create_directories(locked);
  ASSERT_EQ(chmod(locked.c_str(), 0700), 0);
  fs::copy(SharedPath(std::string(kFixture)), locked / "elastic", fs::copy_options::recursive);
  ASSERT_TRUE(client::ChownTree((locked / "elastic").string(), {4321, 4321}).ok());
  BackgroundShardlift run(
      "upgrade",
      {"-s", (locked / "elastic").string(), "-t", (locked / "elastic_7").string(), "--es7-home",
       home_.string(), "--expect-es7-version", version_},
      work_.path(), out());
  EXPECT_EQ(run.Wait(), 1);
  const std::string output = ReadFile(out());
  const std::string line = "Upgrade failed: Elasticsearch " + version_ +
                           " runs as 4321:4321, which cannot reach "
                           "the target " +
                           (locked / "elastic_7").string() + ": " + locked.string() +
                           " is mode 0700, owner root:root (let it in: chmod "
                           "o+x " +
                           locked.string() + ", or choose a place it can reach)\n";
  EXPECT_NE(output.find(line), std::string::npos) << output;
  EXPECT_EQ(Count(locked, "elastic"), 1) << "nothing but the source";
}

// An ES that dies while starting: the target it was given is removed again, its log stays, the
// backup is kept for the re-run.
TEST_F(UpgradeTest, AnEsThatDoesNotStartLeavesNoTarget) {
  SL_REQUIRE_SHARED(std::string(kFixture));
  CopyFixture();
  const auto original = Tree(source());
  const fs::path broken = work_.path() / "broken-home";
  fs::create_directories(broken / "bin");
  fs::create_directories(broken / "lib");
  fs::create_directories(broken / "config");
  fs::create_directories(broken / "modules" / "parent-join");  // the fixture has a join index
  std::ofstream(broken / "bin" / "elasticsearch") << "#!/bin/sh\necho 'no, not today'\nexit 3\n";
  fs::permissions(broken / "bin" / "elasticsearch",
                  fs::perms::owner_all | fs::perms::group_exec | fs::perms::group_read |
                      fs::perms::others_exec | fs::perms::others_read);
  std::ofstream(broken / "lib" / "elasticsearch-7.6.2.jar") << "";
  std::ofstream(broken / "config" / "jvm.options") << "";
  BackgroundShardlift run(
      "upgrade", {"-s", source().string(), "-t", target().string(), "--es7-home", broken.string()},
      work_.path(), out());
  EXPECT_EQ(run.Wait(), 1);
  const std::string output = ReadFile(out());
  EXPECT_NE(output.find("Upgrade failed: Elasticsearch 7.6.2 exited while starting"),
            std::string::npos)
      << output;
  EXPECT_NE(output.find("no, not today"), std::string::npos) << "the log tail is shown";
  EXPECT_NE(output.find("The target " + target().string() +
                        " is removed (Elasticsearch's log "
                        "stays in " +
                        target().string() + ".run/logs)."),
            std::string::npos)
      << output;
  EXPECT_NE(output.find(" is kept: a re-run reuses it."), std::string::npos) << output;
  EXPECT_FALSE(fs::exists(target()));
  EXPECT_EQ(Count(work_.path(), "elastic_backup_"), 1);
  EXPECT_TRUE(Tree(source()) == original);
}

std::string UpgradeTest::InterruptAt(const std::string& marker,
                                     const std::vector<std::string>& extra) {
  BackgroundShardlift run("upgrade", Args(extra), work_.path(), out());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  bool reached = false;
  while (!reached && !run.Exited() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    reached = ReadFile(out()).find(marker) != std::string::npos;
  }
  EXPECT_TRUE(reached) << ReadFile(out());
  kill(run.pid(), SIGINT);
  const int exit_code = run.Wait();
  const std::string output = ReadFile(out());
  EXPECT_NE(exit_code, 0) << output;
  EXPECT_NE(output.find("Upgrade failed: interrupted"), std::string::npos) << output;
  EXPECT_EQ(output.find("Upgrade completed."), std::string::npos) << output;
  EXPECT_EQ(output.find("did not stop"), std::string::npos) << output;
  ExpectNoNodeLeft();
  EXPECT_TRUE(Only(work_.path(), "elastic_migrated_").empty());
  return output;
}

TEST_F(UpgradeTest, CtrlCWhileEs7StartsStopsItAndLeavesTheSource) {
  SL_REQUIRE_SHARED(std::string(kFixture));
  CopyFixture();
  const auto original = Tree(source());
  const std::string output =
      InterruptAt("Starting Elasticsearch ", {"--expect-es7-version", version_, "-n"});
  EXPECT_TRUE(Tree(source()) == original);
  EXPECT_TRUE(Only(work_.path(), "elastic_backup_").empty()) << "-n makes no backup";
  EXPECT_NE(output.find("The target " + target().string() + " is removed"), std::string::npos)
      << output;
  EXPECT_FALSE(fs::exists(target()));
}

// Interrupted during the load, the target stays for the same command to continue; the backup is
// made once.
TEST_F(UpgradeTest, CtrlCDuringTheLoadThenTheSameCommandFinishes) {
  SL_REQUIRE_SHARED(std::string(kFixture));
  CopyFixture();
  const auto original = Tree(source());
  const std::vector<std::string> extra = {"--expect-es7-version", version_};
  const std::string output = InterruptAt("Migrating the documents.", extra);
  EXPECT_TRUE(Tree(source()) == original);
  EXPECT_NE(
      output.find("The target " + target().string() + " is kept: the same command continues it"),
      std::string::npos)
      << output;
  EXPECT_NE(output.find(" is kept: a re-run reuses it."), std::string::npos) << output;
  EXPECT_EQ(Count(work_.path(), "elastic_backup_"), 1);

  std::this_thread::sleep_for(std::chrono::seconds(1));  // a log of its own (one per second)
  const int exit_code = Upgrade(extra);
  const std::string again = ReadFile(out());
  ASSERT_EQ(exit_code, 0) << again;
  EXPECT_NE(again.find("is what an earlier run of this upgrade left: continuing it."),
            std::string::npos)
      << again;
  EXPECT_NE(again.find("holds the same files as the source; reused."), std::string::npos) << again;
  EXPECT_NE(again.find(" 0 missing, 0 different, 0 extra, "), std::string::npos) << again;
  EXPECT_EQ(UpgradeSteps(again).back(), "Upgrade completed.");
  EXPECT_EQ(Count(work_.path(), "elastic_backup_"), 1) << "one backup, reused";
  EXPECT_FALSE(fs::exists(source()));
  ExpectNoNodeLeft();
}

}  // namespace
}  // namespace shardlift::testing
