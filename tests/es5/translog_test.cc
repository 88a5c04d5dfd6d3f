#include "es5/translog.h"

#include <gtest/gtest.h>

#include "es5/stream_input.h"
#include "es5/translog_checkpoint.h"
#include "es5/translog_reader.h"
#include "test_files.h"

namespace shardlift::es5 {
namespace {

using testing::Bytes;
using testing::Checkpoint5;
using testing::Framed;
using testing::IndexOp;
using testing::TempDir;
using testing::WriteFile;

constexpr std::string_view kUuid = "-H2LIUnKv9W8yweDues3ow";

std::string Header(std::string_view uuid = kUuid) { return testing::TranslogHeader(uuid); }

std::string DeleteOp2(std::string_view uid_field, std::string_view uid, uint64_t version) {
  return Bytes().Byte(3).VInt(2).EsAscii(uid_field).EsAscii(uid).Long(version).Byte(0).str();
}

std::string DeleteOp3(std::string_view type, std::string_view id, uint64_t version) {
  std::string uid = std::string(type) + "#" + std::string(id);
  return Bytes()
      .Byte(3)
      .VInt(3)
      .EsAscii(type)
      .EsAscii(id)
      .EsAscii("_uid")
      .EsAscii(uid)
      .Long(version)
      .Byte(0)
      .str();
}

io::FileSlice Slice(const std::string& path) { return *io::FileSlice::Open(path); }

TEST(StreamInput, DecodesModifiedUtf8AndJoinsSurrogates) {
  TempDir dir;
  // "a", "é" (2 bytes), "€" (3 bytes), U+1F600 as a surrogate pair, then a lone high surrogate.
  const std::string bytes = Bytes().EsString(u"a\u00e9\u20ac\xd83d\xde00\xd800").str();
  WriteFile(dir / "s", bytes);
  const io::FileSlice slice = Slice(dir / "s");
  io::DataInput in(slice);
  std::string out;
  ReadEsString(in, &out);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(out, "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xef\xbf\xbd");
}

TEST(StreamInput, RejectsBadBytesAndOverlongCounts) {
  TempDir dir;
  WriteFile(dir / "s", Bytes().VInt(1).Byte(0x80).str());
  io::FileSlice slice = Slice(dir / "s");
  io::DataInput in(slice);
  std::string out;
  ReadEsString(in, &out);
  EXPECT_TRUE(in.status().IsCorruption());
  WriteFile(dir / "t", Bytes().VInt(1000).Byte('a').str());
  io::FileSlice slice2 = Slice(dir / "t");
  io::DataInput in2(slice2);
  ReadEsString(in2, &out);
  EXPECT_TRUE(in2.status().IsCorruption());
}

TEST(Checkpoint, ReadsBothFormats) {
  TempDir dir;
  WriteFile(dir / "a.ckp", Checkpoint5(18541, 100, 270));
  auto five = ReadCheckpoint(Slice(dir / "a.ckp"));
  ASSERT_TRUE(five.ok()) << five.status().ToString();
  EXPECT_EQ(five->offset, 18541);
  EXPECT_EQ(five->num_ops, 100);
  EXPECT_EQ(five->generation, 270);
  EXPECT_FALSE(five->legacy);
  WriteFile(dir / "b.ckp", Bytes().Long(43).Int(0).Long(3).str());
  auto two = ReadCheckpoint(Slice(dir / "b.ckp"));
  ASSERT_TRUE(two.ok());
  EXPECT_TRUE(two->legacy);
  EXPECT_EQ(two->generation, 3);
  std::string bad = Checkpoint5(1, 1, 1);
  bad[14] ^= 1;
  WriteFile(dir / "c.ckp", bad);
  EXPECT_TRUE(ReadCheckpoint(Slice(dir / "c.ckp")).status().IsCorruption());
  WriteFile(dir / "d.ckp", "short");
  EXPECT_TRUE(ReadCheckpoint(Slice(dir / "d.ckp")).status().IsCorruption());
}

struct Written {
  std::string path;
  Checkpoint checkpoint;
};

Written WriteTlog(const TempDir& dir, const std::string& name, const std::vector<std::string>& ops,
                  const std::string& tail = "") {
  std::string bytes = Header();
  for (const std::string& op : ops) bytes += Framed(op);
  Checkpoint checkpoint;
  checkpoint.offset = static_cast<int64_t>(bytes.size());
  checkpoint.num_ops = static_cast<int32_t>(ops.size());
  checkpoint.generation = 1;
  WriteFile(dir / name, bytes + tail);
  return {dir / name, checkpoint};
}

TEST(TranslogReader, ReadsIndexAndDeleteOpsOfAllFormats) {
  TempDir dir;
  const Written w =
      WriteTlog(dir, "translog-1.tlog",
                {IndexOp("1", 2, 6), IndexOp("2", 1, 7), DeleteOp2("_uid", "doc#a#b", 3),
                 DeleteOp2("_id", "x", 4), DeleteOp3("t", "y#z", 5)},
                "garbage past the checkpoint");
  auto reader = TranslogReader::Open(Slice(w.path), w.checkpoint, kUuid, true);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  TranslogOp op;
  std::vector<std::string> seen;
  while (true) {
    auto more = reader->Next(&op);
    ASSERT_TRUE(more.ok()) << more.status().ToString();
    if (!*more) break;
    seen.push_back(std::string(op.kind == TranslogOp::Kind::kIndex ? "I " : "D ") + op.type + "|" +
                   op.id + "|" + std::to_string(op.version));
    if (op.kind == TranslogOp::Kind::kIndex) {
      EXPECT_EQ(std::string(reinterpret_cast<const char*>(op.source.data()), op.source.size()),
                "{\"a\":1}");
      EXPECT_TRUE(op.has_routing);
      EXPECT_EQ(op.routing, "r1");
      EXPECT_FALSE(op.has_parent);
    }
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"I doc|1|2", "I doc|2|1", "D doc|a#b|3", "D |x|4",
                                            "D t|y#z|5"}));
  EXPECT_TRUE(reader->torn_tail().empty());
}

