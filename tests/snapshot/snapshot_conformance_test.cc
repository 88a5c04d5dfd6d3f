// The export of every shared snapshot repository (ES 2.0.0 … 5.6.0 and a 2.3.4 that recorded no
// checksums) equals its expected.ndjson.gz, what a genuine ES 5.6.16 serves after restoring it,
// with zero differences under the comparison rules of ../shared/README.md. The same documents
// come out of inspect's counts, and a snapshot named, #latest and the only one are the same.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "export_harness.h"
#include "support/shared_data.h"
#include "test_files.h"

namespace shardlift::snapshot {
namespace {

namespace fs = std::filesystem;
using es5::testing::TempDir;

class SharedRepository : public ::testing::TestWithParam<std::string> {};

TEST_P(SharedRepository, ExportEqualsWhatEs56Restores) {
  const std::string zip = "fixtures/es-bwc-repo/" + GetParam() + ".zip";
  SL_REQUIRE_SHARED(zip);
  TempDir dir;
  ASSERT_TRUE(es5::testing::Unzip(shardlift::testing::SharedPath(zip), dir.path()));
  const std::string repo = "snapshot:" + (dir / "repo");
  for (const std::string& spec : {repo, repo + "#test_1", repo + "#latest"}) {
    const fs::path out = dir / "export.ndjson";
    const es5::testing::CommandResult run =
        es5::testing::RunShardlift({"export", "--quiet", "-o", out, spec});
    ASSERT_EQ(run.exit_code, 0) << spec << ": " << run.stderr_text;
    const es5::testing::Comparison result = es5::testing::CompareWithExpected(
        shardlift::testing::SharedPath("fixtures/es-bwc-repo/" + GetParam() +
                                       ".expected.ndjson.gz"),
        out);
    std::string messages;
    for (const std::string& m : result.messages) messages += "  " + m + "\n";
    EXPECT_EQ(result.differences, 0u) << spec << "\n" << messages;
    EXPECT_EQ(result.actual, result.expected) << spec;
    EXPECT_GT(result.expected, 0u);
    std::printf("%s: %zu documents expected, %zu exported, %zu differences\n", spec.c_str(),
                result.expected, result.actual, result.differences);
  }
  const es5::testing::CommandResult inspect =
      es5::testing::RunShardlift({"inspect", "--json", repo});
  ASSERT_EQ(inspect.exit_code, 0) << inspect.stderr_text;
  const nlohmann::json report = nlohmann::json::parse(inspect.stdout_text);
  EXPECT_EQ(report["snapshot"]["name"], "test_1");
  EXPECT_EQ(report["snapshot"]["state"], "SUCCESS");
  size_t docs = 0;
  for (const nlohmann::json& index : report["indices"]) docs += index["docs"].get<size_t>();
  EXPECT_EQ(docs, es5::testing::ReadLines(shardlift::testing::SharedPath("fixtures/es-bwc-repo/" +
                                                                         GetParam() +
                                                                         ".expected.ndjson.gz"))
                      .size());
  // The bwc tooling put a template into every cluster of repo-<V> it snapshotted.
  EXPECT_EQ(report["cluster"]["templates"].size(), GetParam().starts_with("repo-") ? 1u : 0u)
      << inspect.stdout_text;
}

INSTANTIATE_TEST_SUITE_P(Versions, SharedRepository,
                         ::testing::Values("repo-2.0.0", "repo-2.2.0", "repo-2.4.0", "repo-5.0.0",
                                           "repo-5.1.1", "repo-5.2.0", "repo-5.4.0", "repo-5.5.0",
                                           "repo-5.6.0", "missing-checksum-repo-2.3.4"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) c = c == '.' || c == '-' ? '_' : c;
                           return name;
                         });

}  // namespace
}  // namespace shardlift::snapshot
