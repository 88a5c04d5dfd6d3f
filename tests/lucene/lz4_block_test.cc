#include "codec/lz4_block.h"

#include <gtest/gtest.h>
#include <lz4.h>

#include <random>
#include <string>
#include <vector>

namespace shardlift::codec {
namespace {

// Decodes `block` into exactly `size` bytes; returns the output (or fails the test).
std::string Decode(const std::vector<uint8_t>& block, size_t size, size_t* consumed = nullptr) {
  std::vector<uint8_t> out(size + kLz4OutputSlack);
  const Lz4Result r = Lz4DecodeBlock(block.data(), block.size(), out.data(), size);
  EXPECT_TRUE(r.ok()) << r.error << " at " << r.error_offset;
  if (consumed != nullptr) *consumed = r.consumed;
  return std::string(out.begin(), out.begin() + static_cast<long>(size));
}

Lz4Result DecodeError(const std::vector<uint8_t>& block, size_t size) {
  std::vector<uint8_t> out(size + kLz4OutputSlack);
  return Lz4DecodeBlock(block.data(), block.size(), out.data(), size);
}

// Appends a length nibble's 255-continuation for `length` ≥ 15.
void AppendExtension(std::vector<uint8_t>& block, size_t length) {
  length -= 15;
  while (length >= 255) {
    block.push_back(255);
    length -= 255;
  }
  block.push_back(static_cast<uint8_t>(length));
}

// One sequence: literals, then a match (distance, length ≥ 4) unless distance == 0.
void AppendSequence(std::vector<uint8_t>& block, const std::string& literals, size_t distance,
                    size_t match) {
  const size_t lit = literals.size();
  const size_t ml = distance == 0 ? 0 : match - 4;
  block.push_back(
      static_cast<uint8_t>((std::min<size_t>(lit, 15) << 4) | std::min<size_t>(ml, 15)));
  if (lit >= 15) AppendExtension(block, lit);
  block.insert(block.end(), literals.begin(), literals.end());
  if (distance == 0) return;
  block.push_back(static_cast<uint8_t>(distance));
  block.push_back(static_cast<uint8_t>(distance >> 8));
  if (ml >= 15) AppendExtension(block, ml);
}

TEST(Lz4BlockTest, LiteralsOnly) {
  std::vector<uint8_t> block;
  AppendSequence(block, "value", 0, 0);
  size_t consumed = 0;
  EXPECT_EQ(Decode(block, 5, &consumed), "value");
  EXPECT_EQ(consumed, block.size());
}

TEST(Lz4BlockTest, EmptyBlockIsOneZeroToken) {
  size_t consumed = 0;
  EXPECT_EQ(Decode({0x00, 0xAA}, 0, &consumed), "");
  EXPECT_EQ(consumed, 1u);
}

TEST(Lz4BlockTest, OverlappingMatchesReproduceRuns) {
  for (size_t distance = 1; distance <= 20; ++distance) {
    for (size_t match : {4, 5, 8, 15, 18, 19, 40, 300}) {
      std::string pattern;
      for (size_t i = 0; i < distance; ++i) pattern += static_cast<char>('a' + i);
      std::string expected = pattern;
      for (size_t i = 0; i < match; ++i) expected += expected[expected.size() - distance];
      expected += "tail!";
      std::vector<uint8_t> block;
      AppendSequence(block, pattern, distance, match);
      AppendSequence(block, "tail!", 0, 0);
      EXPECT_EQ(Decode(block, expected.size()), expected) << distance << " " << match;
    }
  }
}

TEST(Lz4BlockTest, LongLiteralAndMatchLengths) {
  // 15 + 255 + 255 + 7 literals and a match needing two 255 continuation bytes.
  std::string literals;
  for (int i = 0; i < 532; ++i) literals += static_cast<char>('A' + i % 26);
  std::string expected = literals;
  const size_t match = 4 + 15 + 255 + 255 + 3;
  for (size_t i = 0; i < match; ++i) expected += expected[expected.size() - 26];
  std::vector<uint8_t> block;
  AppendSequence(block, literals, 26, match);
  EXPECT_EQ(block[1], 255);
  AppendSequence(block, "end", 0, 0);
  expected += "end";
  EXPECT_EQ(Decode(block, expected.size()), expected);
}

TEST(Lz4BlockTest, EndingAfterAMatchIsAccepted) {
  std::vector<uint8_t> block;
  AppendSequence(block, "abcd", 4, 8);
  EXPECT_EQ(Decode(block, 12), "abcdabcdabcd");
}

TEST(Lz4BlockTest, DecodesLiblz4BlocksOfEverySize) {
  std::mt19937 rng(42);
  for (int size : {1, 5, 12, 13, 64, 1000, 16384, 70000, 200000}) {
    std::string text;
    const std::string words[] = {"lorem ", "ipsum ", "{\"id\":", "0000", "\n", "ÄÖ"};
    while (text.size() < static_cast<size_t>(size)) {
      if (rng() % 4 == 0) {
        text += static_cast<char>(rng());
      } else {
        text += words[rng() % 6];
      }
    }
    text.resize(static_cast<size_t>(size));
    std::vector<uint8_t> block(static_cast<size_t>(LZ4_compressBound(size)));
    const int n = LZ4_compress_default(text.data(), reinterpret_cast<char*>(block.data()), size,
                                       static_cast<int>(block.size()));
    ASSERT_GT(n, 0);
    block.resize(static_cast<size_t>(n));
    size_t consumed = 0;
    EXPECT_EQ(Decode(block, text.size(), &consumed), text) << size;
    EXPECT_EQ(consumed, block.size());
  }
}

TEST(Lz4BlockTest, RejectsMalformedInput) {
  struct Case {
    std::vector<uint8_t> block;
    size_t size;
    const char* error;
  };
  const Case cases[] = {
      {{}, 4, "missing sequence token"},
      {{0x40, 'a', 'b'}, 4, "literals run past the end of the input"},
      {{0x50, 'a', 'b', 'c', 'd', 'e'}, 4, "literals overrun the decoded length"},
      {{0xF0}, 40, "literal length runs past"},
      {{0xF0, 255, 255}, 40, "literal length runs past"},
      {{0x40, 'a', 'b', 'c', 'd'}, 12, "missing match offset"},
      {{0x40, 'a', 'b', 'c', 'd', 0x05, 0x00}, 12, "offset points before the start"},
      {{0x40, 'a', 'b', 'c', 'd', 0x00, 0x00}, 12, "offset points before the start"},
      {{0x4F, 'a', 'b', 'c', 'd', 0x04, 0x00}, 30, "match length runs past"},
      {{0x44, 'a', 'b', 'c', 'd', 0x04, 0x00}, 8, "match overruns the decoded length"},
      {{0x40, 'a', 'b', 'c', 'd', 0x04, 0x00}, 12, "missing sequence token"},
  };
  for (const Case& c : cases) {
    const Lz4Result r = DecodeError(c.block, c.size);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(std::string(r.error).find(c.error), std::string::npos) << r.error;
    EXPECT_LE(r.error_offset, c.block.size());
  }
}

TEST(Lz4BlockTest, ErrorOffsetPointsAtTheBadSequence) {
  std::vector<uint8_t> block;
  AppendSequence(block, "abcdefgh", 8, 4);
  const size_t bad = block.size();
  block.insert(block.end(), {0x10, 'x', 0x40, 0x00});  // distance 64 > 13 bytes produced
  const Lz4Result r = DecodeError(block, 40);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error_offset, bad + 2);
}

// Far from both ends the decoder takes its fast loop, which checks offsets its own way.
TEST(Lz4BlockTest, FastLoopRejectsBadOffsets) {
  struct Case {
    uint8_t token;
    uint16_t distance;
  };
  for (const Case c : {Case{0x10, 0}, Case{0x1F, 0}, Case{0x10, 200}, Case{0x1F, 200}}) {
    std::vector<uint8_t> block;
    AppendSequence(block, "a fine start of some forty literal bytes", 8, 20);
    const size_t offset_at = block.size() + 2;
    block.insert(block.end(), {c.token, 'x', static_cast<uint8_t>(c.distance),
                               static_cast<uint8_t>(c.distance >> 8)});
    block.resize(block.size() + 64, 0);  // more sequences: the bad one is far from the end
    const Lz4Result r = DecodeError(block, 1000);
    ASSERT_FALSE(r.ok()) << int{c.token} << " " << c.distance;
    EXPECT_NE(std::string(r.error).find("offset points before the start"), std::string::npos)
        << r.error;
    EXPECT_EQ(r.error_offset, offset_at) << int{c.token} << " " << c.distance;
  }
}

TEST(Lz4BlockTest, RandomGarbageNeverOverruns) {
  std::mt19937 rng(7);
  for (int iteration = 0; iteration < 2000; ++iteration) {
    std::vector<uint8_t> block(rng() % 64);
    for (uint8_t& b : block) b = static_cast<uint8_t>(rng());
    const size_t size = rng() % 256;
    std::vector<uint8_t> out(size + kLz4OutputSlack);
    const Lz4Result r = Lz4DecodeBlock(block.data(), block.size(), out.data(), size);
    if (r.ok()) {
      EXPECT_LE(r.consumed, block.size());
    }
  }
}

}  // namespace
}  // namespace shardlift::codec