TEST(TranslogReader, UuidMismatchFails) {
  TempDir dir;
  const Written w = WriteTlog(dir, "translog-1.tlog", {IndexOp("1", 1)});
  auto reader = TranslogReader::Open(Slice(w.path), w.checkpoint, "other", true);
  ASSERT_TRUE(reader.status().IsCorruption());
  EXPECT_NE(reader.status().message().find("does not match"), std::string::npos);
}

TEST(TranslogReader, BadCrcMidFileIsAnErrorButATornTailIsAWarning) {
  TempDir dir;
  Written w = WriteTlog(dir, "translog-1.tlog", {IndexOp("1", 1), IndexOp("2", 1)});
  std::string bytes = Header() + Framed(IndexOp("1", 1)) + Framed(IndexOp("2", 1));
  const size_t first_op_byte = Header().size() + 10;
  std::string mid = bytes;
  mid[first_op_byte] ^= 0x01;
  WriteFile(w.path, mid);
  auto reader = TranslogReader::Open(Slice(w.path), w.checkpoint, kUuid, true);
  ASSERT_TRUE(reader.ok());
  TranslogOp op;
  auto first = reader->Next(&op);
  ASSERT_TRUE(first.status().IsCorruption());
  EXPECT_NE(first.status().message().find("translog-1.tlog: offset"), std::string::npos);

  std::string tail = bytes;
  tail[bytes.size() - 3] ^= 0x01;  // inside the last op's CRC
  WriteFile(w.path, tail);
  auto torn = TranslogReader::Open(Slice(w.path), w.checkpoint, kUuid, true);
  ASSERT_TRUE(torn.ok());
  EXPECT_TRUE(*torn->Next(&op));
  auto end = torn->Next(&op);
  ASSERT_TRUE(end.ok()) << end.status().ToString();
  EXPECT_FALSE(*end);
  EXPECT_NE(torn->torn_tail().find("checksum"), std::string::npos);

  // The same damage in an older (frozen) generation is corruption.
  auto frozen = TranslogReader::Open(Slice(w.path), w.checkpoint, kUuid, false);
  ASSERT_TRUE(frozen.ok());
  EXPECT_TRUE(*frozen->Next(&op));
  EXPECT_TRUE(frozen->Next(&op).status().IsCorruption());

  // A file cut short of its checkpoint: torn tail.
  WriteFile(w.path, bytes.substr(0, bytes.size() - 5));
  auto cut = TranslogReader::Open(Slice(w.path), w.checkpoint, kUuid, true);
  ASSERT_TRUE(cut.ok());
  EXPECT_TRUE(*cut->Next(&op));
  auto cut_end = cut->Next(&op);
  ASSERT_TRUE(cut_end.ok());
  EXPECT_FALSE(*cut_end);
  EXPECT_FALSE(cut->torn_tail().empty());
}

