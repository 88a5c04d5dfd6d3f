#include "xcontent/plain_json.h"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "xcontent/json_escape.h"
#include "xcontent/parse_error.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace shardlift::xcontent {

#if defined(__x86_64__)

namespace {

#define SL_PLAIN_JSON_KERNEL __attribute__((target("avx2,pclmul,bmi")))

constexpr size_t kBlock = 64;

bool IsDigit(uint8_t c) { return static_cast<uint8_t>(c - '0') < 10; }

// The value of a hex digit, 0xFF for any other byte.
constexpr auto kHexValue = [] {
  std::array<uint8_t, 256> table{};
  table.fill(0xFF);
  for (int c = 0; c < 10; ++c) table['0' + c] = static_cast<uint8_t>(c);
  for (int c = 0; c < 6; ++c) table['a' + c] = table['A' + c] = static_cast<uint8_t>(10 + c);
  return table;
}();

// What may follow a number or literal: whitespace, structure, or a string's quote.
constexpr auto kDelimiter = [] {
  std::array<bool, 256> table{};
  for (const char c : {' ', '\t', ',', ':', '{', '}', '[', ']', '"'}) {
    table[static_cast<uint8_t>(c)] = true;
  }
  return table;
}();

// A number or literal at `p`, followed by a delimiter or the end.
bool IsScalar(const uint8_t* p, const uint8_t* end) {
  if (*p == 't' || *p == 'f' || *p == 'n') {
    const std::string_view literal = *p == 't' ? "true" : *p == 'f' ? "false" : "null";
    if (static_cast<size_t>(end - p) < literal.size() ||
        std::memcmp(p, literal.data(), literal.size()) != 0) {
      return false;
    }
    p += literal.size();
  } else {
    if (*p == '-') ++p;
    if (p == end || !IsDigit(*p)) return false;
    if (*p++ == '0') {
      if (p < end && IsDigit(*p)) return false;  // a leading zero
    } else {
      while (p < end && IsDigit(*p)) ++p;
    }
    if (p < end && *p == '.') {
      if (++p == end || !IsDigit(*p)) return false;
      while (p < end && IsDigit(*p)) ++p;
    }
    if (p < end && (*p | 0x20) == 'e') {
      if (++p < end && (*p == '+' || *p == '-')) ++p;
      if (p == end || !IsDigit(*p)) return false;
      while (p < end && IsDigit(*p)) ++p;
    }
  }
  return p == end || kDelimiter[*p];
}

// The four hex digits of a \u escape at `p` (bounds checked by the caller).
bool Hex4(const uint8_t* p, uint32_t& unit) {
  const uint32_t d0 = kHexValue[p[0]], d1 = kHexValue[p[1]], d2 = kHexValue[p[2]],
                 d3 = kHexValue[p[3]];
  unit = d0 << 12 | d1 << 8 | d2 << 4 | d3;
  return (d0 | d1 | d2 | d3) < 16;
}

// Vector constants, made once per body.
struct Constants {
  __m256i quote, backslash, fold, op_table, space_table, below_space;
  // UTF-8 (the lookup algorithm of Keiser and Lemire, "Validating UTF-8 in less than one
  // instruction per byte", 2021): error bits of a byte pair, from the high and low nibble of the
  // first byte and the high nibble of the second. Any bit left after ANDing the three is an
  // error, but for kTwoConts, which a third or fourth byte of a sequence must have (and no other).
  __m256i first_high, first_low, second_high, nibble, third_lead, fourth_lead, incomplete;
};

constexpr uint8_t kTooShort = 1 << 0;      // a lead or ASCII byte where a continuation must come
constexpr uint8_t kTooLong = 1 << 1;       // a continuation after ASCII
constexpr uint8_t kOverlong3 = 1 << 2;     // E0 80..9F
constexpr uint8_t kTooLarge = 1 << 3;      // F4 90..BF, F5..FF
constexpr uint8_t kSurrogate = 1 << 4;     // ED A0..BF
constexpr uint8_t kOverlong2 = 1 << 5;     // C0, C1
constexpr uint8_t kTooLarge1000 = 1 << 6;  // F5..FF 80..8F
constexpr uint8_t kOverlong4 = 1 << 6;     // F0 80..8F (the same bit: both need a high nibble F)
constexpr uint8_t kTwoConts = 1 << 7;      // a continuation after a continuation

SL_PLAIN_JSON_KERNEL inline __m256i Table16(const std::array<uint8_t, 16>& t) {
  const __m128i half = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t.data()));
  return _mm256_broadcastsi128_si256(half);
}

