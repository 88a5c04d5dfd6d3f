#include "client/bundled_home.h"

#include <filesystem>

#include "client/node.h"
#include "io/directory.h"

namespace shardlift::client {
namespace fs = std::filesystem;

std::vector<std::string> BundledHomeDirs(const std::string& binary) {
  const fs::path dir = fs::path(binary).parent_path();
  return {dir.string(), (dir / ".." / "share" / "shardlift").lexically_normal().string()};
}

Result<std::string> FindBundledHome(const std::string& binary, const std::string& version) {
  SL_ASSIGN_OR_RETURN(const translate::TargetVersion wanted,
                      translate::TargetVersion::Parse(version));
  const std::vector<std::string> dirs = BundledHomeDirs(binary);
  for (const std::string& dir : dirs) {
    Result<std::vector<io::DirectoryEntry>> entries = io::ListDirectory(dir);
    if (!entries.ok()) {
      if (entries.status().IsNotFound()) continue;  // no package installed homes
      return entries.status();
    }
    for (const io::DirectoryEntry& entry : *entries) {
      if (entry.kind != io::FileKind::kDirectory) continue;
      const std::string home = (fs::path(dir) / entry.name).string();
      Result<translate::TranslationTarget> found = HomeTarget(home);
      if (found.ok() && found->version.distribution == wanted.distribution &&
          found->version.Compare(wanted) == 0) {
        return home;
      }
    }
  }
  return Status::NotFound("no " + wanted.Name() + " home beside " + dirs[0] + " or in " + dirs[1] +
                          ": `tests/es7/make-target-home.sh --version " + version + " " +
                          (fs::path(dirs[0]) / ("es7-home-" + version)).string() +
                          "` lays one out from Maven Central (the build target es7-home-7.6.2 "
                          "does for 7.6.2), or give --target-home DIR");
}

}  // namespace shardlift::client
