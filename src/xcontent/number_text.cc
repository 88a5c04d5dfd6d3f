#include "xcontent/number_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace shardlift::xcontent {

namespace {

// Lays out shortest digits `digits` (no dot) with scientific exponent `exponent`
// (value = d.ddd × 10^exponent) the way java.lang.Double.toString does.
void AppendJavaLayout(bool negative, std::string_view digits, int exponent, std::string& out) {
  if (negative) out += '-';
  if (exponent >= -3 && exponent < 7) {
    if (exponent >= 0) {
      const size_t int_digits = static_cast<size_t>(exponent) + 1;
      if (digits.size() <= int_digits) {
        out += digits;
        out.append(int_digits - digits.size(), '0');
        out += ".0";
      } else {
        out += digits.substr(0, int_digits);
        out += '.';
        out += digits.substr(int_digits);
      }
    } else {
      out += "0.";
      out.append(static_cast<size_t>(-exponent - 1), '0');
      out += digits;
    }
    return;
  }
  out += digits[0];
  out += '.';
  if (digits.size() > 1) {
    out += digits.substr(1);
  } else {
    out += '0';
  }
  out += 'E';
  char buf[8];
  const auto end = std::to_chars(buf, buf + sizeof buf, exponent).ptr;
  out.append(buf, end);
}

// Writes `value` in scientific form with `precision` digits after the point (shortest
// round-trip digits when precision < 0) and splits it into digits and exponent.
template <typename T>
size_t ScientificDigits(T value, int precision, char (&digits)[40], int* exponent) {
  char buf[64];
  const auto end =
      precision < 0
          ? std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific).ptr
          : std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific, precision)
                .ptr;
  const char* p = buf;
  if (*p == '-') ++p;
  size_t count = 0;
  for (; p < end && *p != 'e'; ++p) {
    if (*p != '.') digits[count++] = *p;
  }
  ++p;  // 'e'
  if (*p == '+') ++p;
  std::from_chars(p, end, *exponent);
  return count;
}

template <typename T>
void AppendJavaFloatingPoint(T value, std::string& out) {
  if (value == 0) {
    out += std::signbit(value) ? "-0.0" : "0.0";
    return;
  }
  char digits[40];
  int exponent = 0;
  size_t count = ScientificDigits(value, -1, digits, &exponent);
  if (count == 1) {
    // Java prints at least two significant digits, and then picks the two-digit decimal closest
    // to the exact value (Double.MIN_VALUE is "4.9E-324", not "5.0E-324") if it reads back.
    char two[40];
    int two_exponent = 0;
    const size_t two_count = ScientificDigits(value, 1, two, &two_exponent);
    char text[48];
    const int length =
        std::snprintf(text, sizeof text, "%c%ce%d", two[0], two[1], two_exponent - 1);
    T back = 0;
    std::from_chars(text, text + length, back);
    if (two[1] != '0' && back == std::abs(value)) {
      std::memcpy(digits, two, two_count);
      count = two_count;
      exponent = two_exponent;
    }
  }
  AppendJavaLayout(std::signbit(value), std::string_view(digits, count), exponent, out);
}

}  // namespace

void AppendJavaDouble(double value, std::string& out) { AppendJavaFloatingPoint(value, out); }
void AppendJavaFloat(float value, std::string& out) { AppendJavaFloatingPoint(value, out); }

void AppendMagnitudeDecimal(const uint8_t* magnitude, size_t size, bool negative, bool add_one,
                            std::string& out) {
  // Skip leading zero bytes, then pack into 32-bit limbs, most significant first.
  while (size > 0 && magnitude[0] == 0) {
    ++magnitude;
    --size;
  }
  std::vector<uint32_t> limbs((size + 3) / 4 + 1, 0);  // one spare limb for the carry
  for (size_t i = 0; i < size; ++i) {
    const size_t from_end = size - 1 - i;  // byte position from the least significant end
    limbs[limbs.size() - 1 - from_end / 4] |= static_cast<uint32_t>(magnitude[i])
                                              << (8 * (from_end % 4));
  }
  if (add_one) {
    for (size_t limb = limbs.size(); limb-- > 0;) {
      if (++limbs[limb] != 0) break;
    }
  }
  // Repeated division by 10^9 yields base-10^9 digits, least significant first.
  std::vector<uint32_t> chunks;
  size_t first = 0;
  while (first < limbs.size() && limbs[first] == 0) ++first;
  while (first < limbs.size()) {
    uint64_t remainder = 0;
    for (size_t i = first; i < limbs.size(); ++i) {
      const uint64_t current = (remainder << 32) | limbs[i];
      limbs[i] = static_cast<uint32_t>(current / 1000000000u);
      remainder = current % 1000000000u;
    }
    chunks.push_back(static_cast<uint32_t>(remainder));
    while (first < limbs.size() && limbs[first] == 0) ++first;
  }
  if (chunks.empty()) {
    out += '0';
    return;
  }
  if (negative) out += '-';
  char buf[16];
  auto end = std::to_chars(buf, buf + sizeof buf, chunks.back()).ptr;
  out.append(buf, end);
  for (size_t i = chunks.size() - 1; i-- > 0;) {
    end = std::to_chars(buf, buf + sizeof buf, chunks[i]).ptr;
    out.append(9 - static_cast<size_t>(end - buf), '0');
    out.append(buf, end);
  }
}

void AppendTwosComplementDecimal(const uint8_t* bytes, size_t size, std::string& out) {
  if (size == 0 || bytes[0] < 0x80) {
    AppendMagnitudeDecimal(bytes, size, false, false, out);
    return;
  }
  // Negative: magnitude = ~bytes + 1 = (~bytes) with one added.
  std::vector<uint8_t> inverted(bytes, bytes + size);
  for (auto& b : inverted) b = static_cast<uint8_t>(~b);
  AppendMagnitudeDecimal(inverted.data(), inverted.size(), true, true, out);
}

bool ParseDecimalDouble(std::string_view text, double* value) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (begin < end && *begin == '+') ++begin;  // from_chars takes no '+', Java does
  if (begin == end || *begin == '+') return false;
  const auto [stop, error] = std::from_chars(begin, end, *value);
  if (stop != end) return false;
  if (error == std::errc::result_out_of_range) {
    // from_chars leaves the value alone: redo it with strtod, which saturates like Java.
    const std::string copy(begin, end);
    *value = std::strtod(copy.c_str(), nullptr);
    return true;
  }
  return error == std::errc();
}

void AppendJavaBigDecimal(std::string_view unscaled, int64_t scale, std::string& out) {
  const bool negative = !unscaled.empty() && unscaled[0] == '-';
  const std::string_view digits = negative ? unscaled.substr(1) : unscaled;
  const int64_t count = static_cast<int64_t>(digits.size());
  const int64_t adjusted = -scale + (count - 1);
  if (negative) out += '-';
  if (scale == 0) {
    out += digits;
  } else if (scale > 0 && adjusted >= -6) {
    // Plain notation with a decimal point.
    if (count > scale) {
      out += digits.substr(0, static_cast<size_t>(count - scale));
      out += '.';
      out += digits.substr(static_cast<size_t>(count - scale));
    } else {
      out += "0.";
      out.append(static_cast<size_t>(scale - count), '0');
      out += digits;
    }
  } else {
    out += digits[0];
    if (count > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'E';
    if (adjusted >= 0) out += '+';
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, adjusted).ptr;
    out.append(buf, end);
  }
}

}  // namespace shardlift::xcontent
