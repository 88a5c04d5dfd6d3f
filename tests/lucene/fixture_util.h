// Helpers for tests that read the shared Lucene fixtures: gunzip expected files, unzip release
// indices into temporary directories, find the index directory inside.
#pragma once

#include <zlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/shared_data.h"

namespace shardlift::testing {

// The whole decompressed content of a .gz file ("" and a test failure if unreadable).
inline std::string ReadGzip(const std::filesystem::path& path) {
  std::string out;
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) {
    ADD_FAILURE() << "cannot open " << path;
    return out;
  }
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof(buffer))) > 0) out.append(buffer, static_cast<size_t>(n));
  if (n < 0) ADD_FAILURE() << "cannot read " << path;
  gzclose(file);
  return out;
}

// A fresh, empty directory under the test temp dir, removed when this goes out of scope.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(std::filesystem::path(::testing::TempDir()) /
              ("shardlift_" + name + "_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Unzips `zip` into `into` with the unzip tool (a declared dependency); false on failure.
inline bool Unzip(const std::filesystem::path& zip, const std::filesystem::path& into) {
  const std::string command = "unzip -q -o '" + zip.string() + "' -d '" + into.string() + "'";
  return std::system(command.c_str()) == 0;
}

// The directory under `root` holding a segments_N file (root itself if it does).
inline std::filesystem::path FindIndexDir(const std::filesystem::path& root) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (entry.path().filename().string().starts_with("segments_"))
      return entry.path().parent_path();
  }
  return root;
}

// Copies the files of `from` (an index directory) into `to`, writable.
inline void CopyIndex(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::create_directories(to);
  for (const auto& entry : std::filesystem::directory_iterator(from)) {
    const auto target = to / entry.path().filename();
    std::filesystem::copy_file(entry.path(), target,
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::permissions(
        target, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  }
}

// Where two texts first differ, for a readable failure.
inline std::string FirstDifference(const std::string& expected, const std::string& actual) {
  size_t line = 1, start = 0;
  for (size_t i = 0; i < std::min(expected.size(), actual.size()); ++i) {
    if (expected[i] != actual[i]) break;
    if (expected[i] == '\n') {
      ++line;
      start = i + 1;
    }
  }
  auto line_of = [&](const std::string& s) {
    const size_t end = s.find('\n', start);
    return s.substr(
        start, std::min<size_t>(end == std::string::npos ? s.size() : end, start + 200) - start);
  };
  return "line " + std::to_string(line) + ":\n  expected: " + line_of(expected) +
         "\n  actual:   " + line_of(actual);
}

}  // namespace shardlift::testing