SL_PLAIN_JSON_KERNEL inline Constants MakeConstants() {
  constexpr uint8_t kCarry = kTooShort | kTooLong | kTwoConts;  // whatever the low nibble
  constexpr uint8_t kAboveF4 = kCarry | kTooLarge | kTooLarge1000;
  Constants k;
  k.quote = _mm256_set1_epi8('"');
  k.backslash = _mm256_set1_epi8('\\');
  k.fold = _mm256_set1_epi8(0x20);
  // Indexed by the low nibble of (byte | 0x20): equal to it only for ':' '{' ',' '}' (and the
  // '[' ']' the OR folds onto the braces).
  k.op_table = Table16({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ':', '{', ',', '}', 0, 0});
  // Indexed by the low nibble of the byte: equal to it only for ' ' and '\t'.
  k.space_table = Table16({' ', 0, 0, 0, 0, 0, 0, 0, 0, '\t', 0, 0, 0, 0, 0, 0});
  k.below_space = _mm256_set1_epi8(0x20);
  k.first_high = Table16({kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong,
                          kTooLong, kTwoConts, kTwoConts, kTwoConts, kTwoConts,
                          kTooShort | kOverlong2, kTooShort, kTooShort | kOverlong3 | kSurrogate,
                          kTooShort | kTooLarge | kTooLarge1000 | kOverlong4});
  k.first_low =
      Table16({kCarry | kOverlong3 | kOverlong2 | kOverlong4, kCarry | kOverlong2, kCarry, kCarry,
               kCarry | kTooLarge, kAboveF4, kAboveF4, kAboveF4, kAboveF4, kAboveF4, kAboveF4,
               kAboveF4, kAboveF4, kAboveF4 | kSurrogate, kAboveF4, kAboveF4});
  constexpr uint8_t kContinuation = kTooLong | kOverlong2 | kTwoConts;
  k.second_high =
      Table16({kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort,
               kTooShort, kContinuation | kOverlong3 | kTooLarge1000 | kOverlong4,
               kContinuation | kOverlong3 | kTooLarge, kContinuation | kSurrogate | kTooLarge,
               kContinuation | kSurrogate | kTooLarge, kTooShort, kTooShort, kTooShort, kTooShort});
  k.nibble = _mm256_set1_epi8(0x0F);
  k.third_lead = _mm256_set1_epi8(static_cast<char>(0xE0 - 0x80));
  k.fourth_lead = _mm256_set1_epi8(static_cast<char>(0xF0 - 0x80));
  // A block whose last three bytes exceed these ends inside a sequence.
  alignas(32) uint8_t last[32];
  std::memset(last, 0xFF, sizeof last);
  last[29] = 0xF0 - 1;
  last[30] = 0xE0 - 1;
  last[31] = 0xC0 - 1;
  k.incomplete = _mm256_load_si256(reinterpret_cast<const __m256i*>(last));
  return k;
}

// The 32 bytes before `input` shifted in by `n` bytes from `prev`.
template <int n>
SL_PLAIN_JSON_KERNEL inline __m256i Prev(__m256i input, __m256i prev) {
  return _mm256_alignr_epi8(input, _mm256_permute2x128_si256(prev, input, 0x21), 16 - n);
}

SL_PLAIN_JSON_KERNEL inline __m256i Utf8Errors(const Constants& k, __m256i input, __m256i prev) {
  const __m256i prev1 = Prev<1>(input, prev);
  const __m256i high1 = _mm256_and_si256(_mm256_srli_epi16(prev1, 4), k.nibble);
  const __m256i low1 = _mm256_and_si256(prev1, k.nibble);
  const __m256i high2 = _mm256_and_si256(_mm256_srli_epi16(input, 4), k.nibble);
  const __m256i special =
      _mm256_and_si256(_mm256_and_si256(_mm256_shuffle_epi8(k.first_high, high1),
                                        _mm256_shuffle_epi8(k.first_low, low1)),
                       _mm256_shuffle_epi8(k.second_high, high2));
  // Bytes that must be the third or fourth of a sequence carry 0x80.
  const __m256i must_continue =
      _mm256_or_si256(_mm256_subs_epu8(Prev<2>(input, prev), k.third_lead),
                      _mm256_subs_epu8(Prev<3>(input, prev), k.fourth_lead));
  return _mm256_xor_si256(
      _mm256_and_si256(must_continue, _mm256_set1_epi8(static_cast<char>(0x80))), special);
}

SL_PLAIN_JSON_KERNEL inline uint64_t Bits(__m256i first, __m256i second) {
  return static_cast<uint32_t>(_mm256_movemask_epi8(first)) |
         static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_epi8(second))) << 32;
}

