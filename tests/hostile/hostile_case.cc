#include "hostile_case.h"

#include <zlib.h>

#include <algorithm>
#include <fstream>

#include "es5/compressed_xcontent.h"
#include "es5/state_file.h"
#include "support/shared_data.h"

namespace shardlift::hostile {

namespace fs = std::filesystem;

void HostileCase::CopyFixture(const std::string& relative) {
  const fs::path from = shardlift::testing::SharedPath(relative);
  if (!fs::exists(from)) {
    if (shardlift::testing::SharedDataRequired()) {
      FAIL() << "shared data missing: " << from;
    } else {
      GTEST_SKIP() << "SKIPPED: shared data missing: " << from;
    }
    return;
  }
  data_ = dir_.path() / "data";
  es5::testing::CopyTree(from, data_);
}

void HostileCase::UnzipFixture(const std::string& zip, const std::string& inner) {
  const fs::path from = shardlift::testing::SharedPath(zip);
  if (!fs::exists(from)) {
    if (shardlift::testing::SharedDataRequired()) {
      FAIL() << "shared data missing: " << from;
    } else {
      GTEST_SKIP() << "SKIPPED: shared data missing: " << from;
    }
    return;
  }
  ASSERT_TRUE(es5::testing::Unzip(from, dir_.path() / "unzipped"));
  data_ = dir_.path() / "unzipped" / inner;
}

CommandResult HostileCase::Run(const std::vector<std::string>& args, const RunOptions& options) {
  const es5::testing::SourceManifest before = es5::testing::ManifestOf(data_);
  CommandResult run = es5::testing::RunShardlift(args, options);
  EXPECT_FALSE(run.timed_out) << "shardlift still ran after " << options.timeout_seconds
                              << " s and was killed: " << run.stderr_text;
  EXPECT_LE(run.peak_rss_bytes, kMaxRssBytes)
      << "peak RSS " << (run.peak_rss_bytes >> 20) << " MB: " << run.stderr_text;
  EXPECT_EQ(es5::testing::ManifestDifference(before, es5::testing::ManifestOf(data_)), "")
      << "the run changed the source";
  return run;
}

CommandResult HostileCase::Export(const std::vector<std::string>& extra,
                                  const RunOptions& options) {
  std::vector<std::string> args = {"export", "--quiet", "-o", Scratch("out.ndjson").native()};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(data_.native());
  return Run(args, options);
}

void HostileCase::ExpectRefused(const CommandResult& run, const std::vector<std::string>& parts) {
  EXPECT_EQ(run.exit_code, 1) << run.stderr_text;
  for (const std::string& part : parts) {
    EXPECT_NE(run.stderr_text.find(part), std::string::npos) << "stderr lacks \"" << part << "\":\n"
                                                             << run.stderr_text;
  }
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteBytes(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

void FixFooterCrc(std::string& bytes) {
  const std::string crc =
      es5::testing::Bytes()
          .Long(es5::testing::Crc(std::string_view(bytes).substr(0, bytes.size() - 8)))
          .str();
  bytes.replace(bytes.size() - 8, 8, crc);
}

std::string DeflateRepeated(std::string_view prefix, char fill, size_t count,
                            std::string_view suffix) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  std::string out;
  std::vector<unsigned char> buffer(1 << 16);
  const auto feed = [&](const char* data, size_t size, int flush) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    z.avail_in = static_cast<uInt>(size);
    do {
      z.next_out = buffer.data();
      z.avail_out = static_cast<uInt>(buffer.size());
      deflate(&z, flush);
      out.append(reinterpret_cast<const char*>(buffer.data()), buffer.size() - z.avail_out);
    } while (z.avail_out == 0);
  };
  feed(prefix.data(), prefix.size(), Z_NO_FLUSH);
  const std::string block(size_t{1} << 20, fill);
  for (size_t done = 0; done < count; done += block.size()) {
    feed(block.data(), std::min(block.size(), count - done), Z_NO_FLUSH);
  }
  feed(suffix.data(), suffix.size(), Z_FINISH);
  deflateEnd(&z);
  return out;
}

IndexState IndexState::Load(const fs::path& state_dir) {
  IndexState state;
  state.dir = state_dir;
  const auto files = es5::ListStateFiles({state_dir.native()}, "state-").value();
  const es5::StateFileRef ref = es5::NewestStateCandidates(files).at(0);
  state.generation = ref.generation;
  state.dom = es5::ParseStateBody(es5::OpenStateFile(ref).value()).value();
  state.name = state.dom.begin().key();
  return state;
}

fs::path IndexState::WriteNext() const {
  const std::vector<uint8_t> cbor = nlohmann::ordered_json::to_cbor(dom);
  const fs::path path = dir / ("state-" + std::to_string(generation + 1) + ".st");
  WriteBytes(path, es5::testing::Bytes()
                       .CodecHeader("state", 1)
                       .Int(3)  // XContentType CBOR
                       .Raw({reinterpret_cast<const char*>(cbor.data()), cbor.size()})
                       .Footer()
                       .str());
  return path;
}

void IndexState::SetVersionCreated(const std::string& id) {
  nlohmann::ordered_json& settings = index()["settings"];
  if (settings.contains("index.version.created")) {
    settings["index.version.created"] = id;
  } else {
    settings["index"]["version"]["created"] = id;
  }
}

void IndexState::Rename(const std::string& new_name) {
  nlohmann::ordered_json renamed = nlohmann::ordered_json::object();
  renamed[new_name] = std::move(dom[name]);
  dom = std::move(renamed);
  name = new_name;
}

}  // namespace shardlift::hostile
