// io::MappedFile::OpenSplit: a file stored in parts reads as one, whether the parts are whole
// pages (mapped side by side) or not (copied into a scratch file); a part of the wrong size or a
// missing part is an error naming it; offsets are reported in the part that holds them.
#include <gtest/gtest.h>
#include <unistd.h>

#include "io/file_slice.h"
#include "io/mapped_file.h"
#include "test_files.h"

namespace shardlift::io {
namespace {

using es5::testing::TempDir;
using es5::testing::WriteFile;

// `length` bytes of a pattern, cut into parts of `part_size` under `base`.
std::string WriteParts(const std::string& base, uint64_t length, uint64_t part_size) {
  std::string content(length, '\0');
  for (uint64_t i = 0; i < length; ++i) content[i] = static_cast<char>(i * 7 + i / 251);
  const SplitFile split{base, length, part_size};
  for (uint64_t k = 0; k < split.parts(); ++k) {
    WriteFile(split.PartPath(k), content.substr(k * part_size, split.PartLength(k)));
  }
  return content;
}

std::string Text(const MappedFile& file) {
  return {reinterpret_cast<const char*>(file.bytes().data()), file.bytes().size()};
}

TEST(SplitFile, PartArithmetic) {
  const SplitFile file{"b", 2500, 1000};
  EXPECT_EQ(file.parts(), 3u);
  EXPECT_EQ(file.PartLength(0), 1000u);
  EXPECT_EQ(file.PartLength(2), 500u);
  EXPECT_EQ(file.PartPath(2), "b.part2");
  EXPECT_EQ((SplitFile{"b", 3000, 1000}.parts()), 3u);
  EXPECT_EQ((SplitFile{"b", 0, 1000}.parts()), 1u);
}

TEST(SplitFile, UnalignedPartsAreAssembledInAScratchFile) {
  TempDir dir;
  const std::string content = WriteParts(dir / "__a", 2500, 1024);
  const auto file = MappedFile::OpenSplit({dir / "__a", 2500, 1024}, dir.path());
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ(Text(**file), content);
  EXPECT_EQ((*file)->path(), dir / "__a.part0-2");
  EXPECT_EQ((*file)->Locate(2100), dir / "__a.part2" + ": offset 52");
  // Nothing is left behind in the scratch dir: the copy is unlinked from the start.
  size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    ++entries;
  }
  EXPECT_EQ(entries, 3u);
  const FileSlice slice = FileSlice(*file).Sub(1100, 10, "_0.fdt").value();
  EXPECT_EQ(slice.Describe(3), dir / "__a.part1" + ": offset 79 (_0.fdt +3)");
}

TEST(SplitFile, PageAlignedPartsAreMappedInPlace) {
  TempDir dir;
  const uint64_t page = static_cast<uint64_t>(::sysconf(_SC_PAGESIZE));
  const std::string content = WriteParts(dir / "__b", 3 * page + 123, page);
  const auto file = MappedFile::OpenSplit({dir / "__b", 3 * page + 123, page}, "/nonexistent");
  ASSERT_TRUE(file.ok()) << file.status().ToString();  // no scratch file needed
  EXPECT_EQ(Text(**file), content);
  EXPECT_EQ((*file)->Locate(page + 5), dir / "__b.part1" + ": offset 5");
}

TEST(SplitFile, PartOfTheWrongSizeOrMissingIsNamed) {
  TempDir dir;
  WriteParts(dir / "__c", 2500, 1000);
  WriteFile(dir / "__c.part1", std::string(999, 'x'));
  Status status = MappedFile::OpenSplit({dir / "__c", 2500, 1000}, dir.path()).status();
  EXPECT_TRUE(status.IsCorruption()) << status.ToString();
  EXPECT_NE(status.message().find(dir / "__c.part1" + ": 999 bytes"), std::string::npos)
      << status.ToString();
  std::filesystem::remove(dir / "__c.part1");
  status = MappedFile::OpenSplit({dir / "__c", 2500, 1000}, dir.path()).status();
  EXPECT_TRUE(status.IsNotFound()) << status.ToString();
  EXPECT_NE(status.message().find("__c.part1"), std::string::npos) << status.ToString();
}

}  // namespace
}  // namespace shardlift::io
