// The es7 Migration against the real ES 7 node: hand-made ES 5/2.x metadata and documents (the
// shapes of the shared fixtures: ClearML events, ES's bwc indices, parent/child, _source
// disabled) are translated, created, loaded, and read back through the independent test client.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "es7/es7_client.h"
#include "pipeline/migration.h"

namespace shardlift::es7 {
namespace {

struct StoredDoc {
  std::string type, id;
  std::optional<std::string> routing, parent, source;
  int64_t version = 1;
};

class MigrationNodeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    prefix_ = "sl-migrate-" + std::to_string(getpid()) + "-";
    dead_path_ = (std::filesystem::temp_directory_path() / (prefix_ + "dead.ndjson")).string();
  }

  translate::SourceIndex Index(const std::string& name, const std::string& mappings) {
    translate::SourceIndex index;
    index.name = prefix_ + name;
    index.settings = {{"index.number_of_shards", "1"},
                      {"index.number_of_replicas", "0"},
                      {"index.uuid", "x"},
                      {"index.version.created", "5061699"},
                      {"index.creation_date", "1591000000000"}};
    const Json parsed = Json::parse(mappings);
    for (const auto& [type, mapping] : parsed.items()) index.mappings.emplace_back(type, mapping);
    return index;
  }

  translate::DocumentStream Stream() {
    return [this](const translate::SourceIndex& index,
                  const translate::DocumentVisitor& visit) -> Status {
      for (const StoredDoc& stored : docs_[index.name]) {
        translate::SourceDocument doc;
        doc.index = index.name;
        doc.type = stored.type;
        doc.id = stored.id;
        doc.routing = stored.routing;
        doc.parent = stored.parent;
        doc.version = stored.version;
        if (stored.source) doc.source = *stored.source;
        SL_RETURN_IF_ERROR(visit(doc));
      }
      return Status();
    };
  }

  pipeline::MigrationTotals Migrate(const std::string& url,
                                    const std::vector<translate::SourceIndex>& indices,
                                    const std::vector<translate::SourceTemplate>& templates,
                                    translate::Report& report) {
    client::HttpOptions http;
    http.base_url = url;
    client::Cluster cluster(http);
    translate::MigrationPlan plan({}, report);
    EXPECT_TRUE(plan.Plan(indices, templates).ok());
    pipeline::Migration migration(plan, {});
    auto dead = client::DeadLetterFile::Create(dead_path_);
    EXPECT_TRUE(dead.ok());
    const Status status = migration.Run(cluster, http, Stream(), **dead, nullptr);
    EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << report.ToText();
    EXPECT_TRUE((*dead)->Commit().ok());
    return migration.totals();
  }

  std::string prefix_;
  std::string dead_path_;
  std::map<std::string, std::vector<StoredDoc>> docs_;
};

