// Faults between shardlift and ES 7, and a node killed mid-migration: still zero loss, no
// duplicates, and a re-run converges to zero differences.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "client/node.h"
#include "es7/es7_client.h"
#include "migrate/fixture_check.h"
#include "migrate/migrate_runner.h"
#include "support/shared_data.h"

namespace shardlift::testing {
namespace {

namespace fs = std::filesystem;

TEST(MigrateFaultTest, ProxyFaultsLoseNothingAndDuplicateNothing) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  SL_ES7_CLIENT(client);
  ScopedDir work("faults");
  const std::string faults =
      "429,429,429,ok,500,reset,ok,truncate,badjson,item429,slow,timeout,503";
  FaultProxy proxy(client.base_url(), faults, /*cycles=*/2, work.path());
  ASSERT_FALSE(proxy.url().empty()) << "fault_proxy.py did not start";
  const std::string prefix = "tfault" + std::to_string(getpid()) + "-";
  PrefixCleanup cleanup{client, prefix};
  const fs::path dead = work.path() / "dead.ndjson";
  const MigrateRun run =
      RunShardliftMigrate({SharedPath("fixtures/es5-synth/single/data").string(), "--target-url",
                           proxy.url(), "--target-prefix", prefix, "--dead-letter", dead.string(),
                           "--batch-docs", "100", "-p", "2", "--request-timeout", "3", "--gzip"},
                          work.path());
  const std::string stats = proxy.Stop();
  std::printf("proxy: %s\n%s\n", stats.c_str(), run.last_line.c_str());

  FixtureCheckOptions options;
  options.prefix = prefix;
  const FixtureCheck check = CheckFixture(
      client, SharedPath("fixtures/es5-synth/single/expected.ndjson.gz"), dead, options);
  EXPECT_TRUE(check.differences.empty()) << check.Describe();
  EXPECT_EQ(check.in_target + check.dead_lettered, check.expected);
  EXPECT_EQ(run.exit_code, 0) << run.output.substr(
      run.output.size() > 3000 ? run.output.size() - 3000 : 0);
  EXPECT_NE(run.last_line.find(" 0 lost"), std::string::npos) << run.last_line;
  const auto injected = nlohmann::json::parse(stats, nullptr, false)["injected"];
  for (const char* fault :
       {"429", "500", "503", "reset", "truncate", "badjson", "item429", "slow", "timeout"}) {
    EXPECT_GE(injected.value(fault, 0), 2) << fault << " in " << stats;
  }
  EXPECT_NE(run.output.find("request retries"), std::string::npos);
}

// -p comes from the target's write thread pools: when _nodes/thread_pool fails, migrate stops
// before it writes anything and says how to go on; with -p given it never asks.
TEST(MigrateFaultTest, ThreadPoolsUnansweredStopsBeforeWritingUnlessPIsGiven) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  SL_ES7_CLIENT(client);
  ScopedDir work("threadpool");
  FaultProxy proxy(client.base_url(), "500", /*cycles=*/20, work.path(), /*slow_seconds=*/2.0,
                   "/_nodes/thread_pool");
  ASSERT_FALSE(proxy.url().empty()) << "fault_proxy.py did not start";
  const std::string prefix = "tpool" + std::to_string(getpid()) + "-";
  PrefixCleanup cleanup{client, prefix};
  const fs::path dead = work.path() / "dead.ndjson";
  std::vector<std::string> args = {SharedPath("fixtures/es5-synth/single/data").string(),
                                   "--target-url",
                                   proxy.url(),
                                   "--target-prefix",
                                   prefix,
                                   "--dead-letter",
                                   dead.string()};

  const MigrateRun unanswered = RunShardliftMigrate(args, work.path());
  EXPECT_EQ(unanswered.exit_code, 1) << unanswered.output;
  EXPECT_NE(unanswered.output.find("nothing migrated (give -p)"), std::string::npos)
      << unanswered.output;
  EXPECT_EQ(client.Get("/" + prefix + "*").Json(), nlohmann::json::object())
      << "an index was created before the failure";

