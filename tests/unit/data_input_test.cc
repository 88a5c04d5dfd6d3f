#include "io/data_input.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace shardlift::io {
namespace {

// Writes `bytes` to a temporary file and maps it.
class DataInputTest : public ::testing::Test {
 protected:
  FileSlice Slice(const std::vector<uint8_t>& bytes) {
    path_ = ::testing::TempDir() + "data_input_test_" + std::to_string(::getpid()) + ".bin";
    std::ofstream(path_, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    auto slice = FileSlice::Open(path_);
    EXPECT_TRUE(slice.ok()) << slice.status().ToString();
    return *slice;
  }
  void TearDown() override { std::remove(path_.c_str()); }
  std::string path_;
};

// The Rss (kB) of the mapping that starts at `start`, from /proc/self/smaps; -1 when not found.
long MappingRssKb(const void* start) {
  char prefix[32];
  std::snprintf(prefix, sizeof prefix, "%lx-", reinterpret_cast<unsigned long>(start));
  std::ifstream smaps("/proc/self/smaps");
  bool in_mapping = false;
  for (std::string line; std::getline(smaps, line);) {
    if (line.find('-') != std::string::npos && line.find(' ') > line.find('-') &&
        line.find(':') > line.find(' ')) {
      in_mapping = line.starts_with(prefix);  // a mapping's header line
    } else if (in_mapping && line.starts_with("Rss:")) {
      return std::stol(line.substr(4));
    }
  }
  return -1;
}

// A streaming reader gives back what it has read (the checksum check at open, the stored fields
// cursor): the pages leave the process, and the bytes read again are the same.
TEST_F(DataInputTest, ReleasedPagesLeaveTheProcessAndReadTheSameAgain) {
  std::vector<uint8_t> bytes(size_t{4} << 20);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(i * 131 + (i >> 12));
  const FileSlice slice = Slice(bytes);
  const auto sum = [&] {
    uint64_t total = 0;
    for (const uint8_t byte : slice.bytes()) total = total * 31 + byte;
    return total;
  };
  const uint64_t before = sum();
  const long held = MappingRssKb(slice.bytes().data());
  ASSERT_GE(held, 4000) << "the mapping was not found or not read";
  slice.Release(1000, size_t{3} << 20);  // the whole pages inside: [4 KB, 3 MB)
  EXPECT_LE(MappingRssKb(slice.bytes().data()), held - 3000);
  EXPECT_EQ(sum(), before);
}

TEST_F(DataInputTest, ReadsBigEndianFixedWidthIntegers) {
  FileSlice slice = Slice({0x3f, 0xd7, 0x6c, 0x17, 0xff, 0xfe, 0, 0, 0, 0, 0, 0, 1, 0});
  DataInput in(slice);
  EXPECT_EQ(in.ReadInt(), 0x3fd76c17);
  EXPECT_EQ(in.ReadShort(), -2);
  EXPECT_EQ(in.ReadLong(), 256);
  EXPECT_TRUE(in.ok());
  EXPECT_TRUE(in.AtEnd());
}

TEST_F(DataInputTest, ReadsVariableLengthIntegers) {
  // 300, -1 as a 5-byte VInt, 2^62 as a 9-byte VLong, zig-zag -3 (= 5).
  FileSlice slice = Slice({0xac, 0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x80, 0x80, 0x80, 0x80, 0x80,
                           0x80, 0x80, 0x80, 0x40, 0x05});
  DataInput in(slice);
  EXPECT_EQ(in.ReadVInt(), 300);
  EXPECT_EQ(in.ReadVInt(), -1);
  EXPECT_EQ(in.ReadVLong(), int64_t{1} << 62);
  EXPECT_EQ(in.ReadZInt(), -3);
  EXPECT_TRUE(in.ok()) << in.status().ToString();
}

TEST_F(DataInputTest, RejectsOverlongVInt) {
  FileSlice slice = Slice({0x80, 0x80, 0x80, 0x80, 0x10});
  DataInput in(slice);
  EXPECT_EQ(in.ReadVInt(), 0);
  ASSERT_FALSE(in.ok());
  EXPECT_NE(in.status().message().find("offset 0: invalid VInt"), std::string::npos)
      << in.status().ToString();
}

TEST_F(DataInputTest, TruncationIsStickyAndNamesFileAndOffset) {
  FileSlice slice = Slice({0x05, 'a', 'b'});
  DataInput in(slice);
  EXPECT_EQ(in.ReadString(), "");
  EXPECT_EQ(in.ReadByte(), 0);  // later reads return zero
  ASSERT_TRUE(in.status().IsCorruption());
  EXPECT_EQ(in.status().message(), path_ + ": offset 1: truncated: wanted 5 bytes, 2 left");
}

TEST_F(DataInputTest, SubFileErrorsNameTheSubFileAndAbsoluteOffset) {
  FileSlice whole = Slice({0, 0, 0, 0, 0x02, 'h', 'i', 0x09});
  auto sub = whole.Sub(4, 4, "_0.fnm");
  ASSERT_TRUE(sub.ok());
  DataInput in(*sub);
  EXPECT_EQ(in.ReadString(), "hi");
  in.ReadInt();
  EXPECT_EQ(in.status().message(),
            path_ + ": offset 7 (_0.fnm +3): truncated: wanted 4 bytes, 1 left");
  EXPECT_FALSE(whole.Sub(6, 3, "x").ok());
}

}  // namespace
}  // namespace shardlift::io
