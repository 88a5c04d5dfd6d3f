// Harness for tests that run the shardlift binary on data dirs: process spawning, temp copies of
// fixtures, and the fixture comparison rules of ../shared/README.md ("expected.ndjson").
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace shardlift::es5::testing {

struct CommandResult {
  int exit_code = -1;
  std::string stdout_text;
  std::string stderr_text;
};

// Runs the shardlift binary under test with `args`; stdout goes to a file and is read back.
CommandResult RunShardlift(const std::vector<std::string>& args);

// A writable recursive copy of `from` at `to` (fixtures are read-only on disk).
void CopyTree(const std::filesystem::path& from, const std::filesystem::path& to);

// Unzips `zip` into `dir` (with the `unzip` tool); false on failure.
bool Unzip(const std::filesystem::path& zip, const std::filesystem::path& dir);

// The lines of a file, gzip-compressed or not.
std::vector<std::string> ReadLines(const std::filesystem::path& path);

struct Comparison {
  size_t expected = 0;
  size_t actual = 0;
  size_t differences = 0;
  std::vector<std::string> messages;  // the first differences
};

// Compares an export (NDJSON in export format) with an expected.ndjson(.gz) in the neutral
// format: documents keyed by (index, type, id), every field mapped and compared exactly.
Comparison CompareWithExpected(const std::filesystem::path& expected,
                               const std::filesystem::path& actual);

}  // namespace shardlift::es5::testing
