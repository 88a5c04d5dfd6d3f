#include "lucene/file_names.h"

#include <gtest/gtest.h>

namespace shardlift::lucene {
namespace {

TEST(FileNamesTest, Base36MatchesJava) {
  EXPECT_EQ(Base36(0), "0");
  EXPECT_EQ(Base36(10), "a");
  EXPECT_EQ(Base36(35), "z");
  EXPECT_EQ(Base36(36), "10");
  EXPECT_EQ(Base36(INT64_MAX), "1y2p0ij32e8e7");
  EXPECT_EQ(ParseBase36("1y2p0ij32e8e7"), INT64_MAX);
  EXPECT_EQ(ParseBase36("1y2p0ij32e8e8"), std::nullopt);
  EXPECT_EQ(ParseBase36("Z"), 35);
  EXPECT_EQ(ParseBase36(""), std::nullopt);
  EXPECT_EQ(ParseBase36("1.tmp"), std::nullopt);
}

TEST(FileNamesTest, CommitGenerationIgnoresOtherFiles) {
  EXPECT_EQ(CommitGeneration("segments_1"), 1);
  EXPECT_EQ(CommitGeneration("segments_a"), 10);
  EXPECT_EQ(CommitGeneration("segments.gen"), std::nullopt);
  EXPECT_EQ(CommitGeneration("pending_segments_2"), std::nullopt);
  EXPECT_EQ(CommitGeneration("write.lock"), std::nullopt);
  EXPECT_EQ(CommitGeneration("segments_"), std::nullopt);
}

TEST(FileNamesTest, SegmentFileNamesAndCompoundEntries) {
  EXPECT_EQ(SegmentFileName("_0", "", "fdt"), "_0.fdt");
  EXPECT_EQ(SegmentFileName("_a", "1_Lucene54_0", "dvm"), "_a_1_Lucene54_0.dvm");
  EXPECT_EQ(StripSegmentName("_0.fdt"), ".fdt");
  EXPECT_EQ(StripSegmentName("_1k_Lucene54_0.dvd"), "_Lucene54_0.dvd");
  EXPECT_EQ(StripSegmentName("noext"), "noext");
}

}  // namespace
}  // namespace shardlift::lucene
