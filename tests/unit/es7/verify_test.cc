// The pieces of verify that need no node: exact JSON equality and diff, the dead-letter list.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "client/dead_letter_list.h"
#include "json/exact_json.h"

namespace shardlift::es7 {
namespace {

bool Same(std::string_view a, std::string_view b) {
  auto left = ExactJson::Parse(a);
  auto right = ExactJson::Parse(b);
  EXPECT_TRUE(left.ok()) << left.status().ToString();
  EXPECT_TRUE(right.ok()) << right.status().ToString();
  return left.ok() && right.ok() && SameJson(*left, *right);
}

TEST(ExactJsonTest, NumbersCompareExactlyWithinTheirKind) {
  EXPECT_TRUE(Same("1.5", "1.50"));
  EXPECT_TRUE(Same("1.5", "15e-1"));
  EXPECT_TRUE(Same("0", "-0"));
  EXPECT_FALSE(Same("1", "1.0"));     // an integer is not a float
  EXPECT_FALSE(Same("-0.0", "0.0"));  // the sign of a float zero counts
  EXPECT_FALSE(Same("12345678901234567890123", "12345678901234567890124"));
  EXPECT_FALSE(Same("0.1000000000000000055511151231257827", "0.1"));
}

TEST(ExactJsonTest, ObjectMemberOrderDoesNotMatterArrayOrderDoes) {
  EXPECT_TRUE(Same(R"({"a":1,"b":[1,2],"c":{"x":"y"}})", R"({"c":{"x":"y"},"b":[1,2],"a":1})"));
  EXPECT_FALSE(Same(R"({"b":[1,2]})", R"({"b":[2,1]})"));
  EXPECT_FALSE(Same(R"({"a":1})", R"({"a":1,"b":null})"));
  EXPECT_FALSE(Same(R"({"a":"1"})", R"({"a":1})"));
  EXPECT_TRUE(Same(R"("caf\u00e9")", "\"café\""));  // escaping may differ
}

TEST(ExactJsonTest, ToJsonKeepsNumbersAsWritten) {
  auto json = ExactJson::Parse(R"( {"n": 1.50, "big": 123456789012345678901234, "z": -0.0} )");
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(json->ToJson(), R"({"n":1.50,"big":123456789012345678901234,"z":-0.0})");
}

TEST(ExactJsonTest, DiffNamesEveryPlaceByJsonPointer) {
  auto expected = ExactJson::Parse(R"({"name":"a","tags":["x","y"],"a/b":{"n":1},"gone":true})");
  auto found = ExactJson::Parse(R"({"name":"b","tags":["x"],"a/b":{"n":1.0},"new":2})");
  ASSERT_TRUE(expected.ok() && found.ok());
  EXPECT_EQ(
      DiffJson(*expected, *found, 10),
      (std::vector<std::string>{
          R"(/name: expected "a", found "b")", R"(/tags/1: missing in the target (expected "y"))",
          "/a~1b/n: expected 1, found 1.0", "/gone: missing in the target (expected true)",
          "/new: not expected, found 2"}));
  EXPECT_EQ(DiffJson(*expected, *found, 2),
            (std::vector<std::string>{R"(/name: expected "a", found "b")",
                                      R"(/tags/1: missing in the target (expected "y"))", "…"}));
  EXPECT_TRUE(DiffJson(*expected, *expected, 10).empty());
}

TEST(ExactJsonTest, BadJsonIsAnErrorNamingTheOffset) {
  auto json = ExactJson::Parse(R"({"a":1,})");
  ASSERT_FALSE(json.ok());
  EXPECT_NE(json.status().ToString().find("offset"), std::string::npos) << json.status().ToString();
}

class DeadLetterListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("shardlift-dead-letter-list-" + std::to_string(getpid()) + ".ndjson");
  }
  void TearDown() override { std::filesystem::remove(path_); }
  void Write(const std::string& text) { std::ofstream(path_, std::ios::binary) << text; }

  std::filesystem::path path_;
};

TEST_F(DeadLetterListTest, NamesTheReasonOfEachLetter) {
  Write(R"({"index":"i","type":"t","id":"1","reason":"source-disabled","source":null})"
        "\n\n"
        R"({"index":"i","type":"u","id":"1","reason":"mapper_parsing_exception"})"
        "\n");
  auto list = client::DeadLetterList::Load(path_.string());
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->size(), 2u);
  EXPECT_EQ(list->Reason("i", "t", "1"), "source-disabled");
  EXPECT_EQ(list->Reason("i", "u", "1"), "mapper_parsing_exception");
  EXPECT_FALSE(list->Reason("i", "t", "2").has_value());
}

TEST_F(DeadLetterListTest, ALineThatIsNoLetterIsAnErrorWithItsLineNumber) {
  Write("{\"index\":\"i\",\"type\":\"t\",\"id\":\"1\"}\n{\"id\":\"2\"}\n");
  auto list = client::DeadLetterList::Load(path_.string());
  ASSERT_FALSE(list.ok());
  EXPECT_NE(list.status().ToString().find("line 2"), std::string::npos) << list.status().ToString();
  EXPECT_FALSE(client::DeadLetterList::Load(path_.string() + ".missing").ok());
}

}  // namespace
}  // namespace shardlift::es7
