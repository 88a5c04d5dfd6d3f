#include <gtest/gtest.h>

#include <string>

#include "support/xcontent_events.h"
#include "xcontent/json_writer.h"
#include "xcontent/yaml_parser.h"

namespace shardlift::xcontent {
namespace {

// The YAML as the one-line JSON Elasticsearch 5 would print, or the error.
std::string Json(std::string_view yaml) {
  YamlParser parser;
  std::string out;
  JsonWriter writer(&out);
  Status status =
      parser.Parse(ByteView(reinterpret_cast<const uint8_t*>(yaml.data()), yaml.size()), writer);
  return status.ok() ? out : status.ToString();
}

std::string Events(std::string_view yaml) {
  YamlParser parser;
  testing::EventRecorder recorder;
  Status status =
      parser.Parse(ByteView(reinterpret_cast<const uint8_t*>(yaml.data()), yaml.size()), recorder);
  return status.ok() ? recorder.events() : status.ToString();
}

TEST(YamlParser, BlockCollections) {
  EXPECT_EQ(Json("---\na: 1\nb:\n- x\n- y: 2\n  z: [3, {q: r}]\nc:\n  d: e\n  f:\n    - - g\n"),
            R"({"a":1,"b":["x",{"y":2,"z":[3,{"q":"r"}]}],"c":{"d":"e","f":[["g"]]}})");
  EXPECT_EQ(Json("--- # comment\n\n  a:   1   # trailing\n  b: |\n    lit\n     more\n\n  c: x\n"),
            R"({"a":1,"b":"lit\n more\n","c":"x"})");
  EXPECT_EQ(Json("---\n? explicit\n: value\n? alone\n"), R"({"explicit":"value","alone":null})");
  EXPECT_EQ(Json("---\n- \n-\n  - 1\n"), R"([null,[1]])");
  EXPECT_EQ(Json("---\n{\"json\": [1, 2.5, \"s\"], \"o\": {}}\n...\n"),
            R"({"json":[1,2.5,"s"],"o":{}})");
  EXPECT_EQ(Json("---\n[a: 1, b]\n"), R"([{"a":1},"b"])");
}

TEST(YamlParser, ScalarTypingFollowsJackson28) {
  EXPECT_EQ(Json("---\n[yes, No, ON, off, True, FALSE, y, n, yEs]\n"),
            R"([true,false,true,false,true,false,"y","n","yEs"])");
  EXPECT_EQ(Json("---\n[~, null, Null, NULL, nULL, '', \"\"]\n"),
            R"([null,null,null,null,"nULL","",""])");
  EXPECT_EQ(Json("---\n[0, -0, 017, 019, +1, 0x1F, 0b11, 1_000, '1', 2001-12-14]\n"),
            R"([0,0,17,19.0,"+1","0x1F","0b11","1_000","1","2001-12-14"])");
  EXPECT_EQ(Json("---\n- 1:30\n- 190:20:30\n"), R"(["1:30","190:20:30"])");
  EXPECT_EQ(Json("---\n[1.5, .5, 1., 1e5, 1_0.5, -2.5E-3, +1.5, 1.2.3, 12345678901234567890]\n"),
            R"([1.5,0.5,1.0,100000.0,10.5,-0.0025,1.5,"1.2.3",12345678901234567890])");
  EXPECT_EQ(Events("---\n[2147483647, 2147483648, 0000000000123, 9223372036854775807]\n"),
            "[\nI:2147483647\nL:2147483648\nL:123\nL:9223372036854775807\n]\n");
  EXPECT_EQ(Json("---\na: *anchor\nb: &x [1]\n"), R"({"a":"anchor","b":[1]})");
  EXPECT_EQ(Json("---\n1: one\ntrue: t\nnull: n\n"), R"({"1":"one","true":"t","null":"n"})");
  EXPECT_EQ(
      Json("---\n[!!str 12, !!int '12', !!float '1', !!bool 'yes', !!null x, !foo 3, ! '7']\n"),
      R"(["12",12,1.0,true,null,"3",7])");
  EXPECT_NE(Json("---\na: .inf\n").find("malformed numeric value '.inf'"), std::string::npos);
  EXPECT_NE(Json("---\na: 1:30.5\n").find("malformed numeric value"), std::string::npos);
}

TEST(YamlParser, QuotedAndFoldedScalars) {
  EXPECT_EQ(Json("---\na: \"tab\\there \\u00e9 \\U0001F600 \\x41 \\\\ \\\"\"\n"),
            R"({"a":"tab\there é \uD83D\uDE00 A \\ \""})");
  EXPECT_EQ(Json("---\na: 'it''s'\nb: \"one\n  two\n\n  three \\\n  four\"\n"),
            R"({"a":"it's","b":"one two\nthree four"})");
  EXPECT_EQ(
      Json("---\na: plain\n  continued\n\n  para\nb: >\n  folded\n  text\n\n  next\nc: |-\n  x\n"),
      R"({"a":"plain continued\npara","b":"folded text\nnext\n","c":"x"})");
  EXPECT_EQ(Json("---\na: |+\n  keep\n\nb: >2\n   indented\n  x\n"),
            R"({"a":"keep\n\n","b":" indented\nx\n"})");
  EXPECT_EQ(Json("---\nurl: http://x/y#z\n'k: v': 1\n"), R"({"url":"http://x/y#z","k: v":1})");
}

TEST(YamlParser, AcceptsCharactersBeyondBmpThatSnakeYaml115Refused) {
  EXPECT_EQ(Json("---\nmsg: rocket \xF0\x9F\x9A\x80\n"), R"({"msg":"rocket \uD83D\uDE80"})");
  EXPECT_NE(Json("---\nmsg: bell \x07\n").find("special characters"), std::string::npos);
}

TEST(YamlParser, OnlyTheFirstDocumentCounts) {
  EXPECT_EQ(Json("---\na: 1\n---\nb: 2\n"), R"({"a":1})");
  EXPECT_EQ(Json("---\n"), "null");
}

TEST(YamlParser, RejectsMalformedInput) {
  for (const char* bad :
       {"---\na: b: c\n", "---\na: 1\n b: 2\n", "---\n[1, 2\n", "---\n{a: 1\n", "---\na: \"open\n",
        "---\na: \"\\q\"\n", "---\n@x\n", "---\na: 1\n- b\n", "---\n{a:1}\n", "---\n[*a: 1]\n",
        "---\na: \"\\ud800\"\n", "---\na: \x01\n", "---\na: |0\n x\n"}) {
    const std::string result = Json(bad);
    EXPECT_EQ(result.rfind("corrupt: YAML offset ", 0), 0u) << bad << " → " << result;
  }
  std::string deep = "---\n";
  for (int i = 0; i < 3000; ++i) deep += '[';
  EXPECT_NE(Json(deep).find("nesting deeper"), std::string::npos);
  std::string deep_block = "---\n";
  for (int i = 0; i < 1500; ++i) deep_block += std::string(static_cast<size_t>(i), ' ') + "a:\n";
  EXPECT_NE(Json(deep_block).find("nesting deeper"), std::string::npos);
}

}  // namespace
}  // namespace shardlift::xcontent
