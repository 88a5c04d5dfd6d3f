// Many workers into many nodes (issue 12), on the 3-node ES 7.17 cluster of the es7c3 fixture
// (tests/es7/target-cluster.sh): the metadata phase once, three documents workers (--units 1/3,
// 2/3, 3/3) at the same time, their bulk requests spread over the nodes, the finish phase, then the
// whole verified; and one of the three SIGKILLed while it loads, then run again alone: it skips
// what the journal shows loaded and duplicates nothing.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "es7/es7_client.h"
#include "migrate/fixture_check.h"
#include "migrate/migrate_runner.h"
#include "support/shared_data.h"

namespace shardlift::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFixture = "fixtures/es5-synth/single";
constexpr const char* kJournal = "shardlift-journal";
constexpr const char* kNoCluster = "no cluster URL in " SHARDLIFT_CLUSTER_URL_FILE
                                   " (run the test through ctest: its fixture es7c3 starts it)";

// node-1's URL of the es7c3 cluster ("" when it is not running).
std::string ClusterUrl() {
  std::ifstream in(SHARDLIFT_CLUSTER_URL_FILE);
  std::string url;
  std::getline(in, url);
  return url;
}

// A migration into the es7c3 cluster under a prefix of its own; what it wrote is removed at the
// end (its journal entries too, should a test stop before the finish phase drops them).
class Workers {
 public:
  explicit Workers(const std::string& name)
      : client_(ClusterUrl()),
        work_(name),
        prefix_(name + std::to_string(getpid()) + "-"),
        cleanup_{client_, prefix_} {}
  ~Workers() {
    for (const auto& [id, entry] : Entries()) {
      std::string path = std::string("/") + kJournal + "/_doc/";
      for (const char c : id) path += c == '/' ? std::string("%2F") : std::string(1, c);
      client_.Delete(path);
    }
  }

  // Talks to node-1 ("" as its URL when the fixture gave none).
  Es7Client& client() { return client_; }
  const fs::path& work() const { return work_.path(); }
  const std::string& prefix() const { return prefix_; }
  // Worker n's dead-letter file.
  fs::path DeadLetters(int n) const { return work() / ("dead-" + std::to_string(n) + ".ndjson"); }

  // The common flags and `more`, into the node or through `target_url` (a proxy in front of it).
  std::vector<std::string> Args(const std::vector<std::string>& more,
                                const std::string& target_url = "") const {
    std::vector<std::string> args = {
        SharedPath(std::string(kFixture) + "/data").string(), "--target-url",
        target_url.empty() ? client_.base_url() : target_url, "--target-prefix", prefix_};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }

  // Worker n of 3's documents phase, then `more`: spread over the nodes, or through `target_url`.
  std::vector<std::string> Documents(int n, const std::vector<std::string>& more = {},
                                     const std::string& target_url = "") const {
    std::vector<std::string> flags = {"--phase",       "documents",
                                      "--units",       std::to_string(n) + "/3",
                                      "--dead-letter", DeadLetters(n).string()};
    if (target_url.empty()) flags.push_back("--discover-nodes");
    flags.insert(flags.end(), more.begin(), more.end());
    return Args(flags, target_url);
  }

  // The three workers' dead-letter files as one, as verify of the whole needs them.
  fs::path JoinedDeadLetters() const {
    const fs::path joined = work() / "dead.ndjson";
    std::ofstream out(joined);
    for (int n = 1; n <= 3; ++n) {
      std::ifstream in(DeadLetters(n));  // copied by iterators: an empty file is no error
      std::copy(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(),
                std::ostreambuf_iterator<char>(out));
    }
    return joined;
  }

  // What the target holds under the prefix against the fixture's documents and `dead`.
  FixtureCheck Check(const fs::path& dead) {
    FixtureCheckOptions options;
    options.prefix = prefix_;
    return CheckFixture(client_, SharedPath(std::string(kFixture) + "/expected.ndjson.gz"), dead,
                        options);
  }

  // This migration's journal entries by id (the journal indexes nothing: all are read).
  std::vector<std::pair<std::string, nlohmann::json>> Entries() {
    client_.Request("POST", std::string("/") + kJournal + "/_refresh", "", "");
    const nlohmann::json found =
        client_.Post(std::string("/") + kJournal + "/_search", {{"size", 10000}}).Json();
    std::vector<std::pair<std::string, nlohmann::json>> entries;
    if (!found.is_object() || !found.contains("hits")) return entries;
    for (const nlohmann::json& hit : found["hits"]["hits"]) {
      const std::string id = hit["_id"].get<std::string>();
      if (id.starts_with(prefix_)) entries.emplace_back(id, hit["_source"]);
    }
    return entries;
  }