  args.insert(args.end(), {"-p", "1"});
  const MigrateRun given = RunShardliftMigrate(args, work.path());
  const auto stats = nlohmann::json::parse(proxy.Stop(), nullptr, false);
  EXPECT_EQ(given.exit_code, 0) << given.output;
  EXPECT_NE(given.last_line.find(" 0 lost"), std::string::npos) << given.last_line;
  EXPECT_GE(stats["injected"].value("500", 0), 1) << stats.dump();
}

// A journal request answered 429 (a full queue, the parent circuit breaker) is asked again: the
// first entries written, or the _bulk that drops them all at the end.
class JournalRequests429Test : public ::testing::TestWithParam<const char*> {};

TEST_P(JournalRequests429Test, AreAskedAgain) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  SL_ES7_CLIENT(client);
  ScopedDir work("journal429");
  FaultProxy proxy(client.base_url(), "429,429", /*cycles=*/2, work.path(), /*slow_seconds=*/2.0,
                   GetParam());
  ASSERT_FALSE(proxy.url().empty()) << "fault_proxy.py did not start";
  const std::string prefix = "tj429" + std::to_string(getpid()) + "-";
  PrefixCleanup cleanup{client, prefix};
  const fs::path dead = work.path() / "dead.ndjson";
  const MigrateRun run = RunShardliftMigrate(
      {SharedPath("fixtures/es5-synth/single/data").string(), "--target-url", proxy.url(),
       "--target-prefix", prefix, "--dead-letter", dead.string(), "-p", "1"},
      work.path());
  const auto stats = nlohmann::json::parse(proxy.Stop(), nullptr, false);
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.last_line.find(" 0 lost"), std::string::npos) << run.last_line;
  // Four 429s, then the fifth try of the last request spoiled goes through.
  EXPECT_EQ(stats["injected"].value("429", 0), 4) << stats.dump();
}

INSTANTIATE_TEST_SUITE_P(MigrateFaultTest, JournalRequests429Test,
                         ::testing::Values("/shardlift-journal/_doc/", "/_bulk?refresh=true"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           return info.index == 0 ? "Writes" : "Drop";
                         });

// The URL shardlift printed for the node it started ("Elasticsearch 7 up at <url>").
std::string SpawnedUrl(const fs::path& output) {
  std::ifstream in(output);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  constexpr std::string_view kMarker = "up at http://127.0.0.1:";
  const size_t at = all.find(kMarker);
  if (at == std::string::npos) return "";
  const size_t start = at + std::string_view("up at ").size();
  const size_t end = all.find_first_not_of("0123456789", at + kMarker.size());
  return all.substr(start, (end == std::string::npos ? all.size() : end) - start);
}

int64_t IndexedSoFar(Es7Client& node) {
  const auto stats = node.Get("/_stats/indexing").Json();
  const nlohmann::json::json_pointer total("/_all/primaries/indexing/index_total");
  return !stats.is_discarded() && stats.contains(total) && stats[total].is_number()
             ? stats[total].get<int64_t>()
             : 0;
}

// Waits until the node that `shardlift` (writing to `out`) spawned has indexed 1000 documents;
// false if that never happens (or shardlift exits first).
bool WaitForIndexing(BackgroundShardlift& shardlift, const fs::path& out) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (shardlift.Exited()) return false;
    const std::string url = SpawnedUrl(out);
    if (url.empty()) continue;
    Es7Client node(url);
    if (IndexedSoFar(node) >= 1000) return true;
  }
  return false;
}

