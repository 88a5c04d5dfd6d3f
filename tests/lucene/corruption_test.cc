// Truncates and flips bytes in every file of a few fixture indices (copies in a temp dir) and
// reads the whole index each time: every case must end in a clean error that names the file and
// an offset, or, for a flip in bytes the reader does not interpret, in success. Never a crash, a
// hang or a sanitizer report. Runs with checksums verified and, to reach the parsers with
// damaged bytes, with verification off.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "fixture_util.h"
#include "lucene/index_reader.h"

namespace shardlift::lucene {
namespace {

using testing::SharedPath;

std::vector<uint8_t> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void WriteFile(const std::filesystem::path& path, const std::vector<uint8_t>& bytes, size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(size));
}

// Opens the index and reads every live document's stored fields and every doc value (NUMERIC
// and SORTED), in docid order and backwards; returns the first error.
Status ReadEverything(const std::filesystem::path& dir, bool verify) {
  ReadOptions options;
  options.verify_checksums = verify;
  Result<IndexReader> reader = IndexReader::Open(dir.string(), options);
  if (!reader.ok()) return reader.status();
  for (size_t s = 0; s < reader->num_segments(); ++s) {
    SegmentReader& segment = reader->segment(s);
    StoredFieldsReader::Cursor cursor(segment.stored_fields());
    while (cursor.NextLive(segment.live_docs())) {
      StoredFieldIterator fields = cursor.fields();
      for (StoredField f; fields.Next(f);) {
      }
      SL_RETURN_IF_ERROR(fields.status());
    }
    SL_RETURN_IF_ERROR(cursor.status());
    for (int32_t doc = segment.max_doc() - 1; doc >= 0; doc -= 97) {
      if (!cursor.Seek(doc)) return cursor.status();
    }
    for (const FieldInfo& field : segment.field_infos().fields()) {
      if (field.doc_values_type == DocValuesType::kNumeric) {
        SL_ASSIGN_OR_RETURN(const NumericDocValues* values, segment.Numeric(field.name));
        for (int32_t doc = 0; doc < segment.max_doc(); ++doc) (void)values->Get(doc);
      } else if (field.doc_values_type == DocValuesType::kSorted) {
        SL_ASSIGN_OR_RETURN(SortedDocValues * values, segment.Sorted(field.name));
        for (int32_t doc = 0; doc < segment.max_doc(); ++doc) {
          SL_RETURN_IF_ERROR(values->Get(doc).status());
        }
      }
    }
  }
  return Status();
}

// Offsets in a file of `size` bytes: the ends, the header, the footer and a spread in between.
std::set<size_t> Offsets(size_t size, std::initializer_list<double> fractions,
                         std::initializer_list<size_t> from_start,
                         std::initializer_list<size_t> from_end) {
  std::set<size_t> offsets;
  for (double f : fractions) offsets.insert(static_cast<size_t>(static_cast<double>(size) * f));
  for (size_t o : from_start) offsets.insert(o);
  for (size_t o : from_end) offsets.insert(size - std::min(size, o));
  std::erase_if(offsets, [size](size_t o) { return o >= size; });
  return offsets;
}

std::set<size_t> TruncationOffsets(size_t size) {
  return Offsets(size, {1.0 / 3, 1.0 / 2}, {0, 9}, {16, 9, 1});
}

std::set<size_t> FlipOffsets(size_t size) {
  return Offsets(size, {0.2, 1.0 / 3, 0.5, 2.0 / 3}, {4, 20, 40}, {24, 12, 1});
}

// Errors read "<path>: offset N: ..." (compound sub-files "<path>.cfs: offset N (_0.fdt +M)").
// The file named may be another than the one damaged (a .cfs whose sub-file no longer fits, a
// segments_N whose delete count the shortened .si contradicts), so only the form is required.
void ExpectLocated(const Status& status, const std::string& what) {
  EXPECT_NE(status.message().find(": offset "), std::string::npos)
      << what << ": " << status.ToString();
}

void Mutilate(const std::string& relative, bool zipped) {
  SL_REQUIRE_SHARED(relative);
  testing::TempDir temp("corrupt_" + std::filesystem::path(relative).filename().string());
  std::filesystem::path source = SharedPath(relative);
  if (zipped) {
    ASSERT_TRUE(testing::Unzip(source, temp.path() / "zip"));
    source = testing::FindIndexDir(temp.path() / "zip");
  }
  const std::filesystem::path dir = temp.path() / "index";
  testing::CopyIndex(source, dir);
  ASSERT_TRUE(ReadEverything(dir, true).ok());

  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  int cases = 0;
  for (const auto& path : files) {
    const std::string name = path.filename().string();
    if (name == "write.lock") continue;
    const std::vector<uint8_t> original = ReadFile(path);
    for (size_t at : TruncationOffsets(original.size())) {
      WriteFile(path, original, at);
      for (bool verify : {true, false}) {
        const std::string what =
            name + " truncated to " + std::to_string(at) + (verify ? "" : " (no checksums)");
        const Status status = ReadEverything(dir, verify);
        ASSERT_FALSE(status.ok()) << what;
        ExpectLocated(status, what);
        ++cases;
      }
    }
    for (size_t at : FlipOffsets(original.size())) {
      std::vector<uint8_t> flipped = original;
      flipped[at] ^= 0xA5;
      WriteFile(path, flipped, flipped.size());
      for (bool verify : {true, false}) {
        const Status status = ReadEverything(dir, verify);
        ++cases;
        if (status.ok()) continue;  // a byte the reader never interprets (or ignores unverified)
        ExpectLocated(status, name + " flipped at " + std::to_string(at));
      }
    }
    WriteFile(path, original, original.size());
  }
  ASSERT_TRUE(ReadEverything(dir, true).ok());
  EXPECT_GT(cases, 20);
}

TEST(LuceneCorruption, Lucene500CompoundRelease) {
  Mutilate("fixtures/lucene-release/lucene-5.0.0-nonempty.zip", true);
}

TEST(LuceneCorruption, Lucene666CompoundRelease) {
  Mutilate("fixtures/lucene-release/lucene-6.6.6-nonempty.zip", true);
}

TEST(LuceneCorruption, Lucene53DocValuesCompound) {
  Mutilate("fixtures/lucene-synth/l53-fast-cfs", false);
}

TEST(LuceneCorruption, Lucene6FastNonCompound) {
  Mutilate("fixtures/lucene-synth/l6-fast-nocfs", false);
}

TEST(LuceneCorruption, Lucene5HighCompound) {
  Mutilate("fixtures/lucene-synth/l5-high-cfs", false);
}

TEST(LuceneCorruption, SortedIndexCompound) {
  Mutilate("fixtures/lucene-synth/sorted-l6-high-cfs", false);
}

}  // namespace
}  // namespace shardlift::lucene
