#include <gtest/gtest.h>

#include "base/result.h"

namespace shardlift {
namespace {

Result<int> Half(int value) {
  if (value % 2 != 0) return Status::InvalidArgument(std::to_string(value) + " is odd");
  return value / 2;
}

Result<int> Quarter(int value) {
  SL_ASSIGN_OR_RETURN(const int half, Half(value));
  return Half(half);
}

TEST(StatusTest, OkIsCheapAndEmpty) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.ToString(), "OK");
  EXPECT_EQ(status.message(), "");
}

TEST(StatusTest, ErrorsCarryCodeMessageAndContext) {
  const Status status = Status::Corruption("x.si: offset 4: bad magic").WithContext("segment _0");
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_EQ(status.ToString(), "corrupt: segment _0: x.si: offset 4: bad magic");
}

TEST(ResultTest, PropagatesErrorsThroughAssignOrReturn) {
  ASSERT_TRUE(Quarter(8).ok());
  EXPECT_EQ(*Quarter(8), 2);
  const Result<int> odd = Quarter(6);
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.status().message(), "3 is odd");
}

}  // namespace
}  // namespace shardlift
