// Repository data, snapshot info, shard file lists and the choice of a snapshot
// (docs/snapshot-repository-format.md §3, §4, §6.1, §7): the grammar of each, what is refused,
// and that a snapshot is never guessed.
#include "snapshot/repository.h"

#include <gtest/gtest.h>

#include "blob_builder.h"
#include "snapshot/repository_data.h"
#include "snapshot/shard_snapshot.h"
#include "snapshot/snapshot_info.h"

namespace shardlift::snapshot {
namespace {

using es5::testing::TempDir;
using es5::testing::WriteFile;
using testing::BlobBytes;

io::FileSlice Slice(const std::string& bytes, const std::string& name = "repo/index-3") {
  return io::FileSlice::FromBytes(name, {bytes.begin(), bytes.end()});
}

nlohmann::ordered_json Json(const std::string& text) { return nlohmann::ordered_json::parse(text); }

TEST(RepositoryData, ReadsBothFormsOf5x) {
  // 5.5+: uuid lists and states; 5.0–5.4: {name, uuid} lists, no state; a 2.x-era name.
  const Result<RepositoryData> data = ParseRepositoryData(
      Slice(
          R"({"snapshots":[{"name":"s2","uuid":"U2","state":1},"test_1",{"name":"s3","uuid":"U3"}],
                "indices":{"multi":{"id":"Id1","snapshots":["U2"]},
                           "old":{"id":"old","snapshots":[{"name":"test_1","uuid":"test_1"}]}}})"),
      Layout::kEs5);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  ASSERT_EQ(data->snapshots.size(), 3u);
  EXPECT_EQ(data->snapshots[0].uuid, "U2");
  EXPECT_EQ(data->snapshots[0].state, SnapshotState::kSuccess);
  EXPECT_EQ(data->snapshots[1].name, "test_1");
  EXPECT_EQ(data->snapshots[1].uuid, "test_1");
  EXPECT_FALSE(data->snapshots[2].state.has_value());
  EXPECT_EQ(data->IndexDir("multi"), "Id1");
  EXPECT_EQ(data->IndexDir("old"), "old");
  EXPECT_FALSE(data->IndexDir("other").has_value());
}

TEST(RepositoryData, RefusesWhatWouldMisleadAReader) {
  for (const std::string bad :
       {R"({"snapshots":[{"name":"a","uuid":"U"},{"name":"a","uuid":"V"}]})",  // name twice
        R"({"snapshots":[{"name":"a","uuid":"../x"}]})",                       // a path
        R"({"snapshots":[{"name":"a","uuid":"U","state":9}]})",                // no state
        R"({"snapshots":{}})", R"({"indices":{"a":{"id":"x/y"}}})", R"([])", R"({"a":)"}) {
    const Status status = ParseRepositoryData(Slice(bad), Layout::kEs5).status();
    EXPECT_TRUE(status.IsCorruption()) << bad << ": " << status.ToString();
    EXPECT_NE(status.message().find("repo/index-3"), std::string::npos) << status.ToString();
  }
  // 2.x lists names only.
  EXPECT_FALSE(
      ParseRepositoryData(Slice(R"({"snapshots":[{"name":"a","uuid":"U"}]})"), Layout::kEs2).ok());
}

TEST(RepositoryData, LayoutAndGenerationFromTheListing) {
  TempDir dir;
  WriteFile(dir / "r5/index-0", R"({"snapshots":[]})");
  WriteFile(dir / "r5/index-12", R"({"snapshots":[{"name":"new","uuid":"N"}]})");
  WriteFile(dir / "r5/index-9", R"({"snapshots":[{"name":"old","uuid":"O"}]})");
  WriteFile(dir / "r5/index", R"({"snapshots":["legacy"]})");  // 2.x leftover: index-N wins
  WriteFile(dir / "r5/index.latest", es5::testing::Bytes().Long(9).str());
  const Result<RepositoryData> five = ReadRepositoryData(dir / "r5");
  ASSERT_TRUE(five.ok()) << five.status().ToString();
  EXPECT_EQ(five->layout, Layout::kEs5);
  EXPECT_EQ(five->generation, 12);
  ASSERT_EQ(five->snapshots.size(), 1u);
  EXPECT_EQ(five->snapshots[0].name, "new");
  ASSERT_EQ(five->warnings.size(), 1u);
  EXPECT_NE(five->warnings[0].find("index.latest says generation 9"), std::string::npos);

  WriteFile(dir / "r2/index", R"({"snapshots":["b","a"]})");
  WriteFile(dir / "r2/snap-a.dat", "");
  const Result<RepositoryData> two = ReadRepositoryData(dir / "r2");
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  EXPECT_EQ(two->layout, Layout::kEs2);
  EXPECT_EQ(two->IndexDir("any"), "any");
  ASSERT_EQ(two->warnings.size(), 1u);  // `index` names b, no snap-b.dat

  std::filesystem::create_directories(dir / "empty");
  EXPECT_TRUE(ReadRepositoryData(dir / "empty").status().IsNotFound());
}

TEST(SnapshotInfo, ParsesEveryField) {
  const io::FileSlice where = Slice("", "repo/snap-U.dat");
  const Result<SnapshotInfo> info = ParseSnapshotInfo(
      Json(R"({"snapshot":{"name":"p1","uuid":"U","version_id":5061699,"indices":["a","b"],
           "state":"PARTIAL","start_time":1000,"end_time":2500,"total_shards":4,
           "successful_shards":2,"failures":[{"index":"b","index_uuid":"b","shard_id":1,
           "reason":"primary shard is not allocated","status":"INTERNAL_SERVER_ERROR"}]}})"),
      where);
  ASSERT_TRUE(info.ok()) << info.status().ToString();
  EXPECT_EQ(info->state, SnapshotState::kPartial);
  EXPECT_FALSE(info->complete());
  EXPECT_EQ(info->indices, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(info->failures.size(), 1u);
  EXPECT_EQ(info->failures[0].shard_id, 1);
  EXPECT_EQ(FormatTimestamp(info->end_time_ms), "1970-01-01T00:00:02.500Z");
  EXPECT_FALSE(ParseSnapshotInfo(Json(R"({"snapshot":{"name":"x","state":"DONE"}})"), where).ok());
  EXPECT_FALSE(ParseSnapshotInfo(Json(R"({"snapshot":{"state":"SUCCESS"}})"), where).ok());
}

