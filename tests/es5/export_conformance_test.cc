// The export of every ES-written and generated fixture equals its expected.ndjson, with zero
// differences under the comparison rules of ../shared/README.md.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "export_harness.h"
#include "support/shared_data.h"
#include "test_files.h"

namespace shardlift::es5 {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

void ExpectExportEquals(const std::vector<std::string>& data_dirs, const fs::path& expected,
                        const std::vector<std::string>& extra_args = {}) {
  TempDir out;
  std::vector<std::string> args = {"export", "--quiet", "-o", out / "export.ndjson"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  args.insert(args.end(), data_dirs.begin(), data_dirs.end());
  const testing::CommandResult run = testing::RunShardlift(args);
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  const testing::Comparison result = testing::CompareWithExpected(expected, out / "export.ndjson");
  std::string messages;
  for (const std::string& m : result.messages) messages += "  " + m + "\n";
  EXPECT_EQ(result.differences, 0u) << messages;
  EXPECT_EQ(result.actual, result.expected);
  EXPECT_GT(result.expected, 0u);
  std::printf("%zu documents expected, %zu exported, %zu differences\n", result.expected,
              result.actual, result.differences);
}

class EsBwcExport : public ::testing::TestWithParam<std::string> {};

TEST_P(EsBwcExport, EqualsExpected) {
  const std::string name = "index-" + GetParam();
  SL_REQUIRE_SHARED("fixtures/es-bwc/" + name + ".zip");
  TempDir dir;
  ASSERT_TRUE(testing::Unzip(shardlift::testing::SharedPath("fixtures/es-bwc/" + name + ".zip"),
                             dir.path()));
  ExpectExportEquals({dir / "data"}, shardlift::testing::SharedPath("fixtures/es-bwc/" + name +
                                                                    ".expected.ndjson.gz"));
}

INSTANTIATE_TEST_SUITE_P(Versions, EsBwcExport,
                         ::testing::Values("2.0.0", "2.2.0", "2.4.0", "5.0.0", "5.1.1", "5.2.0",
                                           "5.4.0", "5.5.0", "5.6.0"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) c = c == '.' ? '_' : c;
                           return name;
                         });

TEST(SynthExport, Single) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  const fs::path base = shardlift::testing::SharedPath("fixtures/es5-synth/single");
  ExpectExportEquals({(base / "data").native()}, base / "expected.ndjson.gz");
}

TEST(SynthExport, Cluster3AllNodesAtOnce) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/cluster3");
  const fs::path base = shardlift::testing::SharedPath("fixtures/es5-synth/cluster3");
  ExpectExportEquals({(base / "node-a/data").native(), (base / "node-b/data").native(),
                      (base / "node-c/data").native()},
                     base / "expected.ndjson.gz");
}

TEST(SynthExport, EdgeTwoRootsAtOnce) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/edge");
  const fs::path base = shardlift::testing::SharedPath("fixtures/es5-synth/edge");
  ExpectExportEquals({(base / "data1").native(), (base / "data2").native()},
                     base / "expected.ndjson.gz");
}

TEST(SynthExport, ParallelOutputIsIdenticalAndGzipRoundTrips) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  const std::string data = shardlift::testing::SharedPath("fixtures/es5-synth/single/data");
  TempDir out;
  for (const auto& [file, extra] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"one.ndjson", {}}, {"two.ndjson", {"-p", "2"}}, {"all.ndjson.gz", {"-p"}}}) {
    std::vector<std::string> args = {"export", "--quiet", "-o", out / file};
    args.insert(args.end(), extra.begin(), extra.end());
    args.push_back(data);
    const testing::CommandResult run = testing::RunShardlift(args);
    ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  }
  const auto one = testing::ReadLines(out / "one.ndjson");
  EXPECT_EQ(one, testing::ReadLines(out / "two.ndjson"));
  EXPECT_EQ(one, testing::ReadLines(out / "all.ndjson.gz"));
}