TEST(MigrateFaultTest, KilledNodeThenReRunConverges) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  const fs::path home = SHARDLIFT_ES7_HOME_DIR;
  ASSERT_TRUE(fs::exists(home / "bin" / "elasticsearch")) << home;
  ScopedDir work("killed");
  const fs::path target = work.path() / "elastic_7";
  const fs::path dead = work.path() / "dead.ndjson";
  const std::vector<std::string> args = {SharedPath("fixtures/es5-synth/single/data").string(),
                                         "--es7-home",
                                         home.string(),
                                         "--target",
                                         target.string(),
                                         "--dead-letter",
                                         dead.string(),
                                         "--es7-heap",
                                         "512m",
                                         "--batch-docs",
                                         "50"};

  // First run, in the background; SIGKILL its node once documents are flowing.
  const fs::path first_out = work.path() / "first.txt";
  BackgroundShardlift shardlift("migrate", args, work.path(), first_out);
  ASSERT_TRUE(WaitForIndexing(shardlift, first_out)) << "never seen indexing";
  bool killed = false;
  for (const pid_t java : JavaProcessesWith("path.data=" + fs::canonical(target).string())) {
    kill(java, SIGKILL);
    killed = true;
  }
  const int exit_code = shardlift.Wait();
  ASSERT_TRUE(killed) << "the node was never seen indexing";
  EXPECT_NE(exit_code, 0) << "a migration whose node died must not report success";

  // Second run on the same target: ES recovers it, every document is written or already there.
  const MigrateRun second = RunShardliftMigrate(args, work.path());
  EXPECT_EQ(second.exit_code, 0) << second.output.substr(
      second.output.size() > 3000 ? second.output.size() - 3000 : 0);
  EXPECT_NE(second.last_line.find(" 0 lost"), std::string::npos) << second.last_line;

  // Read the target back with a node of our own.
  client::NodeOptions options;
  options.home = home.string();
  options.data_dir = target.string();
  options.heap = "512m";
  auto node = client::TargetNode::Start(options);
  ASSERT_TRUE(node.ok()) << node.status().ToString();
  Es7Client client((*node)->url());
  const FixtureCheck check =
      CheckFixture(client, SharedPath("fixtures/es5-synth/single/expected.ndjson.gz"), dead, {});
  EXPECT_TRUE(check.differences.empty()) << check.Describe();
  EXPECT_EQ(check.in_target + check.dead_lettered, check.expected);
  std::printf("%s", check.Describe().c_str());
  EXPECT_TRUE((*node)->Stop().ok());
}

// shardlift itself SIGKILLed at random points of one migration (index creation, load, finish),
// run again each time: the journal resumes it, and the end is every document once.
TEST(MigrateFaultTest, KillNineLoopThenResumeConverges) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  SL_ES7_CLIENT(client);
  ScopedDir work("kill-loop");
  const std::string prefix = "tkill" + std::to_string(getpid()) + "-";
  PrefixCleanup cleanup{client, prefix};
  // Every bulk request answered 50 ms late (the first 2,000): the load lasts seconds on any
  // machine, so the kills land inside it, not after it.
  FaultProxy slow(client.base_url(), "slow", /*cycles=*/2000, work.path(), /*slow_seconds=*/0.05);
  ASSERT_FALSE(slow.url().empty()) << "fault_proxy.py did not start";
  const fs::path dead = work.path() / "dead.ndjson";
  const auto args = [&](const std::string& url) {
    return std::vector<std::string>{SharedPath("fixtures/es5-synth/single/data").string(),
                                    "--target-url",
                                    url,
                                    "--target-prefix",
                                    prefix,
                                    "--dead-letter",
                                    dead.string(),
                                    "--batch-docs",
                                    "50"};
  };
  // Fixed seed: a failure names the delays, and the same run can be made again.
  std::mt19937 random(20261207);
  std::uniform_int_distribution<int> delay_ms(100, 6000);
  std::string kills;
  for (int round = 0; round < 5; ++round) {
    const fs::path out = work.path() / ("round-" + std::to_string(round) + ".txt");
    BackgroundShardlift run("migrate", args(slow.url()), work.path(), out);
    const int delay = delay_ms(random);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay);
    while (!run.Exited() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (run.Exited()) break;  // it finished first
    kill(run.pid(), SIGKILL);
    ASSERT_EQ(run.Wait(), -1) << RunOf(-1, out).output;
    kills += (kills.empty() ? "" : ", ") + std::to_string(delay) + " ms";
  }
  ASSERT_FALSE(kills.empty()) << "no run was killed";

  const MigrateRun last = RunShardliftMigrate(args(client.base_url()), work.path());
  ASSERT_EQ(last.exit_code, 0) << last.output.substr(
      last.output.size() > 3000 ? last.output.size() - 3000 : 0);
  EXPECT_NE(last.last_line.find(" 0 lost"), std::string::npos) << last.last_line;
  FixtureCheckOptions options;
  options.prefix = prefix;
  const FixtureCheck check = CheckFixture(
      client, SharedPath("fixtures/es5-synth/single/expected.ndjson.gz"), dead, options);
  EXPECT_TRUE(check.differences.empty()) << "killed after " << kills << "\n" << check.Describe();
  EXPECT_EQ(check.in_target + check.dead_lettered, check.expected) << "killed after " << kills;
  const MigrateRun verify =
      RunShardlift("verify",
                   {SharedPath("fixtures/es5-synth/single/data").string(), "--target-url",
                    client.base_url(), "--target-prefix", prefix, "--dead-letter", dead.string()},
                   work.path());
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  std::printf("killed after %s; then %s\n", kills.c_str(), last.last_line.c_str());
}

