// Hostile and damaged inputs, one case per class (the issue "Never lose a document silently,
// never touch the source, never hang"): each builds a damaged copy of the es5-synth fixture at
// test time and runs the shardlift binary on it through HostileCase, which checks the source
// manifest, the peak RSS (≤ 256 MB) and the wall clock of every run.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "hostile_case.h"
#include "lucene/codec_header.h"
#include "lucene/segment_infos.h"

namespace shardlift::hostile {
namespace {

namespace fs = std::filesystem;
using es5::testing::Bytes;

constexpr char kFixture[] = "fixtures/es5-synth/single/data";
constexpr char kNode[] = "nodes/0";
constexpr char kCatalog[] = "nodes/0/indices/AvfjW8sQtuUWp6dr3qMM5Q";  // catalog: 2 segments
constexpr char kQueue[] = "nodes/0/indices/4PGOM5wXI--F8teX8VdTce";    // translog with ops
constexpr char kQueueName[] = "queue_metrics_d1bd92a3b039400cbafc60a7a5b1e52b_2020-06";

class Hostile : public HostileCase {
 protected:
  void SetUp() override { CopyFixture(kFixture); }
};

// --- Directory read errors are errors, never absence -------------------------------------------

TEST_F(Hostile, UnreadableDirectoriesAreErrorsNamingThem) {
  for (const std::string& dir :
       {std::string(kCatalog), std::string(kNode) + "/indices", std::string(kNode) + "/_state"}) {
    SCOPED_TRACE(dir);
    const fs::path path = Path(dir);
    // As root, chmod 000 denies nothing; the child runs without CAP_DAC_OVERRIDE instead.
    fs::permissions(path, fs::perms::none);
    RunOptions options;
    options.obey_permissions = true;
    const CommandResult run = Export({}, options);
    fs::permissions(path, fs::perms::owner_all);
    const std::string listed = dir == kCatalog ? path.native() + "/_state" : path.native();
    ExpectRefused(run,
                  {"error: I/O error: " + listed + ": cannot list directory: Permission denied",
                   "nothing exported"});
  }
}

// --- A damaged translog op size is an error, not a torn tail -----------------------------------

TEST_F(Hostile, DamagedTranslogOpSizeIsAnErrorNotATornTail) {
  const fs::path tlog = Path(std::string(kQueue) + "/0/translog/translog-3.tlog");
  std::string bytes = ReadBytes(tlog);
  constexpr size_t kFirstOp = 43;  // after the header and UUID
  ASSERT_GT(bytes.size(), kFirstOp + 100) << "the generation must hold several ops";
  bytes.replace(kFirstOp, 4, Bytes().Int(0x7FFFFFF0).str());  // no checksum covers it
  WriteBytes(tlog, bytes);
  const CommandResult failed = Export();
  ExpectRefused(failed,
                {tlog.native() + ": offset 43: op size 2147483632 runs past the checkpoint"});
  EXPECT_EQ(failed.stderr_text.find("torn"), std::string::npos) << failed.stderr_text;
  // --skip-broken: the index is listed as lost, the rest exported.
  const CommandResult skipped = Export({"--skip-broken"});
  ExpectRefused(skipped, {tlog.native() + ": offset 43", "skipped as broken"});
  EXPECT_EQ(ReadBytes(Scratch("out.ndjson")).find(kQueueName), std::string::npos);
}

// --- A document whose id cannot be resolved is an error, not a nested doc ----------------------

// The .fnm of `segment` with its `_uid` field renamed, and with it renumbered to a number no
// stored field uses (the VInt after its name); both with the footer fixed.
std::vector<std::string> UidDamaged(const fs::path& fnm) {
  const std::string original = ReadBytes(fnm);
  const size_t uid = original.find(std::string("\x04_uid", 5));
  EXPECT_NE(uid, std::string::npos);
  if (uid == std::string::npos) return {};
  std::string renamed = original;
  renamed[uid + 4] = 'x';
  FixFooterCrc(renamed);
  std::string renumbered = original;
  EXPECT_LT(static_cast<uint8_t>(renumbered[uid + 5]), 0x70);
  renumbered[uid + 5] = 0x7E;
  FixFooterCrc(renumbered);
  return {renamed, renumbered};
}

TEST_F(Hostile, UnresolvableIdIsAnErrorNotANestedDoc) {
  // An index without nested fields: a doc without an id cannot be a nested one.
  const std::string events = "nodes/0/indices/l9N-BEJGo4k3zY4G5N83yf/0/index/";
  for (const std::string& damaged : UidDamaged(Path(events + "_0.fnm"))) {
    WriteBytes(Path(events + "_0.fnm"), damaged);
    const CommandResult run = Export({"--index", "events-log-*"});
    ExpectRefused(run, {"error: corrupt: " + Path(events + "_0.fdt").native() +
                        ": offset 120: segment _0 doc 1: stores neither _uid nor _id, and the "
                        "mapping of index events-log-d1bd92a3b039400cbafc60a7a5b1e52b has no "
                        "nested field (so it is no nested doc)"});
  }
  // catalog maps a nested field: docs without an id pass for nested ones only while a root doc
  // follows them (docs 0 and 1 of its _0 are deleted).
  const std::string catalog = std::string(kCatalog) + "/0/index/";
  for (const std::string& damaged : UidDamaged(Path(catalog + "_0.fnm"))) {
    WriteBytes(Path(catalog + "_0.fnm"), damaged);
    const CommandResult run = Export({"--index", "catalog"});
    ExpectRefused(run, {"error: corrupt: " + Path(catalog + "_0.fdt").native() +
                        ": offset 223: segment _0 doc 2: stores neither _uid nor _id, and no "
                        "root document with an id follows it in the segment"});
    EXPECT_EQ(run.stderr_text.find("nested docs skipped"), std::string::npos) << run.stderr_text;
  }
}

// --- Structural impossibilities: a segment listed twice, doc counts that disagree --------------

TEST_F(Hostile, SegmentListedTwiceIsAnError) {
  const fs::path index = Path(std::string(kCatalog) + "/0/index");
  const fs::path commit = index / "segments_2";
  std::string bytes = ReadBytes(commit);
  const auto infos = lucene::ReadSegmentInfos(*io::FileSlice::Open(commit.native()), 2, {});
  ASSERT_TRUE(infos.ok()) << infos.status().ToString();
  ASSERT_EQ(infos->segments.size(), 2u);
  const auto offset_of = [](const std::string& location) {
    return std::stoul(location.substr(location.rfind("offset ") + 7));
  };
  const size_t first = offset_of(infos->segments[0].location);
  const size_t second = offset_of(infos->segments[1].location);
  // The count (int32) sits before the minimum segment version (3 one-byte VInts, format 6).
  ASSERT_EQ(infos->format, lucene::kSegmentsVersion53);
  const size_t count_at = first - 3 - 4;
  ASSERT_EQ(bytes.substr(count_at, 4), Bytes().Int(2).str());
  bytes.replace(count_at, 4, Bytes().Int(3).str());
  bytes.insert(second, bytes.substr(first, second - first));  // _0 again, after itself
  FixFooterCrc(bytes);
  WriteBytes(commit, bytes);
  const CommandResult run = Export({"--index", "catalog"});
  ExpectRefused(run, {commit.native() + ": offset " + std::to_string(second) +
                      ": segment _0 is listed twice in the commit"});
}

TEST_F(Hostile, DocCountsThatDisagreeAreErrors) {
  // The .si says one doc more than the .liv, .fdx and .fdt hold.
  const fs::path si = Path(std::string(kCatalog) + "/0/index/_1.si");
  std::string bytes = ReadBytes(si);
  const size_t codec_length = static_cast<uint8_t>(bytes[4]);
  const size_t doc_count_at = 4 + 1 + codec_length + 4 + 16 + 1 + 12;  // header, version ints
  const uint32_t docs = static_cast<uint32_t>(static_cast<uint8_t>(bytes[doc_count_at + 2]) << 8 |
                                              static_cast<uint8_t>(bytes[doc_count_at + 3]));
  ASSERT_GT(docs, 0u);
  bytes.replace(doc_count_at, 4, Bytes().Int(docs + 1).str());
  FixFooterCrc(bytes);
  WriteBytes(si, bytes);
  const CommandResult run = Export({"--index", "catalog"});
  ExpectRefused(run, {Path(std::string(kCatalog) + "/0/index/_1_1.liv").native() + ": offset "});
}

// --- Versions: read as ES numbers them; refused ones are unsupported, not corrupt ---------------

TEST_F(Hostile, VersionsAreReadAsEsNumbersThem) {
  IndexState state = IndexState::Load(Path(std::string(kCatalog) + "/_state"));
  // 2.0.0-beta1, -beta2 and -rc1 are readable (ES 5 reads them too).
  for (const std::string_view id : {"2000001", "2000002", "2000051"}) {
    state.SetVersionCreated(std::string(id));
    const fs::path file = state.WriteNext();
    const CommandResult run = Export({"--index", "catalog"});
    EXPECT_EQ(run.exit_code, 0) << id << ": " << run.stderr_text;
    fs::remove(file);
  }
  state.SetVersionCreated("1070599");
  const fs::path file = state.WriteNext();
  const CommandResult run = Export({"--index", "catalog"});
  ExpectRefused(run, {"error: unsupported: " + file.native() +
                      ": offset 18 (state body +0): index catalog: created by Elasticsearch "
                      "1.7.5 (id 1070599), which shardlift does not read"});
  EXPECT_EQ(run.stderr_text.find("corrupt"), std::string::npos) << run.stderr_text;
}

// --- No hang: FIFOs, sockets and directories where files should be -----------------------------

TEST_F(Hostile, NonRegularFilesAreRefusedWithoutBlocking) {
  const std::vector<std::string> files = {std::string(kCatalog) + "/0/index/segments_2",
                                          std::string(kCatalog) + "/0/index/_0.fdt",
                                          std::string(kCatalog) + "/_state/state-3.st",
                                          std::string(kCatalog) + "/0/_state/state-3.st",
                                          std::string(kQueue) + "/0/translog/translog.ckp",
                                          std::string(kQueue) + "/0/translog/translog-3.tlog",
                                          std::string(kNode) + "/node.lock"};
  RunOptions options;
  options.timeout_seconds = 20;
  for (const std::string& file : files) {
    for (const std::string_view kind : {"FIFO", "socket", "directory"}) {
      SCOPED_TRACE(file + " as a " + std::string(kind));
      const fs::path path = Path(file);
      const std::string saved = ReadBytes(path);
      fs::remove(path);
      if (kind == "FIFO") {
        ASSERT_EQ(::mkfifo(path.c_str(), 0644), 0);
      } else if (kind == "socket") {
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        ASSERT_LT(path.native().size(), sizeof address.sun_path);
        std::copy(path.native().begin(), path.native().end(), address.sun_path);
        ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        ::close(fd);
      } else {
        fs::create_directory(path);
      }
      const CommandResult run = Export({}, options);
      ExpectRefused(run, {path.native() + ": a " + std::string(kind)});
      fs::remove(path);
      WriteBytes(path, saved);
    }
  }
}

// --- Bounded memory ------------------------------------------------------------------------------

TEST_F(Hostile, DeflateBombMappingIsRefusedWithinTheMemoryBudget) {
  // 200 MB of mapping in ~200 KB: refused at the metadata limit (8 MiB) before it is parsed.
  IndexState state = IndexState::Load(Path(std::string(kCatalog) + "/_state"));
  const std::string bomb =
      "DFL" + std::string(1, '\0') +
      DeflateRepeated("{\"product\":{\"_meta\":{\"pad\":\"", 'a', size_t{200} << 20, "\"}}}");
  state.index()["mappings"] = nlohmann::ordered_json::array(
      {nlohmann::ordered_json::binary(std::vector<uint8_t>(bomb.begin(), bomb.end()))});
  const fs::path file = state.WriteNext();
  const CommandResult run = Export();
  ExpectRefused(run, {file.native() + ": offset ", "inflates to more than 8388608 bytes"});
  std::printf("mapping bomb (%zu compressed bytes): peak RSS %lld MB\n", bomb.size(),
              static_cast<long long>(run.peak_rss_bytes >> 20));
}

TEST_F(Hostile, MappingJustUnderTheLimitIsReadWithinTheMemoryBudget) {
  // The worst shape for a DOM: ~8 MiB of one-byte members, read and exported.
  IndexState state = IndexState::Load(Path(std::string(kCatalog) + "/_state"));
  std::string members;
  for (int i = 0; members.size() < (size_t{8} << 20) - 4096; ++i) {
    members += (i == 0 ? "\"" : ",\"") + std::to_string(i) + "\":1";
  }
  const std::string json = "{\"wide\":{\"_meta\":{" + members + "}}}";  // a second type
  const std::string dfl = "DFL" + std::string(1, '\0') + DeflateRepeated(json, ' ', 0, "");
  state.index()["mappings"].push_back(
      nlohmann::ordered_json::binary(std::vector<uint8_t>(dfl.begin(), dfl.end())));
  state.WriteNext();
  const CommandResult run = Export({"--index", "catalog"});
  EXPECT_EQ(run.exit_code, 0) << run.stderr_text;
  std::printf("mapping of %zu bytes: peak RSS %lld MB\n", json.size(),
              static_cast<long long>(run.peak_rss_bytes >> 20));
}

TEST_F(Hostile, DeflateBombSourceIsRefusedWithinTheMemoryBudget) {
  // A translog op whose _source is 1 GiB of JSON in ~1 MB of DFL: refused at 100 MiB.
  const fs::path translog = Path(std::string(kCatalog) + "/0/translog");
  std::string tlog = ReadBytes(translog / "translog-3.tlog");
  const std::string bomb =
      "DFL" + std::string(1, '\0') + DeflateRepeated("{\"pad\":\"", 'a', size_t{1} << 30, "\"}");
  tlog += es5::testing::Framed(es5::testing::IndexOp("bomb", 1, 7, bomb, "product"));
  WriteBytes(translog / "translog-3.tlog", tlog);
  std::string checkpoint = ReadBytes(translog / "translog.ckp");
  const size_t body_at = checkpoint.size() - lucene::kFooterLength - 20;  // offset, ops, gen
  const std::string generation = checkpoint.substr(body_at + 12, 8);
  checkpoint.replace(body_at, 12, Bytes().Long(tlog.size()).Int(1).str());
  FixFooterCrc(checkpoint);
  WriteBytes(translog / "translog.ckp", checkpoint);
  ASSERT_EQ(checkpoint.substr(body_at + 12, 8), generation);
  const CommandResult run = Export({"--index", "catalog"});
  ExpectRefused(run, {(translog / "translog-3.tlog").native() + ": offset 43",
                      "inflates to more than 104857600 bytes"});
  std::printf("_source bomb (%zu compressed bytes): peak RSS %lld MB\n", bomb.size(),
              static_cast<long long>(run.peak_rss_bytes >> 20));
}

TEST_F(Hostile, CommitListingMillionsOfSegmentsIsRefusedWithinTheMemoryBudget) {
  // A segments_3 naming 2,000,000 segments (each record as small as the format allows).
  constexpr int32_t kSegments = 2000000;
  const fs::path index = Path(std::string(kCatalog) + "/0/index");
  Bytes commit;
  commit.Int(0x3FD76C17).VInt(8).Raw("segments").Int(lucene::kSegmentsVersion53);
  commit.Raw(std::string(16, '\x01')).Byte(1).Raw("3");  // id, suffix: generation 3 in base 36
  commit.VInt(6).VInt(6).VInt(0).Long(7).Int(9);         // written by 6.6.0, version, counter
  const size_t count_at = commit.size();
  commit.Int(kSegments).VInt(6).VInt(6).VInt(0);
  for (int32_t i = 0; i < kSegments; ++i) {
    commit.VInt(2).Raw("_0").Byte(0).VInt(0);  // name, no id (Lucene 4 style), empty codec
    commit.Long(static_cast<uint64_t>(-1)).Int(0).Long(static_cast<uint64_t>(-1));
    commit.Long(static_cast<uint64_t>(-1)).VInt(0).Int(0);
  }
  commit.VInt(0).Footer();
  WriteBytes(index / "segments_3", commit.str());
  const CommandResult run = Export({"--index", "catalog"});
  ExpectRefused(run, {(index / "segments_3").native() + ": offset " + std::to_string(count_at) +
                      ": 2000000 segments in one commit; more than the 100000 read"});
  std::printf("segments_N with %d segments (%zu bytes): peak RSS %lld MB\n", kSegments,
              commit.size(), static_cast<long long>(run.peak_rss_bytes >> 20));
}

// --- Every error names the file and the offset ---------------------------------------------------

TEST_F(Hostile, UnreadableShardStateNamesFileAndOffset) {
  const fs::path state = Path(std::string(kCatalog) + "/0/_state/state-3.st");
  WriteBytes(state, ReadBytes(state).substr(0, 60));
  const CommandResult run = Export({"--index", "catalog"});
  ExpectRefused(run, {"shard state unreadable: " + state.native() + ": offset "});
}

}  // namespace
}  // namespace shardlift::hostile
