#include <gtest/gtest.h>

#include "es5/node_lock.h"
#include "es5/node_paths.h"
#include "es5/shard_copy_choice.h"
#include "lock_holder.h"
#include "test_files.h"

namespace shardlift::es5 {
namespace {

using testing::TempDir;
using testing::WriteFile;

TEST(NodePaths, Finds5xAnd2xLayoutsAndOrdinals) {
  TempDir dir;
  WriteFile(dir / "nodes/0/node.lock", "");
  WriteFile(dir / "nodes/1/node.lock", "");
  WriteFile(dir / "nodes/x/node.lock", "");
  WriteFile(dir / "mycluster/nodes/0/node.lock", "");
  auto nodes = FindNodePaths(dir.path().native());
  ASSERT_TRUE(nodes.ok());
  ASSERT_EQ(nodes->size(), 3u);
  EXPECT_EQ((*nodes)[0].path, dir / "nodes/0");
  EXPECT_EQ((*nodes)[1].ordinal, 1);
  EXPECT_EQ((*nodes)[2].cluster_name, "mycluster");
  EXPECT_EQ((*nodes)[2].path, dir / "mycluster/nodes/0");
}

TEST(NodePaths, AcceptsANodeDirectoryAndRejectsOthers) {
  TempDir dir;
  WriteFile(dir / "nodes/3/_state/global-1.st", "");
  auto nodes = FindNodePaths(dir / "nodes/3");
  ASSERT_TRUE(nodes.ok());
  ASSERT_EQ(nodes->size(), 1u);
  EXPECT_EQ((*nodes)[0].ordinal, 3);
  EXPECT_TRUE(FindNodePaths(dir / "nodes/3/_state").status().IsNotFound());
  EXPECT_TRUE(FindNodePaths(dir / "missing").status().IsNotFound());
}

TEST(NodeLock, SeesALockHeldByAnotherProcess) {
  TempDir dir;
  const std::string lock = dir / "node.lock";
  WriteFile(lock, "");
  auto free = ProbeNodeLock(lock);
  ASSERT_TRUE(free.ok());
  EXPECT_EQ(free->state, NodeLockProbe::State::kFree);
  EXPECT_EQ(ProbeNodeLock(dir / "none")->state, NodeLockProbe::State::kNoLockFile);

  testing::LockHolder holder(lock);
  ASSERT_TRUE(holder.locked());
  auto held = ProbeNodeLock(lock);
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(held->state, NodeLockProbe::State::kHeld);
  EXPECT_EQ(held->holder_pid, holder.pid());
  holder.Release();
  EXPECT_EQ(ProbeNodeLock(lock)->state, NodeLockProbe::State::kFree);
}

ShardCopyFacts Copy(std::string where, std::string allocation, bool primary, int64_t docs) {
  ShardCopyFacts facts;
  facts.where = std::move(where);
  facts.index_uuid = std::string(1, 'U');  // (not = "U": a GCC 12 -Wrestrict false positive)
  facts.allocation_id = std::move(allocation);
  facts.primary = primary;
  facts.docs = docs;
  return facts;
}

TEST(ShardCopyChoice, StaleCopyIsNeverChosenEvenWithMoreData) {
  const auto choice = ChooseShardCopy(
      {Copy("a", "stale", true, 500), Copy("b", "in1", false, 10), Copy("c", "in2", false, 12)},
      {"in1", "in2"}, "U");
  EXPECT_EQ(choice.chosen, 2);
  EXPECT_NE(choice.reason.find("most data (12 docs) of 2 valid copies"), std::string::npos)
      << choice.reason;
  ASSERT_EQ(choice.rejected.size(), 2u);
  EXPECT_NE(choice.rejected[0].find("a: stale"), std::string::npos);
}

TEST(ShardCopyChoice, PrimaryBreaksTiesAndUuidMismatchRejects) {
  auto other = Copy("x", "in1", true, 99);
  other.index_uuid = std::string("V");  // (a literal here trips GCC 12's bogus -Wrestrict)
  const auto choice = ChooseShardCopy(
      {other, Copy("b", "in1", false, 10), Copy("c", "in2", true, 10)}, {"in1", "in2"}, "U");
  EXPECT_EQ(choice.chosen, 2);
}

TEST(ShardCopyChoice, LegacyVersionWhenNoInSyncSet) {
  auto older = Copy("a", "", true, 100);
  older.legacy_version = 3;
  auto newer = Copy("b", "", false, 5);
  newer.legacy_version = 4;
  const auto choice = ChooseShardCopy({older, newer}, {}, "U");
  EXPECT_EQ(choice.chosen, 1);
  EXPECT_NE(choice.reason.find("highest legacy version"), std::string::npos);
}

TEST(ShardCopyChoice, NoValidCopy) {
  auto unreadable = Copy("a", "in1", true, 1);
  unreadable.state_readable = false;
  const auto choice = ChooseShardCopy({unreadable}, {"in1"}, "U");
  EXPECT_EQ(choice.chosen, -1);
  EXPECT_FALSE(choice.reason.empty());
  EXPECT_EQ(ChooseShardCopy({}, {}, "U").chosen, -1);
}

}  // namespace
}  // namespace shardlift::es5
