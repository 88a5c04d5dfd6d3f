// Checks a migration the way the shared README says: every document of a fixture's
// expected.ndjson.gz is in the ES 7 target exactly once (same _id, routing, join parent, external
// version, `_source` equal after only the documented transformations) or in the dead-letter file
// with its reason — and nothing else is in the target.
//
// The target is read back with the independent test client (tests/es7/es7_client.h); the
// documented transformations are recomputed here from the target's own mappings, not taken from
// the product: legacy booleans in fields mapped boolean, the join value, the ES 5 type field,
// `<type>#<id>` ids (routed by the original id), dropped 2.x `_timestamp` / `_ttl`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "es7/es7_client.h"

namespace shardlift::testing {

// The non-empty lines of a gzip file (an expected.ndjson.gz); none when it cannot be opened.
std::vector<std::string> ReadGzipLines(const std::filesystem::path& path);

struct FixtureCheck {
  int64_t expected = 0;
  int64_t in_target = 0;
  int64_t dead_lettered = 0;
  std::map<std::string, int64_t> dead_reasons;
  std::map<std::string, int64_t> transformations;  // documented changes, counted
  std::vector<std::string> differences;            // anything unexplained

  std::string Describe() const;
};

struct FixtureCheckOptions {
  std::string prefix;  // --target-prefix of the run
  std::string type_field = "es5_type";
  std::string join_field = "join";
  // Source indices not migrated (migrate --index): their documents are not expected.
  std::set<std::string> left_out;
};

FixtureCheck CheckFixture(Es7Client& client, const std::filesystem::path& expected_gz,
                          const std::filesystem::path& dead_letters,
                          const FixtureCheckOptions& options);

}  // namespace shardlift::testing
