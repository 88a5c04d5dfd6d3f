// Access to ../shared (fixtures and benchmark data), which tests read in place (see
// support/shared_dir.h for where it is). A test whose data is missing is skipped loudly by name;
// with SHARDLIFT_REQUIRE_SHARED=1 (set by .ci/run) it fails instead, so CI can never pass without
// having run it.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/shared_dir.h"

namespace shardlift::testing {

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