// A shard snapshot's file list with one segments_N and `extra` more entries.
std::string FileList(const std::string& extra) {
  return R"({"name":"s1","index_version":3,"files":[{"name":"__0","physical_name":"segments_3",)"
         R"("length":5})" +
         extra + "]}";
}

TEST(ShardSnapshot, ParsesFileInfoAndParts) {
  const Result<ShardSnapshot> files = ParseShardSnapshot(
      Json(FileList(R"(,{"name":"__a","physical_name":"_0.cfs","length":2500,"checksum":"1z",)"
                    R"("part_size":1000,"written_by":"6.6.0"},)"
                    R"({"name":"__b","physical_name":"_0.si","length":10,)"
                    R"("part_size":9223372036854775807})")),
      Slice(""));
  ASSERT_TRUE(files.ok()) << files.status().ToString();
  ASSERT_EQ(files->files.size(), 3u);
  const FileInfo& cfs = files->files[1];
  EXPECT_EQ(cfs.checksum, 71u);  // "1z" in base 36
  EXPECT_EQ(cfs.PartCount(), 3u);
  EXPECT_EQ(files->files[0].PartCount(), 1u);  // no part_size
  EXPECT_EQ(files->files[2].PartCount(), 1u);  // ES 5.6.16's Long.MAX_VALUE
}

