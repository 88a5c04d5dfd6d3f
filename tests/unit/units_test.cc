// Units of work (pipeline/units.h): the i/n spelling, the deterministic balanced split, and the
// journal entry that records a unit's progress (pipeline/journal.h), and how many bulk requests
// the workers keep in flight when -p is not given (pipeline/target.h).
#include "pipeline/units.h"

#include <gtest/gtest.h>

#include <map>
#include <numeric>
#include <set>

#include "pipeline/journal.h"
#include "pipeline/target.h"

namespace shardlift::pipeline {
namespace {

TEST(DefaultBulkConcurrencyTest, OnePerWriteThreadOfEachDataNodeSharedAmongWorkers) {
  EXPECT_EQ(DefaultBulkConcurrency({2}, 1), 2);  // one 2-core node
  EXPECT_EQ(DefaultBulkConcurrency({0}, 1), 1);  // at least one per node
  EXPECT_EQ(DefaultBulkConcurrency({2, 2, 2}, 1), 6);
  EXPECT_EQ(DefaultBulkConcurrency({2, 2, 2}, 3), 2);  // three workers share them
  EXPECT_EQ(DefaultBulkConcurrency({16, 16}, 4), 8);
  EXPECT_EQ(DefaultBulkConcurrency({2}, 5), 1);  // every worker sends
  EXPECT_EQ(DefaultBulkConcurrency({}, 1), 1);   // no data node answered: still one
}

TEST(UnitShareTest, ParsesIOfN) {
  auto share = UnitShare::Parse("2/3");
  ASSERT_TRUE(share.ok());
  EXPECT_EQ(share->index, 2);
  EXPECT_EQ(share->count, 3);
  EXPECT_EQ(share->ToString(), "2/3");
  EXPECT_FALSE(share->whole());
  EXPECT_TRUE(UnitShare::Parse("1/1")->whole());
}

TEST(UnitShareTest, RefusesWhatIsNoShare) {
  for (const char* text : {"", "3", "0/3", "4/3", "1/0", "-1/3", "1/3x", " 1/3", "1//3", "a/b",
                           "1/99999999999", "1/3/4"}) {
    auto share = UnitShare::Parse(text);
    EXPECT_FALSE(share.ok()) << text;
    if (!share.ok()) {
      EXPECT_NE(share.status().message().find("--units"), std::string::npos);
    }
  }
}

std::vector<Unit> Units(const std::vector<int64_t>& docs) {
  std::vector<Unit> units;
  for (int64_t count : docs) {
    Unit& unit = units.emplace_back();
    unit.number = static_cast<int>(units.size());
    unit.index = std::to_string(unit.number / 3);
    unit.shard = unit.number % 3;
    unit.docs = count;
  }
  return units;
}

// Every unit in exactly one share, each share in unit order.
void ExpectPartition(const std::vector<Unit>& units, int count) {
  std::multiset<int> seen;
  for (int i = 1; i <= count; ++i) {
    const std::vector<Unit> mine = TakeShare(units, {i, count});
    for (size_t k = 1; k < mine.size(); ++k) EXPECT_LT(mine[k - 1].number, mine[k].number);
    for (const Unit& unit : mine) seen.insert(unit.number);
  }
  ASSERT_EQ(seen.size(), units.size());
  for (const Unit& unit : units) EXPECT_EQ(seen.count(unit.number), 1u) << unit.number;
}

TEST(TakeShareTest, WholeIsEverything) {
  const std::vector<Unit> units = Units({5, 0, 7});
  EXPECT_EQ(TakeShare(units, {}).size(), 3u);
}

TEST(TakeShareTest, LargestFirstToTheLightestShare) {
  // Each unit weighs docs + 1. Largest first: 100 → 1, 60 → 2, 50 → 3, 40 → 3 (51 < 61),
  // 30 → 2 (61 < 92), 10 → 2 (92 = 92 < 101: the lower of two equal shares).
  const std::vector<Unit> units = Units({10, 100, 30, 60, 40, 50});
  std::map<int, std::vector<int>> numbers;
  for (int i = 1; i <= 3; ++i) {
    for (const Unit& unit : TakeShare(units, {i, 3})) numbers[i].push_back(unit.number);
  }
  EXPECT_EQ(numbers[1], (std::vector<int>{2}));
  EXPECT_EQ(numbers[2], (std::vector<int>{1, 3, 4}));
  EXPECT_EQ(numbers[3], (std::vector<int>{5, 6}));
  ExpectPartition(units, 3);
}

TEST(TakeShareTest, BalancedDeterministicAndEmptyUnitsSpread) {
  std::vector<int64_t> docs;
  uint64_t state = 12345;
  for (int i = 0; i < 200; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    docs.push_back(static_cast<int64_t>((state >> 33) % 10'000));
  }
  for (int i = 0; i < 40; ++i) docs.push_back(0);
  const std::vector<Unit> units = Units(docs);
  const int64_t total = std::accumulate(docs.begin(), docs.end(), int64_t{0});
  for (int count : {1, 2, 3, 7, 16, 300}) {
    ExpectPartition(units, count);
    int64_t heaviest = 0;
    for (int i = 1; i <= count; ++i) {
      const std::vector<Unit> mine = TakeShare(units, {i, count});
      EXPECT_EQ(mine.size(), TakeShare(units, {i, count}).size());  // same answer every time
      int64_t load = 0;
      for (const Unit& unit : mine) load += unit.docs + 1;
      heaviest = std::max(heaviest, load);
      if (count <= static_cast<int>(units.size())) {
        EXPECT_FALSE(mine.empty()) << i << "/" << count;
      }
    }
    // Greedy largest-first: no share exceeds the mean by more than the largest unit.
    const int64_t mean = (total + static_cast<int64_t>(units.size())) / count;
    EXPECT_LE(heaviest, mean + 10'000) << count;
  }
}

TEST(JournalEntryTest, RoundTripsAndTellsWhatItResumes) {
  Unit unit;
  unit.number = 4;
  unit.index = "events-log";
  unit.index_uuid = "u-1";
  unit.shard = 2;
  unit.docs = 1000;
  JournalEntry entry = JournalEntry::For(unit, {"new-events-log"});
  entry.position = 750;
  entry.worker = "2/3";
  EXPECT_EQ(entry.Id(), "new-events-log/2");

  auto back = JournalEntry::FromJson(Json::parse(DumpJson(entry.ToJson())));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->ToJson(), entry.ToJson());
  EXPECT_TRUE(back->Resumes(JournalEntry::For(unit, {"new-events-log"})));

  // Another source (uuid), another shard copy's size, other targets: not the same unit.
  Unit other = unit;
  other.index_uuid = "u-2";
  EXPECT_FALSE(back->Resumes(JournalEntry::For(other, {"new-events-log"})));
  other = unit;
  other.docs = 1001;
  EXPECT_FALSE(back->Resumes(JournalEntry::For(other, {"new-events-log"})));
  EXPECT_FALSE(back->Resumes(JournalEntry::For(unit, {"events-log"})));
  // A unit that saw dead letters is loaded again, so that its letters are listed again.
  back->dead_letters = true;
  EXPECT_FALSE(back->Resumes(JournalEntry::For(unit, {"new-events-log"})));
}

TEST(JournalEntryTest, RefusesWhatIsNoEntry) {
  Unit unit;
  unit.index = "x";
  Json json = JournalEntry::For(unit, {"x"}).ToJson();
  json["position"] = -1;
  EXPECT_FALSE(JournalEntry::FromJson(json).ok());
  json = JournalEntry::For(unit, {"x"}).ToJson();
  json.erase("finished");
  EXPECT_FALSE(JournalEntry::FromJson(json).ok());
  json = JournalEntry::For(unit, {"x"}).ToJson();
  json["shard"] = "zero";
  EXPECT_FALSE(JournalEntry::FromJson(json).ok());
  EXPECT_FALSE(JournalEntry::FromJson(Json::array()).ok());
}

}  // namespace
}  // namespace shardlift::pipeline
