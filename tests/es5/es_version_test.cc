#include "es5/es_version.h"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace shardlift::es5 {
namespace {

// Every id org.elasticsearch.Version defines for 2.x and 5.x (the 2.4 and 5.6 branches), with
// the text its toString() gives. 2.x has no alphas: its betas are builds 1 and 2.
std::vector<std::pair<int64_t, std::string>> EsDefinedVersions() {
  std::vector<std::pair<int64_t, std::string>> versions = {
      {2000001, "2.0.0-beta1"},  {2000002, "2.0.0-beta2"},  {2000051, "2.0.0-rc1"},
      {5000001, "5.0.0-alpha1"}, {5000002, "5.0.0-alpha2"}, {5000003, "5.0.0-alpha3"},
      {5000004, "5.0.0-alpha4"}, {5000005, "5.0.0-alpha5"}, {5000026, "5.0.0-beta1"},
      {5000051, "5.0.0-rc1"}};
  // Releases: {minor, last revision} per major; 5.1.0 was never released (5.1.1 came first).
  const std::vector<std::pair<int, int>> releases2 = {{0, 2}, {1, 2}, {2, 2}, {3, 5}, {4, 6}};
  for (const auto& [minor, last] : releases2) {
    for (int revision = 0; revision <= last; ++revision) {
      versions.emplace_back(2000000 + minor * 10000 + revision * 100 + 99,
                            "2." + std::to_string(minor) + "." + std::to_string(revision));
    }
  }
  const std::vector<std::pair<int, int>> releases5 = {{0, 2}, {1, 2}, {2, 2}, {3, 3},
                                                      {4, 3}, {5, 3}, {6, 16}};
  for (const auto& [minor, last] : releases5) {
    for (int revision = minor == 1 ? 1 : 0; revision <= last; ++revision) {
      versions.emplace_back(5000000 + minor * 10000 + revision * 100 + 99,
                            "5." + std::to_string(minor) + "." + std::to_string(revision));
    }
  }
  return versions;
}

TEST(EsVersion, EveryVersionEs2AndEs5DefineIsNamedAndReadable) {
  const auto versions = EsDefinedVersions();
  EXPECT_EQ(versions.size(), 10u + 22u + 37u);
  for (const auto& [id, text] : versions) {
    const Result<EsVersion> version = EsVersion::FromId(id);
    ASSERT_TRUE(version.ok()) << id;
    EXPECT_EQ(version->ToString(), text) << id;
    EXPECT_TRUE(version->CheckReadable("x").ok()) << id << " " << text;
  }
}

TEST(EsVersion, FormatsOlderAndForeignIdsAsEsDoes) {
  EXPECT_EQ(EsVersion::FromId(1000001)->ToString(), "1.0.0.Beta1");
  EXPECT_EQ(EsVersion::FromId(1000051)->ToString(), "1.0.0.RC1");
  EXPECT_EQ(EsVersion::FromId(1070599)->ToString(), "1.7.5");
  EXPECT_EQ(EsVersion::FromId(6000001)->ToString(), "6.0.0-alpha1");
  EXPECT_EQ(EsVersion::FromId(6000026)->ToString(), "6.0.0-beta1");
  EXPECT_EQ(EsVersion::FromIdString("5060299")->ToString(), "5.6.2");
}

TEST(EsVersion, RejectsNonIds) {
  EXPECT_TRUE(EsVersion::FromId(0).status().IsCorruption());
  EXPECT_TRUE(EsVersion::FromId(-5).status().IsCorruption());
  EXPECT_TRUE(EsVersion::FromIdString("5.6.0").status().IsCorruption());
  EXPECT_TRUE(EsVersion::FromIdString("").status().IsCorruption());
  EXPECT_TRUE(EsVersion::FromIdString("12345678901234567890").status().IsCorruption());
}

TEST(EsVersion, RefusedVersionsAreUnsupportedAndSayWhy) {
  for (const int64_t id : {1070599, 1000001, 2000000, 3000099, 6080099}) {
    const Status refused = EsVersion::FromId(id)->CheckReadable("idx state");
    EXPECT_TRUE(refused.IsUnsupported()) << id;
    EXPECT_NE(refused.message().find("idx state: created by Elasticsearch " +
                                     EsVersion::FromId(id)->ToString()),
              std::string::npos)
        << refused.message();
    EXPECT_NE(refused.message().find("does not read"), std::string::npos);
  }
  EXPECT_NE(EsVersion::FromId(1070599)->CheckReadable("x").message().find("1.7.5"),
            std::string::npos);
}

}  // namespace
}  // namespace shardlift::es5
