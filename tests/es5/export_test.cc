// pipeline::Export in-process (the library `shardlift export` prints over): the lines equal the
// fixture's expected documents, tallies reconcile, parallel output is byte-identical, a broken
// source, a pattern selecting nothing and an output inside the source are refused before anything
// is written, a failed write stops the run even under --skip-broken, and --skip-broken exports the
// rest and lists what it skipped.
#include "pipeline/export.h"

#include <gtest/gtest.h>

#include <fstream>

#include "export_harness.h"
#include "support/shared_data.h"
#include "test_files.h"

namespace shardlift::pipeline {
namespace {

namespace fs = std::filesystem;
using es5::testing::TempDir;

constexpr char kFixture[] = "fixtures/es5-synth/single";
constexpr char kCatalog[] = "nodes/0/indices/AvfjW8sQtuUWp6dr3qMM5Q";  // catalog, 280 docs

class StringSink final : public ByteSink {
 public:
  Status Append(std::string_view bytes) override {
    text += bytes;
    return Status();
  }
  std::string text;
};

struct Exported {
  ExportReport report;
  std::string lines;
};

Exported RunExport(const fs::path& data, ExportOptions options) {
  Result<Export> source = Export::Open({data.native()}, {}, std::move(options));
  EXPECT_TRUE(source.ok()) << source.status().ToString();
  if (!source.ok()) return {};
  StringSink sink;
  int64_t progress_docs = 0;
  uint64_t progress_bytes = 0;
  Exported out{source->Run(sink,
                           [&](int64_t docs, uint64_t bytes) {
                             progress_docs += docs;
                             progress_bytes += bytes;
                           }),
               std::move(sink.text)};
  EXPECT_EQ(progress_docs, out.report.emitted());
  EXPECT_EQ(progress_bytes, out.lines.size());
  return out;
}

ExportOptions Options(std::string pattern, int parallel = 1, bool skip_broken = false) {
  ExportOptions options;
  options.index_pattern = std::move(pattern);
  options.parallel = parallel;
  options.skip_broken = skip_broken;
  return options;
}

size_t CountLines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(Export, EqualsTheFixtureAndReconciles) {
  SL_REQUIRE_SHARED(kFixture);
  const fs::path base = shardlift::testing::SharedPath(kFixture);
  const Exported out = RunExport(base / "data", {});
  ASSERT_TRUE(out.report.stopped.ok()) << out.report.stopped.ToString();
  EXPECT_TRUE(out.report.broken.empty());
  EXPECT_EQ(out.report.tallies.size(), 10u);  // 11 folders, one a deleted index
  for (const auto& [name, tally] : out.report.tallies) EXPECT_TRUE(tally.Reconciles()) << name;
  EXPECT_EQ(CountLines(out.lines), static_cast<size_t>(out.report.emitted()));

  TempDir dir;
  std::ofstream(dir / "export.ndjson", std::ios::binary) << out.lines;
  const es5::testing::Comparison result =
      es5::testing::CompareWithExpected(base / "expected.ndjson.gz", dir / "export.ndjson");
  EXPECT_EQ(result.differences, 0u) << (result.messages.empty() ? "" : result.messages[0]);
  EXPECT_EQ(result.actual, result.expected);
}

TEST(Export, ParallelLinesAreByteIdentical) {
  SL_REQUIRE_SHARED(kFixture);
  const fs::path data = shardlift::testing::SharedPath(kFixture) / "data";
  const Exported one = RunExport(data, {});
  const Exported three = RunExport(data, Options("", 3));
  EXPECT_EQ(one.lines, three.lines);
  EXPECT_EQ(one.report.emitted(), three.report.emitted());
}

TEST(Export, PatternSelectsIndices) {
  SL_REQUIRE_SHARED(kFixture);
  const fs::path data = shardlift::testing::SharedPath(kFixture) / "data";
  const Exported out = RunExport(data, Options("catalog"));
  ASSERT_EQ(out.report.tallies.size(), 1u);
  EXPECT_EQ(out.report.tallies[0].first, "catalog");
  EXPECT_EQ(out.report.emitted(), 280);
  EXPECT_EQ(CountLines(out.lines), 280u);
}

TEST(Export, PatternSelectingNothingIsRefusedBeforeWriting) {
  SL_REQUIRE_SHARED(kFixture);
  const fs::path data = shardlift::testing::SharedPath(kFixture) / "data";
  Result<Export> source = Export::Open({data.native()}, {}, Options("nothing-*,-x"));
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  EXPECT_EQ(source->CheckSelection().message(),
            "--index nothing-*,-x selects no index of the source; nothing exported");
  StringSink sink;
  EXPECT_EQ(source->Run(sink, {}).stopped.message(), source->CheckSelection().message());
  EXPECT_EQ(sink.text, "");
}

// Fails every append after the first `accepted` bytes.
class FullSink final : public ByteSink {
 public:
  explicit FullSink(size_t accepted) : left_(accepted) {}
  Status Append(std::string_view bytes) override {
    if (bytes.size() > left_) return Status::IoError("full");
    left_ -= bytes.size();
    return Status();
  }