TEST_F(MigrationNodeTest, EveryShapeLandsAndReRunsConverge) {
  SL_ES7_CLIENT(client);
  translate::SourceIndex events = Index("events-log", R"({
      "event":{"_all":{"enabled":false},"dynamic":"strict","properties":{
        "task":{"type":"keyword"},"ok":{"type":"boolean"},
        "msg":{"type":"text","include_in_all":false},"plot_str":{"type":"binary"}}},
      "_default_":{"_routing":{"required":true}}})");
  events.aliases.push_back(
      {prefix_ + "events", Json::parse(R"({"term":{"task":"t1"}})"), std::nullopt, std::nullopt});
  translate::SourceIndex bwc = Index("index-2.0.0", R"({
      "doc":{"properties":{"binary":{"type":"binary","store":true},"bool":{"type":"boolean"},
             "long_sort":{"type":"long"},"string":{"type":"string","boost":4.0}}},
      "norms":{"properties":{
        "string_with_norms_disabled":{"type":"string","norms":{"enabled":false}},
        "string_with_norms_enabled":{"type":"string","index":"not_analyzed",
                                     "norms":{"enabled":true,"loading":"eager"}}}}})");
  bwc.aliases.push_back({"#" + prefix_ + "index-2.0.0", std::nullopt, std::nullopt, std::nullopt});
  translate::SourceIndex catalog = Index("edge-multi", R"({
      "doc":{"properties":{"title":{"type":"text"}}},
      "item":{"properties":{"name":{"type":"keyword"}}},
      "note":{"_parent":{"type":"item"},"_routing":{"required":true},
              "properties":{"text":{"type":"text"}}}})");
  translate::SourceIndex nosource = Index("nosource", R"({"doc":{"_source":{"enabled":false}}})");
  nosource.closed = true;

  docs_[events.name] = {
      {"event", "e1", "r1", std::nullopt, R"({"task":"t1","ok":"on","msg":"a"})", 1},
      {"event", "e2", "r2", std::nullopt, R"({"task":"t2","ok":0,"plot_str":"{\"x\":1}"})", 4}};
  docs_[bwc.name] = {
      {"doc", "0", std::nullopt, std::nullopt, R"({"string":"1","bool":"no","long_sort":5})", 2},
      {"doc", "1", std::nullopt, std::nullopt, R"({"string":"2","bool":"1","long_sort":6})", 1},
      {"doc", "2", std::nullopt, std::nullopt, R"({"string":"3","bool":"maybe"})", 1}};
  docs_[catalog.name] = {
      {"item", "i1", std::nullopt, std::nullopt, R"({"name":"x"})", 1},
      {"note", "n1", "i1", "i1", R"({"text":"child"})", 3},
      {"doc", "i1", std::nullopt, std::nullopt, R"({"title":"same id, other type"})", 1}};
  docs_[nosource.name] = {{"doc", "n0", std::nullopt, std::nullopt, std::nullopt, 1}};

  translate::SourceTemplate events_template;
  events_template.name = prefix_ + "events";
  events_template.patterns = {prefix_ + "events-*"};
  events_template.settings = {{"index.number_of_shards", "1"}};
  events_template.mappings.emplace_back("event", Json::parse(R"({"_source":{"enabled":"no"},
      "properties":{"s":{"type":"string","index":"not_analyzed"}}})"));

  translate::Report report;
  const std::vector<translate::SourceIndex> indices = {events, bwc, catalog, nosource};
  pipeline::MigrationTotals totals = Migrate(client.base_url(), indices, {events_template}, report);
  EXPECT_FALSE(report.HasErrors()) << report.ToText();
  EXPECT_EQ(totals.read, 9);
  EXPECT_EQ(totals.lost(), 0) << report.ToText();
  EXPECT_EQ(totals.dead_lettered, 2);  // "maybe" is no boolean; nosource cannot be rebuilt
  EXPECT_EQ(totals.written, 7);
  EXPECT_EQ(report.counter("boolean-coerced-values"), 4);

  auto doc = client.Get("/" + events.name + "/_doc/e2?routing=r2").Json();
  EXPECT_EQ(doc["_version"], 4);
  EXPECT_EQ(doc["_routing"], "r2");
  EXPECT_EQ(doc["_source"]["ok"], false);
  EXPECT_EQ(client.Get("/" + prefix_ + "events/_count").Json()["count"], 1);  // filtered alias

  doc = client.Get("/" + bwc.name + "-doc/_doc/0").Json();
  EXPECT_EQ(doc["_version"], 2);
  EXPECT_EQ(doc["_source"]["bool"], false);
  EXPECT_EQ(client.Get("/" + bwc.name + "/_count").Json()["count"], 2);  // alias over the split
  EXPECT_EQ(client.Get("/" + bwc.name + "-norms/_mapping").status, 200);

  doc = client.Get("/" + catalog.name + "/_doc/n1?routing=i1").Json();
  EXPECT_EQ(doc["_source"]["join"]["parent"], "item#i1");  // the parent id collided: prefixed
  EXPECT_EQ(doc["_routing"], "i1");
  EXPECT_EQ(client.Get("/" + catalog.name + "/_doc/item%23i1").Json()["_source"]["es5_type"],
            "item");
  EXPECT_EQ(client.Get("/" + catalog.name + "/_doc/doc%23i1").Json()["_source"]["es5_type"], "doc");
  auto children = client.Post(
      "/" + catalog.name + "/_search",
      {{"query",
        {{"has_parent",
          {{"parent_type", "item"}, {"query", {{"match_all", nlohmann::json::object()}}}}}}}});
  EXPECT_EQ(children.Json()["hits"]["total"]["value"], 1) << children.Describe();

  EXPECT_EQ(client.Get("/_template/" + prefix_ + "events").status, 200);
  const auto state = client.Get("/_cluster/state/metadata/" + nosource.name).Json();
  EXPECT_EQ(state["metadata"]["indices"][nosource.name]["state"], "close");

  // A re-run converges: everything is already there (409 with external versions).
  translate::Report again;
  totals = Migrate(client.base_url(), indices, {events_template}, again);
  EXPECT_EQ(totals.lost(), 0) << again.ToText();
  EXPECT_EQ(totals.bulk.already_present, 7);
  EXPECT_EQ(totals.bulk.created, 0);

  client.Delete("/" + prefix_ + "*");
  client.Delete("/_template/" + prefix_ + "*");
  std::filesystem::remove(dead_path_);
}

