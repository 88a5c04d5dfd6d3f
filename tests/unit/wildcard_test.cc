#include "base/wildcard.h"

#include <gtest/gtest.h>

namespace shardlift {
namespace {

TEST(WildcardTest, MatchesWholeText) {
  EXPECT_TRUE(WildcardMatch("logs-*", "logs-2017"));
  EXPECT_TRUE(WildcardMatch("*", ""));
  EXPECT_TRUE(WildcardMatch("a*b*c", "axxbyyc"));
  EXPECT_TRUE(WildcardMatch("a*bc", "abcbc"));  // backtracks past the first "bc"
  EXPECT_FALSE(WildcardMatch("logs-*", "log"));
  EXPECT_FALSE(WildcardMatch("exact", "exactly"));
  EXPECT_FALSE(WildcardMatch("", "x"));
}

TEST(WildcardTest, CanMatchAnExtension) {
  EXPECT_TRUE(WildcardCanMatch("a.*.c", "a.b"));
  EXPECT_TRUE(WildcardCanMatch("a.b.c", "a."));
  EXPECT_TRUE(WildcardCanMatch("*", "anything"));
  EXPECT_FALSE(WildcardCanMatch("a.b", "a.c"));
  EXPECT_FALSE(WildcardCanMatch("a.b", "a.bc"));
}

}  // namespace
}  // namespace shardlift