// The size prefix is outside every checksum: a damaged one in the middle must not turn the
// complete ops after it into a "torn tail".
TEST(TranslogReader, DamagedSizeBeforeCompleteOpsIsAnError) {
  TempDir dir;
  const Written w =
      WriteTlog(dir, "translog-1.tlog", {IndexOp("1", 1), IndexOp("2", 1), IndexOp("3", 1)});
  const std::string bytes =
      Header() + Framed(IndexOp("1", 1)) + Framed(IndexOp("2", 1)) + Framed(IndexOp("3", 1));
  const size_t second_op = Header().size() + Framed(IndexOp("1", 1)).size();
  for (const uint32_t size :
       {0x7FFFFFF0u, 2u, 0xFFFFFFFFu, static_cast<uint32_t>(Framed(IndexOp("2", 1)).size() + 3)}) {
    std::string damaged = bytes;
    damaged.replace(second_op, 4, Bytes().Int(size).str());
    WriteFile(w.path, damaged);
    auto reader = TranslogReader::Open(Slice(w.path), w.checkpoint, kUuid, true);
    ASSERT_TRUE(reader.ok());
    TranslogOp op;
    EXPECT_TRUE(*reader->Next(&op));
    const auto second = reader->Next(&op);
    ASSERT_TRUE(second.status().IsCorruption()) << size;
    EXPECT_NE(second.status().message().find("translog-1.tlog: offset "), std::string::npos)
        << second.status().message();
    EXPECT_TRUE(reader->torn_tail().empty());
  }
}

TEST(TranslogReader, UnknownFormatsAndOpTypesFail) {
  TempDir dir;
  for (const std::string& op : {IndexOp("1", 1, 5), Bytes().Byte(9).VInt(1).str(),
                                Bytes().Byte(3).VInt(4).str(), IndexOp("1", 1) + "x"}) {
    const Written w = WriteTlog(dir, "translog-1.tlog", {op, IndexOp("2", 1)});
    auto reader = TranslogReader::Open(Slice(w.path), w.checkpoint, kUuid, true);
    ASSERT_TRUE(reader.ok());
    TranslogOp decoded;
    EXPECT_TRUE(reader->Next(&decoded).status().IsCorruption());
  }
}

TEST(ShardTranslog, ReplaysFromTheCommitGenerationToTheCurrentOne) {
  TempDir dir;
  const std::string t = dir / "translog";
  const std::string gen1 = Header() + Framed(IndexOp("stale", 1));
  const std::string gen2 = Header() + Framed(IndexOp("a", 1));
  const std::string gen3 = Header() + Framed(IndexOp("b", 1)) + Framed(DeleteOp3("doc", "a", 2));
  WriteFile(t + "/translog-1.tlog", gen1);
  WriteFile(t + "/translog-1.ckp", Checkpoint5(gen1.size(), 1, 1));
  WriteFile(t + "/translog-2.tlog", gen2);
  WriteFile(t + "/translog-2.ckp", Checkpoint5(gen2.size(), 1, 2));
  WriteFile(t + "/translog-3.tlog", gen3 + "torn");
  WriteFile(t + "/translog.ckp", Checkpoint5(gen3.size(), 2, 3));
  auto translog = ShardTranslog::Open(t, kUuid, 2);
  ASSERT_TRUE(translog.ok()) << translog.status().ToString();
  EXPECT_EQ(translog->expected_ops(), 3);
  std::vector<std::string> ids;
  TranslogOp op;
  for (TranslogReader& reader : translog->generations()) {
    while (*reader.Next(&op)) ids.push_back(op.id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "a"}));

  EXPECT_TRUE(ShardTranslog::Open(t, kUuid, 4).status().IsCorruption());
  EXPECT_TRUE(ShardTranslog::Open(t, kUuid, 0).status().IsNotFound());  // translog-0.ckp missing
}

}  // namespace
}  // namespace shardlift::es5
