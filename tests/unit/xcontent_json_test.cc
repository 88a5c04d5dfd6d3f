#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "support/xcontent_events.h"
#include "xcontent/json_line.h"
#include "xcontent/json_parser.h"
#include "xcontent/json_writer.h"
#include "xcontent/plain_json.h"
#include "xcontent/utf8.h"

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
  std::string careful = "prefix|";
  Status careful_status = AppendJsonLineCarefully(View(json), careful);
  EXPECT_EQ(status.ToString(), careful_status.ToString()) << json;
  EXPECT_EQ(out, careful) << json;
  return status.ok() ? out : status.ToString();
}

TEST(JsonLine, FastPathCopiesAsIs) {
  EXPECT_EQ(OneLine("{\"a\" : 1 ,\"b\":\"\\n\"}"), "prefix|{\"a\" : 1 ,\"b\":\"\\n\"}");
}

TEST(JsonLine, DropsLineBreaksCommentsAndBom) {
  EXPECT_EQ(OneLine("\xEF\xBB\xBF{\r\n  \"url\": \"http://x/y\", // c\n  \"b\": /* x */ 2\n}\n"),
            "prefix|{  \"url\": \"http://x/y\",    \"b\":   2}");
  EXPECT_EQ(OneLine("{\"q\":\"\\\"//\"} // end"), "prefix|{\"q\":\"\\\"//\"}  ");
  EXPECT_EQ(OneLine("{/* open\n"), "corrupt: JSON offset 1: unterminated /* comment");
}

// Pass-through accepts what JsonParser accepts, no more: every line written is valid JSON.
TEST(JsonLine, RefusesWhatTheParserRefuses) {
  for (const char* bad : {"",
                          "{",
                          "{\"a\":}",
                          "{\"a\":1,}",
                          "[1,]",
                          "{'a':1}",
                          "{a:1}",
                          "[01]",
                          "[1.]",
                          "[.5]",
                          "[+1]",
                          "[NaN]",
                          "[tru]",
                          "\"a\nb\"",
                          "[\"\\x\"]",
                          "{} x",
                          "[1] /",
                          "/* open",
                          "[\"\xC3\x28\"]",
                          "[\"\\ud83d\"]",
                          "[\"\\udc00\"]",
                          "[\"\\u12\"]",
                          "{\"a\":1}}"}) {
    EXPECT_EQ(EventsOrError(bad).rfind("corrupt: JSON offset ", 0), 0u) << bad;
    EXPECT_EQ(OneLine(bad).rfind("corrupt: JSON offset ", 0), 0u) << bad << " → " << OneLine(bad);
  }
  std::string deep(2000, '[');
  EXPECT_NE(OneLine(deep).find("nesting deeper than 1000 levels"), std::string::npos);
}

// Sources that would forge or break the export line: what ES could never have stored.
TEST(JsonLine, RefusesHostileBodiesNamingTheOffset) {
  EXPECT_EQ(OneLine(R"({"a":1},"_index":"pwned","_id":"evil")"),
            "corrupt: JSON offset 7: expected the end of the document, got ','");
  EXPECT_EQ(OneLine(R"({"a":"trunc)"), "corrupt: JSON offset 5: unterminated string");
  EXPECT_EQ(OneLine(R"({"a":[1,2)"),
            "corrupt: JSON offset 9: expected ',' or ']', got the end of the body");
  EXPECT_EQ(OneLine("{\"a\":\"line\nbreak\"}"),
            "corrupt: JSON offset 10: unescaped control character byte 0x0a in string");
  EXPECT_EQ(OneLine("{\"a\":\"bell\x07\"}"),
            "corrupt: JSON offset 10: unescaped control character byte 0x07 in string");
  EXPECT_EQ(OneLine("{\"abcdefghijkl\xFF\":1}"),
            "corrupt: JSON offset 14: invalid UTF-8 in string, byte 0xff");
  EXPECT_EQ(OneLine(std::string_view("{\"a\":1}\0", 8)),
            "corrupt: JSON offset 7: expected the end of the document, got byte 0x00");
}

TEST(JsonLine, KeepsStringsWhole) {
  // Long runs, escapes, multi-byte UTF-8 across the eight-byte words, structure characters and
  // line breaks inside strings as escapes.
  const std::string body =
      "{\"k\":\"0123456789abcdef\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\","
      "\"\xE8\xAE\xAD\xE7\xBB\x83 \xD0\xBC\xD0\xBE\xD0\xB4 "
      "\xF0\x9F\x9A\x80\":[\"{,}\",-0.5e+3,true,"
      "false,null,{}]}";
  EXPECT_EQ(OneLine(body), "prefix|" + body);
  EXPECT_EQ(EventsOrError(body).find("corrupt"), std::string::npos);
}

// The vector kernel's answer may only be "plain and valid": checked against the parser on bodies
// that put every byte class at every offset of the 64-byte blocks and across their edges.
void ExpectKernelAgrees(const std::string& body) {
  const bool parsed = EventsOrError(body).rfind("corrupt", 0) != 0;
  std::string careful;
  EXPECT_EQ(AppendJsonLineCarefully(View(body), careful).ok(), parsed) << body;
  const bool plain = parsed && careful == body;
  if (IsPlainJsonLine(View(body))) {
    EXPECT_TRUE(plain) << "kernel accepts: " << body;
  } else if (HavePlainJsonKernel()) {
    EXPECT_FALSE(plain) << "kernel refuses a plain valid body: " << body;
  }
}

TEST(PlainJsonKernel, AgreesWithTheParserAtEveryBlockOffset) {
  const std::vector<std::string> pieces = {R"("k":"v")",
                                           R"("e":"\"\\\/\b\f\n\r\t")",
                                           R"("u":"\u00e9\uD83D\uDE00")",
                                           R"("n":-0.5e+10)",
                                           R"("i":1234567890123)",
                                           R"("l":[true,false,null,{}])",
                                           "\"t\":\"\xC3\xA9\xE8\xAE\xAD\xF0\x9F\x9A\x80\"",
                                           "\"s\": 1 ,\t\"t\" :[ ] "};
  const std::vector<std::string> breakers = {"\"",
                                             "\\",
                                             "\x01",
                                             "\n",
                                             "\r",
                                             "/",
                                             "\xC3",
                                             "\x80",
                                             "\xF4\x90",
                                             "\xED\xA0\x80",
                                             "\\u",
                                             "\\uD83D",
                                             "01",
                                             "1.",
                                             "-",
                                             "tru",
                                             ",",
                                             ":",
                                             "}",
                                             "]",
                                             "[",
                                             "{",
                                             " ",
                                             "\t",
                                             "\\x",
                                             "1e",
                                             "\x0C",
                                             "\x1A",
                                             "\xEF\xBB\xBF",
                                             "\\uDC00"};
  std::mt19937 random(42);
  for (size_t pad = 0; pad < 70; ++pad) {
    std::string body = "{\"pad\":\"" + std::string(pad, 'x') + "\"";
    for (size_t i = 0; i < 3; ++i) body += "," + pieces[(pad + i) % pieces.size()];
    body += "}";
    ExpectKernelAgrees(body);
    for (int round = 0; round < 30; ++round) {
      std::string damaged = body;
      const size_t at = random() % (damaged.size() + 1);
      const std::string& breaker = breakers[random() % breakers.size()];
      if (random() % 2 == 0) {
        damaged.insert(at, breaker);
      } else {
        damaged.replace(at, std::min(breaker.size(), damaged.size() - at), breaker);
      }
      ExpectKernelAgrees(damaged);
    }
  }
}

