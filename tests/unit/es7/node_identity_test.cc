// What a spawned node needs before it starts: a Java its version runs on, a user, owners given as
// text, and every directory within that user's reach.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "client/java.h"
#include "client/node.h"
#include "support/scoped_env.h"

namespace shardlift::client {
namespace {

namespace fs = std::filesystem;
using testing::ScopedEnv;

// A fresh directory under the temp dir, removed at the end.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(fs::temp_directory_path() / ("shardlift-" + std::to_string(getpid()) + "-" + name)) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A JDK home as far as FindJava looks: bin/java and a release file.
fs::path FakeJdk(const fs::path& root, const std::string& name, const std::string& version) {
  const fs::path home = root / name;
  fs::create_directories(home / "bin");
  std::ofstream(home / "bin" / "java") << "#!/bin/sh\n";
  std::ofstream(home / "release") << "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" << version << "\"\n";
  return home;
}

JavaRange RangeFor(std::string_view version) {
  return JavaRangeFor(*translate::TargetVersion::Parse(version));
}

TEST(JavaTest, RangesFollowTheVersion) {
  EXPECT_EQ(RangeFor("7.6.2").min, 8);
  EXPECT_EQ(RangeFor("7.6.2").max, 17);
  EXPECT_EQ(RangeFor("7.17.29").max, 17);
  EXPECT_EQ(RangeFor("8.17.0").min, 17);
  EXPECT_EQ(RangeFor("opensearch-2.19.1").min, 11);
  EXPECT_EQ(RangeFor("opensearch-1.3.0").max, 17);
}

TEST(JavaTest, MajorComesFromTheReleaseFile) {
  TempDir dir("java-major");
  EXPECT_EQ(JavaMajor(FakeJdk(dir.path(), "a", "17.0.15").string()), 17);
  EXPECT_EQ(JavaMajor(FakeJdk(dir.path(), "b", "1.8.0_392").string()), 8);
  EXPECT_EQ(JavaMajor(FakeJdk(dir.path(), "c", "25").string()), 25);
  EXPECT_EQ(JavaMajor((dir.path() / "none").string()), 0);
}

TEST(JavaTest, AJavaHomeOutsideTheRangeIsPassedOverWithANote) {
  TempDir dir("java-pick");
  const fs::path jvm = dir.path() / "jvm";
  const fs::path too_new = FakeJdk(dir.path(), "jdk-25", "25.0.3");
  const fs::path good = FakeJdk(jvm, "java-17", "17.0.15");
  ScopedEnv es_java("ES_JAVA_HOME", std::nullopt);
  ScopedEnv java_home("JAVA_HOME", too_new.string());
  ScopedEnv path("PATH", (dir.path() / "nowhere").string());
  auto java = FindJava({8, 17}, "Elasticsearch 7.6.2", jvm.string());
  ASSERT_TRUE(java.ok()) << java.status().ToString();
  EXPECT_EQ(java->home, good.string());
  EXPECT_EQ(java->major, 17);
  EXPECT_EQ(java->found_by, jvm.string());
  ASSERT_EQ(java->notes.size(), 1u);
  EXPECT_EQ(java->notes[0], "JAVA_HOME=" + too_new.string() +
                                ": Java 25, which Elasticsearch 7.6.2 does not run on (Java 8–17)");
}

TEST(JavaTest, NoJavaInRangeIsOneErrorSayingWhatToInstall) {
  TempDir dir("java-none");
  const fs::path too_new = FakeJdk(dir.path(), "jdk-25", "25.0.3");
  ScopedEnv es_java("ES_JAVA_HOME", (dir.path() / "missing").string());
  ScopedEnv java_home("JAVA_HOME", too_new.string());
  ScopedEnv path("PATH", (dir.path() / "nowhere").string());
  auto java = FindJava({8, 17}, "Elasticsearch 7.6.2", (dir.path() / "no-jvm").string());
  ASSERT_FALSE(java.ok());
  const std::string message = java.status().message();
  EXPECT_NE(message.find("no Java that Elasticsearch 7.6.2 runs on (Java 8–17)"), std::string::npos)
      << message;
  EXPECT_NE(message.find("apt-get install openjdk-17-jdk-headless"), std::string::npos);
  EXPECT_NE(message.find("ES_JAVA_HOME=" + (dir.path() / "missing").string() + ": no bin/java"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("JAVA_HOME=" + too_new.string() + ": Java 25"), std::string::npos);
}

TEST(OwnerTest, ParsesNumbersAndNames) {
  auto numeric = ParseOwner("1000:1000");
  ASSERT_TRUE(numeric.ok());
  EXPECT_EQ(*numeric, (Owner{1000, 1000}));
  auto named = ParseOwner("root:root");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(*named, (Owner{0, 0}));
  EXPECT_FALSE(ParseOwner("1000").ok());
  EXPECT_FALSE(ParseOwner("no-such-user-here:0").ok());
  EXPECT_FALSE(ParseOwner("0:no-such-group-here").ok());
  EXPECT_EQ(Owner({0, 0}).ToString(), "0:0 (root)");
}

TEST(OwnerTest, OwnerOfAndChownTree) {
  TempDir dir("owner");
  fs::create_directories(dir.path() / "a" / "b");
  std::ofstream(dir.path() / "a" / "b" / "f") << "x";
  auto owner = OwnerOf(dir.path().string());
  ASSERT_TRUE(owner.ok());
  EXPECT_EQ(owner->uid, geteuid());
  if (geteuid() != 0) GTEST_SKIP() << "giving files away needs root";
  ASSERT_TRUE(ChownTree((dir.path() / "a").string(), {4321, 4322}).ok());
  EXPECT_EQ(*OwnerOf((dir.path() / "a" / "b" / "f").string()), (Owner{4321, 4322}));
  EXPECT_EQ(*OwnerOf(dir.path().string()), *owner);  // nothing above the root given
}

TEST(ReachTest, ADirectoryWithoutSearchPermissionIsNamedWithTheFix) {
  TempDir dir("reach");
  const fs::path locked = dir.path() / "locked";
  fs::create_directories(locked / "inside");
  ASSERT_EQ(chmod(locked.c_str(), 0700), 0);
  const Owner me{geteuid(), getegid()};
  const Owner other{me.uid + 4321, me.gid + 4321};
  EXPECT_TRUE(CheckReachable((locked / "inside" / "target").string(), me, "Elasticsearch 7.6.2",
                             "the target")
                  .ok());
  // Not there yet is fine: only existing directories are searched.
  EXPECT_TRUE(CheckReachable((dir.path() / "open" / "target").string(), other,
                             "Elasticsearch 7.6.2", "the target")
                  .ok());
  const Status refused = CheckReachable((locked / "inside" / "target").string(), other,
                                        "Elasticsearch 7.6.2", "the target");
  ASSERT_FALSE(refused.ok());
  const std::string message = refused.message();
  EXPECT_NE(
      message.find("Elasticsearch 7.6.2 runs as " + other.ToString() +
                   ", which cannot reach the target " + (locked / "inside" / "target").string() +
                   ": " + locked.string() + " is mode 0700"),
      std::string::npos)
      << message;
  EXPECT_NE(message.find("chmod o+x " + locked.string()), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << "one line";
  ASSERT_EQ(chmod(locked.c_str(), 0711), 0);
  EXPECT_TRUE(
      CheckReachable((locked / "inside").string(), other, "Elasticsearch 7.6.2", "the target")
          .ok());
}

}  // namespace
}  // namespace shardlift::client
