#include "codec/packed_ints.h"

#include <cstring>

namespace shardlift::codec {

namespace {

inline uint64_t LoadBigEndian64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return __builtin_bswap64(v);
}

}  // namespace

uint64_t PackedGet(const uint8_t* bytes, size_t size, uint64_t index, int bits) {
  const uint64_t bit = index * static_cast<uint64_t>(bits);
  const uint64_t byte = bit >> 3;
  const unsigned shift = bit & 7;
  if (byte + 8 <= size && shift + bits <= 64) {  // one aligned-enough 8-byte load does it
    const uint64_t word = LoadBigEndian64(bytes + byte) << shift;
    return bits == 64 ? word : word >> (64 - bits);
  }
  // Near the end of the stream, or a value straddling 9 bytes: assemble it byte by byte.
  const size_t needed = (shift + bits + 7) / 8;
  unsigned __int128 window = 0;
  for (size_t i = 0; i < needed; ++i) window = (window << 8) | bytes[byte + i];
  const unsigned trailing = static_cast<unsigned>(needed * 8 - shift - bits);
  window >>= trailing;
  return bits == 64 ? static_cast<uint64_t>(window)
                    : static_cast<uint64_t>(window) & ((uint64_t{1} << bits) - 1);
}

void PackedDecode32(const uint8_t* bytes, size_t size, int bits, size_t count, uint32_t* out) {
  // Stream the bits through a 64-bit accumulator: at most 32 bits are consumed per value, so
  // refilling one byte at a time keeps ≥ 32 valid bits available.
  uint64_t acc = 0;
  int have = 0;
  size_t pos = 0;
  const uint64_t mask = (uint64_t{1} << bits) - 1;
  for (size_t i = 0; i < count; ++i) {
    while (have < bits) {
      acc = (acc << 8) | (pos < size ? bytes[pos] : 0);
      ++pos;
      have += 8;
    }
    have -= bits;
    out[i] = static_cast<uint32_t>((acc >> have) & mask);
  }
}

}  // namespace shardlift::codec
