#include "es5/es_version.h"

#include <gtest/gtest.h>

namespace shardlift::es5 {
namespace {

TEST(EsVersion, FormatsReleasesAndPreReleases) {
  EXPECT_EQ(EsVersion::FromId(5060099)->ToString(), "5.6.0");
  EXPECT_EQ(EsVersion::FromId(2040699)->ToString(), "2.4.6");
  EXPECT_EQ(EsVersion::FromId(5000001)->ToString(), "5.0.0-alpha1");
  EXPECT_EQ(EsVersion::FromId(5000026)->ToString(), "5.0.0-beta1");
  EXPECT_EQ(EsVersion::FromId(5000051)->ToString(), "5.0.0-rc1");
  EXPECT_EQ(EsVersion::FromIdString("5060299")->ToString(), "5.6.2");
}

TEST(EsVersion, RejectsNonIds) {
  EXPECT_TRUE(EsVersion::FromId(0).status().IsCorruption());
  EXPECT_TRUE(EsVersion::FromId(-5).status().IsCorruption());
  EXPECT_TRUE(EsVersion::FromIdString("5.6.0").status().IsCorruption());
  EXPECT_TRUE(EsVersion::FromIdString("").status().IsCorruption());
  EXPECT_TRUE(EsVersion::FromIdString("12345678901234567890").status().IsCorruption());
}

TEST(EsVersion, ReadableRange) {
  EXPECT_TRUE(EsVersion::FromId(2000025)->CheckReadable("x").ok());  // 2.0.0-beta1
  EXPECT_TRUE(EsVersion::FromId(5061699)->CheckReadable("x").ok());
  const Status old = EsVersion::FromId(1070599)->CheckReadable("idx state");
  EXPECT_TRUE(old.IsUnsupported());
  EXPECT_NE(old.message().find("idx state"), std::string::npos);
  EXPECT_NE(old.message().find("1.7.5"), std::string::npos);
  EXPECT_TRUE(EsVersion::FromId(6080099)->CheckReadable("x").IsUnsupported());
  EXPECT_TRUE(EsVersion::FromId(3000099)->CheckReadable("x").IsUnsupported());
}

}  // namespace
}  // namespace shardlift::es5
