// `shardlift migrate` of every shared fixture into the real ES 7 node, checked document by
// document against the fixture's expected.ndjson.gz (fixture_check.h). Each test writes under its
// own --target-prefix and removes its indices and templates afterwards.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "es7/es7_client.h"
#include "migrate/fixture_check.h"
#include "migrate/migrate_runner.h"
#include "support/shared_data.h"

namespace shardlift::testing {
namespace {

namespace fs = std::filesystem;

std::string Prefix(const std::string& name) {
  std::string prefix(1, 't');
  prefix += std::to_string(getpid());
  prefix += '-';
  prefix += name;
  prefix += '-';
  return prefix;
}

// Migrates `roots` under `prefix`, checks against `expected`, removes what it wrote.
void MigrateAndCheck(Es7Client& client, const std::vector<fs::path>& roots,
                     const fs::path& expected, const std::string& prefix, const fs::path& work) {
  std::vector<std::string> args;
  for (const fs::path& root : roots) args.push_back(root.string());
  const fs::path dead = work / "dead.ndjson";
  for (const std::string& arg :
       {std::string("--target-url"), client.base_url(), std::string("--target-prefix"), prefix,
        std::string("--dead-letter"), dead.string()}) {
    args.push_back(arg);
  }
  const MigrateRun run = RunShardliftMigrate(args, work);
  FixtureCheckOptions options;
  options.prefix = prefix;
  const FixtureCheck check = CheckFixture(client, expected, dead, options);
  EXPECT_TRUE(check.differences.empty()) << check.Describe() << "\n" << run.last_line;
  EXPECT_EQ(check.in_target + check.dead_lettered, check.expected) << check.Describe();
  EXPECT_EQ(run.last_line, "migrated " + std::to_string(check.in_target) + " of " +
                               std::to_string(check.expected) + " documents, " +
                               std::to_string(check.dead_lettered) + " dead-lettered, 0 lost");
  EXPECT_EQ(run.exit_code, 0) << run.output.substr(
      run.output.size() > 3000 ? run.output.size() - 3000 : 0);
  std::printf("%s", check.Describe().c_str());
  client.Delete("/" + prefix + "*");
  client.Delete("/_template/" + prefix + "*");
}

TEST(MigrateFixtureTest, Es5SynthSingle) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  SL_ES7_CLIENT(client);
  ScopedDir work("single");
  MigrateAndCheck(client, {SharedPath("fixtures/es5-synth/single/data")},
                  SharedPath("fixtures/es5-synth/single/expected.ndjson.gz"), Prefix("single"),
                  work.path());
}

TEST(MigrateFixtureTest, Es5SynthCluster3ThreeNodesAtOnce) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/cluster3");
  SL_ES7_CLIENT(client);
  ScopedDir work("cluster3");
  MigrateAndCheck(client,
                  {SharedPath("fixtures/es5-synth/cluster3/node-a/data"),
                   SharedPath("fixtures/es5-synth/cluster3/node-b/data"),
                   SharedPath("fixtures/es5-synth/cluster3/node-c/data")},
                  SharedPath("fixtures/es5-synth/cluster3/expected.ndjson.gz"), Prefix("cluster3"),
                  work.path());
}

TEST(MigrateFixtureTest, Es5SynthEdgeTwoRootsAtOnce) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/edge");
  SL_ES7_CLIENT(client);
  ScopedDir work("edge");
  MigrateAndCheck(
      client,
      {SharedPath("fixtures/es5-synth/edge/data1"), SharedPath("fixtures/es5-synth/edge/data2")},
      SharedPath("fixtures/es5-synth/edge/expected.ndjson.gz"), Prefix("edge"), work.path());
}

TEST(MigrateFixtureTest, RefusesAnEs7NewerThanExpected) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/edge");
  ScopedDir work("expect-version");
  const fs::path home = work.path() / "home";
  fs::create_directories(home / "lib");
  std::ofstream(home / "lib" / "elasticsearch-7.17.29.jar") << "";
  const MigrateRun run = RunShardliftMigrate(
      {SharedPath("fixtures/es5-synth/edge/data1").string(),
       SharedPath("fixtures/es5-synth/edge/data2").string(), "--es7-home", home.string(),
       "--target", (work.path() / "elastic_7").string(), "--expect-es7-version", "7.6.2"},
      work.path());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.output.find("7.17.29, newer than --expect-es7-version 7.6.2"), std::string::npos)
      << run.output;
  EXPECT_FALSE(fs::exists(work.path() / "elastic_7")) << "nothing may be written";
}

class MigrateBwcTest : public ::testing::TestWithParam<std::string> {};

TEST_P(MigrateBwcTest, EsBackwardsCompatibilityIndex) {
  const std::string version = GetParam();
  SL_REQUIRE_SHARED("fixtures/es-bwc/index-" + version + ".zip");
  SL_ES7_CLIENT(client);
  std::string name = "bwc" + version;
  std::erase(name, '.');
  ScopedDir work(name);
  const fs::path zip = SharedPath("fixtures/es-bwc/index-" + version + ".zip");
  const std::string unzip = "unzip -q -o " + ShellQuote(zip.string()) + " -d " +
                            ShellQuote((work.path() / "unzipped").string());
  ASSERT_EQ(std::system(unzip.c_str()), 0);
  MigrateAndCheck(client, {work.path() / "unzipped" / "data"},
                  SharedPath("fixtures/es-bwc/index-" + version + ".expected.ndjson.gz"),
                  Prefix(name), work.path());
}

INSTANTIATE_TEST_SUITE_P(AllVersions, MigrateBwcTest,
                         ::testing::Values("2.0.0", "2.2.0", "2.4.0", "5.0.0", "5.1.1", "5.2.0",
                                           "5.4.0", "5.5.0", "5.6.0"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '.', '_');
                           return name;
                         });

}  // namespace
}  // namespace shardlift::testing
