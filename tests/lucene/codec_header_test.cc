#include "lucene/codec_header.h"

#include <gtest/gtest.h>

#include "support/lucene_file_builder.h"

namespace shardlift::lucene {
namespace {

constexpr SegmentId kId = {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};

std::vector<uint8_t> File(std::string_view codec, int32_t version, std::string_view suffix) {
  testing::LuceneFileBuilder b;
  b.IndexHeader(codec, version, kId, suffix).VInt(42);
  return b.Finish();
}

Status Header(const std::vector<uint8_t>& bytes, const HeaderSpec& spec) {
  const io::FileSlice slice = io::FileSlice::FromBytes("f", bytes);
  io::DataInput in(slice);
  ReadIndexHeader(in, spec);
  return in.status();
}

TEST(CodecHeaderTest, AcceptsAMatchingHeaderAndFooter) {
  const auto bytes = File("Codec", 1, "s");
  EXPECT_TRUE(Header(bytes, {"Codec", 0, 1, &kId, "s"}).ok());
  const io::FileSlice slice = io::FileSlice::FromBytes("f", bytes);
  EXPECT_TRUE(CheckFooter(slice, true).ok());
  EXPECT_EQ(IndexHeaderLength("Codec", "s"), bytes.size() - 1 - kFooterLength);
  EXPECT_EQ(PeekCodecName(slice).value(), "Codec");
}

TEST(CodecHeaderTest, NamesWhatDoesNotMatch) {
  const auto bytes = File("Codec", 2, "s");
  const SegmentId other = {};
  EXPECT_NE(Header(bytes, {"Other", 0, 2, &kId, "s"})
                .message()
                .find("f: offset 4: codec 'Codec' where 'Other' was expected"),
            std::string::npos);
  EXPECT_NE(Header(bytes, {"Codec", 0, 1, &kId, "s"})
                .message()
                .find("f: offset 10: unsupported Codec format version 2 (this reader knows 0..1)"),
            std::string::npos);
  EXPECT_NE(Header(bytes, {"Codec", 0, 2, &other, "s"})
                .message()
                .find("offset 14: file belongs to another segment"),
            std::string::npos);
  EXPECT_NE(Header(bytes, {"Codec", 0, 2, &kId, "t"})
                .message()
                .find("offset 30: header suffix 's' where 't' was expected"),
            std::string::npos);
  EXPECT_NE(
      Header({1, 2, 3, 4}, {"Codec", 0, 2, &kId, ""}).message().find("no Lucene codec header"),
      std::string::npos);
}

TEST(CodecHeaderTest, FooterChecksAndCrc) {
  auto bytes = File("Codec", 0, "");
  bytes[5] ^= 1;
  const io::FileSlice flipped = io::FileSlice::FromBytes("f", bytes);
  const Status bad_crc = CheckFooter(flipped, true);
  EXPECT_NE(bad_crc.message().find("f: offset " + std::to_string(bytes.size() - 8) +
                                   ": checksum mismatch"),
            std::string::npos)
      << bad_crc.ToString();
  EXPECT_TRUE(CheckFooter(flipped, false).ok());  // salvage mode: structure only

  bytes = File("Codec", 0, "");
  bytes.resize(bytes.size() - 3);
  EXPECT_NE(CheckFooter(io::FileSlice::FromBytes("f", bytes), false).message().find("footer magic"),
            std::string::npos);
  EXPECT_NE(CheckFooter(io::FileSlice::FromBytes("f", {1, 2}), false).message().find("too short"),
            std::string::npos);
}

}  // namespace
}  // namespace shardlift::lucene