TEST(MigrateFaultTest, CtrlCStopsTheSpawnedNodeGracefully) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  const fs::path home = SHARDLIFT_ES7_HOME_DIR;
  ASSERT_TRUE(fs::exists(home / "bin" / "elasticsearch")) << home;
  ScopedDir work("interrupted");
  const fs::path target = work.path() / "elastic_7";
  const fs::path out = work.path() / "out.txt";
  BackgroundShardlift shardlift(
      "migrate",
      {SharedPath("fixtures/es5-synth/single/data").string(), "--es7-home", home.string(),
       "--target", target.string(), "--es7-heap", "512m", "--batch-docs", "50"},
      work.path(), out);
  ASSERT_TRUE(WaitForIndexing(shardlift, out)) << "never seen indexing";
  kill(shardlift.pid(), SIGINT);
  const int exit_code = shardlift.Wait();
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(exit_code, 0);
  EXPECT_NE(text.str().find("interrupted"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("stopping Elasticsearch 7"), std::string::npos);
  EXPECT_TRUE(JavaProcessesWith("path.data=" + fs::canonical(target).string()).empty())
      << "the spawned node outlived shardlift";
  // It stopped cleanly: no error about the node in the output.
  EXPECT_EQ(text.str().find("did not stop"), std::string::npos) << text.str();
  EXPECT_EQ(text.str().find("had already exited"), std::string::npos) << text.str();
}

// --node-url: bulk requests spread over the nodes given (here two proxies in front of the one
// node, each counting the bulk requests it saw), verify reads through them too; --discover-nodes
// on a one-node cluster spreads over nothing.
TEST(MigrateSpreadTest, BulkRequestsSpreadOverTheNodesGiven) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  SL_ES7_CLIENT(client);
  ScopedDir work("spread");
  fs::create_directories(work.path() / "first");
  fs::create_directories(work.path() / "second");
  FaultProxy first(client.base_url(), "ok", /*cycles=*/1, work.path() / "first");
  FaultProxy second(client.base_url(), "ok", /*cycles=*/1, work.path() / "second");
  ASSERT_FALSE(first.url().empty() || second.url().empty()) << "fault_proxy.py did not start";
  const std::string prefix = "tspread" + std::to_string(getpid()) + "-";
  PrefixCleanup cleanup{client, prefix};
  const fs::path dead = work.path() / "dead.ndjson";
  const std::string data = SharedPath("fixtures/es5-synth/single/data").string();
  const std::vector<std::string> target = {
      "--target-url",    first.url(), "--node-url", second.url(),
      "--target-prefix", prefix,      "-p",         "2"};
  std::vector<std::string> migrate = {data, "--dead-letter", dead.string(), "--batch-docs", "100"};
  migrate.insert(migrate.end(), target.begin(), target.end());
  const MigrateRun run = RunShardliftMigrate(migrate, work.path());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("spread over 2 nodes: " + first.url() + ", " + second.url()),
            std::string::npos)
      << run.output;
  std::vector<std::string> verify = {data, "--dead-letter", dead.string()};
  verify.insert(verify.end(), target.begin(), target.end());
  const MigrateRun verified = RunShardlift("verify", verify, work.path());
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  for (FaultProxy* proxy : {&first, &second}) {
    const auto stats = nlohmann::json::parse(proxy->Stop(), nullptr, false);
    EXPECT_GE(stats.value("requests", 0), 2) << stats.dump();
  }

  const MigrateRun discovered =
      RunShardlift("verify",
                   {data, "--dead-letter", dead.string(), "--target-url", client.base_url(),
                    "--discover-nodes", "--target-prefix", prefix},
                   work.path());
  EXPECT_EQ(discovered.exit_code, 0) << discovered.output;
  EXPECT_EQ(discovered.output.find("spread over"), std::string::npos) << discovered.output;
}

}  // namespace
}  // namespace shardlift::testing
