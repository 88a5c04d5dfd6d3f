// lucene-dump against Lucene 6.6's own dump of every lucene-synth and lucene-release fixture,
// byte for byte.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cctype>
#include <cstdio>
#include <string>
#include <vector>

#include "fixture_util.h"
#include "lucene/index_dump.h"
#include "lucene/index_reader.h"

namespace shardlift::lucene {
namespace {

using testing::SharedPath;

const std::string kSynthIndices[] = {
    "empty-l5-fast", "empty-l5-high", "empty-l6-fast", "empty-l6-high",     "l5-fast-cfs",
    "l5-fast-nocfs", "l5-high-cfs",   "l5-high-nocfs", "l53-fast-cfs",      "l6-fast-cfs",
    "l6-fast-nocfs", "l6-high-cfs",   "l6-high-nocfs", "sorted-l6-high-cfs"};

const char* const kReleaseVersions[] = {
    "5.0.0", "5.1.0", "5.2.0", "5.2.1", "5.3.0", "5.3.1", "5.3.2", "5.4.0", "5.4.1",
    "5.5.0", "5.5.1", "5.5.2", "5.5.3", "5.5.4", "5.5.5", "6.0.0", "6.0.1", "6.1.0",
    "6.2.0", "6.2.1", "6.3.0", "6.4.0", "6.4.1", "6.4.2", "6.5.0", "6.5.1", "6.6.0",
    "6.6.1", "6.6.2", "6.6.3", "6.6.4", "6.6.5", "6.6.6"};

std::vector<std::string> ReleaseIndices() {
  std::vector<std::string> names;
  for (const char* version : kReleaseVersions) {
    names.push_back(std::string("lucene-") + version + "-empty");
    names.push_back(std::string("lucene-") + version + "-nonempty");
  }
  return names;
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

void ExpectDumpMatches(const std::filesystem::path& index, const std::filesystem::path& expected) {
  Result<IndexReader> reader = IndexReader::Open(index.string());
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  StringSink sink;
  const Status status = WriteIndexDump(*reader, sink);
  ASSERT_TRUE(status.ok()) << status.ToString();
  const std::string want = testing::ReadGzip(expected);
  ASSERT_TRUE(sink.text() == want) << testing::FirstDifference(want, sink.text());
}

class LuceneSynthConformance : public ::testing::TestWithParam<std::string> {};

TEST_P(LuceneSynthConformance, DumpMatchesLucene) {
  const std::string relative = "fixtures/lucene-synth/" + GetParam();
  SL_REQUIRE_SHARED(relative);
  ExpectDumpMatches(SharedPath(relative), SharedPath(relative + ".expected.txt.gz"));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, LuceneSynthConformance, ::testing::ValuesIn(kSynthIndices),
                         TestName);

class LuceneReleaseConformance : public ::testing::TestWithParam<std::string> {};

TEST_P(LuceneReleaseConformance, DumpMatchesLucene) {
  const std::string relative = "fixtures/lucene-release/" + GetParam();
  SL_REQUIRE_SHARED(relative + ".zip");
  testing::TempDir temp(GetParam());
  ASSERT_TRUE(testing::Unzip(SharedPath(relative + ".zip"), temp.path()));
  ExpectDumpMatches(testing::FindIndexDir(temp.path()), SharedPath(relative + ".expected.txt.gz"));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, LuceneReleaseConformance, ::testing::ValuesIn(ReleaseIndices()),
                         TestName);

// The command itself: same bytes on stdout, exit 0; errors on stderr with exit 1.
std::string RunCommand(const std::string& command, int* exit_code) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) out.append(buffer, n);
  const int status = ::pclose(pipe);
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

TEST(LuceneDumpCommand, PrintsTheDumpOnStdout) {
  const std::string relative = "fixtures/lucene-synth/l6-high-nocfs";
  SL_REQUIRE_SHARED(relative);
  int exit_code = -1;
  const std::string out = RunCommand(
      testing::ShardliftBinary() + " lucene-dump '" + SharedPath(relative).string() + "'",
      &exit_code);
  EXPECT_EQ(exit_code, 0);
  const std::string want = testing::ReadGzip(SharedPath(relative + ".expected.txt.gz"));
  EXPECT_TRUE(out == want) << testing::FirstDifference(want, out);
}

TEST(LuceneDumpCommand, FailsWithTheStatusOnStderr) {
  int exit_code = -1;
  const std::string out =
      RunCommand(testing::ShardliftBinary() + " lucene-dump /nonexistent/index 2>&1", &exit_code);
  EXPECT_EQ(exit_code, 1);
  EXPECT_NE(out.find("shardlift lucene-dump: not found: /nonexistent/index"), std::string::npos)
      << out;
}

}  // namespace
}  // namespace shardlift::lucene
