// Where ../shared (fixtures and benchmark data) lives, for tests and benchmarks alike.
//
// The directory comes from SHARDLIFT_SHARED_DIR in the environment, else from the CMake cache
// variable of the same name compiled in (SHARDLIFT_DEFAULT_SHARED_DIR). With
// SHARDLIFT_REQUIRE_SHARED=1 (set by .ci/run) missing data is a failure, not a skip.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace shardlift::testing {

inline std::filesystem::path SharedDir() {
  const char* dir = std::getenv("SHARDLIFT_SHARED_DIR");
#ifdef SHARDLIFT_DEFAULT_SHARED_DIR
  if (dir == nullptr) dir = SHARDLIFT_DEFAULT_SHARED_DIR;
#endif
  return dir ? std::filesystem::path(dir) : std::filesystem::path("../shared");
}

inline bool SharedDataRequired() {
  const char* required = std::getenv("SHARDLIFT_REQUIRE_SHARED");
  return required != nullptr && std::string(required) == "1";
}

// The path of `relative` under the shared dir.
inline std::filesystem::path SharedPath(const std::string& relative) {
  return SharedDir() / relative;
}

}  // namespace shardlift::testing