// Bit i of the result: the XOR of bits 0..i of `bits` (a carry-less multiply by all ones).
SL_PLAIN_JSON_KERNEL inline uint64_t PrefixXor(uint64_t bits) {
  const __m128i product = _mm_clmulepi64_si128(_mm_set_epi64x(0, static_cast<int64_t>(bits)),
                                               _mm_set1_epi8(static_cast<char>(0xFF)), 0);
  return static_cast<uint64_t>(_mm_cvtsi128_si64(product));
}

// The escaped bytes of a string: one of " \ / b f n r t, or u and four hex digits making a whole
// code point (a high surrogate escape followed by a low one).
class EscapeCheck {
 public:
  EscapeCheck(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  // `escaped`: bit i set when byte at + i follows an escaping backslash.
  bool Check(uint64_t escaped, size_t at) {
    for (; escaped != 0; escaped &= escaped - 1) {
      const size_t pos = at + static_cast<size_t>(std::countr_zero(escaped));
      if (pos >= size_) return false;
      if (IsShortEscape(data_[pos])) continue;
      if (data_[pos] != 'u' || !Unicode(pos)) return false;
    }
    return true;
  }

 private:
  bool Unicode(size_t pos) {
    uint32_t unit;
    if (size_ - pos < 5 || !Hex4(data_ + pos + 1, unit)) return false;
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      uint32_t low;
      if (size_ - pos < 11 || data_[pos + 5] != '\\' || data_[pos + 6] != 'u' ||
          !Hex4(data_ + pos + 7, low) || low < 0xDC00 || low > 0xDFFF) {
        return false;
      }
      paired_low_ = pos + 6;
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return pos == paired_low_;
    }
    return true;
  }

  const uint8_t* data_;
  size_t size_;
  size_t paired_low_ = SIZE_MAX;  // the 'u' of a low surrogate escape checked with its pair
};

// The grammar over token starts: structure characters, opening quotes, number/literal starts.
class Grammar {
 public:
  Grammar(const uint8_t* data, size_t size) : data_(data), end_(data + size) {}

  // `c`: the token's first byte; `scalar`: it starts a number or literal.
  bool Token(size_t at, uint8_t c, bool scalar) {
    switch (state_) {
      case State::kColon:
        state_ = State::kValue;
        return c == ':';
      case State::kKey:
        state_ = State::kColon;
        return c == '"';
      case State::kKeyOrEnd:
        if (c == '}') return Close();
        state_ = State::kColon;
        return c == '"';
      case State::kAfterValue:
        if (c == ',') {
          state_ = InObject() ? State::kKey : State::kValue;
          return true;
        }
        return c == static_cast<uint8_t>(InObject() ? '}' : ']') && Close();
      case State::kValueOrEnd:
        if (c == ']') return Close();
        [[fallthrough]];
      case State::kValue:
        if (c == '{' || c == '[') return Open(c == '{');
        if (c != '"' && !(scalar && IsScalar(data_ + at, end_))) return false;
        state_ = AfterValue();
        return true;
      case State::kDone:
        return false;
    }
    return false;
  }

  bool done() const { return state_ == State::kDone; }

 private:
  enum class State : uint8_t {
    kValue,
    kValueOrEnd,  // after '['
    kKey,
    kKeyOrEnd,  // after '{'
    kColon,
    kAfterValue,  // ',' or the close of the container
    kDone,        // the root value ended
  };

  bool Open(bool object) {
    if (depth_ == kMaxDepth) return false;
    object_[depth_++] = object;
    state_ = object ? State::kKeyOrEnd : State::kValueOrEnd;
    return true;
  }
  bool Close() {
    --depth_;
    state_ = AfterValue();
    return true;
  }
  bool InObject() const { return object_[depth_ - 1]; }
  State AfterValue() const { return depth_ == 0 ? State::kDone : State::kAfterValue; }

  const uint8_t* data_;
  const uint8_t* end_;
  State state_ = State::kValue;
  int depth_ = 0;
  bool object_[kMaxDepth];  // per open container: an object (else an array)
};

