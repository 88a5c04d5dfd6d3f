#include "lucene/stored_field.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <limits>
#include <vector>

#include "support/lucene_file_builder.h"

namespace shardlift::lucene {
namespace {

using testing::LuceneFileBuilder;

// The integer `v` holds if it is one in [-1, max] (range checked first: casting NaN or a huge
// value to an integer is undefined in C++, unlike Java's saturating cast).
bool SmallInteger(double v, int64_t max, int64_t& out) {
  if (!(v >= -1 && v <= static_cast<double>(max))) return false;
  out = static_cast<int64_t>(v);
  return v == static_cast<double>(out);
}

// Encoders following CompressingStoredFieldsWriter's rules, to produce every form.
void WriteZFloat(LuceneFileBuilder& b, float f) {
  const auto bits = std::bit_cast<uint32_t>(f);
  int64_t int_value = 0;
  if (SmallInteger(f, 0x7D, int_value) && bits != 0x80000000u) {
    b.Byte(static_cast<uint8_t>(0x80 | (1 + int_value)));
  } else if ((bits >> 31) == 0) {
    b.Int(bits);
  } else {
    b.Byte(0xFF).Int(bits);
  }
}

void WriteZDouble(LuceneFileBuilder& b, double d) {
  const auto bits = std::bit_cast<uint64_t>(d);
  int64_t int_value = 0;
  const bool fits_float = !std::isfinite(d) || std::abs(d) <= std::numeric_limits<float>::max();
  if (SmallInteger(d, 0x7C, int_value) && bits != 0x8000000000000000u) {
    b.Byte(static_cast<uint8_t>(0x80 | (int_value + 1)));
  } else if (fits_float && d == static_cast<double>(static_cast<float>(d))) {
    b.Byte(0xFE).Int(std::bit_cast<uint32_t>(static_cast<float>(d)));
  } else if ((bits >> 63) == 0) {
    b.Long(bits);
  } else {
    b.Byte(0xFF).Long(bits);
  }
}

void WriteTLong(LuceneFileBuilder& b, int64_t l) {
  constexpr int64_t kSecond = 1000, kHour = 3600 * kSecond, kDay = 24 * kHour;
  uint8_t header;
  if (l % kSecond != 0) {
    header = 0;
  } else if (l % kDay == 0) {
    header = 0xC0;
    l /= kDay;
  } else if (l % kHour == 0) {
    header = 0x80;
    l /= kHour;
  } else {
    header = 0x40;
    l /= kSecond;
  }
  const uint64_t zigzag = (static_cast<uint64_t>(l) << 1) ^ static_cast<uint64_t>(l >> 63);
  header |= static_cast<uint8_t>(zigzag & 0x1F);
  const uint64_t upper = zigzag >> 5;
  if (upper != 0) header |= 0x20;
  b.Byte(header);
  if (upper != 0) b.VLong(upper);
}

// Decodes the fields in `b` (one doc of `count` fields).
std::vector<StoredField> DecodeAll(const io::FileSlice& slice, int32_t count, Status* status) {
  const io::ByteRegion region = io::ByteRegion::Of(slice);
  StoredFieldIterator it(region, 0, slice.size(), count);
  std::vector<StoredField> fields;
  for (StoredField f; it.Next(f);) fields.push_back(f);
  *status = it.status();
  return fields;
}

// Encodes every value as field `number` of `type` with `write`, decodes, and compares raw bits.
template <typename T, typename Bits, typename Writer>
void ExpectBitsRoundTrip(const std::vector<T>& values, int32_t number, StoredFieldType type,
                         Writer write) {
  LuceneFileBuilder b;
  for (T value : values) {
    b.VLong((static_cast<uint64_t>(number) << 3) | static_cast<uint64_t>(type));
    write(b, value);
  }
  const io::FileSlice slice = io::FileSlice::FromBytes("mem", b.bytes());
  Status status;
  const auto fields = DecodeAll(slice, static_cast<int32_t>(values.size()), &status);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(fields.size(), values.size());
  for (size_t i = 0; i < fields.size(); ++i) {
    EXPECT_EQ(fields[i].number, number);
    EXPECT_EQ(fields[i].type, type);
    EXPECT_EQ(fields[i].bits, std::bit_cast<Bits>(values[i])) << i;
  }
}

TEST(StoredFieldTest, FloatEdgeValuesKeepTheirBits) {
  using L = std::numeric_limits<float>;
  ExpectBitsRoundTrip<float, uint32_t>(
      {0.0f, -0.0f, -1.0f, 125.0f, 126.0f, 1.5f, -2.5f, L::quiet_NaN(), L::infinity(),
       -L::infinity(), L::denorm_min(), L::max(), L::lowest(), std::bit_cast<float>(0xFFC00001u)},
      7, StoredFieldType::kFloat, WriteZFloat);
}

TEST(StoredFieldTest, DoubleEdgeValuesKeepTheirBits) {
  using L = std::numeric_limits<double>;
  ExpectBitsRoundTrip<double, uint64_t>(
      {0.0, -0.0, -1.0, 124.0, 125.0, 0.5, 1e300, -1e-300, 0.1, -0.1, L::quiet_NaN(), L::infinity(),
       -L::infinity(), L::denorm_min(), L::max(), L::lowest(),
       static_cast<double>(std::numeric_limits<float>::max())},
      1000, StoredFieldType::kDouble, WriteZDouble);
}

TEST(StoredFieldTest, LongsInEveryTimeUnit) {
  const int64_t values[] = {0,
                            1,
                            -1,
                            15,
                            -16,
                            16,
                            999,
                            1000,
                            -1000,
                            3600000,
                            86400000,
                            -86400000L * 365,
                            1500000000123,
                            INT64_MAX,
                            INT64_MIN,
                            INT64_MIN + 1,
                            86400000L * 1000000};
  LuceneFileBuilder b;
  for (int64_t l : values) {
    b.VLong(4);
    WriteTLong(b, l);
  }
  b.VLong(2).VInt(static_cast<int32_t>((static_cast<uint32_t>(INT32_MIN) << 1) ^ 0xFFFFFFFFu));
  const io::FileSlice slice = io::FileSlice::FromBytes("mem", b.bytes());
  Status status;
  const auto fields = DecodeAll(slice, std::size(values) + 1, &status);
  ASSERT_TRUE(status.ok()) << status.ToString();
  for (size_t i = 0; i < std::size(values); ++i) {
    EXPECT_EQ(fields[i].type, StoredFieldType::kLong);
    EXPECT_EQ(fields[i].int_value(), values[i]) << i;
  }
  EXPECT_EQ(fields.back().type, StoredFieldType::kInt);
  EXPECT_EQ(fields.back().int_value(), INT32_MIN);
}

TEST(StoredFieldTest, StringsAndBytesAreViews) {
  LuceneFileBuilder b;
  b.VLong(0).String("value").VLong((3u << 3) | 1).String("").VLong((20u << 3) | 0).String("😀");
  const io::FileSlice slice = io::FileSlice::FromBytes("mem", b.bytes());
  Status status;
  const auto fields = DecodeAll(slice, 3, &status);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(fields[0].text(), "value");
  EXPECT_EQ(fields[1].type, StoredFieldType::kBytes);
  EXPECT_TRUE(fields[1].bytes.empty());
  EXPECT_EQ(fields[2].number, 20);
  EXPECT_EQ(fields[2].text(), "😀");
}

TEST(StoredFieldTest, LongHeadersAndLengthsDecodeLikeShortOnes) {
  const std::string big(70000, 'x');  // a 3-byte length
  LuceneFileBuilder b;
  b.VLong((5000u << 3) | 0).String(big).VLong(0).String("after");  // a 3-byte header first
  const io::FileSlice slice = io::FileSlice::FromBytes("mem", b.bytes());
  Status status;
  const auto fields = DecodeAll(slice, 2, &status);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(fields[0].number, 5000);
  EXPECT_EQ(fields[0].text(), big);
  EXPECT_EQ(fields[1].text(), "after");
}

TEST(StoredFieldTest, FindStepsOverOtherFields) {
  LuceneFileBuilder b;
  b.VLong((1u << 3) | 2).VInt(13).VLong((2u << 3) | 0).String(std::string(300, 'y'));  // ZInt -7
  b.VLong((3u << 3) | 1).String("source").VLong((4u << 3) | 0).String("tail");
  const io::FileSlice slice = io::FileSlice::FromBytes("mem", b.bytes());
  const io::ByteRegion region = io::ByteRegion::Of(slice);
  StoredField field;
  StoredFieldIterator it(region, 0, slice.size(), 4);
  ASSERT_TRUE(it.Find(3, field));
  EXPECT_EQ(field.text(), "source");
  EXPECT_FALSE(it.Find(3, field));  // no further field 3
  EXPECT_TRUE(it.status().ok()) << it.status().ToString();

  StoredFieldIterator truncated(region, 0, 10, 4);  // ends inside field 2's value
  EXPECT_FALSE(truncated.Find(3, field));
  EXPECT_NE(truncated.status().message().find("mem: offset 5: truncated"), std::string::npos)
      << truncated.status().ToString();
  EXPECT_FALSE(truncated.Next(field));  // stays failed
}

TEST(StoredFieldTest, CorruptDocumentsFailWithAnOffset) {
  struct Case {
    std::vector<uint8_t> bytes;
    int32_t fields;
    const char* error;
  };
  const Case cases[] = {
      {{0x06}, 1, "offset 0: invalid stored field type 6"},
      {{0x00, 0x05, 'a'}, 1, "truncated"},
      {{0x00, 0x01, 'a', 0x09}, 1, "offset 3: 1 bytes left after the document's last field"},
      {{0x00, 0xff, 0xff, 0xff, 0xff, 0x0f}, 1, "offset 0: negative stored field length"},
      {{0x03, 0xff, 0x01}, 1, "truncated"},
      {{0x00, 0x00}, 2, "truncated"},
      {{0x00, 0x80, 0x01, 'a'}, 1, "offset 3: truncated: wanted 128 bytes, 1 left"},
      {{0xf8, 0xff, 0xff, 0xff, 0x7f, 0x00}, 1, "offset 0: stored field number 4294967295 out"},
      {{0x80}, 1, "offset 0: truncated"},
  };
  for (const Case& c : cases) {
    const io::FileSlice slice = io::FileSlice::FromBytes("mem", c.bytes);
    Status status;
    DecodeAll(slice, c.fields, &status);
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.message().find(c.error), std::string::npos) << status.ToString();
    EXPECT_NE(status.message().find("mem: offset"), std::string::npos);
  }
}

}  // namespace
}  // namespace shardlift::lucene