TEST_F(MigrationNodeTest, AForeignIndexOfTheSameNameIsRefusedUnlessAsked) {
  SL_ES7_CLIENT(client);
  const translate::SourceIndex logs =
      Index("foreign", R"({"doc":{"properties":{"msg":{"type":"keyword"}}}})");
  docs_[logs.name] = {{"doc", "1", std::nullopt, std::nullopt, R"({"msg":"from the source"})", 1}};
  // Someone else's index of that name, with a setting and a document of its own.
  ASSERT_EQ(client.Put("/" + logs.name, {{"settings", {{"index.refresh_interval", "7s"}}}}).status,
            200);
  ASSERT_EQ(client.Put("/" + logs.name + "/_doc/theirs?refresh=true", {{"msg", "theirs"}}).status,
            201);
  const auto count = [&] {
    client.Post("/" + logs.name + "/_refresh", nlohmann::json::object());
    return client.Get("/" + logs.name + "/_count").Json()["count"].get<int>();
  };
  client::HttpOptions http;
  http.base_url = client.base_url();
  client::Cluster cluster(http);
  translate::Report report;
  translate::MigrationPlan plan({}, report);
  ASSERT_TRUE(plan.Plan({logs}, {}).ok());

  pipeline::Migration refused(plan, {});
  auto dead = client::DeadLetterFile::Create(dead_path_);
  ASSERT_TRUE(dead.ok());
  const Status status = refused.Run(cluster, http, Stream(), **dead, nullptr);
  EXPECT_NE(status.message().find("\n  " + logs.name + ": an index shardlift did not create"),
            std::string::npos)
      << status.ToString();
  EXPECT_EQ(refused.totals().read, 0);
  EXPECT_EQ(count(), 1);
  EXPECT_EQ(client.Get("/" + logs.name + "/_settings")
                .Json()[logs.name]["settings"]["index"]["refresh_interval"],
            "7s");

  pipeline::Migration asked(plan, {}, /*into_existing=*/true);
  ASSERT_TRUE(asked.Run(cluster, http, Stream(), **dead, nullptr).ok()) << report.ToText();
  EXPECT_EQ(asked.totals().written, 1);
  EXPECT_TRUE(report.Has("index-exists-foreign"));
  EXPECT_EQ(count(), 2);
  EXPECT_TRUE((*dead)->Commit().ok());
  client.Delete("/" + prefix_ + "*");
}

TEST_F(MigrationNodeTest, ClearMlTemplatesWinAndDisagreementsAreReported) {
  SL_ES7_CLIENT(client);
  // ClearML Server 0.16's ES 5 events: `_default_` requires routing; its ES 7 templates do not.
  translate::SourceIndex events = Index("events-log-c1", R"({
      "event":{"dynamic":"strict","properties":{"task":{"type":"keyword"},
               "ok":{"type":"boolean"},"msg":{"type":"text","index":false}}},
      "_default_":{"_routing":{"required":true},"_all":{"enabled":false}}})");
  docs_[events.name] = {
      {"event", "e1", std::nullopt, std::nullopt, R"({"task":"t","ok":"yes","msg":"m"})", 2}};
  translate::UserTemplate user;
  user.name = prefix_ + "events_log";
  user.patterns = {prefix_ + "events-log-*"};
  user.body = Json::parse(R"({"order":1,"settings":{"number_of_shards":1,"number_of_replicas":0},
      "mappings":{"dynamic":"strict","properties":{"task":{"type":"keyword"},
                  "ok":{"type":"boolean"},"msg":{"type":"text","index":false},
                  "value":{"type":"float"}}}})");
  user.body["index_patterns"] = Json::array({user.patterns[0]});

  client::HttpOptions http;
  http.base_url = client.base_url();
  client::Cluster cluster(http);
  translate::Report report;
  translate::TranslationOptions options;
  options.user_templates = {user};
  translate::MigrationPlan plan(options, report);
  ASSERT_TRUE(plan.Plan({events}, {}).ok());
  pipeline::Migration migration(plan, {});
  auto dead = client::DeadLetterFile::Create(dead_path_);
  ASSERT_TRUE(dead.ok());
  const Status status = migration.Run(cluster, http, Stream(), **dead, nullptr);
  ASSERT_TRUE(status.ok()) << status.ToString() << report.ToText();
  EXPECT_TRUE((*dead)->Commit().ok());
  EXPECT_EQ(migration.totals().written, 1);
  EXPECT_TRUE(report.Has("user-template-wins"));
  EXPECT_TRUE(report.Has("user-template-routing-differs"));

  const auto mapping = client.Get("/" + events.name + "/_mapping").Json();
  EXPECT_FALSE(mapping[events.name]["mappings"].contains("_routing")) << mapping.dump();
  EXPECT_EQ(mapping[events.name]["mappings"]["properties"]["value"]["type"], "float");
  const auto doc = client.Get("/" + events.name + "/_doc/e1").Json();
  EXPECT_EQ(doc["_source"]["ok"], true);  // coerced by the template's boolean mapping
  EXPECT_EQ(doc["_version"], 2);
  EXPECT_EQ(client.Get("/_template/" + user.name).status, 200);
  client.Delete("/" + prefix_ + "*");
  client.Delete("/_template/" + prefix_ + "*");
  std::filesystem::remove(dead_path_);
}

}  // namespace
}  // namespace shardlift::es7
