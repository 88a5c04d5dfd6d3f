// What the host gives the Elasticsearch or OpenSearch node shardlift spawns from a home, checked
// before it starts (docs/install.md, "Production host").
//
// On loopback with single-node discovery the node enforces none of its bootstrap checks, so a
// host that would fail them runs it anyway — until a large data dir runs out of open files or
// memory maps mid-load, or the kernel kills the node for its memory. The node inherits our
// limits and our cgroup: the soft open-files limit is raised to the hard one, a limit below what
// the node wants is a warning with the fix, and a cgroup memory limit that cannot hold its heap
// is a refusal. (A node in Docker gets the Docker engine's limits instead; nothing is checked.)
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace shardlift::client {

// What the node's bootstrap checks want (ES 7, 8 and OpenSearch alike), and the memory a node
// needs beyond its heap (metaspace, thread stacks, direct buffers, Lucene's own).
inline constexpr uint64_t kWantedOpenFiles = 65535;
inline constexpr uint64_t kWantedMaxMapCount = 262144;
inline constexpr uint64_t kWantedProcesses = 4096;
inline constexpr uint64_t kMemoryBeyondHeap = uint64_t{512} << 20;

// An rlimit of RLIM_INFINITY.
inline constexpr uint64_t kUnlimited = std::numeric_limits<uint64_t>::max();

// Where the limits are read (tests lay out their own).
struct HostFiles {
  std::string proc = "/proc";             // self/cgroup, sys/vm/max_map_count
  std::string cgroup = "/sys/fs/cgroup";  // v2 mounted here, v1's memory controller in memory/
};

// What was read; plain values, so that the checks are tested with any of them.
struct HostLimits {
  uint64_t open_files = kUnlimited;       // soft RLIMIT_NOFILE: what the node inherits
  uint64_t processes = kUnlimited;        // soft RLIMIT_NPROC
  std::optional<uint64_t> max_map_count;  // unset: /proc/sys/vm/max_map_count unreadable
  // The smallest memory limit of our cgroup and those above it (each caps all below it): v2
  // memory.max, v1 memory.limit_in_bytes. Unset: none ("max", or no such file).
  std::optional<uint64_t> memory_limit;
  std::string memory_limit_file;  // where memory_limit was read
};

// Reads our rlimits and the files under `files`.
HostLimits ReadHostLimits(const HostFiles& files = {});

// The bytes of a heap as Java's -Xmx takes it: digits, then k, m, g or t (either case) or
// nothing for bytes. An error names --target-heap.
Result<uint64_t> ParseHeapSize(std::string_view heap);

// A warning line for each limit below what `node` ("Elasticsearch 7.6.2") wants, with the fix;
// an error when the memory limit is below `heap` + kMemoryBeyondHeap, naming the cgroup file,
// both numbers and the fix.
Result<std::vector<std::string>> CheckHostLimits(const HostLimits& limits, std::string_view heap,
                                                 std::string_view node);

// Before spawning `node` with `heap`: raises our soft open-files limit to the hard one (the node
// inherits it), then reads and checks the limits (CheckHostLimits).
Result<std::vector<std::string>> PrepareHostForNode(std::string_view heap, std::string_view node);

}  // namespace shardlift::client