TEST(SynthExport, IndexPatternSelects) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  const std::string data = shardlift::testing::SharedPath("fixtures/es5-synth/single/data");
  const testing::CommandResult run =
      testing::RunShardlift({"export", "--quiet", "--index", "events-*,-events-log-*", data});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  size_t lines = 0;
  for (size_t at = 0; (at = run.stdout_text.find('\n', at)) != std::string::npos; ++at) ++lines;
  EXPECT_EQ(lines, 30u + 40u + 3000u);  // plot-archive, plot, training_stats_scalar
  EXPECT_EQ(run.stdout_text.find("\"_index\":\"events-log-"), std::string::npos);
  EXPECT_EQ(run.stdout_text.find("\"_index\":\"catalog\""), std::string::npos);
}

// `inspect` counts from metadata and samples sources; its per-index "docs" must still be exactly
// what export writes (these fixtures cover nested docs, `_source` disabled and translog ops).
void ExpectInspectDocsMatchExport(const std::vector<std::string>& data_dirs) {
  std::vector<std::string> args = {"inspect", "--json"};
  args.insert(args.end(), data_dirs.begin(), data_dirs.end());
  const testing::CommandResult inspected = testing::RunShardlift(args);
  ASSERT_EQ(inspected.exit_code, 0) << inspected.stderr_text;
  args = {"export", "--quiet"};
  args.insert(args.end(), data_dirs.begin(), data_dirs.end());
  const testing::CommandResult exported = testing::RunShardlift(args);
  ASSERT_EQ(exported.exit_code, 0) << exported.stderr_text;
  std::map<std::string, int64_t> exported_docs;
  size_t at = 0;
  for (size_t end; (end = exported.stdout_text.find('\n', at)) != std::string::npos; at = end + 1) {
    ++exported_docs[nlohmann::json::parse(exported.stdout_text.substr(at, end - at))["_index"]];
  }
  std::map<std::string, int64_t> inspected_docs;
  const nlohmann::json report = nlohmann::json::parse(inspected.stdout_text);
  for (const auto& index : report["indices"]) {
    if (index["docs"].get<int64_t>() > 0) inspected_docs[index["name"]] = index["docs"];
    int64_t sampled = 0;
    for (const auto& [format, count] : index["source_formats"].items()) {
      if (format != "compressed") sampled += count.get<int64_t>();
    }
    const bool sources = index["docs"] > index["source_disabled_docs"];
    EXPECT_EQ(sampled > 0, sources) << index["name"] << ": formats " << index["source_formats"];
  }
  EXPECT_EQ(inspected_docs, exported_docs);
}

TEST(SynthInspect, DocsMatchExport) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  const fs::path base = shardlift::testing::SharedPath("fixtures/es5-synth");
  ExpectInspectDocsMatchExport({(base / "single/data").native()});
  ExpectInspectDocsMatchExport({(base / "edge/data1").native(), (base / "edge/data2").native()});
  ExpectInspectDocsMatchExport({(base / "cluster3/node-a/data").native(),
                                (base / "cluster3/node-b/data").native(),
                                (base / "cluster3/node-c/data").native()});
}

// The table's columns line up whatever the index names (ClearML's run past 60 characters).
TEST(SynthInspect, TableColumnsAlign) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  const testing::CommandResult run = testing::RunShardlift(
      {"inspect", shardlift::testing::SharedPath("fixtures/es5-synth/single/data").native()});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  std::istringstream lines(run.stdout_text);
  std::string header;
  std::getline(lines, header);
  const size_t uuid = header.find(" uuid ");
  const size_t store = header.find(" store ");
  ASSERT_NE(uuid, std::string::npos) << header;
  ASSERT_NE(store, std::string::npos) << header;
  int rows = 0;
  for (std::string line; std::getline(lines, line) && !line.starts_with("note:") &&
                         !line.starts_with("warning:") && !line.empty();) {
    ++rows;
    ASSERT_GT(line.size(), store) << line;
    EXPECT_EQ(line[uuid], ' ') << line;
    EXPECT_NE(line[uuid + 1], ' ') << line;   // each uuid starts under "uuid"
    EXPECT_EQ(line[store + 5], 'B') << line;  // "0.1MB" ends under the "e" of "store"
  }
  EXPECT_EQ(rows, 10);
}

}  // namespace
}  // namespace shardlift::es5
