// ShardDirectory: a shard snapshot's file list as a Lucene directory. It lists exactly the files
// of the list (never the blobs of other snapshots beside them), opens each from its blob(s), and
// checks the recorded length, checksum and meta_hash before it hands a file out, naming the blob
// and the Lucene file.
#include "snapshot/shard_directory.h"

#include <gtest/gtest.h>

#include "blob_builder.h"

namespace shardlift::snapshot {
namespace {

using es5::testing::TempDir;
using es5::testing::WriteFile;
using testing::LuceneFile;

struct Shard {
  TempDir dir;
  std::string cfs;  // _0.cfs, in parts of 1000 bytes
  std::string si;   // _0.si, one blob
  ShardSnapshot files;
};

// A shard directory with segments_2 (__0), _0.si (__1) and _0.cfs (__2.part0-2), and a blob of
// another snapshot (__9) that must not show.
void MakeShard(Shard& shard) {
  uint32_t cfs_crc = 0;
  uint32_t si_crc = 0;
  shard.cfs = LuceneFile(std::string(2484, 'c'), &cfs_crc);
  shard.si = LuceneFile("segment info", &si_crc);
  const std::string segments = LuceneFile("commit");
  WriteFile(shard.dir / "__0", segments);
  WriteFile(shard.dir / "__1", shard.si);
  for (int k = 0; k < 3; ++k) {
    WriteFile(shard.dir / ("__2.part" + std::to_string(k)), shard.cfs.substr(k * 1000, 1000));
  }
  WriteFile(shard.dir / "__9", "another snapshot's file");
  shard.files.name = "s1";
  shard.files.files = {
      {"__0", "segments_2", segments.size(), std::nullopt, std::nullopt, "", {}},
      {"__1",
       "_0.si",
       shard.si.size(),
       si_crc,
       std::nullopt,
       "",
       {shard.si.begin(), shard.si.end()}},
      {"__2", "_0.cfs", shard.cfs.size(), cfs_crc, 1000, "", {}},
  };
}

std::string Text(const io::FileSlice& slice) {
  return {reinterpret_cast<const char*>(slice.bytes().data()), slice.bytes().size()};
}

TEST(ShardDirectory, ListsTheFileListAndOpensEachFromItsBlobs) {
  Shard shard;
  MakeShard(shard);
  const ShardDirectory directory(shard.dir.path(), shard.files, shard.dir.path());
  EXPECT_EQ(directory.List().value(), (std::vector<std::string>{"_0.cfs", "_0.si", "segments_2"}));
  const Result<io::FileSlice> cfs = directory.Open("_0.cfs");
  ASSERT_TRUE(cfs.ok()) << cfs.status().ToString();
  EXPECT_EQ(Text(*cfs), shard.cfs);
  EXPECT_EQ(cfs->name(), "_0.cfs");
  EXPECT_EQ(cfs->Describe(2010), shard.dir / "__2.part2" + ": offset 10 (_0.cfs +2010)");
  EXPECT_EQ(directory.Describe("_0.cfs"), shard.dir / "__2.part0-2" + " (_0.cfs)");
  EXPECT_EQ(Text(directory.Open("_0.si").value()), shard.si);
  EXPECT_EQ(directory.total_bytes(), shard.cfs.size() + shard.si.size() + 22);
  EXPECT_TRUE(directory.Open("__9").status().IsNotFound());
}

TEST(ShardDirectory, RecordedChecksumMustBeTheFootersAndNamesTheBlob) {
  Shard shard;
  MakeShard(shard);
  shard.files.files[2].checksum = *shard.files.files[2].checksum + 1;
  const ShardDirectory directory(shard.dir.path(), shard.files, shard.dir.path());
  const Status status = directory.Open("_0.cfs").status();
  EXPECT_TRUE(status.IsCorruption()) << status.ToString();
  // The stored CRC sits at offset 2492 of the file: in part 2 at 492.
  EXPECT_NE(status.message().find(shard.dir / "__2.part2" + ": offset 492 (_0.cfs +2492)"),
            std::string::npos)
      << status.ToString();
  EXPECT_NE(status.message().find("the snapshot's file list records"), std::string::npos);
}

TEST(ShardDirectory, LengthMetaHashAndMissingBlobsAreErrorsNamingThem) {
  Shard shard;
  MakeShard(shard);
  shard.files.files[1].length += 1;
  shard.files.files[0].meta_hash = {'x'};
  std::filesystem::remove(shard.dir / "__2.part1");
  const ShardDirectory directory(shard.dir.path(), shard.files, shard.dir.path());
  Status status = directory.Open("_0.si").status();
  EXPECT_NE(status.message().find(shard.dir / "__1" + ": " + std::to_string(shard.si.size()) +
                                  " bytes, but the snapshot's file list says"),
            std::string::npos)
      << status.ToString();
  EXPECT_NE(status.message().find("_0.si of snapshot s1"), std::string::npos) << status.ToString();
  status = directory.Open("segments_2").status();
  EXPECT_NE(status.message().find("meta_hash"), std::string::npos) << status.ToString();
  status = directory.Open("_0.cfs").status();
  EXPECT_TRUE(status.IsNotFound()) << status.ToString();
  EXPECT_NE(status.message().find("__2.part1"), std::string::npos) << status.ToString();
}

}  // namespace
}  // namespace shardlift::snapshot
