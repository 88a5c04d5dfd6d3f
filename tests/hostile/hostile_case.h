// The frame of a hostile-input case: a damaged copy of a shared fixture, and runs of the built
// shardlift binary that must hold, whatever the damage, to what the project promises of every run:
// the source unchanged (device, inode, mode, size, mtime and content of every file), the child's
// peak RSS within 256 MB, and an end before a wall-clock bound (a hang is killed and fails).
// Each case then asserts its own exact outcome (exit code, message naming file and offset, or the
// listed loss). Fixtures are copied and damaged at test time; nothing damaged is checked in.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "export_harness.h"
#include "test_files.h"

namespace shardlift::hostile {

using es5::testing::CommandResult;
using es5::testing::RunOptions;

#if defined(__SANITIZE_ADDRESS__)
#define SL_HOSTILE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SL_HOSTILE_ASAN 1
#endif
#endif

// shardlift's memory budget, for any input (README). Built with AddressSanitizer (as this suite
// and shardlift are in the sanitizer stage of .ci/run), a run also holds redzones and a
// quarantine of freed blocks: there the bound is doubled, which still catches an input whose
// memory is not bounded.
#ifdef SL_HOSTILE_ASAN
inline constexpr int64_t kMaxRssBytes = int64_t{512} << 20;
#else
inline constexpr int64_t kMaxRssBytes = int64_t{256} << 20;
#endif

class HostileCase : public ::testing::Test {
 protected:
  // Copies `<shared dir>/<relative>` (a data dir) to a temp dir; skips (or, when shared data is
  // required, fails) the test if the fixture is missing.
  void CopyFixture(const std::string& relative);
  // Unzips `<shared dir>/<zip>` to a temp dir; the source is its `inner` directory (a snapshot
  // repository's repo/). Skips or fails as CopyFixture does.
  void UnzipFixture(const std::string& zip, const std::string& inner);
  bool fixture_missing() const { return data_.empty(); }

  // A path inside the copy.
  std::filesystem::path Path(const std::string& relative) const { return data_ / relative; }
  const std::filesystem::path& data() const { return data_; }
  // A scratch path outside the source (outputs).
  std::filesystem::path Scratch(const std::string& name) const { return dir_.path() / name; }

  // Runs shardlift with `args` and checks the invariants of every run (source manifest, RSS,
  // timeout) as test failures.
  CommandResult Run(const std::vector<std::string>& args, const RunOptions& options = {});
  // `shardlift export --quiet -o <scratch>/out.ndjson <extra…> <data>`.
  CommandResult Export(const std::vector<std::string>& extra = {}, const RunOptions& options = {});

  // Exit code 1 and every one of `parts` in stderr.
  static void ExpectRefused(const CommandResult& run, const std::vector<std::string>& parts);

 private:
  es5::testing::TempDir dir_;
  std::filesystem::path data_;
};

// File helpers for damaging copies.
std::string ReadBytes(const std::filesystem::path& path);
void WriteBytes(const std::filesystem::path& path, const std::string& bytes);
// Rewrites the CRC-32 of a Lucene footer (the last 8 bytes) after the bytes before it changed.
void FixFooterCrc(std::string& bytes);

// Raw DEFLATE of prefix + `count` × `fill` + suffix, made in pieces (a bomb never sits in
// memory inflated).
std::string DeflateRepeated(std::string_view prefix, char fill, size_t count,
                            std::string_view suffix);

// The newest state-<N>.st of an index folder, its DOM (any content type), and a writer of the
// next generation holding an edited DOM as CBOR.
struct IndexState {
  std::filesystem::path dir;
  int64_t generation = 0;
  nlohmann::ordered_json dom;
  std::string name;  // the index name, the DOM's single key

  static IndexState Load(const std::filesystem::path& state_dir);
  nlohmann::ordered_json& index() { return dom[name]; }
  // Writes state-<N+1>.st (format 1, CBOR body) and returns its path.
  std::filesystem::path WriteNext() const;
  void SetVersionCreated(const std::string& id);
  // Names the index `name` instead (the DOM's key: what ES 5 calls it).
  void Rename(const std::string& name);
};

}  // namespace shardlift::hostile
