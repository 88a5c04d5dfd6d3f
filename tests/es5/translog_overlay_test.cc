#include "es5/translog_overlay.h"

#include <gtest/gtest.h>

#include "test_files.h"

namespace shardlift::es5 {
namespace {

using testing::Bytes;
using testing::Framed;
using testing::TempDir;
using testing::WriteFile;

constexpr std::string_view kUuid = "uuid";

std::string Index(std::string_view id, uint64_t version) {
  return Bytes()
      .Byte(2)
      .VInt(7)
      .EsAscii(id)
      .EsAscii("doc")
      .VInt(2)
      .Raw("{}")
      .Byte(0)
      .Byte(0)
      .Long(version)
      .Long(0)
      .Long(static_cast<uint64_t>(-1))
      .Byte(0)
      .Long(static_cast<uint64_t>(-1))
      .str();
}

std::string Delete(std::string_view id, uint64_t version) {
  return Bytes().Byte(3).VInt(2).EsAscii("_id").EsAscii(id).Long(version).Byte(0).str();
}

TranslogOverlay Build(const TempDir& dir, const std::vector<std::string>& ops) {
  std::string tlog = Bytes().CodecHeader("translog", 2).Int(4).Raw(kUuid).str();
  for (const std::string& op : ops) tlog += Framed(op);
  WriteFile(dir / "t/translog-1.tlog", tlog);
  WriteFile(dir / "t/translog.ckp", Bytes()
                                        .CodecHeader("ckp", 1)
                                        .Long(tlog.size())
                                        .Int(static_cast<uint32_t>(ops.size()))
                                        .Long(1)
                                        .Footer()
                                        .str());
  auto translog = ShardTranslog::Open(dir / "t", kUuid, 1);
  EXPECT_TRUE(translog.ok()) << translog.status().ToString();
  auto overlay = TranslogOverlay::Build(*translog, "doc");
  EXPECT_TRUE(overlay.ok()) << overlay.status().ToString();
  return std::move(overlay).value();
}

TEST(TranslogOverlay, VersionGreaterWins) {
  TempDir dir;
  auto overlay = Build(dir, {
                                Index("kept", 1),      // 0: stale vs committed version 3
                                Index("replaced", 5),  // 1
                                Index("new", 1),       // 2
                                Delete("gone", 9),     // 3
                                Index("new", 2),       // 4: wins over 2
                                Index("revived", 2),   // 5: loses to the tombstone below
                                Delete("revived", 3),  // 6
                                Index("revived", 3),   // 7: not greater than the tombstone
                                Delete("ghost", 1),    // 8: tombstone only
                                Index("late", 4),      // 9
                                Delete("late", 2),     // 10: stale delete
                            });
  EXPECT_TRUE(overlay.KeepCommitted("doc#kept", 3));
  EXPECT_FALSE(overlay.KeepCommitted("doc#replaced", 4));
  EXPECT_FALSE(overlay.KeepCommitted("doc#gone", 8));
  EXPECT_TRUE(overlay.KeepCommitted("doc#other", 1));
  EXPECT_EQ(overlay.SurvivingOps(), (std::vector<int64_t>{1, 4, 9}));
  EXPECT_EQ(overlay.stats().index_ops, 7);
  EXPECT_EQ(overlay.stats().delete_ops, 4);
  EXPECT_EQ(overlay.stats().replaced, 1);
  EXPECT_EQ(overlay.stats().deleted, 1);
  EXPECT_EQ(overlay.stats().added, 2);  // new, late
}

}  // namespace
}  // namespace shardlift::es5
