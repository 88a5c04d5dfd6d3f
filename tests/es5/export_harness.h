// Harness for tests that run the shardlift binary on data dirs: process spawning, temp copies of
// fixtures, and the fixture comparison rules of ../shared/README.md ("expected.ndjson").
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace shardlift::es5::testing {

struct CommandResult {
  int exit_code = -1;  // 128 + signal when killed
  std::string stdout_text;
  std::string stderr_text;
  bool timed_out = false;      // killed at RunOptions::timeout
  int64_t peak_rss_bytes = 0;  // the child's maximum resident set (wait4's ru_maxrss)
  double seconds = 0;          // wall clock
};

struct RunOptions {
  // The child (and everything it started) is killed after this long; timed_out says so.
  int timeout_seconds = 120;
  // Runs the child without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so that even as root it
  // gets "permission denied" from files and directories chmod'ed to 000 (as any other user
  // would): the way tests make a read fail without a second account.
  bool obey_permissions = false;
  // The child's working directory ("" = the test's).
  std::string cwd;
  // The child's stdout goes to this file, opened as `>>` would (created if missing, never
  // truncated), instead of being captured ("" = captured into stdout_text).
  std::string stdout_file;
};

// Runs the shardlift binary under test with `args`; stdout goes to a file and is read back.
CommandResult RunShardlift(const std::vector<std::string>& args, const RunOptions& options = {});

// What identifies every file and directory below a root: device, inode, kind and mode, size,
// mtime and (regular files) a content hash. Equal manifests before and after a run mean the run
// changed nothing in the source. FIFOs and devices are recorded, never opened.
using SourceManifest = std::map<std::string, std::string>;
SourceManifest ManifestOf(const std::filesystem::path& root);
// The entries that differ between two manifests, for a failure message.
std::string ManifestDifference(const SourceManifest& before, const SourceManifest& after);

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
