// Numbers as text, the way Java (and so Jackson and Elasticsearch 5) prints them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace shardlift::xcontent {

// Largest big-integer magnitude accepted, in bytes (~24,000 decimal digits): beyond it
// conversion to decimal would take quadratic time for no real document.
inline constexpr size_t kMaxBigIntegerBytes = 10000;

// Java's Double.toString / Float.toString layout ("1.0", "0.001", "1.0E7", "-1.5E-4") with the
// shortest digits that read back as the same value. Finite values only.
void AppendJavaDouble(double value, std::string& out);
void AppendJavaFloat(float value, std::string& out);

// The decimal digits of a big-endian magnitude, with '-' when `negative` (zero stays "0").
// `add_one` adds 1 to the magnitude first (CBOR negative bignums are -1-n). `size` must be
// ≤ kMaxBigIntegerBytes + 8.
void AppendMagnitudeDecimal(const uint8_t* magnitude, size_t size, bool negative, bool add_one,
                            std::string& out);

// Java's new BigInteger(bytes).toString(): `bytes` is big-endian two's complement.
void AppendTwosComplementDecimal(const uint8_t* bytes, size_t size, std::string& out);

// The nearest double to a decimal text ("-?digits[.digits][e±digits]", also ".5", "5."), with
// overflow to ±infinity and underflow to ±0 as Java's Double.parseDouble does. False when
// `text` is not such a number.
bool ParseDecimalDouble(std::string_view text, double* value);

// Java's BigDecimal.toString() for unscaledValue × 10^-scale; `unscaled` is "-?[0-9]+".
void AppendJavaBigDecimal(std::string_view unscaled, int64_t scale, std::string& out);

}  // namespace shardlift::xcontent