TEST(PlainJsonKernel, Utf8AsTheScalarCheckSeesIt) {
  // Every 2- to 4-byte sequence class (and damaged ones) at offsets across the 32-byte halves.
  const std::vector<std::string> sequences = {"\xC2\x80",
                                              "\xDF\xBF",
                                              "\xE0\xA0\x80",
                                              "\xED\x9F\xBF",
                                              "\xEE\x80\x80",
                                              "\xF0\x90\x80\x80",
                                              "\xF4\x8F\xBF\xBF",
                                              "\xC0\x80",
                                              "\xC1\xBF",
                                              "\xE0\x9F\xBF",
                                              "\xED\xA0\x80",
                                              "\xF0\x8F\xBF\xBF",
                                              "\xF4\x90\x80\x80",
                                              "\xF5\x80\x80\x80",
                                              "\xFF",
                                              "\x80",
                                              "\xC2",
                                              "\xE0\xA0",
                                              "\xF0\x90\x80",
                                              "\xC2\xC2\x80",
                                              "\xE1\x80\x80\x80"};
  for (size_t pad = 0; pad < 70; ++pad) {
    for (const std::string& sequence : sequences) {
      for (const std::string& tail : {std::string(), std::string("y"), std::string(40, 'z')}) {
        const std::string text = std::string(pad, 'a') + sequence + tail;
        const std::string body = "[\"" + text + "\"]";
        const bool valid = IsValidUtf8(reinterpret_cast<const uint8_t*>(text.data()), text.size());
        EXPECT_EQ(EventsOrError(body).rfind("corrupt", 0) != 0, valid) << pad << " " << text;
        if (HavePlainJsonKernel()) {
          EXPECT_EQ(IsPlainJsonLine(View(body)), valid) << pad << " " << text;
        }
      }
    }
  }
}

// Jackson's escapes byte by byte, the reference for the writer's bulk copy of plain runs.
std::string ReferenceQuoted(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "\"";
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<uint8_t>(text[i]);
    const auto unicode = [&](uint32_t unit) {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(unit >> shift) & 0xF];
    };
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      const char* short_form = c == '\b'   ? "\\b"
                               : c == '\t' ? "\\t"
                               : c == '\n' ? "\\n"
                               : c == '\f' ? "\\f"
                               : c == '\r' ? "\\r"
                                           : nullptr;
      if (short_form != nullptr) {
        out += short_form;
      } else {
        unicode(c);
      }
    } else if (c >= 0xF0 && text.size() - i >= 4) {
      const uint32_t cp = ((c & 0x07u) << 18) | ((text[i + 1] & 0x3Fu) << 12) |
                          ((text[i + 2] & 0x3Fu) << 6) | (text[i + 3] & 0x3Fu);
      unicode(0xD800 + ((cp - 0x10000) >> 10));
      unicode(0xDC00 + (cp & 0x3FF));
      i += 3;
    } else {
      out += static_cast<char>(c);
    }
  }
  out += '"';
  return out;
}

TEST(JsonString, EscapesAsJacksonAtEveryOffset) {
  for (const std::string special :
       {"\"", "\\", "\x01", "\n", "\x1F", "\x7F", "\xC3\xA9", "\xE8\xAE\xAD", "\xF0\x9F\x9A\x80"}) {
    for (size_t before = 0; before < 20; ++before) {
      for (size_t after : {0, 1, 7, 8, 9}) {
        const std::string text = std::string(before, 'a') + special + std::string(after, 'b');
        std::string out = "x";
        AppendJsonString(text, out);
        EXPECT_EQ(out.substr(1), ReferenceQuoted(text)) << before << " " << after;
      }
    }
  }
  std::string empty;
  AppendJsonString("", empty);
  EXPECT_EQ(empty, "\"\"");
}

}  // namespace
}  // namespace shardlift::xcontent
