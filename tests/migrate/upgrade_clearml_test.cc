// The ClearML proof: the data dir a genuine ES 5.6.16 wrote under ClearML 0.15.1's templates and a
// simulated ClearML server's workload (ctest fixture es56-clearml, tests/es56/README.md: with a
// 1e+39 loss in a float committed to Lucene and a -1e+39 only in the translog), owned by uid 1000
// as ClearML's ES container leaves it, upgraded by `shardlift upgrade` with no flags but the paths
// (the 7.17 run names its version). Then the ES version the server runs is started on the target
// as uid 1000: every document is what ES 5 served, ClearML 0.16's own templates are accepted and a
// routed aggregation over the scalars answers as the documents say it must.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "client/node.h"
#include "es7/es7_client.h"
#include "migrate/fixture_check.h"
#include "migrate/migrate_runner.h"
#include "support/shared_data.h"

namespace shardlift::testing {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr client::Owner kClearmlEsUser{1000, 1000};  // ES in ClearML's container
constexpr std::string_view kTemplates016 = "fixtures/clearml-templates/es7-0.16.0";
// Trains' built-in company: every seed gives it scalar events.
constexpr std::string_view kScalars =
    "events-training_stats_scalar-d1bd92a3b039400cbafc60a7a5b1e52b";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class ClearmlUpgrade : public ::testing::Test {
 protected:
  // Upgrades a copy of the ClearML data dir with `flags`, then checks the target on a node of
  // `home` started as ClearML's ES user.
  void UpgradeAndServe(const std::string& version, const fs::path& home,
                       const std::vector<std::string>& flags);

  ScopedDir work_{"upgrade-clearml"};
};

void ClearmlUpgrade::UpgradeAndServe(const std::string& version, const fs::path& home,
                                     const std::vector<std::string>& flags) {
  const fs::path data = fs::path(SHARDLIFT_ES56_CLEARML_DIR) / "data";
  const fs::path expected = fs::path(SHARDLIFT_ES56_CLEARML_DIR) / "expected.ndjson.gz";
  SL_REQUIRE_SHARED(std::string(kTemplates016));
  if (!fs::exists(expected)) {
    if (SharedDataRequired()) FAIL() << "no ClearML data dir: " << data;
    GTEST_SKIP() << "SKIPPED: no ClearML data dir (fixture es56-clearml): " << data;
  }
  ASSERT_TRUE(fs::exists(home / "bin" / "elasticsearch")) << home;
  const bool root = geteuid() == 0;
  const fs::path source = work_.path() / "elastic";
  const fs::path target = work_.path() / "elastic_7";
  fs::copy(data, source, fs::copy_options::recursive);
  if (root) {
    ASSERT_TRUE(client::ChownTree(source.string(), kClearmlEsUser).ok());
  }
  const client::Owner owner = root ? kClearmlEsUser : client::Owner{geteuid(), getegid()};

  std::vector<std::string> args = {"-s", source.string(), "-t", target.string()};
  args.insert(args.end(), flags.begin(), flags.end());
  const fs::path out = work_.path() / "out.txt";
  BackgroundShardlift run("upgrade", args, work_.path(), out);
  const int exit_code = run.Wait();
  const std::string output = ReadFile(out);
  ASSERT_EQ(exit_code, 0) << output;

  // The end, in order: documents, dead letters, verification, owner, log, completion.
  const std::vector<std::string> steps = UpgradeSteps(output);
  ASSERT_GE(steps.size(), 6u) << output;
  const std::vector<std::string> end(steps.end() - 6, steps.end());
  EXPECT_TRUE(end[0].starts_with("Migrated ") &&
              end[0].find(" documents into " + target.string()) != std::string::npos)
      << end[0];
  EXPECT_EQ(end[1], "Dead-lettered: 0.") << output;
  EXPECT_TRUE(end[2].starts_with("Verified ") &&
              end[2].ends_with(": 0 missing, 0 different, 0 extra, 0 dead-lettered."))
      << end[2];
  EXPECT_TRUE(end[3].starts_with("The target " + target.string() + " belongs to " +
                                 std::to_string(owner.uid) + ":" + std::to_string(owner.gid)))
      << end[3];
  EXPECT_TRUE(end[4].starts_with("Log: " + work_.path().string() + "/upgrade_to_7_")) << end[4];
  EXPECT_EQ(end[5], "Upgrade completed.");
  EXPECT_NE(output.find("starting Elasticsearch " + version + " "), std::string::npos) << output;
  // The 1e+39 and -1e+39 losses: one field changed, reported, no document left behind.
  EXPECT_NE(output.find("[warning] index " + std::string(kScalars) +
                        ": mappings.value: float field: ES 7 refuses a value ES 5 took"),
            std::string::npos)
      << output;
  for (const auto& entry : fs::recursive_directory_iterator(target)) {
    auto file_owner = client::OwnerOf(entry.path().string());
    ASSERT_TRUE(file_owner.ok());
    ASSERT_EQ(*file_owner, owner) << entry.path();
  }

  // ClearML's ES on the target, as uid 1000.
  client::NodeOptions options;
  options.home = home.string();
  options.data_dir = target.string();
  options.run_dir = (work_.path() / "clearml-es").string();
  options.heap = "512m";
  options.run_as = kClearmlEsUser;
  auto node = client::TargetNode::Start(options);
  ASSERT_TRUE(node.ok()) << node.status().ToString();
  Es7Client es((*node)->url());
  const FixtureCheck check =
      CheckFixture(es, expected, work_.path() / "elastic_7.dead-letter.ndjson", {});
  EXPECT_TRUE(check.differences.empty()) << check.Describe();
  EXPECT_EQ(check.dead_lettered, 0) << check.Describe();
  EXPECT_EQ(check.in_target, check.expected) << check.Describe();

  // ClearML 0.16 puts its templates at start-up.
  for (const auto& entry : fs::directory_iterator(SharedPath(std::string(kTemplates016)))) {
    const Json body = Json::parse(ReadFile(entry.path()));
    const HttpResponse put = es.Put("/_template/" + entry.path().stem().string(), body);
    EXPECT_EQ(put.status, 200) << entry.path() << ": " << put.Describe();
  }

  // The scalar plot of one task: metrics and variants by iteration, routed by the task, as the
  // server asks for it. The busiest task's documents, counted from what ES 5 served.
  std::map<std::string, std::map<std::pair<std::string, std::string>, int64_t>> per_task;
  for (const std::string& line : ReadGzipLines(expected)) {
    const Json doc = Json::parse(line);
    if (doc["index"] != kScalars) continue;
    const Json& event = doc["source"];
    ++per_task[event["task"]][{event["metric"], event["variant"]}];
  }
  ASSERT_FALSE(per_task.empty());
  std::string task;
  int64_t most = 0;
  for (const auto& [name, series] : per_task) {
    int64_t count = 0;
    for (const auto& [key, n] : series) count += n;
    if (count > most) std::tie(task, most) = std::tie(name, count);
  }
  const Json query = {
      {"size", 0},
      {"query", {{"term", {{"task", task}}}}},
      {"aggs",
       {{"metrics",
         {{"terms", {{"field", "metric"}, {"size", 1000}}},
          {"aggs",
           {{"variants",
             {{"terms", {{"field", "variant"}, {"size", 1000}}},
              {"aggs",
               {{"iters",
                 {{"histogram", {{"field", "iter"}, {"interval", 10}}},
                  {"aggs", {{"value", {{"avg", {{"field", "value"}}}}}}}}}}}}}}}}}}}};
  const HttpResponse answer =
      es.Post("/" + std::string(kScalars) + "/_search?routing=" + task, query);
  ASSERT_EQ(answer.status, 200) << answer.Describe();
  const Json body = answer.Json();
  EXPECT_EQ(body["hits"]["total"]["value"], most) << answer.Describe();
  std::map<std::pair<std::string, std::string>, int64_t> found;
  for (const Json& metric : body["aggregations"]["metrics"]["buckets"]) {
    for (const Json& variant : metric["variants"]["buckets"]) {
      found[{metric["key"], variant["key"]}] = variant["doc_count"];
      EXPECT_FALSE(variant["iters"]["buckets"].empty());
    }
  }
  EXPECT_EQ(found, per_task[task]);
  EXPECT_TRUE((*node)->Stop().ok());
}

TEST_F(ClearmlUpgrade, DefaultFlagsWriteWhatElasticsearch762Serves) {
  UpgradeAndServe("7.6.2", SHARDLIFT_ES762_HOME_DIR, {});
}

TEST_F(ClearmlUpgrade, Elasticsearch71729Too) {
  UpgradeAndServe("7.17.29", SHARDLIFT_ES7_HOME_DIR, {"--es7-version", "7.17.29"});
}

}  // namespace
}  // namespace shardlift::testing
