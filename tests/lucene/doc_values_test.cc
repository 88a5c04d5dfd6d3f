#include <gtest/gtest.h>

#include <limits>

#include "lucene/doc_values_format.h"
#include "lucene/numeric_doc_values.h"
#include "lucene/sorted_doc_values.h"

namespace shardlift::lucene {
namespace {

// A .dvd stand-in: 64 bytes, packed values from offset 8.
io::FileSlice Data(std::vector<uint8_t> bytes) {
  bytes.resize(64);
  return io::FileSlice::FromBytes("_0_Lucene54_0.dvd", std::move(bytes));
}

NumericEntry Delta(int64_t offset, int64_t end_offset, int32_t bits) {
  NumericEntry entry;
  entry.format = kDeltaCompressed;
  entry.missing_offset = kAllLive;
  entry.offset = offset;
  entry.end_offset = end_offset;
  entry.count = 4;
  entry.min_value = 100;
  entry.bits_per_value = bits;
  return entry;
}

TEST(NumericDocValuesTest, DeltaValuesAreMsbFirst) {
  const io::FileSlice data = Data({0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x34});
  Result<NumericDocValues> values = NumericDocValues::Open(Delta(8, 12, 4), data, 48, 4);
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ(values->Get(0), 101);
  EXPECT_EQ(values->Get(1), 102);
  EXPECT_EQ(values->Get(2), 103);
  EXPECT_EQ(values->Get(3), 104);
}

TEST(NumericDocValuesTest, RejectsRangesThatWouldOverflow) {
  // Found by fuzzing: offsets near INT64_MIN made end - offset overflow.
  const io::FileSlice data = Data({});
  for (const auto& [offset, end] :
       std::vector<std::pair<int64_t, int64_t>>{{std::numeric_limits<int64_t>::min() + 1, 1345},
                                                {-8, 8},
                                                {8, std::numeric_limits<int64_t>::max()},
                                                {40, 8},
                                                {8, 49}}) {
    Result<NumericDocValues> values = NumericDocValues::Open(Delta(offset, end, 4), data, 48, 4);
    ASSERT_FALSE(values.ok()) << offset << " " << end;
    EXPECT_NE(values.status().message().find("_0_Lucene54_0.dvd: offset"), std::string::npos)
        << values.status().ToString();
  }
}

TEST(NumericDocValuesTest, RejectsTableIndicesPastTheTable) {
  NumericEntry entry = Delta(8, 12, 4);
  entry.format = kTableCompressed;
  entry.table = {7, 8, 9};
  const io::FileSlice data = Data({0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x23});
  Result<NumericDocValues> values = NumericDocValues::Open(entry, data, 48, 4);
  ASSERT_FALSE(values.ok());
  EXPECT_NE(values.status().message().find("table index 3 of doc 3"), std::string::npos)
      << values.status().ToString();
}

TEST(NumericDocValuesTest, ConstantWithMissingBitsetIsLsbFirst) {
  NumericEntry entry;
  entry.format = kConstCompressed;
  entry.missing_offset = 2;
  entry.count = 4;
  entry.min_value = -5;
  const io::FileSlice data = Data({0, 0, 0b0101});
  Result<NumericDocValues> values = NumericDocValues::Open(entry, data, 48, 4);
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ(values->Get(0), -5);
  EXPECT_EQ(values->Get(1), std::nullopt);
  EXPECT_EQ(values->Value(1), 0);
  EXPECT_EQ(values->Get(2), -5);
  EXPECT_EQ(values->Get(3), std::nullopt);
}

TEST(NumericDocValuesTest, TooFewValuesForTheSegment) {
  Result<NumericDocValues> values = NumericDocValues::Open(Delta(8, 12, 4), Data({}), 48, 5);
  ASSERT_FALSE(values.ok());
  EXPECT_NE(values.status().message().find("holds 4 values for 5 docs"), std::string::npos);
}

// Found by the differential test: Lucene54 writes an empty SORTED terms dictionary (its values all
// merged away) as VARIABLE with the writer's starting lengths, Integer.MAX_VALUE and MIN_VALUE.
TEST(BinaryValuesTest, EmptyTermsDictionaryKeepsTheWritersStartingLengths) {
  const io::FileSlice meta = Data({});  // one DirectMonotonic block of zeros: 0 bits, address 0
  io::DataInput in(meta);
  BinaryEntry entry;
  entry.format = kBinaryVariableUncompressed;
  entry.min_length = std::numeric_limits<int32_t>::max();
  entry.max_length = std::numeric_limits<int32_t>::min();
  entry.offset = 8;
  entry.addresses_offset = 8;
  entry.addresses_end_offset = 8;
  entry.addresses = MonotonicValues::ReadDirectMeta(in, 1, 16);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  const io::FileSlice data = Data({});
  Result<BinaryValues> values = BinaryValues::Open(entry, data, 48);
  ASSERT_TRUE(values.ok()) << values.status().ToString();
  EXPECT_EQ(values->count(), 0u);

  entry.count = 1;  // with values, such lengths are corrupt
  EXPECT_FALSE(BinaryValues::Open(entry, data, 48).ok());
}

}  // namespace
}  // namespace shardlift::lucene
