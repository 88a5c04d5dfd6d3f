// Access to ../shared (fixtures and benchmark data), which tests read in place.
//
// The directory comes from SHARDLIFT_SHARED_DIR in the environment, else from the CMake cache
// variable of the same name compiled in. A test whose data is missing is skipped loudly by name;
// with SHARDLIFT_REQUIRE_SHARED=1 (set by .ci/run) it fails instead, so CI can never pass without
// having run it.
#pragma once

#include <gtest/gtest.h>

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

// The shardlift binary under test (set by ctest).
inline std::string ShardliftBinary() {
  const char* binary = std::getenv("SHARDLIFT_BINARY");
#ifdef SHARDLIFT_DEFAULT_BINARY
  if (binary == nullptr) binary = SHARDLIFT_DEFAULT_BINARY;
#endif
  return binary ? binary : "shardlift";
}

}  // namespace shardlift::testing

// Skips (or, when required, fails) the current test if `relative` is missing from the shared dir.
#define SL_REQUIRE_SHARED(relative)                                   \
  do {                                                                \
    const auto sl_path_ = ::shardlift::testing::SharedPath(relative); \
    if (!std::filesystem::exists(sl_path_)) {                         \
      if (::shardlift::testing::SharedDataRequired()) {               \
        FAIL() << "shared data missing: " << sl_path_;                \
      }                                                               \
      GTEST_SKIP() << "SKIPPED: shared data missing: " << sl_path_    \
                   << " (set -DSHARDLIFT_SHARED_DIR=...)";            \
    }                                                                 \
  } while (0)
