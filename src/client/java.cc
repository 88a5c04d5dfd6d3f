#include "client/java.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "io/directory.h"

namespace shardlift::client {
namespace fs = std::filesystem;
namespace {

struct Candidate {
  std::string home;
  std::string found_by;
};

// The JDK home of the `java` first on PATH (…/bin/java, symlinks resolved), or "".
std::string JavaOnPath() {
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/bin:/bin";
  while (!dirs.empty()) {
    const size_t colon = dirs.find(':');
    const fs::path java = fs::path(std::string(dirs.substr(0, colon))) / "java";
    // A directory or device named java is no Java.
    if (const Result<io::FileKind> kind = io::KindOf(java);
        kind.ok() && *kind == io::FileKind::kRegular) {
      std::error_code error;
      const fs::path real = fs::canonical(java, error);
      if (!error) return real.parent_path().parent_path().string();
    }
    if (colon == std::string_view::npos) break;
    dirs.remove_prefix(colon + 1);
  }
  return "";
}

std::vector<Candidate> Candidates(std::string_view jvm_dir) {
  std::vector<Candidate> out;
  for (const char* name : {"ES_JAVA_HOME", "OPENSEARCH_JAVA_HOME", "JAVA_HOME"}) {
    if (const char* value = std::getenv(name); value != nullptr && *value) {
      out.push_back({value, name});
    }
  }
  if (std::string home = JavaOnPath(); !home.empty()) out.push_back({home, "PATH"});
  std::vector<std::string> installed;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(jvm_dir, error)) {
    if (!entry.is_symlink(error) && fs::exists(entry.path() / "bin" / "java", error)) {
      installed.push_back(entry.path().string());
    }
  }
  std::sort(installed.begin(), installed.end());
  for (std::string& home : installed) out.push_back({std::move(home), std::string(jvm_dir)});
  return out;
}

}  // namespace

JavaRange JavaRangeFor(const translate::TargetVersion& version) {
  // ES 8.x needs 17 and allows the security manager itself on 18+, as OpenSearch 2.x (which needs
  // 11) does; ES 7.x and OpenSearch 1.x (a security manager too) started on Java 8 and were last
  // tested here on 17.
  if (version.distribution == translate::Distribution::kOpenSearch) {
    return version.major >= 2 ? JavaRange{11, 23} : JavaRange{8, 17};
  }
  return version.major >= 8 ? JavaRange{17, 23} : JavaRange{8, 17};
}

int JavaMajor(const std::string& java_home) {
  std::ifstream release(fs::path(java_home) / "release");
  constexpr std::string_view kKey = "JAVA_VERSION=\"";
  for (std::string line; std::getline(release, line);) {
    if (!line.starts_with(kKey)) continue;
    std::string_view version = std::string_view(line).substr(kKey.size());
    if (version.starts_with("1.")) version.remove_prefix(2);  // "1.8.0_392" is Java 8
    int major = 0;
    for (const char c : version) {
      if (c < '0' || c > '9') break;
      major = major * 10 + (c - '0');
      if (major > 1000) return 0;
    }
    return major;
  }
  return 0;
}

Result<JavaChoice> FindJava(JavaRange range, std::string_view node, std::string_view jvm_dir) {
  JavaChoice choice;
  const std::string wanted = "Java " + std::to_string(range.min) + "–" + std::to_string(range.max);
  std::vector<std::string> seen;
  for (const Candidate& candidate : Candidates(jvm_dir)) {
    std::error_code error;
    const std::string key = fs::weakly_canonical(candidate.home, error).string();
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    const std::string named =
        candidate.found_by == jvm_dir ? candidate.home : candidate.found_by + "=" + candidate.home;
    if (!fs::exists(fs::path(candidate.home) / "bin" / "java", error)) {
      choice.notes.push_back(named + ": no bin/java");
      continue;
    }
    const int major = JavaMajor(candidate.home);
    if (major < range.min || major > range.max) {
      choice.notes.push_back(named + ": " +
                             (major == 0 ? "a Java of unknown version (no release file)"
                                         : "Java " + std::to_string(major)) +
                             ", which " + std::string(node) + " does not run on (" + wanted + ")");
      continue;
    }
    choice.home = candidate.home;
    choice.major = major;
    choice.found_by = candidate.found_by;
    return choice;
  }
  std::string listed;
  for (const std::string& note : choice.notes) listed += "; " + note;
  return Status::NotFound("no Java that " + std::string(node) + " runs on (" + wanted +
                          "): install one (Debian: apt-get install openjdk-17-jdk-headless) or "
                          "set JAVA_HOME to one" +
                          (listed.empty() ? std::string(" (none found)") : listed));
}

}  // namespace shardlift::client
