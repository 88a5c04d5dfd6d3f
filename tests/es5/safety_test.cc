// Reading never changes the source: every file and directory of the fixtures has the same bytes
// and mtime after inspect and export ran on them; and a node.lock held by a running process makes
// both commands refuse unless --force.
#include <gtest/gtest.h>

#include "export_harness.h"
#include "lock_holder.h"
#include "support/shared_data.h"
#include "test_files.h"

namespace shardlift::es5 {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

TEST(Safety, InspectAndExportLeaveTheFixturesUntouched) {
  SL_REQUIRE_SHARED("fixtures/es5-synth");
  const fs::path synth = shardlift::testing::SharedPath("fixtures/es5-synth");
  const fs::path bwc = shardlift::testing::SharedPath("fixtures/es-bwc");
  const auto before = testing::ManifestOf(synth);
  const auto bwc_before = testing::ManifestOf(bwc);
  const std::vector<std::vector<std::string>> sources = {
      {(synth / "single/data").native()},
      {(synth / "cluster3/node-a/data").native(), (synth / "cluster3/node-b/data").native(),
       (synth / "cluster3/node-c/data").native()},
      {(synth / "edge/data1").native(), (synth / "edge/data2").native()}};
  TempDir out;
  for (const auto& roots : sources) {
    for (std::vector<std::string> args :
         {std::vector<std::string>{"inspect"},
          {"inspect", "--json"},
          {"export", "--skip-broken", "--quiet", "-o", out / "x.ndjson"},
          {"export", "--skip-broken", "--quiet", "-p", "2", "-o", out / "x.ndjson.gz"}}) {
      args.insert(args.end(), roots.begin(), roots.end());
      testing::RunShardlift(args);
    }
  }
  EXPECT_EQ(testing::ManifestDifference(before, testing::ManifestOf(synth)), "");
  EXPECT_EQ(testing::ManifestDifference(bwc_before, testing::ManifestOf(bwc)), "");
}

TEST(Safety, RefusesToWriteIntoTheSource) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  TempDir dir;
  testing::CopyTree(shardlift::testing::SharedPath("fixtures/es5-synth/single/data"), dir / "data");
  const auto run =
      testing::RunShardlift({"export", "-o", dir / "data/nodes/0/out.ndjson", dir / "data"});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.stderr_text.find("refusing to write inside the source"), std::string::npos)
      << run.stderr_text;
  EXPECT_FALSE(fs::exists(dir / "data/nodes/0/out.ndjson"));
}

TEST(Safety, HeldNodeLockRefusesUnlessForced) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  TempDir dir;
  testing::CopyTree(shardlift::testing::SharedPath("fixtures/es5-synth/single/data"), dir / "data");
  const std::string lock = dir / "data/nodes/0/node.lock";
  testing::LockHolder holder(lock);
  ASSERT_TRUE(holder.locked());

  const auto refused = testing::RunShardlift({"export", "--index", "catalog", dir / "data"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.stderr_text.find("is locked by process " + std::to_string(holder.pid())),
            std::string::npos)
      << refused.stderr_text;
  EXPECT_NE(refused.stderr_text.find("--force"), std::string::npos);
  EXPECT_TRUE(refused.stdout_text.empty());
  EXPECT_EQ(testing::RunShardlift({"inspect", dir / "data"}).exit_code, 1);

  const auto forced =
      testing::RunShardlift({"export", "--force", "--quiet", "--index", "catalog", dir / "data"});
  EXPECT_EQ(forced.exit_code, 0) << forced.stderr_text;
  EXPECT_NE(forced.stdout_text.find("\"_index\":\"catalog\""), std::string::npos);
  const auto inspected = testing::RunShardlift({"inspect", "--json", "--force", dir / "data"});
  EXPECT_NE(inspected.stdout_text.find("\"state\": \"held\""), std::string::npos);

  holder.Release();
  EXPECT_EQ(testing::RunShardlift(
                {"export", "--quiet", "--index", "catalog", "-o", "/dev/null", dir / "data"})
                .exit_code,
            0);
}

}  // namespace
}  // namespace shardlift::es5
