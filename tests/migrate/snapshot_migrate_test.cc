// A snapshot as the source of `shardlift migrate` and `verify`, into the real ES 7 node: a 2.x and
// a 5.x shared repository, migrated document by document against what ES 5.6.16 restored of
// them (fixture_check.h), the snapshot's template created from its global metadata, and verify
// clean afterwards.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "es7/es7_client.h"
#include "migrate/fixture_check.h"
#include "migrate/migrate_runner.h"
#include "support/shared_data.h"

namespace shardlift::testing {
namespace {

namespace fs = std::filesystem;

class MigrateSnapshotTest : public ::testing::TestWithParam<std::string> {};

TEST_P(MigrateSnapshotTest, MigratesThenVerifiesClean) {
  const std::string version = GetParam();
  const std::string repo = "fixtures/es-bwc-repo/repo-" + version;
  SL_REQUIRE_SHARED(repo + ".zip");
  SL_ES7_CLIENT(client);
  std::string name = "snap" + version;
  std::erase(name, '.');
  ScopedDir work(name);
  const std::string unzip = "unzip -q -o " + ShellQuote(SharedPath(repo + ".zip").string()) +
                            " -d " + ShellQuote((work.path() / "unzipped").string());
  ASSERT_EQ(std::system(unzip.c_str()), 0);
  const std::string prefix = "s" + std::to_string(getpid()) + "-" + name + "-";
  const fs::path dead = work.path() / "dead.ndjson";
  const std::vector<std::string> args = {
      "snapshot:" + (work.path() / "unzipped" / "repo").string() + "#test_1",
      "--target-url",
      client.base_url(),
      "--target-prefix",
      prefix,
      "--dead-letter",
      dead.string()};

  const MigrateRun migrated = RunShardliftMigrate(args, work.path());
  FixtureCheckOptions options;
  options.prefix = prefix;
  const FixtureCheck check =
      CheckFixture(client, SharedPath(repo + ".expected.ndjson.gz"), dead, options);
  EXPECT_TRUE(check.differences.empty()) << check.Describe() << "\n" << migrated.output;
  EXPECT_EQ(check.in_target + check.dead_lettered, check.expected) << check.Describe();
  EXPECT_EQ(migrated.last_line, "migrated " + std::to_string(check.in_target) + " of " +
                                    std::to_string(check.expected) + " documents, " +
                                    std::to_string(check.dead_lettered) + " dead-lettered, 0 lost");
  EXPECT_EQ(migrated.exit_code, 0) << migrated.output;
  EXPECT_NE(migrated.output.find("source: snapshot test_1 of "), std::string::npos)
      << migrated.output;
  // The bwc tooling's template, from the snapshot's global metadata.
  EXPECT_EQ(client.Get("/_template/" + prefix + "template_" + version).status, 200);

  const MigrateRun verified = RunShardlift("verify", args, work.path());
  EXPECT_EQ(verified.last_line, "verified " + std::to_string(check.in_target) + " of " +
                                    std::to_string(check.expected) +
                                    " documents: 0 missing, 0 different, 0 extra, " +
                                    std::to_string(check.dead_lettered) + " dead-lettered")
      << verified.output;
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  std::printf("%s", check.Describe().c_str());
  client.Delete("/" + prefix + "*");
  client.Delete("/_template/" + prefix + "*");
}

INSTANTIATE_TEST_SUITE_P(Repositories, MigrateSnapshotTest, ::testing::Values("2.4.0", "5.6.0"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '.', '_');
                           return name;
                         });

}  // namespace
}  // namespace shardlift::testing
