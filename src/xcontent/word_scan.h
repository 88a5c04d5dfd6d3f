// Byte tests on eight bytes at once (SWAR), for scans that look for the first byte needing care
// and copy the clean run before it in bulk. In every mask the lowest flagged byte is exact; a
// borrow may flag bytes above a true hit, so callers use only the first (FirstFlagged).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace shardlift::xcontent::word {

static_assert(std::endian::native == std::endian::little, "the first byte is the lowest");

inline constexpr uint64_t kOnes = 0x0101010101010101;
inline constexpr uint64_t kHighBits = 0x8080808080808080;

inline uint64_t Load(const uint8_t* p) {
  uint64_t word;
  std::memcpy(&word, p, sizeof word);
  return word;
}

// Bytes below `bound` (≤ 0x80).
constexpr uint64_t Below(uint64_t word, uint8_t bound) {
  return (word - kOnes * bound) & ~word & kHighBits;
}
constexpr uint64_t Equal(uint64_t word, uint8_t byte) { return Below(word ^ (kOnes * byte), 1); }
// Bytes >= 0x80 (exact for every byte).
constexpr uint64_t NonAscii(uint64_t word) { return word & kHighBits; }
// Bytes >= 0xF0, the leads of 4-byte UTF-8 sequences (exact for every byte: each shift moves a
// lower bit of the same byte into its top bit).
constexpr uint64_t AtLeastF0(uint64_t word) {
  return word & (word << 1) & (word << 2) & (word << 3) & kHighBits;
}

// The index of the first flagged byte of a non-zero mask.
inline size_t FirstFlagged(uint64_t mask) {
  return static_cast<size_t>(std::countr_zero(mask)) / 8;
}
// The flags of the bytes before byte `n` (n < 8).
constexpr uint64_t Before(uint64_t mask, size_t n) { return mask & ((uint64_t{1} << (8 * n)) - 1); }

}  // namespace shardlift::xcontent::word
