// What the host gives a spawned node (client/host_limits.h), with injected values and files: the
// host's real limits decide nothing here. The lines are the ones docs/install.md quotes.
#include "client/host_limits.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace shardlift::client {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kNode = "Elasticsearch 7.6.2";

// A host that gives the node everything it wants.
HostLimits Generous() {
  HostLimits limits;
  limits.open_files = 65535;
  limits.processes = 4096;
  limits.max_map_count = 262144;
  limits.memory_limit = uint64_t{1536} << 20;
  limits.memory_limit_file = "/sys/fs/cgroup/memory.max";
  return limits;
}

TEST(HostLimitsTest, EnoughOfEverythingSaysNothing) {
  auto warnings = CheckHostLimits(Generous(), "1g", kNode);
  ASSERT_TRUE(warnings.ok()) << warnings.status().ToString();
  EXPECT_TRUE(warnings->empty());
  // Unlimited, and nothing readable, say nothing either.
  auto unknown = CheckHostLimits(HostLimits{}, "1g", kNode);
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->empty());
}

TEST(HostLimitsTest, EachLimitBelowWhatTheNodeWantsIsOneLineWithTheFix) {
  HostLimits limits = Generous();
  limits.open_files = 1024;
  limits.max_map_count = 65530;
  limits.processes = 1024;
  auto warnings = CheckHostLimits(limits, "1g", kNode);
  ASSERT_TRUE(warnings.ok()) << warnings.status().ToString();
  const std::vector<std::string> expected = {
      "open files: limit 1024 is below the 65535 Elasticsearch 7.6.2 wants; large data dirs may "
      "fail with \"Too many open files\": raise it (docker run --ulimit nofile=65535:65535; "
      "systemd: LimitNOFILE=65535)",
      "vm.max_map_count: 65530 is below the 262144 Elasticsearch 7.6.2 wants; large data dirs may "
      "fail to map their files: raise it on the host, as root (sysctl -w "
      "vm.max_map_count=262144; kept in /etc/sysctl.d/99-elasticsearch.conf)",
      "processes: limit 1024 is below the 4096 Elasticsearch 7.6.2 wants; it may fail to start "
      "threads: raise it (docker run --ulimit nproc=4096:4096; systemd: LimitNPROC=4096)"};
  EXPECT_EQ(*warnings, expected);
}

TEST(HostLimitsTest, AMemoryLimitBelowTheHeapAndItsHeadroomIsRefused) {
  HostLimits limits = Generous();
  limits.memory_limit = uint64_t{1} << 30;
  limits.open_files = 1024;  // the refusal is what is said, not the warnings
  auto refused = CheckHostLimits(limits, "1g", kNode);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            "memory: the limit of 1024 MB in /sys/fs/cgroup/memory.max is below the 1536 MB "
            "Elasticsearch 7.6.2 needs (its heap 1g + 512 MB); the kernel would kill it "
            "mid-load: give the container more memory (docker run --memory 2048m) or the node a "
            "smaller --target-heap");
  // One byte short, said in bytes; the heap + 512 MB exactly is enough.
  limits.memory_limit = (uint64_t{1536} << 20) - 1;
  refused = CheckHostLimits(limits, "1024m", kNode);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("the limit of 1610612735 bytes in "), std::string::npos)
      << refused.status().message();
  limits.memory_limit = uint64_t{1536} << 20;
  EXPECT_TRUE(CheckHostLimits(limits, "1024m", kNode).ok());
  EXPECT_FALSE(CheckHostLimits(limits, "2g", kNode).ok());
  EXPECT_TRUE(CheckHostLimits(limits, "512m", kNode).ok());
}

