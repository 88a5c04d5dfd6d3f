#include "es5/state_file.h"

#include <gtest/gtest.h>

#include "test_files.h"

namespace shardlift::es5 {
namespace {

using testing::Bytes;
using testing::TempDir;
using testing::WriteFile;

std::string Framed(uint32_t format, uint32_t type, std::string_view body) {
  Bytes b;
  b.CodecHeader("state", format).Int(type);
  if (format == 0) b.Long(3);
  return b.Raw(body).Footer().str();
}

io::FileSlice Slice(const TempDir& dir, const std::string& name, const std::string& bytes) {
  WriteFile(dir / name, bytes);
  return *io::FileSlice::Open(dir / name);
}

std::string BodyOf(const StateFile& state) {
  return {reinterpret_cast<const char*>(state.body.bytes().data()), state.body.size()};
}

TEST(StateFile, ParsesVersion1Smile) {
  TempDir dir;
  auto state = ParseStateFile(Slice(dir, "global-3.st", Framed(1, 1, ":)\n\x05\xfa\xfb")));
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_EQ(state->format_version, 1);
  EXPECT_EQ(state->content_type, xcontent::XContentType::kSmile);
  EXPECT_EQ(BodyOf(*state), ":)\n\x05\xfa\xfb");
}

TEST(StateFile, ParsesVersion0JsonWithLegacyStateVersion) {
  TempDir dir;
  auto state = ParseStateFile(Slice(dir, "state-2.st", Framed(0, 0, "{\"a\":1}")));
  ASSERT_TRUE(state.ok()) << state.status().ToString();
  EXPECT_EQ(state->format_version, 0);
  EXPECT_EQ(state->content_type, xcontent::XContentType::kJson);
  EXPECT_EQ(BodyOf(*state), "{\"a\":1}");
}

TEST(StateFile, ChecksumMismatchNamesFileAndOffset) {
  TempDir dir;
  std::string bytes = Framed(1, 1, ":)\n\x05\xfa\xfb");
  bytes[20] ^= 0x40;
  auto state = ParseStateFile(Slice(dir, "state-1.st", bytes));
  ASSERT_TRUE(state.status().IsCorruption());
  EXPECT_NE(state.status().message().find("state-1.st: offset " + std::to_string(bytes.size() - 8)),
            std::string::npos)
      << state.status().message();
  EXPECT_NE(state.status().message().find("checksum"), std::string::npos);
}

TEST(StateFile, TruncatedAndForeignFilesFail) {
  TempDir dir;
  const std::string good = Framed(1, 1, ":)\n\x05\xfa\xfb");
  for (size_t length : {size_t{0}, size_t{5}, size_t{17}, good.size() - 1}) {
    auto state = ParseStateFile(Slice(dir, "t.st", good.substr(0, length)));
    EXPECT_TRUE(state.status().IsCorruption()) << length;
  }
  EXPECT_TRUE(ParseStateFile(Slice(dir, "u.st", Framed(1, 7, "{}"))).status().IsCorruption());
  EXPECT_TRUE(ParseStateFile(Slice(dir, "v.st", Framed(2, 1, "{}"))).status().IsCorruption());
}

TEST(StateFile, LegacyFileIsSniffed) {
  TempDir dir;
  auto state = ParseLegacyStateFile(Slice(dir, "state-1", "  {\"x\":2}"));
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->content_type, xcontent::XContentType::kJson);
  EXPECT_TRUE(ParseLegacyStateFile(Slice(dir, "state-2", "zzz")).status().IsCorruption());
}

TEST(StateFile, NewestGenerationAcrossDirectoriesIgnoresTmp) {
  TempDir dir;
  WriteFile(dir / "a/_state/global-11.st", "x");
  WriteFile(dir / "a/_state/global-12.st", "x");
  WriteFile(dir / "b/_state/global-12.st", "x");
  WriteFile(dir / "b/_state/global-13.st.tmp", "x");
  WriteFile(dir / "b/_state/node-40.st", "x");
  WriteFile(dir / "b/_state/global-x.st", "x");
  const auto files =
      ListStateFiles({dir / "a/_state", dir / "b/_state", dir / "c"}, "global-").value();
  ASSERT_EQ(files.size(), 3u);
  const auto candidates = NewestStateCandidates(files);
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[0].path, dir / "a/_state/global-12.st");
  EXPECT_EQ(candidates[1].path, dir / "b/_state/global-12.st");
}

TEST(StateFile, LegacyFilesOnlyWhenAllAreLegacy) {
  TempDir dir;
  WriteFile(dir / "s/state-7", "x");
  WriteFile(dir / "s/state-2.st", "x");
  auto candidates = NewestStateCandidates(ListStateFiles({dir / "s"}, "state-").value());
  EXPECT_TRUE(candidates.empty());  // what ES does: the max id is legacy, but not all are
  WriteFile(dir / "t/state-7", "x");
  candidates = NewestStateCandidates(ListStateFiles({dir / "t"}, "state-").value());
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_TRUE(candidates[0].legacy);
}

TEST(StateFile, LoadNewestTriesCandidatesAndNeverFallsBack) {
  TempDir dir;
  const std::function<Result<std::string>(const StateFile&)> parse =
      [](const StateFile& s) -> Result<std::string> { return BodyOf(s); };
  WriteFile(dir / "a/state-4.st", Framed(1, 0, "{\"old\":1}"));
  WriteFile(dir / "a/state-5.st", "garbage");
  WriteFile(dir / "b/state-5.st", Framed(1, 0, "{\"new\":1}"));
  auto loaded = LoadNewestState<std::string>({dir / "a", dir / "b"}, "state-", parse);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->value, "{\"new\":1}");
  EXPECT_EQ(loaded->file.path, dir / "b/state-5.st");

  auto broken = LoadNewestState<std::string>({dir / "a"}, "state-", parse);
  ASSERT_TRUE(broken.status().IsCorruption());
  EXPECT_NE(broken.status().message().find("state-5.st"), std::string::npos);

  EXPECT_TRUE(LoadNewestState<std::string>({dir / "none"}, "state-", parse).status().IsNotFound());
}

}  // namespace
}  // namespace shardlift::es5
