// `shardlift migrate` and `shardlift verify` of every shared fixture (the es5-synth data dirs
// single, cluster3, edge and the nine es-bwc ones) into one target node, checked document by
// document against the fixture's expected.ndjson.gz (fixture_check.h). Built once per target
// (tests/migrate/CMakeLists.txt): SHARDLIFT_TARGET_URL_FILE is the url file of its ctest fixture
// (es7: 7.17.29, es762, es8, os2), SHARDLIFT_TARGET_NAME what the target must identify as. Each
// test writes under its own --target-prefix and removes its indices and templates afterwards.
//
// The 8.17.0 node (SHARDLIFT_TARGET_LACKS_PARENT_JOIN) comes from a home without the parent-join
// and mapper-extras modules (FACTS.md): there the translation refuses the parent/child indices of
// single and edge, which is asserted, and the rest of those fixtures is migrated with --index.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>

#include "es7/es7_client.h"
#include "migrate/fixture_check.h"
#include "migrate/migrate_runner.h"
#include "support/shared_data.h"

namespace shardlift::testing {
namespace {

namespace fs = std::filesystem;

#ifdef SHARDLIFT_TARGET_LACKS_PARENT_JOIN
constexpr bool kLacksParentJoin = true;
#else
constexpr bool kLacksParentJoin = false;
#endif

std::string TargetUrl(std::string* why) {
  std::ifstream in(SHARDLIFT_TARGET_URL_FILE);
  std::string url;
  if (!std::getline(in, url) || url.empty()) {
    *why = std::string("no target URL in ") + SHARDLIFT_TARGET_URL_FILE +
           " (run the test through ctest, which starts the node in its fixture)";
    return "";
  }
  return url;
}

std::string Prefix(const std::string& name) {
  std::string prefix(1, 't');
  prefix += std::to_string(getpid());
  prefix += '-';
  prefix += name;
  prefix += '-';
  return prefix;
}

// Removes the run's indices and templates by name: 8.x refuses wildcard deletes.
void RemoveWritten(Es7Client& client, const std::string& prefix) {
  const auto indices = client.Get("/_cat/indices/" + prefix + "*?format=json&h=index").Json();
  for (const auto& row : indices) {
    const std::string name = row.value("index", "");
    client.Delete("/" + name);
  }
  const auto templates = client.Get("/_template/" + prefix + "*").Json();
  if (templates.is_object()) {
    for (const auto& [name, body] : templates.items()) client.Delete("/_template/" + name);
  }
}

struct Fixture {
  std::string name;
  std::vector<std::string> roots;  // below the shared dir; a bwc fixture: its zip
  std::string expected;
  std::string parent_child_index;  // the index with parent/child types, "" = none
};

// gtest prints the parameter in test listings: the fixture's name, not its bytes.
void PrintTo(const Fixture& fixture, std::ostream* out) { *out << fixture.name; }

std::vector<std::string> Args(const std::vector<fs::path>& roots, const std::string& url,
                              const std::string& prefix, const fs::path& dead,
                              const std::string& index_pattern) {
  std::vector<std::string> args;
  for (const fs::path& root : roots) args.push_back(root.string());
  for (const std::string& arg :
       {std::string("--target-url"), url, std::string("--target-prefix"), prefix,
        std::string("--dead-letter"), dead.string(), std::string("-p"), std::string("2")}) {
    args.push_back(arg);
  }
  if (!index_pattern.empty()) {
    args.push_back("--index");
    args.push_back(index_pattern);
  }
  return args;
}

// The report's lines about `subject` ("index catalog"): its header line and the indented ones
// after it.
std::string ReportBlock(const std::string& output, const std::string& subject) {
  const size_t start = output.find("\n" + subject + ":\n");
  if (start == std::string::npos) return "";
  size_t end = start + subject.size() + 2;
  while (end + 1 < output.size() && output.compare(end + 1, 2, "  ") == 0) {
    end = output.find('\n', end + 1);
    if (end == std::string::npos) end = output.size();
  }
  return output.substr(start, end - start + 1);
}

std::string Tail(const std::string& output) {
  return output.substr(output.size() > 3000 ? output.size() - 3000 : 0);
}

class MigrateFixtureTest : public ::testing::TestWithParam<Fixture> {};

TEST_P(MigrateFixtureTest, MigratesAndVerifies) {
  const Fixture& fixture = GetParam();
  for (const std::string& root : fixture.roots) SL_REQUIRE_SHARED(root);
  std::string why;
  const std::string url = TargetUrl(&why);
  ASSERT_FALSE(url.empty()) << why;
  Es7Client client(url);
  ScopedDir work(fixture.name);
  std::vector<fs::path> roots;
  for (const std::string& root : fixture.roots) {
    if (!root.ends_with(".zip")) {
      roots.push_back(SharedPath(root));
      continue;
    }
    const std::string unzip = "unzip -q -o " + ShellQuote(SharedPath(root).string()) + " -d " +
                              ShellQuote((work.path() / "unzipped").string());
    ASSERT_EQ(std::system(unzip.c_str()), 0);
    roots.push_back(work.path() / "unzipped" / "data");
  }
  const std::string prefix = Prefix(fixture.name);
  const fs::path dead = work.path() / "dead.ndjson";

  FixtureCheckOptions options;
  options.prefix = prefix;
  std::string index_pattern;
  if (kLacksParentJoin && !fixture.parent_child_index.empty()) {
    // The exact refusal: the index named, nothing written.
    const MigrateRun refused = RunShardliftMigrate(Args(roots, url, prefix, dead, ""), work.path());
    EXPECT_EQ(refused.exit_code, 1) << Tail(refused.output);
    EXPECT_NE(ReportBlock(refused.output, "index " + fixture.parent_child_index)
                  .find("\n  [error] mappings.join: join needs the parent-join module, "
                        "which " SHARDLIFT_TARGET_NAME
                        " does not have: the index cannot be created there "
                        "(target-lacks-module)\n"),
              std::string::npos)
        << Tail(refused.output);
    EXPECT_EQ(refused.last_line, "error: the translation has errors (see above); nothing written");
    EXPECT_EQ(client.Get("/_cat/indices/" + prefix + "*?format=json").Json(),
              nlohmann::json::array())
        << "a refused translation wrote something";
    index_pattern = "-" + fixture.parent_child_index;
    options.left_out = {fixture.parent_child_index};
  }

  const MigrateRun run =
      RunShardliftMigrate(Args(roots, url, prefix, dead, index_pattern), work.path());
  EXPECT_NE(run.output.find("target:\n  [info] version: " SHARDLIFT_TARGET_NAME ": "),
            std::string::npos)
      << "the report names the target\n"
      << Tail(run.output);
  const FixtureCheck check = CheckFixture(client, SharedPath(fixture.expected), dead, options);
  EXPECT_TRUE(check.differences.empty()) << check.Describe() << "\n" << run.last_line;
  EXPECT_EQ(check.in_target + check.dead_lettered, check.expected) << check.Describe();
  EXPECT_EQ(run.last_line, "migrated " + std::to_string(check.in_target) + " of " +
                               std::to_string(check.expected) + " documents, " +
                               std::to_string(check.dead_lettered) + " dead-lettered, 0 lost");
  EXPECT_EQ(run.exit_code, 0) << Tail(run.output);

  const MigrateRun verified =
      RunShardlift("verify", Args(roots, url, prefix, dead, index_pattern), work.path());
  EXPECT_EQ(verified.last_line, "verified " + std::to_string(check.in_target) + " of " +
                                    std::to_string(check.expected) + " documents: 0 missing, " +
                                    "0 different, 0 extra, " + std::to_string(check.dead_lettered) +
                                    " dead-lettered")
      << Tail(verified.output);
  EXPECT_EQ(verified.exit_code, 0) << Tail(verified.output);
  std::printf("%s: %s", SHARDLIFT_TARGET_NAME, check.Describe().c_str());
  RemoveWritten(client, prefix);
}

std::vector<Fixture> Fixtures() {
  std::vector<Fixture> fixtures = {
      {"single",
       {"fixtures/es5-synth/single/data"},
       "fixtures/es5-synth/single/expected.ndjson.gz",
       "catalog"},
      {"cluster3",
       {"fixtures/es5-synth/cluster3/node-a/data", "fixtures/es5-synth/cluster3/node-b/data",
        "fixtures/es5-synth/cluster3/node-c/data"},
       "fixtures/es5-synth/cluster3/expected.ndjson.gz",
       ""},
      {"edge",
       {"fixtures/es5-synth/edge/data1", "fixtures/es5-synth/edge/data2"},
       "fixtures/es5-synth/edge/expected.ndjson.gz",
       "edge-multi"},
  };
  for (const char* version :
       {"2.0.0", "2.2.0", "2.4.0", "5.0.0", "5.1.1", "5.2.0", "5.4.0", "5.5.0", "5.6.0"}) {
    std::string name = std::string("bwc") + version;
    std::erase(name, '.');
    fixtures.push_back({name,
                        {std::string("fixtures/es-bwc/index-") + version + ".zip"},
                        std::string("fixtures/es-bwc/index-") + version + ".expected.ndjson.gz",
                        ""});
  }
  return fixtures;
}

INSTANTIATE_TEST_SUITE_P(Shared, MigrateFixtureTest, ::testing::ValuesIn(Fixtures()),
                         [](const auto& info) { return info.param.name; });

// --expect-target-version names what will open the data afterwards: the same distribution, not
// older than the node that writes it. Against the fixture's node, before anything is written.
TEST(ExpectedTargetVersionTest, IsDistributionAware) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/cluster3");
  std::string why;
  const std::string url = TargetUrl(&why);
  ASSERT_FALSE(url.empty()) << why;
  ScopedDir work("expect-version");
  auto dry_run = [&](const std::string& expected) {
    return RunShardliftMigrate(
        {SharedPath("fixtures/es5-synth/cluster3/node-a/data").string(), "--dry-run",
         "--target-url", url, "--expect-target-version", expected},
        work.path());
  };
  const MigrateRun own = dry_run(SHARDLIFT_TARGET_SPEC);
  EXPECT_EQ(own.exit_code, 0) << Tail(own.output);
  const MigrateRun clearml = dry_run("7.6.2");
  const std::map<std::string, std::string> refusal = {
      {"7.6.2", ""},
      {"7.17.29",
       "error: invalid argument: the target would be written by Elasticsearch 7.17.29, newer than "
       "--expect-target-version 7.6.2: Elasticsearch 7.6.2 could not open the result; nothing "
       "migrated"},
      {"8.17.0",
       "error: invalid argument: the target would be written by Elasticsearch 8.17.0, newer than "
       "--expect-target-version 7.6.2: Elasticsearch 7.6.2 could not open the result; nothing "
       "migrated"},
      {"opensearch-2.19.1",
       "error: invalid argument: the target would be written by OpenSearch 2.19.1, but "
       "--expect-target-version "
       "7.6.2 names Elasticsearch 7.6.2: Elasticsearch cannot open the data OpenSearch writes; "
       "nothing migrated"},
  };
  const std::string& expected = refusal.at(SHARDLIFT_TARGET_SPEC);
  if (expected.empty()) {
    EXPECT_EQ(clearml.exit_code, 0) << Tail(clearml.output);
  } else {
    EXPECT_EQ(clearml.exit_code, 1) << Tail(clearml.output);
    EXPECT_EQ(clearml.last_line, expected);
  }
}

}  // namespace
}  // namespace shardlift::testing
