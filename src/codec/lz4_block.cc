#include "codec/lz4_block.h"

#include <cstring>

namespace shardlift::codec {

namespace {

constexpr size_t kMinMatch = 4;
constexpr unsigned kRunMask = 15;
// The fast loop needs more input than a token, 14 literals (copied as 16) and an offset, and more
// output than 14 literals plus an 18-byte match (copied as 16 and 24 bytes).
constexpr size_t kFastInputMargin = 32;
constexpr size_t kFastOutputMargin = 64;

static_assert(kLz4OutputSlack >= 32, "wide copies overshoot the output by up to 31 bytes");

inline void Copy8(uint8_t* dst, const uint8_t* src) { std::memcpy(dst, src, 8); }
inline void Copy16(uint8_t* dst, const uint8_t* src) { std::memcpy(dst, src, 16); }

// Reads the 255-continued extension of a length nibble that was 15. Returns false when the input
// ends first or the length exceeds `limit` (no valid block produces more than it).
inline bool ReadLengthExtension(const uint8_t*& ip, const uint8_t* end, size_t limit,
                                size_t& length) {
  uint8_t b;
  do {
    if (ip == end) return false;
    b = *ip++;
    length += b;
    if (length > limit) return false;
  } while (b == 255);
  return true;
}

// Copies `length` bytes in 32-byte steps; dst + length + 31 must be writable and, when the
// ranges overlap, dst - src ≥ 16 (each 16-byte copy then reads only bytes already written).
inline void WideCopy(uint8_t* dst, const uint8_t* src, size_t length) {
  for (size_t i = 0; i < length; i += 32) {
    Copy16(dst + i, src + i);
    Copy16(dst + i + 16, src + i + 16);
  }
}

// Copies a match of `length` bytes from `distance` bytes back; op + length + 31 must be writable.
inline void CopyMatch(uint8_t* op, size_t distance, size_t length) {
  const uint8_t* src = op - distance;
  if (distance >= 16) {
    WideCopy(op, src, length);
    return;
  }
  if (distance >= 8) {
    for (size_t i = 0; i < length; i += 8) Copy8(op + i, src + i);
    return;
  }
  // Overlapping run: lay down 16 bytes one by one (a fixed, unrolled count), after which the
  // pattern repeats every `stride` bytes (a multiple of the distance, 8..14), so 8-byte copies
  // from `stride` back continue it.
  for (size_t i = 0; i < 16; ++i) op[i] = src[i];
  const size_t stride = distance * ((8 + distance - 1) / distance);
  for (size_t i = 16; i < length; i += 8) Copy8(op + i, op + i - stride);
}

Lz4Result Failure(const uint8_t* input, const uint8_t* at, const char* what) {
  Lz4Result r;
  r.error = what;
  r.error_offset = static_cast<size_t>(at - input);
  return r;
}

}  // namespace

Lz4Result Lz4DecodeBlock(const uint8_t* input, size_t input_size, uint8_t* output,
                         size_t output_size) {
  const uint8_t* ip = input;
  const uint8_t* const iend = input + input_size;
  uint8_t* op = output;
  uint8_t* const oend = output + output_size;

  // Fast loop, far from both ends: a sequence that starts more than kFastInputMargin bytes before
  // the end of the input and kFastOutputMargin before the end of the output can copy ≤ 14
  // literals as 16 bytes and a match of ≤ 18 bytes at distance ≥ 8 as 24 without further checks;
  // it cannot be the last sequence. Only the match distance and the length extensions are
  // checked, once, where they are read.
  if (input_size > kFastInputMargin && output_size > kFastOutputMargin) {
    const uint8_t* const ilimit = iend - kFastInputMargin;
    uint8_t* const olimit = oend - kFastOutputMargin;
    while (ip < ilimit && op < olimit) {
      const uint8_t* const sequence = ip;
      const unsigned token = *ip++;
      size_t literals = token >> 4;
      if (literals != kRunMask) [[likely]] {
        Copy16(op, ip);
      } else {
        if (!ReadLengthExtension(ip, iend, static_cast<size_t>(oend - op), literals)) {
          return Failure(input, sequence, "LZ4 literal length runs past the input or the output");
        }
        // The extension bytes may have carried ip past ilimit: compare before subtracting.
        if (ip > ilimit || literals > static_cast<size_t>(ilimit - ip) ||
            literals > static_cast<size_t>(olimit - op)) {
          ip = sequence;  // a long run reaching near an end: the careful loop takes it
          break;
        }
        WideCopy(op, ip, literals);
      }
      op += literals;
      ip += literals;
      const size_t distance = static_cast<size_t>(ip[0]) | (static_cast<size_t>(ip[1]) << 8);
      if (distance > static_cast<size_t>(op - output)) [[unlikely]] {
        return Failure(input, ip, "LZ4 match offset points before the start of the block");
      }
      ip += 2;
      size_t match = token & kRunMask;
      if (match != kRunMask && distance >= 8) [[likely]] {
        const uint8_t* src = op - distance;
        Copy8(op, src);
        Copy8(op + 8, src + 8);
        Copy8(op + 16, src + 16);
        op += match + kMinMatch;
        continue;
      }
      if (distance == 0) [[unlikely]] {
        return Failure(input, ip - 2, "LZ4 match offset points before the start of the block");
      }
      if (match == kRunMask &&
          !ReadLengthExtension(ip, iend, static_cast<size_t>(oend - op), match)) {
        return Failure(input, sequence, "LZ4 match length runs past the input or the output");
      }
      match += kMinMatch;
      if (match > static_cast<size_t>(oend - op)) [[unlikely]] {
        return Failure(input, sequence, "LZ4 match overruns the decoded length");
      }
      CopyMatch(op, distance, match);
      op += match;
    }
  }

  // Careful loop: near the ends, every length is checked against both before it is used.
  for (;;) {
    const uint8_t* const sequence = ip;
    if (ip == iend) return Failure(input, ip, "LZ4 block truncated: missing sequence token");
    const unsigned token = *ip++;
    size_t literals = token >> 4;
    size_t match = token & kRunMask;
    if (literals == kRunMask &&
        !ReadLengthExtension(ip, iend, static_cast<size_t>(oend - op), literals)) {
      return Failure(input, sequence, "LZ4 literal length runs past the input or the output");
    }
    const size_t input_left = static_cast<size_t>(iend - ip);
    if (literals > static_cast<size_t>(oend - op)) {
      return Failure(input, sequence, "LZ4 literals overrun the decoded length");
    }
    if (literals > input_left) {
      return Failure(input, sequence, "LZ4 literals run past the end of the input");
    }
    if (input_left >= literals + 32) {
      WideCopy(op, ip, literals);  // the overshoot lands in the output slack
    } else {
      std::memcpy(op, ip, literals);
    }
    op += literals;
    ip += literals;
    if (op == oend) break;  // the normal end: a literals-only last sequence
    if (iend - ip < 2) return Failure(input, ip, "LZ4 block truncated: missing match offset");
    const size_t distance = static_cast<size_t>(ip[0]) | (static_cast<size_t>(ip[1]) << 8);
    if (distance - 1 >= static_cast<size_t>(op - output)) {  // also catches distance 0
      return Failure(input, ip, "LZ4 match offset points before the start of the block");
    }
    ip += 2;
    if (match == kRunMask &&
        !ReadLengthExtension(ip, iend, static_cast<size_t>(oend - op), match)) {
      return Failure(input, sequence, "LZ4 match length runs past the input or the output");
    }
    match += kMinMatch;
    if (match > static_cast<size_t>(oend - op)) {
      return Failure(input, sequence, "LZ4 match overruns the decoded length");
    }
    CopyMatch(op, distance, match);
    op += match;
    if (op == oend) break;
  }
  Lz4Result r;
  r.consumed = static_cast<size_t>(ip - input);
  return r;
}

}  // namespace shardlift::codec
