#include <gtest/gtest.h>

#include <string>

#include "support/xcontent_events.h"
#include "xcontent/json_line.h"
#include "xcontent/json_parser.h"

namespace shardlift::xcontent {
namespace {

ByteView View(std::string_view text) {
  return ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

std::string EventsOrError(std::string_view json) {
  JsonParser parser;
  testing::EventRecorder recorder;
  Status status = parser.Parse(View(json), recorder);
  return status.ok() ? recorder.events() : status.ToString();
}

TEST(JsonParser, ValuesCommentsAndBom) {
  EXPECT_EQ(EventsOrError("\xEF\xBB\xBF // lead\n{\"a\" /* c */ : [1, -0, 2147483648, "
                          "99999999999999999999, 1.5e3, true, false, null, \"x\\u00e9\\n\"]}\n"),
            "{\nK:\"a\"\n[\nI:1\nI:0\nL:2147483648\nBI:99999999999999999999\n"
            "D:4097700000000000\n"
            "true\nfalse\nnull\nS:\"x\xC3\xA9\\n\"\n]\n}\n");
}

TEST(JsonParser, SurrogatePairsAndEscapes) {
  EXPECT_EQ(EventsOrError(R"(["\ud83d\ude00", "\/\b\f\r\t\"\\"])"),
            "[\nS:\"\\uD83D\\uDE00\"\nS:\"/\\b\\f\\r\\t\\\"\\\\\"\n]\n");
  EXPECT_NE(EventsOrError(R"(["\ud83d"])").find("unpaired surrogate"), std::string::npos);
}

TEST(JsonParser, RejectsWhatJacksonRejects) {
  for (const char* bad : {"", "{", "{\"a\":}", "{\"a\":1,}", "[1,]", "{'a':1}", "{a:1}", "[01]",
                          "[1.]", "[.5]", "[+1]", "[NaN]", "[tru]", "\"a\nb\"", "[\"\\x\"]", "{} x",
                          "[1] /", "/* open", "[\"\xC3\x28\"]"}) {
    const std::string result = EventsOrError(bad);
    EXPECT_EQ(result.rfind("corrupt: JSON offset ", 0), 0u) << bad << " → " << result;
  }
  std::string deep(2000, '[');
  EXPECT_NE(EventsOrError(deep).find("nesting deeper"), std::string::npos);
}

std::string OneLine(std::string_view json) {
  std::string out = "prefix|";
  Status status = AppendJsonLine(View(json), out);
  return status.ok() ? out : status.ToString();
}

TEST(JsonLine, FastPathCopiesAsIs) {
  EXPECT_EQ(OneLine("{\"a\" : 1 ,\"b\":\"\\n\"}"), "prefix|{\"a\" : 1 ,\"b\":\"\\n\"}");
}

TEST(JsonLine, DropsLineBreaksCommentsAndBom) {
  EXPECT_EQ(OneLine("\xEF\xBB\xBF{\r\n  \"url\": \"http://x/y\", // c\n  \"b\": /* x */ 2\n}\n"),
            "prefix|{  \"url\": \"http://x/y\",    \"b\":   2}");
  EXPECT_EQ(OneLine("{\"a\":\"line\nbreak\", \"q\":\"\\\"//\"}"),
            "prefix|{\"a\":\"line\\nbreak\", \"q\":\"\\\"//\"}");
  EXPECT_EQ(OneLine("{\"a\":\"open\n"), "corrupt: JSON offset 5: unterminated string");
  EXPECT_EQ(OneLine("{/* open\n"), "corrupt: JSON offset 1: unterminated /* comment");
}

}  // namespace
}  // namespace shardlift::xcontent