 private:
  size_t left_;
};

TEST(Export, AFailedWriteStopsTheRunEvenWhenSkippingBroken) {
  SL_REQUIRE_SHARED(kFixture);
  const fs::path data = shardlift::testing::SharedPath(kFixture) / "data";
  for (const int parallel : {1, 3}) {
    SCOPED_TRACE(parallel);
    Result<Export> source = Export::Open({data.native()}, {}, Options("", parallel, true));
    ASSERT_TRUE(source.ok()) << source.status().ToString();
    FullSink sink(1000);
    const ExportReport report = source->Run(sink, {});
    EXPECT_EQ(report.write_error.message(), "full");
    EXPECT_EQ(report.stopped.message(), "full");
    EXPECT_TRUE(report.broken.empty());  // the output is no broken part of the source
    EXPECT_LT(report.tallies.size(), 10u);
  }
}

class ExportDamaged : public ::testing::Test {
 protected:
  void SetUp() override {
    SL_REQUIRE_SHARED(kFixture);
    es5::testing::CopyTree(shardlift::testing::SharedPath(kFixture) / "data", data_);
  }
  fs::path Path(const std::string& relative) const { return data_ / relative; }

  TempDir dir_;
  fs::path data_ = dir_ / "data";
};

TEST_F(ExportDamaged, BrokenIndexStateRefusesBeforeWritingUnlessSkipBroken) {
  const fs::path state = Path(std::string(kCatalog) + "/_state/state-3.st");
  fs::resize_file(state, 40);
  Result<Export> source = Export::Open({data_.native()}, {}, {});
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  ASSERT_EQ(source->source_problems().size(), 1u);
  EXPECT_NE(source->source_problems()[0].find(state.native()), std::string::npos)
      << source->source_problems()[0];
  StringSink sink;
  const ExportReport refused = source->Run(sink, {});
  EXPECT_FALSE(refused.stopped.ok());
  EXPECT_EQ(sink.text, "");

  const Exported rest = RunExport(data_, Options("", 1, true));
  EXPECT_TRUE(rest.report.stopped.ok()) << rest.report.stopped.ToString();
  ASSERT_EQ(rest.report.broken.size(), 1u);
  EXPECT_GT(rest.report.emitted(), 0);
  for (const auto& [name, tally] : rest.report.tallies) EXPECT_NE(name, "catalog");
}

TEST_F(ExportDamaged, AnOutputInsideTheSourceIsRefusedAndNotCreated) {
  Result<Export> source = Export::Open({data_.native()}, {}, {});
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  const fs::path inside = Path(std::string(kCatalog) + "/export.ndjson");
  Result<std::unique_ptr<OutputFile>> output = source->OpenOutput(inside.native(), "-o");
  ASSERT_FALSE(output.ok());
  EXPECT_NE(output.status().message().find("-o " + inside.native()), std::string::npos)
      << output.status().ToString();
  EXPECT_FALSE(fs::exists(inside));
  EXPECT_TRUE(source->OpenOutput(dir_ / "export.ndjson", "-o").ok());
}

TEST_F(ExportDamaged, UnreadableShardStopsTheRunUnlessSkipBroken) {
  const fs::path fdt = Path(std::string(kCatalog) + "/0/index/_1.fdt");
  std::string bytes;
  {
    std::ifstream in(fdt, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  bytes[bytes.size() / 2] ^= 0x55;  // the file's checksum no longer matches
  std::ofstream(fdt, std::ios::binary | std::ios::trunc) << bytes;

  const Exported stopped = RunExport(data_, {});
  EXPECT_NE(stopped.report.stopped.ToString().find(fdt.native()), std::string::npos)
      << stopped.report.stopped.ToString();

  const Exported rest = RunExport(data_, Options("", 1, true));
  EXPECT_TRUE(rest.report.stopped.ok());
  ASSERT_EQ(rest.report.broken.size(), 1u);
  EXPECT_NE(rest.report.broken[0].find("catalog shard 0: stopped after"), std::string::npos)
      << rest.report.broken[0];
  EXPECT_EQ(CountLines(rest.lines), static_cast<size_t>(rest.report.emitted()));
}

}  // namespace
}  // namespace shardlift::pipeline