SL_PLAIN_JSON_KERNEL bool Scan(const uint8_t* data, size_t size) {
  const Constants k = MakeConstants();
  Grammar grammar(data, size);
  EscapeCheck escapes(data, size);
  uint64_t in_string_carry = 0;  // all ones while a string continues into the next block
  uint64_t escape_carry = 0;     // 1 when the last byte of a block escapes the next one
  uint64_t scalar_carry = 0;     // 1 when a number or literal continues into the next block
  __m256i utf8_errors = _mm256_setzero_si256();
  __m256i utf8_prev = _mm256_setzero_si256();
  __m256i utf8_incomplete = _mm256_setzero_si256();
  uint8_t last[kBlock];  // the final partial block, padded with spaces (neutral between tokens)

  for (size_t at = 0; at < size; at += kBlock) {
    const uint8_t* block = data + at;
    if (size - at < kBlock) {
      std::memset(last, ' ', kBlock);
      std::memcpy(last, block, size - at);
      block = last;
    }
    const __m256i v0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block));
    const __m256i v1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + 32));
    const __m256i f0 = _mm256_or_si256(v0, k.fold);
    const __m256i f1 = _mm256_or_si256(v1, k.fold);
    const uint64_t quote = Bits(_mm256_cmpeq_epi8(v0, k.quote), _mm256_cmpeq_epi8(v1, k.quote));
    const uint64_t backslash =
        Bits(_mm256_cmpeq_epi8(v0, k.backslash), _mm256_cmpeq_epi8(v1, k.backslash));
    // { } [ ] : , — and the control bytes 0x0C and 0x1A, which fold onto ',' and ':': control
    // bytes are refused anyway.
    const uint64_t op = Bits(_mm256_cmpeq_epi8(_mm256_shuffle_epi8(k.op_table, f0), f0),
                             _mm256_cmpeq_epi8(_mm256_shuffle_epi8(k.op_table, f1), f1));
    const uint64_t space = Bits(_mm256_cmpeq_epi8(_mm256_shuffle_epi8(k.space_table, v0), v0),
                                _mm256_cmpeq_epi8(_mm256_shuffle_epi8(k.space_table, v1), v1));
    const uint64_t high = Bits(v0, v1);
    // Signed: below 0x20, or 0x80 and above.
    const uint64_t low =
        Bits(_mm256_cmpgt_epi8(k.below_space, v0), _mm256_cmpgt_epi8(k.below_space, v1)) & ~high;

    // A backslash escapes the next byte, unless it is escaped itself.
    uint64_t escaped = escape_carry;
    escape_carry = 0;
    for (uint64_t escapers = backslash & ~escaped; escapers != 0;) {
      const int i = std::countr_zero(escapers);
      if (i == 63) {
        escape_carry = 1;
        break;
      }
      escaped |= uint64_t{2} << i;
      escapers &= ~(uint64_t{3} << i);
    }
    const uint64_t quotes = quote & ~escaped;
    // Opening quotes and string contents; closing quotes are outside.
    const uint64_t in_string = PrefixXor(quotes) ^ in_string_carry;
    in_string_carry = static_cast<uint64_t>(static_cast<int64_t>(in_string) >> 63);
    // Control bytes but a tab between tokens; non-ASCII bytes or backslashes between tokens.
    if (((low & (in_string | ~space)) | ((high | backslash) & ~in_string)) != 0) return false;
    if (escaped != 0 && !escapes.Check(escaped, at)) return false;
    if (high != 0) {
      utf8_errors = _mm256_or_si256(utf8_errors, Utf8Errors(k, v0, utf8_prev));
      utf8_errors = _mm256_or_si256(utf8_errors, Utf8Errors(k, v1, v0));
      utf8_prev = v1;
      utf8_incomplete = _mm256_subs_epu8(v1, k.incomplete);
    } else {
      utf8_errors = _mm256_or_si256(utf8_errors, utf8_incomplete);
    }

    const uint64_t scalar = ~(in_string | space | op | quotes);
    const uint64_t scalar_starts = scalar & ~((scalar << 1) | scalar_carry);
    scalar_carry = scalar >> 63;
    for (uint64_t tokens = (op & ~in_string) | (quotes & in_string) | scalar_starts; tokens != 0;
         tokens &= tokens - 1) {
      const int i = std::countr_zero(tokens);
      if (!grammar.Token(at + static_cast<size_t>(i), block[i], (scalar_starts >> i) & 1)) {
        return false;
      }
    }
  }
  utf8_errors = _mm256_or_si256(utf8_errors, utf8_incomplete);
  return grammar.done() && in_string_carry == 0 && escape_carry == 0 &&
         _mm256_testz_si256(utf8_errors, utf8_errors);
}

}  // namespace

bool HavePlainJsonKernel() {
  static const bool have = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("pclmul") &&
                           __builtin_cpu_supports("bmi");
  return have;
}

bool IsPlainJsonLine(ByteView body) {
  return HavePlainJsonKernel() && Scan(body.data(), body.size());
}

#else

bool HavePlainJsonKernel() { return false; }

bool IsPlainJsonLine(ByteView) { return false; }

#endif

}  // namespace shardlift::xcontent
