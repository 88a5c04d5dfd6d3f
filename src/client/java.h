// The Java that runs a spawned Elasticsearch or OpenSearch home (the integ-test-zip homes bundle
// none).
//
// Candidates in order: $ES_JAVA_HOME, $OPENSEARCH_JAVA_HOME, $JAVA_HOME, the `java` on PATH, then
// every JDK under /usr/lib/jvm (the Debian package openjdk-17-jdk-headless that .ci/deps.sh
// installs puts one there). A candidate's version comes from its `release` file
// (JAVA_VERSION="17.0.15"); the first one inside the range the version runs on wins. One set
// outside the range (JAVA_HOME pointing at a JDK 25, say) is passed over with a note saying so,
// never used to fail later.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "translate/target_version.h"

namespace shardlift::client {

// Java feature versions ("major") an ES version runs on, both ends included.
struct JavaRange {
  int min = 0;
  int max = 0;
};

// ES 7.x: 8–17; 8.x: 17–23; OpenSearch 1.x: 8–17, 2.x: 11–23. Both install a security manager,
// which Java 18–23 refuse unless told to allow it (8.x and OpenSearch 2.x do, ES 7.x does not)
// and Java 24+ refuse outright ("Setting a Security Manager is not supported").
JavaRange JavaRangeFor(const translate::TargetVersion& version);

struct JavaChoice {
  std::string home;  // JAVA_HOME for the launcher
  int major = 0;
  std::string found_by;            // "JAVA_HOME", "PATH", "/usr/lib/jvm"
  std::vector<std::string> notes;  // candidates passed over, and why
};

// The feature version in `<java_home>/release`, or 0 when it cannot be told.
int JavaMajor(const std::string& java_home);

// Where Debian installs JDKs.
inline constexpr std::string_view kJvmDir = "/usr/lib/jvm";

// The first candidate inside `range`; an error listing every candidate and what to install
// when none is. `node` names the node in messages ("Elasticsearch 7.6.2").
Result<JavaChoice> FindJava(JavaRange range, std::string_view node,
                            std::string_view jvm_dir = kJvmDir);

}  // namespace shardlift::client
