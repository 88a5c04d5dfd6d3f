// The varint forms of io::DataInput that Lucene files rely on, at their edges.
#include <gtest/gtest.h>

#include <vector>

#include "io/data_input.h"
#include "support/lucene_file_builder.h"

namespace shardlift::io {
namespace {

FileSlice Slice(std::vector<uint8_t> bytes) {
  return FileSlice::FromBytes("mem", std::move(bytes));
}

TEST(VarintTest, RoundTripsAtGroupBoundaries) {
  const int32_t ints[] = {0, 1, 127, 128, 16383, 16384, 2097151, 2097152, INT32_MAX, -1, INT32_MIN};
  testing::LuceneFileBuilder b;
  for (int32_t v : ints) b.VInt(v);
  const int64_t longs[] = {0, 127, 128, (int64_t{1} << 35), INT64_MAX};
  for (int64_t v : longs) b.VLong(static_cast<uint64_t>(v));
  FileSlice slice = Slice(b.bytes());
  DataInput in(slice);
  for (int32_t v : ints) EXPECT_EQ(in.ReadVInt(), v);
  for (int64_t v : longs) EXPECT_EQ(in.ReadVLong(), v);
  EXPECT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_TRUE(in.AtEnd());
}

TEST(VarintTest, ShortVarintsAtTheVeryEnd) {
  // A 1-byte VInt as the last byte, and a 2-byte one ending the input.
  FileSlice slice = Slice({0x05, 0x80, 0x01});
  DataInput in(slice);
  in.Skip(1);
  EXPECT_EQ(in.ReadVInt(), 128);
  EXPECT_TRUE(in.AtEnd());
  FileSlice last = Slice({0x7f});
  DataInput one(last);
  EXPECT_EQ(one.ReadVLong(), 127);
  EXPECT_TRUE(one.ok());
}

TEST(VarintTest, TruncatedVarintsFail) {
  FileSlice slice = Slice({0x80, 0x80});
  DataInput in(slice);
  in.ReadVInt();
  EXPECT_FALSE(in.ok());
  EXPECT_NE(in.status().message().find("mem: offset 0: truncated"), std::string::npos)
      << in.status().ToString();
}

TEST(VarintTest, VLongRejectsATenthByte) {
  FileSlice slice = Slice({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01});
  DataInput in(slice);
  in.ReadVLong();
  EXPECT_FALSE(in.ok());
}

TEST(VarintTest, ZLongTakesBit63FromATenthByte) {
  // zig-zag(INT64_MIN) = 2^64 - 1: nine 0xff bytes and a final 0x01.
  FileSlice slice = Slice({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x03});
  DataInput in(slice);
  EXPECT_EQ(in.ReadZLong(), INT64_MIN);
  EXPECT_EQ(in.ReadZLong(), -2);
  EXPECT_TRUE(in.ok());
  FileSlice bad = Slice({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02});
  DataInput bad_in(bad);
  bad_in.ReadZLong();
  EXPECT_FALSE(bad_in.ok());
}

TEST(VarintTest, ZIntDecodesNegatives) {
  FileSlice slice = Slice({0x01, 0x02, 0xfe, 0xff, 0xff, 0xff, 0x0f, 0xff, 0xff, 0xff, 0xff, 0x0f});
  DataInput in(slice);
  EXPECT_EQ(in.ReadZInt(), -1);
  EXPECT_EQ(in.ReadZInt(), 1);
  EXPECT_EQ(in.ReadZInt(), INT32_MAX);
  EXPECT_EQ(in.ReadZInt(), INT32_MIN);
  EXPECT_TRUE(in.ok());
}

}  // namespace
}  // namespace shardlift::io
