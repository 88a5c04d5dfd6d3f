#include "hostile_case.h"

#include <fstream>

#include "support/shared_data.h"

namespace shardlift::hostile {

namespace fs = std::filesystem;

void HostileCase::CopyFixture(const std::string& relative) {
  const fs::path from = shardlift::testing::SharedPath(relative);
  if (!fs::exists(from)) {
    if (shardlift::testing::SharedDataRequired()) {
      FAIL() << "shared data missing: " << from;
    } else {
      GTEST_SKIP() << "SKIPPED: shared data missing: " << from;
    }
    return;
  }
  data_ = dir_.path() / "data";
  es5::testing::CopyTree(from, data_);
}

void HostileCase::UnzipFixture(const std::string& zip, const std::string& inner) {
  const fs::path from = shardlift::testing::SharedPath(zip);
  if (!fs::exists(from)) {
    if (shardlift::testing::SharedDataRequired()) {
      FAIL() << "shared data missing: " << from;
    } else {
      GTEST_SKIP() << "SKIPPED: shared data missing: " << from;
    }
    return;
  }
  ASSERT_TRUE(es5::testing::Unzip(from, dir_.path() / "unzipped"));
  data_ = dir_.path() / "unzipped" / inner;
}

CommandResult HostileCase::Run(const std::vector<std::string>& args, const RunOptions& options) {
  const es5::testing::SourceManifest before = es5::testing::ManifestOf(data_);
  CommandResult run = es5::testing::RunShardlift(args, options);
  EXPECT_FALSE(run.timed_out) << "shardlift still ran after " << options.timeout_seconds
                              << " s and was killed: " << run.stderr_text;
  EXPECT_LE(run.peak_rss_bytes, kMaxRssBytes)
      << "peak RSS " << (run.peak_rss_bytes >> 20) << " MB: " << run.stderr_text;
  EXPECT_EQ(es5::testing::ManifestDifference(before, es5::testing::ManifestOf(data_)), "")
      << "the run changed the source";
  return run;
}

CommandResult HostileCase::Export(const std::vector<std::string>& extra,
                                  const RunOptions& options) {
  std::vector<std::string> args = {"export", "--quiet", "-o", Scratch("out.ndjson").native()};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(data_.native());
  return Run(args, options);
}

void HostileCase::ExpectRefused(const CommandResult& run, const std::vector<std::string>& parts) {
  EXPECT_EQ(run.exit_code, 1) << run.stderr_text;
  for (const std::string& part : parts) {
    EXPECT_NE(run.stderr_text.find(part), std::string::npos) << "stderr lacks \"" << part << "\":\n"
                                                             << run.stderr_text;
  }
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteBytes(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

void FixFooterCrc(std::string& bytes) {
  const std::string crc =
      es5::testing::Bytes()
          .Long(es5::testing::Crc(std::string_view(bytes).substr(0, bytes.size() - 8)))
          .str();
  bytes.replace(bytes.size() - 8, 8, crc);
}

}  // namespace shardlift::hostile
