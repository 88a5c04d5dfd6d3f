// Damaged snapshot repositories (a copy of the shared repo-5.6.0, damaged at test time): a missing
// blob, a flipped byte in a snap-*.dat or in a data blob, a truncated part of a chunked blob. Each
// is an error naming the blob (and the Lucene file it holds) with exit 1; HostileCase checks that
// the repository is never written (manifest before and after), the peak RSS and the wall clock.
#include <nlohmann/json.hpp>

#include "hostile_case.h"
#include "snapshot/blob_format.h"
#include "snapshot/shard_snapshot.h"
#include "support/shared_data.h"

namespace shardlift::hostile {
namespace {

namespace fs = std::filesystem;
using es5::testing::Bytes;

constexpr char kRepository[] = "fixtures/es-bwc-repo/repo-5.6.0.zip";
constexpr char kExpected[] = "fixtures/es-bwc-repo/repo-5.6.0.expected.ndjson.gz";
constexpr char kRootInfo[] = "snap-trHvsvSdR9CgE6osODAZ0g.dat";
constexpr char kShard[] = "indices/i4hG5B-KQz23_y44zs_t_Q/0";
constexpr char kShardFiles[] = "indices/i4hG5B-KQz23_y44zs_t_Q/0/snap-trHvsvSdR9CgE6osODAZ0g.dat";

class HostileSnapshot : public HostileCase {
 protected:
  void SetUp() override { UnzipFixture(kRepository, "repo"); }

  CommandResult ExportSnapshot() {
    return Run(
        {"export", "--quiet", "-o", Scratch("out.ndjson").native(), "snapshot:" + data().native()});
  }

  // The shard's file list.
  snapshot::ShardSnapshot Files() const {
    const snapshot::Blob blob =
        snapshot::OpenBlob(Path(kShardFiles).native(), snapshot::kSnapshotCodec).value();
    return snapshot::ParseShardSnapshot(blob.dom, blob.body).value();
  }
  // The largest file of the shard.
  snapshot::FileInfo Largest() const {
    snapshot::FileInfo largest;
    for (const snapshot::FileInfo& file : Files().files) {
      if (file.length > largest.length) largest = file;
    }
    return largest;
  }
};

TEST_F(HostileSnapshot, MissingBlobIsAnErrorNamingIt) {
  if (fixture_missing()) return;
  const snapshot::FileInfo file = Largest();
  fs::remove(Path(std::string(kShard) + "/" + file.blob));
  ExpectRefused(ExportSnapshot(),
                {Path(std::string(kShard) + "/" + file.blob).native(),
                 file.physical_name + " of snapshot test_1", "No such file or directory"});
}

TEST_F(HostileSnapshot, FlippedByteInASnapDatIsAChecksumErrorNamingIt) {
  if (fixture_missing()) return;
  for (const std::string blob : {kShardFiles, kRootInfo}) {
    std::string bytes = ReadBytes(Path(blob));
    bytes[bytes.size() / 2] ^= 0x01;
    WriteBytes(Path(blob), bytes);
    ExpectRefused(ExportSnapshot(), {Path(blob).native(), "checksum"});
    bytes[bytes.size() / 2] ^= 0x01;
    WriteBytes(Path(blob), bytes);
  }
}

TEST_F(HostileSnapshot, FlippedByteInADataBlobNamesTheBlobAndTheLuceneFile) {
  if (fixture_missing()) return;
  const snapshot::FileInfo file = Largest();
  const fs::path blob = Path(std::string(kShard) + "/" + file.blob);
  std::string bytes = ReadBytes(blob);
  bytes[bytes.size() / 3] ^= 0x01;
  WriteBytes(blob, bytes);
  ExpectRefused(ExportSnapshot(), {blob.native(), "(" + file.physical_name, "checksum"});
}

TEST_F(HostileSnapshot, ChunkedBlobsReadAndATruncatedPartIsNamed) {
  if (fixture_missing()) return;
  // The repository as `chunk_size: 1000` would have written it: every file longer than that in
  // parts of 1000 bytes, the shard's file list rewritten with part_size (as CBOR: ES sniffs the
  // body, and CBOR keeps meta_hash binary).
  const snapshot::Blob files =
      snapshot::OpenBlob(Path(kShardFiles).native(), snapshot::kSnapshotCodec).value();
  nlohmann::ordered_json dom = files.dom;
  std::string split_blob;
  for (nlohmann::ordered_json& file : dom["files"]) {
    const uint64_t length = file["length"].get<uint64_t>();
    if (length <= 1000) continue;
    const fs::path blob = Path(std::string(kShard) + "/" + file["name"].get<std::string>());
    const std::string bytes = ReadBytes(blob);
    for (uint64_t k = 0; k * 1000 < length; ++k) {
      WriteBytes(blob.native() + ".part" + std::to_string(k), bytes.substr(k * 1000, 1000));
    }
    fs::remove(blob);
    file["part_size"] = 1000;
    if (split_blob.empty() || length > 3000) split_blob = blob.native();
  }
  ASSERT_FALSE(split_blob.empty());
  const std::vector<uint8_t> cbor = nlohmann::ordered_json::to_cbor(dom);
  WriteBytes(Path(kShardFiles), Bytes()
                                    .CodecHeader("snapshot", 1)
                                    .Raw({reinterpret_cast<const char*>(cbor.data()), cbor.size()})
                                    .Footer()
                                    .str());
  const CommandResult read = ExportSnapshot();
  ASSERT_EQ(read.exit_code, 0) << read.stderr_text;
  const es5::testing::Comparison comparison = es5::testing::CompareWithExpected(
      shardlift::testing::SharedPath(kExpected), Scratch("out.ndjson"));
  EXPECT_EQ(comparison.differences, 0u);
  EXPECT_EQ(comparison.actual, comparison.expected);

  const std::string part = split_blob + ".part2";
  WriteBytes(part, ReadBytes(part).substr(0, 999));
  ExpectRefused(ExportSnapshot(), {part + ": 999 bytes, but part 2 of"});
}

}  // namespace
}  // namespace shardlift::hostile
