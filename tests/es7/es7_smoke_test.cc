// The es7 fixture's node can hold what a migration writes: a join field (ES 5 parent/child), a
// scaled_float, keyword and text with a custom analyzer, documents bulk-loaded with routing and
// external versions, and re-sending a version it already has is refused per item with a 409.
#include <gtest/gtest.h>

#include "es7/es7_client.h"

namespace shardlift::testing {
namespace {

using nlohmann::json;

TEST(Es7Smoke, NodeIsSevenSeventeenOnLoopback) {
  SL_ES7_CLIENT(es);
  EXPECT_EQ(es.base_url().rfind("http://127.0.0.1:", 0), 0u) << es.base_url();
  const HttpResponse root = es.Get("/");
  ASSERT_EQ(root.status, 200) << root.Describe();
  EXPECT_EQ(root.Json()["version"]["number"], "7.17.29");
}

TEST(Es7Smoke, JoinScaledFloatAnalyzerBulkExternalVersions) {
  SL_ES7_CLIENT(es);
  es.Delete("/smoke");
  const json index = {
      {"settings",
       {{"number_of_shards", 2},
        {"number_of_replicas", 0},
        {"analysis",
         {{"filter", {{"short_shingles", {{"type", "shingle"}, {"max_shingle_size", 2}}}}},
          {"analyzer",
           {{"folded",
             {{"type", "custom"},
              {"tokenizer", "standard"},
              {"filter", {"lowercase", "stop", "short_shingles"}}}}}}}}}},
      {"mappings",
       {{"properties",
         {{"relation", {{"type", "join"}, {"relations", {{"question", "answer"}}}}},
          {"score", {{"type", "scaled_float"}, {"scaling_factor", 100}}},
          {"tag", {{"type", "keyword"}}},
          {"body", {{"type", "text"}, {"analyzer", "folded"}}}}}}}};
  const HttpResponse created = es.Put("/smoke", index);
  ASSERT_EQ(created.status, 200) << created.Describe();

  const auto action = [](std::string id, std::string routing, long version) {
    return json{{"index",
                 {{"_index", "smoke"},
                  {"_id", id},
                  {"routing", routing},
                  {"version", version},
                  {"version_type", "external"}}}};
  };
  const std::vector<json> batch = {
      action("q1", "q1", 3),
      {{"relation", "question"}, {"tag", "ES"}, {"score", 1.25}, {"body", "The Quick Fox"}},
      action("a1", "q1", 7),
      {{"relation", {{"name", "answer"}, {"parent", "q1"}}},
       {"tag", "reply"},
       {"score", 0.5},
       {"body", "A lazy dog"}},
  };
  const HttpResponse loaded = es.Bulk(batch, "/_bulk?refresh=true");
  ASSERT_EQ(loaded.status, 200) << loaded.Describe();
  ASSERT_EQ(loaded.Json()["errors"], false) << loaded.body;

  // The child is found through its parent, the analyzer lowercased, the shingles exist.
  const HttpResponse children = es.Post(
      "/smoke/_search",
      {{"query",
        {{"has_parent",
          {{"parent_type", "question"}, {"query", {{"match", {{"body", "quick fox"}}}}}}}}}});
  ASSERT_EQ(children.status, 200) << children.Describe();
  const json hits = children.Json()["hits"]["hits"];
  ASSERT_EQ(hits.size(), 1u) << children.body;
  EXPECT_EQ(hits[0]["_id"], "a1");
  EXPECT_EQ(hits[0]["_routing"], "q1");

  const HttpResponse by_score =
      es.Post("/smoke/_search", {{"query", {{"range", {{"score", {{"gte", 1.24}}}}}}}});
  ASSERT_EQ(by_score.status, 200) << by_score.Describe();
  ASSERT_EQ(by_score.Json()["hits"]["total"]["value"], 1) << by_score.body;
  EXPECT_EQ(by_score.Json()["hits"]["hits"][0]["_id"], "q1");

  const HttpResponse parent = es.Get("/smoke/_doc/q1?routing=q1");
  ASSERT_EQ(parent.status, 200) << parent.Describe();
  EXPECT_EQ(parent.Json()["_version"], 3);

  // A re-run sends the same external versions again: each item is refused with a 409.
  const HttpResponse again = es.Bulk(batch);
  ASSERT_EQ(again.status, 200) << again.Describe();
  const json items = again.Json()["items"];
  ASSERT_EQ(items.size(), 2u) << again.body;
  for (const json& item : items) {
    EXPECT_EQ(item["index"]["status"], 409) << item;
    EXPECT_EQ(item["index"]["error"]["type"], "version_conflict_engine_exception") << item;
  }
  EXPECT_EQ(
      items[0]["index"]["error"]["reason"],
      "[q1]: version conflict, current version [3] is higher or equal to the one provided [3]");
}

}  // namespace
}  // namespace shardlift::testing
