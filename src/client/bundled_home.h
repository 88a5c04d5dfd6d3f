// Where a home of a given version is looked for when the command line names none (upgrade's
// --es7-version): first beside the binary (a build tree's build/es7-home-7.6.2, the container's
// /opt/shardlift/bin/es7-home), then in ../share/shardlift from it, where an installed package's
// homes go (/usr/share/shardlift/es7-home-7.6.2 for /usr/bin/shardlift).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"

namespace shardlift::client {

// The directories whose subdirectories are searched, in order, for the binary at `binary`.
std::vector<std::string> BundledHomeDirs(const std::string& binary);

// The first home in those directories that runs exactly `version` ("7.6.2",
// "opensearch-2.19.1"); NotFound naming both places and how to lay one out.
Result<std::string> FindBundledHome(const std::string& binary, const std::string& version);

}  // namespace shardlift::client