TEST(HostLimitsTest, HeapSizesAreWhatJavaTakes) {
  EXPECT_EQ(*ParseHeapSize("1g"), uint64_t{1} << 30);
  EXPECT_EQ(*ParseHeapSize("1G"), uint64_t{1} << 30);
  EXPECT_EQ(*ParseHeapSize("512m"), uint64_t{512} << 20);
  EXPECT_EQ(*ParseHeapSize("2048K"), uint64_t{2} << 20);
  EXPECT_EQ(*ParseHeapSize("1t"), uint64_t{1} << 40);
  EXPECT_EQ(*ParseHeapSize("1073741824"), uint64_t{1} << 30);
  for (const char* bad : {"", "g", "0", "1x", "1gb", "-1g", " 1g", "1.5g", "99999999999999g"}) {
    Result<uint64_t> parsed = ParseHeapSize(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().message(),
              "--target-heap " + std::string(bad) + ": not a heap size (512m, 1g, 2048m, …)");
  }
  EXPECT_FALSE(CheckHostLimits(Generous(), "1x", kNode).ok());
}

// A /proc and a /sys/fs/cgroup of our own.
class HostFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("shardlift-host-limits-" + std::to_string(getpid()));
    fs::remove_all(root_);
    files_.proc = (root_ / "proc").string();
    files_.cgroup = (root_ / "cgroup").string();
    fs::create_directories(root_ / "proc" / "self");
    fs::create_directories(root_ / "cgroup");
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const fs::path& relative, const std::string& text) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << text;
  }

  fs::path root_;
  HostFiles files_;
};

TEST_F(HostFilesTest, NothingReadableIsNoLimit) {
  const HostLimits limits = ReadHostLimits(files_);
  EXPECT_FALSE(limits.max_map_count.has_value());
  EXPECT_FALSE(limits.memory_limit.has_value());
}

TEST_F(HostFilesTest, MaxMapCountIsRead) {
  Write("proc/sys/vm/max_map_count", "65530\n");
  EXPECT_EQ(ReadHostLimits(files_).max_map_count, 65530u);
}

// cgroup v2: the smallest memory.max of our cgroup and those above it; "max" is no limit.
TEST_F(HostFilesTest, CgroupV2TakesTheSmallestLimitOnTheWayUp) {
  Write("proc/self/cgroup", "0::/system.slice/job.scope\n");
  Write("cgroup/system.slice/memory.max", "2147483648\n");
  Write("cgroup/system.slice/job.scope/memory.max", "max\n");
  HostLimits limits = ReadHostLimits(files_);
  ASSERT_TRUE(limits.memory_limit.has_value());
  EXPECT_EQ(*limits.memory_limit, uint64_t{2} << 30);
  EXPECT_EQ(limits.memory_limit_file, (root_ / "cgroup/system.slice/memory.max").string());

  Write("cgroup/system.slice/job.scope/memory.max", "1073741824\n");
  limits = ReadHostLimits(files_);
  EXPECT_EQ(limits.memory_limit, uint64_t{1} << 30);
  EXPECT_EQ(limits.memory_limit_file,
            (root_ / "cgroup/system.slice/job.scope/memory.max").string());
}

// cgroup v1 (and hybrid): the memory controller's memory.limit_in_bytes. A container without a
// cgroup namespace sees the host's path, which its mount does not hold: the mount's own file is
// the container's limit.
TEST_F(HostFilesTest, CgroupV1ReadsTheMemoryController) {
  Write("proc/self/cgroup", "9:name=systemd:/\n4:cpu,memory:/docker/abc\n1:cpu:/\n0::/\n");
  Write("cgroup/memory/memory.limit_in_bytes", "805306368\n");
  const HostLimits limits = ReadHostLimits(files_);
  EXPECT_EQ(limits.memory_limit, uint64_t{768} << 20);
  EXPECT_EQ(limits.memory_limit_file, (root_ / "cgroup/memory/memory.limit_in_bytes").string());
}

// The path is followed down from the mount only: ".." in it cannot lead out of it.
TEST_F(HostFilesTest, TheCgroupPathStaysUnderTheMount) {
  Write("proc/self/cgroup", "0::/../../outside\n");
  Write("outside/memory.max", "1\n");
  EXPECT_FALSE(ReadHostLimits(files_).memory_limit.has_value());
}

}  // namespace
}  // namespace shardlift::client
