// Lucene PackedInts "PACKED" layout (packed-ints version 2), also used by DirectReader: `bits`-wide
// unsigned values concatenated into one big-endian bit stream, value 0 in the most significant
// bits of byte 0, no padding between values, ceil(count * bits / 8) bytes in all.
#pragma once

#include <cstddef>
#include <cstdint>

namespace shardlift::codec {

inline constexpr int kMaxPackedBits = 64;

// Bytes that `count` values of `bits` bits occupy (count < 2^56).
constexpr uint64_t PackedByteCount(uint64_t count, int bits) {
  return (count * static_cast<uint64_t>(bits) + 7) / 8;
}

// Value `index` (bits in 1..64) of the stream in bytes[0, size). The caller guarantees
// size >= PackedByteCount(index + 1, bits); the read never goes past `size`.
uint64_t PackedGet(const uint8_t* bytes, size_t size, uint64_t index, int bits);

// The first `count` values (bits in 1..32) into out[0, count); same size precondition.
void PackedDecode32(const uint8_t* bytes, size_t size, int bits, size_t count, uint32_t* out);

}  // namespace shardlift::codec