  // How many units of this migration's `worker` share the journal shows finished, so that a
  // re-run skips them (a unit that dead-lettered documents is loaded again).
  int FinishedUnits(const std::string& worker) {
    int finished = 0;
    for (const auto& [id, entry] : Entries()) {
      finished += entry.value("worker", "") == worker && entry.value("finished", false) &&
                          !entry.value("dead_letters", false)
                      ? 1
                      : 0;
    }
    return finished;
  }

 private:
  Es7Client client_;
  ScopedDir work_;
  std::string prefix_;
  PrefixCleanup cleanup_;
};

std::string Tail(const std::string& text) {
  return text.substr(text.size() > 3000 ? text.size() - 3000 : 0);
}

struct LastLine {
  long long written = 0, read = 0, dead = 0, lost = -1;
};

LastLine Parse(const std::string& line) {
  LastLine parsed;
  std::sscanf(line.c_str(), "migrated %lld of %lld documents, %lld dead-lettered, %lld lost",
              &parsed.written, &parsed.read, &parsed.dead, &parsed.lost);
  return parsed;
}

TEST(WorkersTest, ThreeWorkersOnThreeNodesThenFinishVerifiesClean) {
  SL_REQUIRE_SHARED(kFixture);
  Workers run("workers");
  ASSERT_FALSE(run.client().base_url().empty()) << kNoCluster;

  const MigrateRun metadata = RunShardliftMigrate(run.Args({"--phase", "metadata"}), run.work());
  ASSERT_EQ(metadata.exit_code, 0) << Tail(metadata.output);
  EXPECT_NE(metadata.last_line.find("phase metadata done"), std::string::npos)
      << metadata.last_line;
  const MigrateRun early = RunShardliftMigrate(run.Args({"--phase", "finish"}), run.work());
  EXPECT_NE(early.exit_code, 0) << "finish before any documents worker ran";
  EXPECT_NE(early.output.find("units not finished"), std::string::npos) << Tail(early.output);

  std::vector<std::unique_ptr<BackgroundShardlift>> workers;
  for (int i = 1; i <= 3; ++i) {
    const std::string n = std::to_string(i);
    workers.push_back(std::make_unique<BackgroundShardlift>("migrate", run.Documents(i), run.work(),
                                                            run.work() / ("worker-" + n + ".txt")));
  }
  long long read = 0;
  for (int i = 1; i <= 3; ++i) {
    const std::string n = std::to_string(i);
    const MigrateRun worker =
        RunOf(workers[static_cast<size_t>(i - 1)]->Wait(), run.work() / ("worker-" + n + ".txt"));
    EXPECT_EQ(worker.exit_code, 0) << Tail(worker.output);
    EXPECT_NE(worker.output.find("(share " + n + "/3)"), std::string::npos) << Tail(worker.output);
    EXPECT_NE(worker.output.find("spread over 3 nodes"), std::string::npos) << Tail(worker.output);
    EXPECT_NE(worker.output.find(", from the target: 3 data nodes, write threads "),
              std::string::npos)
        << Tail(worker.output);
    const LastLine last = Parse(worker.last_line);
    EXPECT_EQ(last.lost, 0) << worker.last_line;
    EXPECT_GT(last.read, 0) << "share " << n << " loaded nothing: " << worker.last_line;
    read += last.read;
  }
  const fs::path dead = run.JoinedDeadLetters();
  // The journal has every unit inspect --units lists, finished.
  const MigrateRun inspect = RunShardlift(
      "inspect", {SharedPath(std::string(kFixture) + "/data").string(), "--units", "--json"},
      run.work());
  const nlohmann::json units = nlohmann::json::parse(inspect.output, nullptr, false);
  ASSERT_TRUE(units.is_array()) << inspect.output;
  const auto entries = run.Entries();
  EXPECT_EQ(entries.size(), units.size());
  for (const auto& [id, entry] : entries) {
    EXPECT_TRUE(entry.value("finished", false)) << id << ": " << entry.dump();
  }

  const MigrateRun finish = RunShardliftMigrate(run.Args({"--phase", "finish"}), run.work());
  ASSERT_EQ(finish.exit_code, 0) << Tail(finish.output);
  EXPECT_NE(finish.last_line.find("phase finish done"), std::string::npos) << finish.last_line;
  // The documents are on every node: the cluster, not one node, took the load.
  std::set<std::string> nodes;
  const nlohmann::json shards =
      run.client().Get("/_cat/shards/" + run.prefix() + "*?format=json&h=node").Json();
  for (const nlohmann::json& shard : shards) nodes.insert(shard.value("node", ""));
  EXPECT_EQ(nodes.size(), 3u) << shards.dump();
  EXPECT_TRUE(run.Entries().empty()) << "finish leaves the journal entries of the run behind";

  const FixtureCheck check = run.Check(dead);
  EXPECT_TRUE(check.differences.empty()) << check.Describe();
  EXPECT_EQ(check.in_target + check.dead_lettered, check.expected);
  EXPECT_EQ(read, check.expected) << "the shares overlap or leave documents out";

  const MigrateRun verify =
      RunShardlift("verify", run.Args({"--dead-letter", dead.string()}), run.work());
  EXPECT_EQ(verify.exit_code, 0) << Tail(verify.output);
  EXPECT_NE(verify.last_line.find(": 0 missing, 0 different, 0 extra"), std::string::npos)
      << verify.last_line;
  // One share checked alone, with that worker's dead letters: what it loaded, nothing more.
  const MigrateRun share = RunShardlift(
      "verify", run.Args({"--units", "2/3", "--dead-letter", run.DeadLetters(2).string()}),
      run.work());
  EXPECT_EQ(share.exit_code, 0) << Tail(share.output);
  EXPECT_NE(share.last_line.find(": 0 missing, 0 different, 0 extra"), std::string::npos)
      << share.last_line;
  long long found = 0, checked = 0;
  EXPECT_EQ(std::sscanf(share.last_line.c_str(), "verified %lld of %lld", &found, &checked), 2);
  EXPECT_LT(checked, check.expected) << share.last_line;
}