TEST(ShardSnapshot, RefusesWhatEsRefusesOrWhatIsAmbiguous) {
  for (const std::string& extra :
       {std::string(R"(,{"name":"__1","physical_name":"a","length":1,"extra":1})"),
        std::string(R"(,{"name":"x1","physical_name":"a","length":1})"),
        std::string(R"(,{"name":"__1","physical_name":"../a","length":1})"),
        std::string(R"(,{"name":"__1","physical_name":"segments_3","length":1})"),
        std::string(R"(,{"name":"__0","physical_name":"b","length":1})"),
        std::string(R"(,{"name":"__1","physical_name":"segments_4","length":1})"),
        std::string(R"(,{"name":"__1","physical_name":"a","length":1,"part_size":0})"),
        std::string(R"(,{"name":"__1","physical_name":"a","length":-1})"),
        std::string(R"(,{"name":"__1","physical_name":"a","length":1,"checksum":"!"})"),
        std::string(R"(,{"name":"__1","physical_name":"a","length":1,"meta_hash":"x"})")}) {
    const Status status = ParseShardSnapshot(Json(FileList(extra)), Slice("")).status();
    EXPECT_TRUE(status.IsCorruption()) << extra << ": " << status.ToString();
  }
  const Status virtual_blob =
      ParseShardSnapshot(Json(FileList(R"(,{"name":"v__1","physical_name":"a","length":1})")),
                         Slice(""))
          .status();
  EXPECT_TRUE(virtual_blob.IsUnsupported()) << virtual_blob.ToString();
  EXPECT_FALSE(ParseShardSnapshot(Json(R"({"name":"s1","files":[]})"), Slice("")).ok());
}

// A repository of snapshots `names` (uuid = "U" + name), each SUCCESS but `failed`, started in
// the order given.
void WriteRepository(const std::string& dir, const std::vector<std::string>& names,
                     const std::string& failed = "") {
  std::string entries;
  int64_t start = 1000;
  for (const std::string& name : names) {
    if (!entries.empty()) entries += ',';
    entries.append(R"({"name":")").append(name).append(R"(","uuid":"U)").append(name).append("\"}");
    std::string info = R"({"snapshot":{"name":")";
    info.append(name).append(R"(","uuid":"U)").append(name).append(R"(","indices":[],"state":")");
    info.append(name == failed ? "FAILED" : "SUCCESS").append(R"(","start_time":)");
    info.append(std::to_string(start += 1000)).append("}}");
    WriteFile(dir + "/snap-U" + name + ".dat", BlobBytes("snapshot", info));
  }
  WriteFile(dir + "/index-0", R"({"snapshots":[)" + entries + "]}");
}

TEST(Repository, SelectsByNameLatestOrTheOnlyOne) {
  TempDir dir;
  WriteRepository(dir / "one", {"only"});
  const Result<Repository> one = Repository::Open(dir / "one");
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->Select("").value().name, "only");

  WriteRepository(dir / "many", {"a", "b", "c"}, "c");
  const Result<Repository> many = Repository::Open(dir / "many");
  ASSERT_TRUE(many.ok());
  EXPECT_EQ(many->Select("a").value().uuid, "Ua");
  EXPECT_EQ(many->Select(kLatest).value().name, "b");  // c started later, but FAILED
  const Status unnamed = many->Select("").status();
  EXPECT_EQ(unnamed.code(), Status::Code::kInvalidArgument);
  for (const char* listed :
       {"\n  a  uuid Ua  SUCCESS", "\n  b  uuid Ub", "\n  c  uuid Uc  FAILED"}) {
    EXPECT_NE(unnamed.message().find(listed), std::string::npos) << unnamed.ToString();
  }
  const Status unknown = many->Select("d").status();
  EXPECT_TRUE(unknown.IsNotFound());
  EXPECT_NE(unknown.message().find("\n  a  uuid Ua"), std::string::npos) << unknown.ToString();

  WriteRepository(dir / "named-latest", {"latest", "x"});
  const Result<Repository> named = Repository::Open(dir / "named-latest");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->Select(kLatest).status().code(), Status::Code::kInvalidArgument);
}

TEST(Repository, SnapshotInfoMustBeTheOneListed) {
  TempDir dir;
  WriteRepository(dir / "r", {"a", "b"});
  std::filesystem::copy_file(dir / "r/snap-Ub.dat", dir / "r/snap-Ua.dat",
                             std::filesystem::copy_options::overwrite_existing);
  const Result<Repository> repository = Repository::Open(dir / "r");
  ASSERT_TRUE(repository.ok());
  const Status status = repository->Select("a").status();
  EXPECT_TRUE(status.IsCorruption()) << status.ToString();
  EXPECT_NE(status.message().find("snap-Ua.dat"), std::string::npos) << status.ToString();
}

}  // namespace
}  // namespace shardlift::snapshot
