#include "lucene/stored_fields_reader.h"

#include <gtest/gtest.h>

#include "support/one_chunk_stored_fields.h"

namespace shardlift::lucene {
namespace {

using testing::LuceneFileBuilder;

// A two-doc LZ4 chunk: doc base 0, then the per-doc field counts and lengths (each a packed int
// array: bits per value, then the values, or bits 0 and one value for all), then the payload as
// one literals-only LZ4 sequence.
std::vector<uint8_t> TwoDocChunk(const std::vector<uint8_t>& num_fields,
                                 const std::vector<uint8_t>& lengths,
                                 const std::vector<uint8_t>& payload, bool sliced = false) {
  LuceneFileBuilder b;
  b.VInt(0).VInt(2 << 1 | (sliced ? 1 : 0)).Bytes(num_fields).Bytes(lengths);
  b.Byte(static_cast<uint8_t>(payload.size() << 4)).Bytes(payload);
  return b.bytes();
}

Result<StoredFieldsReader> Open(const std::vector<uint8_t>& chunk) {
  return testing::OpenOneChunk(chunk, 2, StoredFieldsMode::kBestSpeed, kStoredFieldsVersionStart,
                               ReadOptions());
}

// Loads doc 0 and returns the cursor's status.
Status LoadFirstDoc(const std::vector<uint8_t>& chunk) {
  Result<StoredFieldsReader> reader = Open(chunk);
  if (!reader.ok()) return reader.status();
  StoredFieldsReader::Cursor cursor(*reader);
  EXPECT_FALSE(cursor.Next());
  return cursor.status();
}

// Field 0 "a" in doc 0, field 1 "bc" in doc 1.
const std::vector<uint8_t> kPayload = {0x00, 1, 'a', 0x08, 2, 'b', 'c'};

TEST(StoredFieldsReaderTest, ReadsEveryDocOfAChunk) {
  // One field each (bits 0, value 1); lengths 3 and 4 in 3 bits: 011 100 → 0x70.
  Result<StoredFieldsReader> reader = Open(TwoDocChunk({0, 1}, {3, 0x70}, kPayload));
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  StoredFieldsReader::Cursor cursor(*reader);
  std::vector<std::string> values;
  while (cursor.Next()) {
    StoredFieldIterator fields = cursor.fields();
    for (StoredField field; fields.Next(field);) {
      values.push_back(std::to_string(field.number) + "=" + std::string(field.text()));
    }
    ASSERT_TRUE(fields.status().ok()) << fields.status().ToString();
  }
  ASSERT_TRUE(cursor.status().ok()) << cursor.status().ToString();
  EXPECT_EQ(values, (std::vector<std::string>{"0=a", "1=bc"}));
}

TEST(StoredFieldsReaderTest, ADocWithFieldsButNoBytesIsNamed) {
  // Lengths 7 and 0 in 3 bits: 111 000 → 0xE0.
  const Status status = LoadFirstDoc(TwoDocChunk({0, 1}, {3, 0xE0}, kPayload));
  EXPECT_NE(status.message().find("_0.fdt: offset"), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find("doc 1 of the chunk has 1 fields in 0 bytes"), std::string::npos)
      << status.ToString();
}

TEST(StoredFieldsReaderTest, ADocWithBytesButNoFieldsIsNamed) {
  // Field counts 0 and 1 in 1 bit: 0 1 → 0x40.
  const Status status = LoadFirstDoc(TwoDocChunk({1, 0x40}, {3, 0x70}, kPayload));
  EXPECT_NE(status.message().find("doc 0 of the chunk has 0 fields in 3 bytes"), std::string::npos)
      << status.ToString();
}

// Chunks Lucene's CompressingStoredFieldsWriter never writes are refused from their header,
// before anything is sized or decompressed (stored_fields_format.h).
TEST(StoredFieldsReaderTest, ChunksLargerThanTheWriterMakesAreRefused) {
  // Lengths 2^31 - 1 twice, in 31 bits: 62 one bits (2 GB claimed in a few bytes).
  Status status = LoadFirstDoc(
      TwoDocChunk({0, 1}, {31, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFC}, kPayload));
  EXPECT_NE(status.message().find("_0.fdt: offset "), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find("the first 1 docs of the chunk take 2147483647 bytes; the "
                                  "writer ends a chunk once its docs reach 16384"),
            std::string::npos)
      << status.ToString();
  // A first doc of exactly the chunk size (16384 and 4 in 15 bits) would have ended the chunk.
  status = LoadFirstDoc(TwoDocChunk({0, 1}, {15, 0x80, 0x00, 0x00, 0x10}, kPayload));
  EXPECT_NE(status.message().find("the first 1 docs of the chunk take 16384 bytes"),
            std::string::npos)
      << status.ToString();
  // The last doc may be big, up to kMaxStoredDocumentBytes (3 and 200,000,000 in 28 bits).
  status = LoadFirstDoc(
      TwoDocChunk({0, 1}, {28, 0x00, 0x00, 0x00, 0x3B, 0xEB, 0xC2, 0x00}, kPayload, true));
  EXPECT_NE(status.message().find("doc 1 of the chunk claims 200000000 bytes, more than the "
                                  "134217728 read for one document"),
            std::string::npos)
      << status.ToString();
  // Slicing is decided by the size: a 7-byte chunk marked sliced is not one the writer makes.
  status = LoadFirstDoc(TwoDocChunk({0, 1}, {3, 0x70}, kPayload, true));
  EXPECT_NE(status.message().find("a sliced chunk of 7 bytes; the writer slices exactly the "
                                  "chunks of 32768 bytes or more"),
            std::string::npos)
      << status.ToString();
}

}  // namespace
}  // namespace shardlift::lucene
