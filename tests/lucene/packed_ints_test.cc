#include "codec/packed_ints.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace shardlift::codec {
namespace {

// Reference: writes values MSB-first into one big-endian bit stream, one bit at a time.
std::vector<uint8_t> Pack(const std::vector<uint64_t>& values, int bits) {
  std::vector<uint8_t> out(PackedByteCount(values.size(), bits));
  uint64_t bit = 0;
  for (uint64_t v : values) {
    for (int b = bits - 1; b >= 0; --b, ++bit) {
      if ((v >> b) & 1) out[bit / 8] |= static_cast<uint8_t>(0x80 >> (bit % 8));
    }
  }
  return out;
}

TEST(PackedIntsTest, ByteCountIsByteAligned) {
  EXPECT_EQ(PackedByteCount(0, 7), 0u);
  EXPECT_EQ(PackedByteCount(1, 1), 1u);
  EXPECT_EQ(PackedByteCount(3, 3), 2u);
  EXPECT_EQ(PackedByteCount(5, 64), 40u);
}

TEST(PackedIntsTest, GetMatchesReferenceForEveryWidth) {
  std::mt19937_64 rng(1);
  for (int bits = 1; bits <= 64; ++bits) {
    for (size_t count : {1, 2, 7, 9, 100}) {
      std::vector<uint64_t> values(count);
      const uint64_t mask = bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
      for (uint64_t& v : values) v = rng() & mask;
      values[0] = mask;  // all ones at the first position
      const std::vector<uint8_t> packed = Pack(values, bits);
      for (size_t i = 0; i < count; ++i) {
        // Exactly sized buffers exercise the careful path at the end.
        ASSERT_EQ(PackedGet(packed.data(), packed.size(), i, bits), values[i])
            << "bits " << bits << " index " << i;
      }
      if (bits <= 32) {
        std::vector<uint32_t> decoded(count);
        PackedDecode32(packed.data(), packed.size(), bits, count, decoded.data());
        for (size_t i = 0; i < count; ++i) ASSERT_EQ(decoded[i], values[i]);
      }
    }
  }
}

TEST(PackedIntsTest, FirstValueIsInTheMostSignificantBits) {
  const uint8_t bytes[] = {0b1011'0000};
  EXPECT_EQ(PackedGet(bytes, 1, 0, 1), 1u);
  EXPECT_EQ(PackedGet(bytes, 1, 1, 1), 0u);
  EXPECT_EQ(PackedGet(bytes, 1, 0, 4), 0b1011u);
}

}  // namespace
}  // namespace shardlift::codec
