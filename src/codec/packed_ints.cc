#include "codec/packed_ints.h"

#include <algorithm>
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
  // A value of ≤ 32 bits starting at any bit of a byte lies within the 8 bytes from that byte: one
  // big-endian load and two shifts. The values whose 8 bytes would run past the stream are read
  // from a zero-padded copy of its last few bytes.
  const auto width = static_cast<uint64_t>(bits);
  const size_t direct = size < 8 ? 0 : std::min(count, ((size - 8) * 8 + 7) / width + 1);
  uint64_t bit = 0;
  for (size_t i = 0; i < direct; ++i, bit += width) {
    out[i] =
        static_cast<uint32_t>((LoadBigEndian64(bytes + (bit >> 3)) << (bit & 7)) >> (64 - width));
  }
  if (direct == count) return;
  uint8_t tail[16] = {};
  const uint64_t tail_at = bit >> 3;  // > size - 8, and every later value starts before `size`
  std::memcpy(tail, bytes + tail_at, size - tail_at);
  for (size_t i = direct; i < count; ++i, bit += width) {
    out[i] = static_cast<uint32_t>((LoadBigEndian64(tail + ((bit >> 3) - tail_at)) << (bit & 7)) >>
                                   (64 - width));
  }
}

}  // namespace shardlift::codec
