#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/result.h"
#include "support/xcontent_events.h"
#include "xcontent/smile_parser.h"

namespace shardlift::xcontent {
namespace {

using Bytes = std::vector<uint8_t>;

// Header with shared names (0x01), optionally shared values (0x02), raw binary (0x04).
Bytes Header(uint8_t flags = 0x05) { return {':', ')', '\n', flags}; }

void Append(Bytes& out, std::initializer_list<uint8_t> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}
void AppendText(Bytes& out, std::string_view text) {
  out.insert(out.end(), text.begin(), text.end());
}

// SMILE VInt: 7-bit groups, last byte has the high bit and 6 bits.
void AppendVInt(Bytes& out, uint64_t value) {
  std::vector<uint8_t> groups{static_cast<uint8_t>(0x80 | (value & 0x3F))};
  value >>= 6;
  while (value > 0) {
    groups.push_back(value & 0x7F);
    value >>= 7;
  }
  out.insert(out.end(), groups.rbegin(), groups.rend());
}

// Tiny ASCII key / value tokens.
void Key(Bytes& out, std::string_view name) {
  out.push_back(static_cast<uint8_t>(0x80 + name.size() - 1));
  AppendText(out, name);
}
void Value(Bytes& out, std::string_view text) {
  out.push_back(static_cast<uint8_t>(0x40 + text.size() - 1));
  AppendText(out, text);
}

Result<std::string> Events(const Bytes& body) {
  SmileParser parser;
  testing::EventRecorder recorder;
  Status status = parser.Parse(ByteView(body.data(), body.size()), recorder);
  if (!status.ok()) return status;
  return recorder.events();
}

TEST(SmileParser, ObjectWithSharedNameReference) {
  Bytes b = Header();
  Append(b, {0xFA});
  Key(b, "a");
  Append(b, {0xFA, 0x40, 0xC4, 0xFB});  // {"a": {<ref 0 = "a">: 2}}
  Key(b, "b");
  Append(b, {0xF8, 0x23, 0x22, 0x21, 0x20, 0xF9, 0xFB});
  auto events = Events(b);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  EXPECT_EQ(*events,
            "{\nK:\"a\"\n{\nK:\"a\"\nI:2\n}\nK:\"b\"\n[\ntrue\nfalse\nnull\nS:\"\"\n]\n}\n");
}

TEST(SmileParser, SharedNameTableStartsOverAfter1024Names) {
  Bytes b = Header();
  Append(b, {0xFA});
  for (int i = 0; i < 1025; ++i) {
    Key(b, std::string("k").append(std::to_string(i)));
    Append(b, {0x21});
  }
  Append(b, {0x40, 0x21});        // index 0 is now "k1024"
  Append(b, {0x30, 0x00, 0x21});  // long reference to index 0 too
  Append(b, {0xFB});
  auto events = Events(b);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  EXPECT_NE(events->find("K:\"k1024\"\nnull\nK:\"k1024\"\nnull\nK:\"k1024\"\nnull\n}"),
            std::string::npos);

  Bytes bad = Header();
  Append(bad, {0xFA, 0x41, 0x21, 0xFB});  // reference to an undefined name
  EXPECT_TRUE(Events(bad).status().IsCorruption());
}

TEST(SmileParser, SharedStringValuesWhenEnabled) {
  Bytes b = Header(0x03);
  Append(b, {0xF8});
  Value(b, "xy");
  Append(b, {0x01, 0xEC, 0x00, 0xF9});  // short and long reference to value 0
  auto events = Events(b);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  EXPECT_EQ(*events, "[\nS:\"xy\"\nS:\"xy\"\nS:\"xy\"\n]\n");

  Bytes off = Header(0x01);
  Append(off, {0xF8});
  Value(off, "xy");
  Append(off, {0x01, 0xF9});
  EXPECT_TRUE(Events(off).status().IsCorruption());
}

TEST(SmileParser, SharedValueTableStartsOverAfter1024Values) {
  Bytes b = Header(0x03);
  Append(b, {0xF8});
  for (int i = 0; i < 1025; ++i) Value(b, std::string("v").append(std::to_string(i)));
  Append(b, {0x01, 0xF9});
  auto events = Events(b);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  EXPECT_NE(events->find("S:\"v1024\"\nS:\"v1024\"\n]"), std::string::npos);
}

TEST(SmileParser, Numbers) {
  Bytes b = Header();
  Append(b, {0xF8, 0x24});
  AppendVInt(b, 200);  // zigzag(100)
  Append(b, {0x25});
  AppendVInt(b, 0x1FFFFFFFFULL);  // zigzag(-4294967296)
  // Double 1.5 = 0x3FF8000000000000 as 10 groups of 7 bits (the first holds 1 bit).
  Append(b, {0x29});
  const uint64_t bits = 0x3FF8000000000000ULL;
  for (int shift = 63; shift >= 0; shift -= 7) b.push_back((bits >> shift) & 0x7F);
  // Float -0.0 = 0x80000000 as 5 groups (the first holds 4 bits).
  Append(b, {0x28, 0x08, 0x00, 0x00, 0x00, 0x00});
  // BigInteger 2^64 = bytes 01 00 00 00 00 00 00 00 00 (9 bytes → 8 + 2 encoded bytes).
  Append(b, {0x26, 0x89, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00});
  // BigDecimal unscaled 15 (1 byte), scale 1 (zigzag 2) = 1.5.
  Append(b, {0x2A, 0x82, 0x81, 0x07, 0x01});
  Append(b, {0xDF, 0xF9});  // small int -16
  auto events = Events(b);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  EXPECT_EQ(*events,
            "[\nI:100\nL:-4294967296\nD:3ff8000000000000\nF:80000000\nBI:18446744073709551616\n"
            "BD:1.5\nI:-16\n]\n");
}

TEST(SmileParser, BinaryRawAndSevenBit) {
  Bytes b = Header();
  Append(b, {0xF8, 0xFD, 0x83, 0xFF, 0x00, 0x7F});
  // 7-bit: the 3 bytes FF 00 7F take 4 bytes (Jackson packs n trailing bytes into n+1).
  Append(b, {0xE8, 0x83, 0x7F, 0x40, 0x0F, 0x07});
  Append(b, {0xF9});
  auto events = Events(b);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  EXPECT_EQ(*events, "[\nB:/wB/\nB:/wB/\n]\n");
}

TEST(SmileParser, LongStringsAndUnicode) {
  Bytes b = Header();
  Append(b, {0xFA, 0x34});
  AppendText(b, "long key \xC3\xA9");
  Append(b, {0xFC, 0xE4});
  AppendText(b, std::string(100, 'x') + "\xF0\x9F\x98\x80");
  Append(b, {0xFC, 0xC1});
  AppendText(b, "\xC3\xA9\x21");  // 3-byte Unicode key "é!"
  Append(b, {0x80});
  AppendText(b, "\xC3\xA9");
  Append(b, {0xFB, 0xFF});  // end marker after the root value is fine
  auto events = Events(b);
  ASSERT_TRUE(events.ok()) << events.status().ToString();
  EXPECT_EQ(*events, "{\nK:\"long key \xC3\xA9\"\nS:\"" + std::string(100, 'x') +
                         "\\uD83D\\uDE00\"\nK:\"\xC3\xA9!\"\nS:\"\xC3\xA9\"\n}\n");
}

TEST(SmileParser, RejectsMalformedInput) {
  const std::vector<std::pair<Bytes, std::string>> cases = {
      {{':', ')', 'x', 0x01, 0xFA, 0xFB}, "header"},
      {{':', ')', '\n', 0x10, 0xFA, 0xFB}, "version"},
      {{':', ')', '\n', 0x01}, "truncated"},
      {{':', ')', '\n', 0x01, 0xFA}, "truncated"},
      {{':', ')', '\n', 0x01, 0xFA, 0x80, 'a'}, "truncated"},
      {{':', ')', '\n', 0x01, 0xFA, 0xFB, 0x21}, "after the end"},
      {{':', ')', '\n', 0x01, 0xF9}, "expected a value"},
      {{':', ')', '\n', 0x01, 0xFA, 0x21}, "expected a key"},
      {{':', ')', '\n', 0x01, 0x80, 0xC3, 0x28}, "invalid UTF-8"},
      {{':', ')', '\n', 0x01, 0x41, 0xC3, 0xA9}, "non-ASCII"},
      {{':', ')', '\n', 0x01, 0xE0, 'a', 'b'}, "0xfc"},
      {{':', ')', '\n', 0x01, 0x24, 0x01, 0x01, 0x01, 0x01, 0x01, 0x81}, "longer than 5"},
      {{':', ')', '\n', 0x01, 0xFD, 0x8A, 0x00}, "truncated"},
      {{':', ')', '\n', 0x01, 0x2A, 0x80, 0x80}, "without digits"},
  };
  for (const auto& [body, expected] : cases) {
    auto events = Events(body);
    ASSERT_FALSE(events.ok()) << expected;
    EXPECT_TRUE(events.status().IsCorruption()) << events.status().ToString();
    EXPECT_NE(events.status().message().find(expected), std::string::npos)
        << events.status().ToString();
    EXPECT_EQ(events.status().message().rfind("SMILE offset ", 0), 0u)
        << events.status().ToString();
  }
}

TEST(SmileParser, BoundsNesting) {
  Bytes ok = Header();
  for (int i = 0; i < 200; ++i) Append(ok, {0xF8});
  for (int i = 0; i < 200; ++i) Append(ok, {0xF9});
  EXPECT_TRUE(Events(ok).ok());

  Bytes deep = Header();
  for (int i = 0; i < 100000; ++i) Append(deep, {0xF8});
  auto events = Events(deep);
  ASSERT_FALSE(events.ok());
  EXPECT_NE(events.status().message().find("nesting deeper"), std::string::npos);
}

}  // namespace
}  // namespace shardlift::xcontent
