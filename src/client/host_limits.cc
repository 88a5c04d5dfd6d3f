#include "client/host_limits.h"

#include <sys/resource.h>

#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>

namespace shardlift::client {
namespace fs = std::filesystem;
namespace {

constexpr uint64_t kMegabyte = uint64_t{1} << 20;
// What docs/install.md advises a container beyond the heap (the refusal keeps kMemoryBeyondHeap).
constexpr uint64_t kAdvisedBeyondHeap = uint64_t{1} << 30;

uint64_t SoftLimit(int resource) {
  rlimit limit{};
  if (getrlimit(resource, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return kUnlimited;
  return limit.rlim_cur;
}

// The number a one-line kernel file holds; unset for "max", garbage or no file.
std::optional<uint64_t> ReadNumber(const fs::path& file) {
  std::ifstream in(file);
  std::string text;
  if (!(in >> text)) return std::nullopt;
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Whether a v1 hierarchy's comma-separated controllers ("cpu,cpuacct") include memory.
bool HasMemoryController(std::string_view controllers) {
  while (!controllers.empty()) {
    const size_t comma = controllers.find(',');
    if (controllers.substr(0, comma) == "memory") return true;
    controllers.remove_prefix(comma == std::string_view::npos ? controllers.size() : comma + 1);
  }
  return false;
}

// Each line of /proc/self/cgroup is "<hierarchy>:<controllers>:<path>": v2's is "0::<path>",
// v1's memory controller has "memory" among its controllers. The limit file is looked for in our
// cgroup's directory and every one above it up to the mount; in a container that sees the host's
// path (no cgroup namespace) the deeper ones do not exist and the mount's own is the container's.
void ReadMemoryLimit(const HostFiles& files, HostLimits& limits) {
  std::ifstream in(fs::path(files.proc) / "self" / "cgroup");
  std::string line;
  while (std::getline(in, line)) {
    const size_t first = line.find(':');
    const size_t second = first == std::string::npos ? first : line.find(':', first + 1);
    if (second == std::string::npos) continue;
    const std::string_view hierarchy = std::string_view(line).substr(0, first);
    const std::string_view controllers =
        std::string_view(line).substr(first + 1, second - first - 1);
    fs::path dir;
    std::string name;
    if (hierarchy == "0" && controllers.empty()) {
      dir = files.cgroup;
      name = "memory.max";
    } else if (HasMemoryController(controllers)) {
      dir = fs::path(files.cgroup) / "memory";
      name = "memory.limit_in_bytes";
    } else {
      continue;
    }
    std::vector<fs::path> dirs = {dir};
    for (const fs::path& part : fs::path(line.substr(second + 1)).relative_path()) {
      if (part.empty() || part == "." || part == "..") continue;
      dir /= part;
      dirs.push_back(dir);
    }
    for (const fs::path& each : dirs) {
      const std::optional<uint64_t> bytes = ReadNumber(each / name);
      if (bytes && (!limits.memory_limit || *bytes < *limits.memory_limit)) {
        limits.memory_limit = bytes;
        limits.memory_limit_file = (each / name).string();
      }
    }
  }
}

// "1536 MB", or the bytes when not a whole number of megabytes.
std::string Size(uint64_t bytes) {
  if (bytes % kMegabyte == 0) return std::to_string(bytes / kMegabyte) + " MB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

HostLimits ReadHostLimits(const HostFiles& files) {
  HostLimits limits;
  limits.open_files = SoftLimit(RLIMIT_NOFILE);
  limits.processes = SoftLimit(RLIMIT_NPROC);
  limits.max_map_count = ReadNumber(fs::path(files.proc) / "sys" / "vm" / "max_map_count");
  ReadMemoryLimit(files, limits);
  return limits;
}

Result<uint64_t> ParseHeapSize(std::string_view heap) {
  const auto refuse = [heap] {
    return Status::InvalidArgument("--target-heap " + std::string(heap) +
                                   ": not a heap size (512m, 1g, 2048m, …)");
  };
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(heap.data(), heap.data() + heap.size(), value);
  if (error != std::errc() || end == heap.data() || value == 0) return refuse();
  const std::string_view unit(end, heap.data() + heap.size() - end);
  int shift = 0;
  if (unit.size() > 1) return refuse();
  if (unit.size() == 1) {
    const size_t at = std::string_view("kmgt").find(
        static_cast<char>(std::tolower(static_cast<unsigned char>(unit[0]))));
    if (at == std::string_view::npos) return refuse();
    shift = 10 * static_cast<int>(at + 1);
  }
  // Far beyond any machine, with room left to add the memory beyond the heap.
  if (value > (uint64_t{1} << 60) >> shift) return refuse();
  return value << shift;
}

Result<std::vector<std::string>> CheckHostLimits(const HostLimits& limits, std::string_view heap,
                                                 std::string_view node) {
  SL_ASSIGN_OR_RETURN(const uint64_t heap_bytes, ParseHeapSize(heap));
  const std::string wants = " " + std::string(node) + " wants";
  if (limits.memory_limit && *limits.memory_limit < heap_bytes + kMemoryBeyondHeap) {
    const uint64_t advised = (heap_bytes + kAdvisedBeyondHeap + kMegabyte - 1) / kMegabyte;
    return Status::InvalidArgument(
        "memory: the limit of " + Size(*limits.memory_limit) + " in " + limits.memory_limit_file +
        " is below the " + Size(heap_bytes + kMemoryBeyondHeap) + " " + std::string(node) +
        " needs (its heap " + std::string(heap) + " + " + Size(kMemoryBeyondHeap) +
        "); the kernel would kill it mid-load: give the container more memory (docker run "
        "--memory " +
        std::to_string(advised) + "m) or the node a smaller --target-heap");
  }
  std::vector<std::string> warnings;
  const auto below = [&wants](std::string_view what, uint64_t value, uint64_t wanted) {
    return std::string(what) + std::to_string(value) + " is below the " + std::to_string(wanted) +
           wants;
  };
  const std::string files = std::to_string(kWantedOpenFiles);
  const std::string maps = std::to_string(kWantedMaxMapCount);
  const std::string processes = std::to_string(kWantedProcesses);
  if (limits.open_files < kWantedOpenFiles) {
    warnings.push_back(below("open files: limit ", limits.open_files, kWantedOpenFiles) +
                       "; large data dirs may fail with \"Too many open files\": raise it "
                       "(docker run --ulimit nofile=" +
                       files + ":" + files + "; systemd: LimitNOFILE=" + files + ")");
  }
  if (limits.max_map_count && *limits.max_map_count < kWantedMaxMapCount) {
    warnings.push_back(below("vm.max_map_count: ", *limits.max_map_count, kWantedMaxMapCount) +
                       "; large data dirs may fail to map their files: raise it on the host, as "
                       "root (sysctl -w vm.max_map_count=" +
                       maps + "; kept in /etc/sysctl.d/99-elasticsearch.conf)");
  }
  if (limits.processes < kWantedProcesses) {
    warnings.push_back(below("processes: limit ", limits.processes, kWantedProcesses) +
                       "; it may fail to start threads: raise it (docker run --ulimit nproc=" +
                       processes + ":" + processes + "; systemd: LimitNPROC=" + processes + ")");
  }
  return warnings;
}

Result<std::vector<std::string>> PrepareHostForNode(std::string_view heap, std::string_view node) {
  rlimit open_files{};
  if (getrlimit(RLIMIT_NOFILE, &open_files) == 0 && open_files.rlim_cur < open_files.rlim_max) {
    open_files.rlim_cur = open_files.rlim_max;
    // Linux refuses an unlimited hard limit above fs.nr_open; the soft limit then stays, and the
    // check reads and says it.
    (void)setrlimit(RLIMIT_NOFILE, &open_files);
  }
  return CheckHostLimits(ReadHostLimits(), heap, node);
}

}  // namespace shardlift::client