TEST(WorkersTest, OneOfThreeWorkersKilledMidUnitThenRunAgain) {
  SL_REQUIRE_SHARED(kFixture);
  Workers run("killed-worker");
  ASSERT_FALSE(run.client().base_url().empty()) << kNoCluster;
  const MigrateRun metadata = RunShardliftMigrate(run.Args({"--phase", "metadata"}), run.work());
  ASSERT_EQ(metadata.exit_code, 0) << Tail(metadata.output);

  // Worker 2 sends small requests through a proxy that answers each 100 ms late (its first 2,000,
  // then unchanged): on any machine it is still loading, and is killed, once the journal shows a
  // unit of its share finished. Workers 1 and 3 load at full speed, spread over the nodes.
  FaultProxy slow(run.client().base_url(), "slow", /*cycles=*/2000, run.work(),
                  /*slow_seconds=*/0.1);
  ASSERT_FALSE(slow.url().empty()) << "fault_proxy.py did not start";
  const std::vector<std::string> small = {"--batch-docs", "20"};
  BackgroundShardlift first("migrate", run.Documents(1, small), run.work(),
                            run.work() / "worker-1.txt");
  BackgroundShardlift third("migrate", run.Documents(3, small), run.work(),
                            run.work() / "worker-3.txt");
  const fs::path killed_out = run.work() / "worker-2-killed.txt";
  int finished = 0;
  {
    BackgroundShardlift second("migrate", run.Documents(2, small, slow.url()), run.work(),
                               killed_out);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    bool killed = false;
    while (!killed && !second.Exited() && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      finished = run.FinishedUnits("2/3");
      if (finished > 0) killed = kill(second.pid(), SIGKILL) == 0;
    }
    const MigrateRun ended = RunOf(second.Wait(), killed_out);
    ASSERT_TRUE(killed && ended.exit_code == -1)
        << "worker 2 was not killed while it loaded: " << Tail(ended.output);
  }
  for (const auto& [worker, n] : {std::pair{&first, "1"}, std::pair{&third, "3"}}) {
    const MigrateRun ended =
        RunOf(worker->Wait(), run.work() / (std::string("worker-") + n + ".txt"));
    EXPECT_EQ(ended.exit_code, 0) << Tail(ended.output);
  }
  const MigrateRun early = RunShardliftMigrate(run.Args({"--phase", "finish"}), run.work());
  EXPECT_NE(early.exit_code, 0) << "finish while worker 2's units are not all loaded";

  // Worker 2 again, alone and direct: it skips what the journal shows and loads the rest.
  const MigrateRun again = RunShardliftMigrate(run.Documents(2, small), run.work());
  ASSERT_EQ(again.exit_code, 0) << Tail(again.output);
  EXPECT_EQ(Parse(again.last_line).lost, 0) << again.last_line;
  long long skipped = 0, units = 0;
  const size_t at = again.last_line.find("; skipped ");
  ASSERT_NE(at, std::string::npos) << again.last_line;
  ASSERT_EQ(std::sscanf(again.last_line.c_str() + at, "; skipped %lld documents in %lld unit",
                        &skipped, &units),
            2)
      << again.last_line;
  EXPECT_GE(units, finished) << again.last_line;
  EXPECT_GT(skipped, 0) << again.last_line;

  const MigrateRun finish = RunShardliftMigrate(run.Args({"--phase", "finish"}), run.work());
  ASSERT_EQ(finish.exit_code, 0) << Tail(finish.output);
  const FixtureCheck check = run.Check(run.JoinedDeadLetters());
  EXPECT_TRUE(check.differences.empty()) << check.Describe();
  EXPECT_EQ(check.in_target + check.dead_lettered, check.expected);
  std::printf("worker 2 killed after %d finished units; %s\n", finished, again.last_line.c_str());
}

}  // namespace
}  // namespace shardlift::testing
