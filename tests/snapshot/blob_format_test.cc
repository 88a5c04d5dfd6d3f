// The checksummed blob framing (docs/snapshot-repository-format.md §2): footer and CRC first,
// then codec and version, the body to its exact end, DFL bodies sniffed and inflated.
#include "snapshot/blob_format.h"

#include <gtest/gtest.h>

#include "blob_builder.h"

namespace shardlift::snapshot {
namespace {

using testing::BlobBytes;
using testing::Deflated;

io::FileSlice Slice(const std::string& bytes, const std::string& name = "repo/snap-x.dat") {
  return io::FileSlice::FromBytes(name, {bytes.begin(), bytes.end()});
}

TEST(BlobFormat, ReadsAJsonBody) {
  const Result<Blob> blob =
      ReadBlob(Slice(BlobBytes("snapshot", R"({"name":"s1"})")), kSnapshotCodec);
  ASSERT_TRUE(blob.ok()) << blob.status().ToString();
  EXPECT_EQ(blob->dom["name"], "s1");
  EXPECT_FALSE(blob->compressed);
  // The body slice starts after magic, "snapshot" and the version.
  EXPECT_EQ(blob->body.Describe(0), "repo/snap-x.dat: offset 17 (snapshot body +0)");
}

TEST(BlobFormat, InflatesADeflateBody) {
  const Result<Blob> blob =
      ReadBlob(Slice(BlobBytes("metadata", Deflated(R"({"meta-data":{"version":3}})"))),
               kGlobalMetadataCodec);
  ASSERT_TRUE(blob.ok()) << blob.status().ToString();
  EXPECT_TRUE(blob->compressed);
  EXPECT_EQ(blob->dom["meta-data"]["version"], 3);
}

TEST(BlobFormat, ChecksumIsCheckedBeforeAnythingElse) {
  std::string bytes = BlobBytes("snapshot", R"({"name":"s1"})");
  bytes[5] ^= 0x20;  // the codec name: the CRC must catch it first
  const Status status = ReadBlob(Slice(bytes), kSnapshotCodec).status();
  EXPECT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("repo/snap-x.dat"), std::string::npos) << status.ToString();
  EXPECT_NE(status.message().find("checksum"), std::string::npos) << status.ToString();
}

TEST(BlobFormat, RefusesAnotherCodecOrVersion) {
  Status status = ReadBlob(Slice(BlobBytes("snapshots", "{}")), kSnapshotCodec).status();
  EXPECT_TRUE(status.IsCorruption()) << status.ToString();
  EXPECT_NE(status.message().find("snapshots"), std::string::npos) << status.ToString();
  status = ReadBlob(Slice(BlobBytes("snapshot", "{}", 2)), kSnapshotCodec).status();
  EXPECT_TRUE(status.IsCorruption()) << status.ToString();
}

TEST(BlobFormat, BodyMustEndAtTheFooter) {
  const Status status =
      ReadBlob(Slice(BlobBytes("snapshot", R"({"name":"s1"} x)")), kSnapshotCodec).status();
  EXPECT_TRUE(status.IsCorruption()) << status.ToString();
  EXPECT_NE(status.message().find("snapshot body"), std::string::npos) << status.ToString();
}

TEST(BlobFormat, TruncatedBlobsFail) {
  const std::string good = BlobBytes("snapshot", R"({"name":"s1"})");
  for (size_t length : {size_t{0}, size_t{4}, size_t{16}, good.size() - 1}) {
    EXPECT_FALSE(ReadBlob(Slice(good.substr(0, length)), kSnapshotCodec).ok()) << length;
  }
}

}  // namespace
}  // namespace shardlift::snapshot
