#include "lucene/live_docs.h"

#include <gtest/gtest.h>

#include "lucene/file_names.h"
#include "support/lucene_file_builder.h"

namespace shardlift::lucene {
namespace {

constexpr SegmentId kId = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

io::FileSlice LivFile(int64_t gen, const std::vector<uint64_t>& words) {
  testing::LuceneFileBuilder b;
  b.IndexHeader(kLiveDocsCodec, kLiveDocsVersionStart, kId, Base36(gen));
  for (uint64_t w : words) b.Long(w);
  return io::FileSlice::FromBytes("_0_" + Base36(gen) + ".liv", b.Finish());
}

TEST(LiveDocsTest, BitsAreLeastSignificantFirstInBigEndianWords) {
  // 70 docs: doc 0 deleted, doc 1 live, doc 63 deleted, doc 64 live, 65..69 deleted.
  const uint64_t word0 = ~uint64_t{0} & ~uint64_t{1} & ~(uint64_t{1} << 63);
  const uint64_t word1 = 0b1;
  Result<LiveDocs> live = LiveDocs::Read(LivFile(37, {word0, word1}), kId, 37, 70, 7, {});
  ASSERT_TRUE(live.ok()) << live.status().ToString();
  EXPECT_FALSE(live->IsLive(0));
  EXPECT_TRUE(live->IsLive(1));
  EXPECT_TRUE(live->IsLive(62));
  EXPECT_FALSE(live->IsLive(63));
  EXPECT_TRUE(live->IsLive(64));
  EXPECT_FALSE(live->IsLive(65));
  EXPECT_TRUE(live->AnyLive(60, 64));
  EXPECT_FALSE(live->AnyLive(65, 70));
  EXPECT_FALSE(live->all_live());
}

TEST(LiveDocsTest, DeleteCountMustMatch) {
  Result<LiveDocs> live = LiveDocs::Read(LivFile(1, {0b1011}), kId, 1, 4, 2, {});
  ASSERT_FALSE(live.ok());
  EXPECT_NE(live.status().message().find("live docs mark 1 deleted docs, segments_N says 2"),
            std::string::npos)
      << live.status().ToString();
}

TEST(LiveDocsTest, BitsPastMaxDocAreCorrupt) {
  Result<LiveDocs> live = LiveDocs::Read(LivFile(1, {0b10111}), kId, 1, 4, 0, {});
  ASSERT_FALSE(live.ok());
  EXPECT_NE(live.status().message().find("bits set past maxDoc"), std::string::npos);
}

TEST(LiveDocsTest, HeaderSuffixIsTheGeneration) {
  Result<LiveDocs> live = LiveDocs::Read(LivFile(2, {0b1111}), kId, 3, 4, 0, {});
  ASSERT_FALSE(live.ok());
  EXPECT_NE(live.status().message().find("header suffix '2' where '3' was expected"),
            std::string::npos)
      << live.status().ToString();
}

TEST(LiveDocsTest, WrongLengthIsCorrupt) {
  Result<LiveDocs> live = LiveDocs::Read(LivFile(1, {1, 1}), kId, 1, 4, 3, {});
  ASSERT_FALSE(live.ok());
  EXPECT_NE(live.status().message().find("need 8 bytes, the file has 16"), std::string::npos)
      << live.status().ToString();
}

}  // namespace
}  // namespace shardlift::lucene
