#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/result.h"
#include "support/xcontent_events.h"
#include "xcontent/cbor_parser.h"

namespace shardlift::xcontent {
namespace {

using Bytes = std::vector<uint8_t>;

Result<std::string> Events(const Bytes& body) {
  CborParser parser;
  testing::EventRecorder recorder;
  Status status = parser.Parse(ByteView(body.data(), body.size()), recorder);
  if (!status.ok()) return status;
  return recorder.events();
}

std::string EventsOrError(const Bytes& body) {
  auto events = Events(body);
  return events.ok() ? *events : events.status().ToString();
}

TEST(CborParser, DefiniteAndIndefiniteContainers) {
  // self-describe tag, {_ "a": [1, -1, [_ ]], "b": {}}
  const Bytes body = {0xD9, 0xD9, 0xF7, 0xBF, 0x61, 'a',  0x83, 0x01,
                      0x20, 0x9F, 0xFF, 0x61, 'b',  0xA0, 0xFF};
  EXPECT_EQ(EventsOrError(body), "{\nK:\"a\"\n[\nI:1\nI:-1\n[\n]\n]\nK:\"b\"\n{\n}\n}\n");
}

TEST(CborParser, IntegerKindsFollowJackson) {
  const Bytes body = {0x88, 0x18, 0xFF,                                      // 255: int
                      0x1A, 0x80, 0x00, 0x00, 0x00,                          // 2^31: long
                      0x1B, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,  // 64-bit: long
                      0x1B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,  // 2^64-1: BigInteger
                      0x3B, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,  // -2^63: long
                      0x3A, 0x80, 0x00, 0x00, 0x00,                          // -1-2^31: long
                      0x3A, 0xFF, 0xFF, 0xFF, 0xFF,  // Jackson reads (int)n - 1 = -2
                      0x3B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};  // (long)n-1 = -2
  EXPECT_EQ(EventsOrError(body),
            "[\nI:255\nL:2147483648\nL:5\nBI:18446744073709551615\nL:-9223372036854775808\n"
            "L:-2147483649\nL:-2\nBI:-2\n]\n");
}

TEST(CborParser, FloatsAndSimpleValues) {
  const Bytes body = {0x87, 0xF9, 0x3C, 0x00,                                // half 1.0
                      0xF9, 0x80, 0x00,                                      // half -0.0
                      0xFA, 0x3F, 0xC0, 0x00, 0x00,                          // float 1.5
                      0xFB, 0x40, 0x09, 0x21, 0xFB, 0x54, 0x44, 0x2D, 0x18,  // double pi
                      0xF4, 0xF5, 0xF6};
  EXPECT_EQ(EventsOrError(body),
            "[\nF:3f800000\nF:80000000\nF:3fc00000\nD:400921fb54442d18\nfalse\ntrue\nnull\n]\n");
  EXPECT_NE(EventsOrError({0xF7}).find("simple value 23"), std::string::npos);  // undefined
}

TEST(CborParser, ChunkedStringsAndBinary) {
  const Bytes body = {0x83, 0x7F, 0x62, 'a',  'b',  0x61, 'c',  0xFF,  // "abc" in two chunks
                      0x5F, 0x41, 0x01, 0x42, 0x02, 0x03, 0xFF,        // h'010203' chunked
                      0x43, 0xFF, 0x00, 0x7F};
  EXPECT_EQ(EventsOrError(body), "[\nS:\"abc\"\nB:AQID\nB:/wB/\n]\n");
  // A chunk of the wrong type.
  EXPECT_TRUE(Events({0x7F, 0x41, 'a', 0xFF}).status().IsCorruption());
}

TEST(CborParser, TaggedBignumsAndDecimalsLikeJackson) {
  const Bytes body = {0x84, 0xC2, 0x49, 0x01, 0,    0,    0, 0, 0, 0, 0, 0,  // 2^64
                      0xC3, 0x42, 0x01, 0x00,                                // Jackson: -(256)
                      0xC4, 0x82, 0x02, 0x19, 0x01, 0x2B,  // [scale 2, 299] → 2.99
                      0xC0, 0x61, 'x'};                    // other tags are ignored
  EXPECT_EQ(EventsOrError(body), "[\nBI:18446744073709551616\nBI:-256\nBD:2.99\nS:\"x\"\n]\n");
  EXPECT_TRUE(Events({0xC0, 0xC0, 0x01}).status().IsCorruption());  // two tags
}

TEST(CborParser, KeysMayBeIntegersOrBytes) {
  const Bytes body = {0xA3, 0x01, 0xF6, 0x20, 0xF6, 0x41, 'k', 0xF6};
  EXPECT_EQ(EventsOrError(body), "{\nK:\"1\"\nnull\nK:\"-1\"\nnull\nK:\"k\"\nnull\n}\n");
  EXPECT_TRUE(Events({0xA1, 0xF6, 0xF6}).status().IsCorruption());
}

TEST(CborParser, RejectsMalformedInput) {
  const std::vector<Bytes> cases = {
      {},
      {0xA1, 0x61},
      {0xA1, 0x61, 'a'},
      {0x9B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF},
      {0x5A, 0xFF, 0xFF, 0xFF, 0xFF},
      {0x62, 0xC3, 0x28},
      {0xFF},
      {0xA0, 0x00},
      {0x1C},
      {0xBF, 0x61, 'a', 0x01},
  };
  for (const Bytes& body : cases) {
    auto events = Events(body);
    ASSERT_FALSE(events.ok()) << ::testing::PrintToString(body);
    EXPECT_EQ(events.status().message().rfind("CBOR offset ", 0), 0u) << events.status().ToString();
  }
  Bytes deep(5000, 0x81);
  deep.push_back(0x01);
  EXPECT_NE(Events(deep).status().message().find("nesting deeper"), std::string::npos);
}

}  // namespace
}  // namespace shardlift::xcontent
