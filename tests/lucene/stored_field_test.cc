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

// Encoders following CompressingStoredFieldsWriter's rules, to produce every form.
void WriteZFloat(LuceneFileBuilder& b, float f) {
  const auto bits = std::bit_cast<uint32_t>(f);
  const auto int_value = static_cast<int64_t>(f);
  if (f == static_cast<float>(int_value) && int_value >= -1 && int_value <= 0x7D &&
      bits != 0x80000000u) {
    b.Byte(static_cast<uint8_t>(0x80 | (1 + int_value)));
  } else if ((bits >> 31) == 0) {
    b.Int(bits);
  } else {
    b.Byte(0xFF).Int(bits);
  }
}

void WriteZDouble(LuceneFileBuilder& b, double d) {
  const auto bits = std::bit_cast<uint64_t>(d);
  const auto int_value = static_cast<int64_t>(d);
  if (d == static_cast<double>(int_value) && int_value >= -1 && int_value <= 0x7C &&
      bits != 0x8000000000000000u) {
    b.Byte(static_cast<uint8_t>(0x80 | (int_value + 1)));
  } else if (d == static_cast<double>(static_cast<float>(d))) {
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
  StoredFieldIterator it(io::DataInput(slice), count);
  std::vector<StoredField> fields;
  for (StoredField f; it.Next(f);) fields.push_back(f);
  *status = it.status();
  return fields;
}

TEST(StoredFieldTest, FloatEdgeValuesKeepTheirBits) {
  const float values[] = {0.0f,
                          -0.0f,
                          -1.0f,
                          125.0f,
                          126.0f,
                          1.5f,
                          -2.5f,
                          std::numeric_limits<float>::quiet_NaN(),
                          std::numeric_limits<float>::infinity(),
                          -std::numeric_limits<float>::infinity(),
                          std::numeric_limits<float>::denorm_min(),
                          std::numeric_limits<float>::max(),
                          std::numeric_limits<float>::lowest(),
                          std::bit_cast<float>(0xFFC00001u)};
  LuceneFileBuilder b;
  for (float f : values) {
    b.VLong((7u << 3) | 3);
    WriteZFloat(b, f);
  }
  const io::FileSlice slice = io::FileSlice::FromBytes("mem", b.bytes());
  Status status;
  const auto fields = DecodeAll(slice, std::size(values), &status);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(fields.size(), std::size(values));
  for (size_t i = 0; i < fields.size(); ++i) {
    EXPECT_EQ(fields[i].number, 7);
    EXPECT_EQ(fields[i].type, StoredFieldType::kFloat);
    EXPECT_EQ(fields[i].bits, std::bit_cast<uint32_t>(values[i])) << i;
  }
}

TEST(StoredFieldTest, DoubleEdgeValuesKeepTheirBits) {
  const double values[] = {0.0,
                           -0.0,
                           -1.0,
                           124.0,
                           125.0,
                           0.5,
                           1e300,
                           -1e-300,
                           0.1,
                           -0.1,
                           std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity(),
                           std::numeric_limits<double>::denorm_min(),
                           std::numeric_limits<double>::max(),
                           std::numeric_limits<double>::lowest(),
                           static_cast<double>(std::numeric_limits<float>::max())};
  LuceneFileBuilder b;
  for (double d : values) {
    b.VLong((1000u << 3) | 5);
    WriteZDouble(b, d);
  }
  const io::FileSlice slice = io::FileSlice::FromBytes("mem", b.bytes());
  Status status;
  const auto fields = DecodeAll(slice, std::size(values), &status);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(fields.size(), std::size(values));
  for (size_t i = 0; i < fields.size(); ++i) {
    EXPECT_EQ(fields[i].number, 1000);
    EXPECT_EQ(fields[i].bits, std::bit_cast<uint64_t>(values[i])) << i;
  }
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
