#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

#include "xcontent/number_text.h"

namespace shardlift::xcontent {
namespace {

std::string JavaDouble(double value) {
  std::string out;
  AppendJavaDouble(value, out);
  return out;
}

std::string JavaFloat(float value) {
  std::string out;
  AppendJavaFloat(value, out);
  return out;
}

TEST(NumberText, DoubleLikeJava) {
  EXPECT_EQ(JavaDouble(1.0), "1.0");
  EXPECT_EQ(JavaDouble(-0.0), "-0.0");
  EXPECT_EQ(JavaDouble(0.0), "0.0");
  EXPECT_EQ(JavaDouble(100.0), "100.0");
  EXPECT_EQ(JavaDouble(1234567.0), "1234567.0");
  EXPECT_EQ(JavaDouble(1e7), "1.0E7");
  EXPECT_EQ(JavaDouble(0.001), "0.001");
  EXPECT_EQ(JavaDouble(0.0001), "1.0E-4");
  EXPECT_EQ(JavaDouble(-1.5e-10), "-1.5E-10");
  EXPECT_EQ(JavaDouble(1e23), "1.0E23");
  EXPECT_EQ(JavaDouble(0.1), "0.1");
  EXPECT_EQ(JavaDouble(123.456), "123.456");
  EXPECT_EQ(JavaDouble(std::numeric_limits<double>::denorm_min()), "4.9E-324");
  EXPECT_EQ(JavaDouble(std::numeric_limits<double>::max()), "1.7976931348623157E308");
}

TEST(NumberText, FloatLikeJava) {
  EXPECT_EQ(JavaFloat(0.1f), "0.1");
  EXPECT_EQ(JavaFloat(1.5f), "1.5");
  EXPECT_EQ(JavaFloat(-0.0f), "-0.0");
  EXPECT_EQ(JavaFloat(3.4028235e38f), "3.4028235E38");
  EXPECT_EQ(JavaFloat(1.0e-45f), "1.4E-45");
  EXPECT_EQ(JavaFloat(16777216.0f), "1.6777216E7");
}

std::string TwosComplement(std::initializer_list<uint8_t> bytes) {
  std::string out;
  AppendTwosComplementDecimal(std::data(bytes), bytes.size(), out);
  return out;
}

TEST(NumberText, BigIntegers) {
  EXPECT_EQ(TwosComplement({}), "0");
  EXPECT_EQ(TwosComplement({0x00}), "0");
  EXPECT_EQ(TwosComplement({0xFF}), "-1");
  EXPECT_EQ(TwosComplement({0x80}), "-128");
  EXPECT_EQ(TwosComplement({0x00, 0x80}), "128");
  EXPECT_EQ(TwosComplement({0x01, 0, 0, 0, 0, 0, 0, 0, 0}), "18446744073709551616");
  EXPECT_EQ(TwosComplement({0xFF, 0, 0, 0, 0, 0, 0, 0, 0}), "-18446744073709551616");
  EXPECT_EQ(TwosComplement({0x3B, 0x9A, 0xCA, 0x00}), "1000000000");
  std::string out;
  const uint8_t max64[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  AppendMagnitudeDecimal(max64, 8, true, true, out);
  EXPECT_EQ(out, "-18446744073709551616");
}

std::string JavaBigDecimal(std::string_view unscaled, int64_t scale) {
  std::string out;
  AppendJavaBigDecimal(unscaled, scale, out);
  return out;
}

TEST(NumberText, BigDecimalLikeJava) {
  EXPECT_EQ(JavaBigDecimal("123", 0), "123");
  EXPECT_EQ(JavaBigDecimal("-123", 0), "-123");
  EXPECT_EQ(JavaBigDecimal("123", -1), "1.23E+3");
  EXPECT_EQ(JavaBigDecimal("123", 2), "1.23");
  EXPECT_EQ(JavaBigDecimal("-123", 5), "-0.00123");
  EXPECT_EQ(JavaBigDecimal("123", 10), "1.23E-8");
  EXPECT_EQ(JavaBigDecimal("1", 6), "0.000001");
  EXPECT_EQ(JavaBigDecimal("1", 7), "1E-7");
  EXPECT_EQ(JavaBigDecimal("0", 2), "0.00");
  EXPECT_EQ(JavaBigDecimal("0", -2), "0E+2");
  EXPECT_EQ(JavaBigDecimal("5", -2147483648LL), "5E+2147483648");
}

}  // namespace
}  // namespace shardlift::xcontent
