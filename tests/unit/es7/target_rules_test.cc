// The target identity (translate/target_version.h) and the per-target rules
// (translate/target_rules.h), on the answers tests/es7/FACTS.md records for each target.
#include "translate/target_rules.h"

#include <gtest/gtest.h>

#include "translate/migration_plan.h"
#include "translate/target_version.h"

namespace shardlift::es7 {
namespace {

using translate::Distribution;
using translate::TargetKind;
using translate::TargetVersion;
using translate::TranslationTarget;

TranslationTarget Target(const std::string& spec,
                         std::optional<std::vector<std::string>> modules = std::nullopt) {
  TranslationTarget target;
  target.version = *TargetVersion::Parse(spec);
  target.modules = std::move(modules);
  return target;
}

TEST(TargetVersionTest, ParsesWhatTheFlagTakes) {
  auto es = TargetVersion::Parse("7.6.2");
  ASSERT_TRUE(es.ok());
  EXPECT_EQ(es->distribution, Distribution::kElasticsearch);
  EXPECT_EQ(es->kind(), TargetKind::kElasticsearch7);
  EXPECT_EQ(es->Name(), "Elasticsearch 7.6.2");
  EXPECT_EQ(es->Spec(), "7.6.2");
  EXPECT_EQ(TargetVersion::Parse("elasticsearch-8.17.0")->kind(), TargetKind::kElasticsearch8);
  auto os = TargetVersion::Parse("opensearch-2.19.1");
  ASSERT_TRUE(os.ok());
  EXPECT_EQ(os->kind(), TargetKind::kOpenSearch);
  EXPECT_EQ(os->Name(), "OpenSearch 2.19.1");
  EXPECT_EQ(os->Spec(), "opensearch-2.19.1");
  EXPECT_EQ(TargetVersion::FromNumber(Distribution::kElasticsearch, "8.18.0-SNAPSHOT")->Name(),
            "Elasticsearch 8.18.0");
  for (const char* refused :
       {"6.8.23", "9.0.0", "opensearch-3.0.0", "7.6", "7.x.1", "", "7.6.2.1", "solr-9.0.0"}) {
    EXPECT_FALSE(TargetVersion::Parse(refused).ok()) << refused;
  }
  EXPECT_EQ(TargetVersion::Parse("7.10.0")->Compare(*TargetVersion::Parse("7.6.2")), 1);
  EXPECT_EQ(TargetVersion::Parse("7.17.29")->Compare(*TargetVersion::Parse("8.0.0")), -1);
  EXPECT_EQ(TargetVersion::Parse("7.6.2")->Compare(*TargetVersion::Parse("7.6.2")), 0);
}

TEST(TargetRulesTest, Elasticsearch8LosesWhatItRefuses) {
  Json mapping = Json::parse(R"({
    "_field_names": {"enabled": false},
    "dynamic_date_formats": ["dateOptionalTime", "yyyy/MM/dd"],
    "properties": {
      "title": {"type": "text", "boost": 2.0, "fields": {"raw": {"type": "keyword", "boost": 3}}},
      "when": {"type": "date", "format": "dateOptionalTime||epoch_millis||yyyyMMdd"},
      "obj": {"properties": {"at": {"type": "date", "format": "strictTTime"}}}
    },
    "dynamic_templates": [{"s": {"match": "*", "mapping": {"type": "keyword", "boost": 2}}}]
  })");
  Json es7_mapping = mapping;
  translate::Report report;
  translate::ReportScope scope(report, "index i");
  translate::AdaptMapping(es7_mapping, Target("7.17.29"), "mappings", scope);
  translate::AdaptMapping(es7_mapping, Target("opensearch-2.19.1"), "mappings", scope);
  EXPECT_EQ(es7_mapping, mapping) << "7.x and OpenSearch take the shared form";
  EXPECT_TRUE(report.changes().empty());

  translate::AdaptMapping(mapping, Target("8.17.0"), "mappings", scope);
  EXPECT_EQ(mapping, Json::parse(R"({
    "dynamic_date_formats": ["date_optional_time", "yyyy/MM/dd"],
    "properties": {
      "title": {"type": "text", "fields": {"raw": {"type": "keyword"}}},
      "when": {"type": "date", "format": "date_optional_time||epoch_millis||yyyyMMdd"},
      "obj": {"properties": {"at": {"type": "date", "format": "strict_t_time"}}}
    },
    "dynamic_templates": [{"s": {"match": "*", "mapping": {"type": "keyword"}}}]
  })"));
  EXPECT_TRUE(report.Has("boost-removed", "index i"));
  EXPECT_TRUE(report.Has("field-names-enabled-removed"));
  EXPECT_TRUE(report.Has("date-format-snake-case"));
  size_t boosts = 0;
  for (const translate::Change& change : report.changes()) boosts += change.rule == "boost-removed";
  EXPECT_EQ(boosts, 3u) << report.ToText();
}

TEST(TargetRulesTest, Elasticsearch8DropsTheSettingsItRefuses) {
  Json settings = Json::parse(R"({"index": {
    "number_of_shards": "1",
    "search": {"slowlog": {"level": "info", "threshold": {"query": {"warn": "10s"}}}},
    "indexing": {"slowlog": {"level": "info"}},
    "max_adjacency_matrix_filters": "100",
    "translog": {"retention": {"age": "12h", "size": "512mb"}, "durability": "async"}}})");
  Json kept = settings;
  translate::Report report;
  translate::ReportScope scope(report, "index i");
  translate::AdaptSettings(kept, Target("7.6.2"), "settings", scope);
  EXPECT_EQ(kept, settings);
  translate::AdaptSettings(settings, Target("8.17.0"), "settings", scope);
  EXPECT_EQ(settings, Json::parse(R"({"index": {
    "number_of_shards": "1",
    "search": {"slowlog": {"threshold": {"query": {"warn": "10s"}}}},
    "translog": {"durability": "async"}}})"));
  EXPECT_EQ(report.changes().size(), 5u) << report.ToText();
}

TEST(TargetRulesTest, LegacyTemplateKeyBecomesIndexPatternsOnElasticsearch8) {
  Json body = Json::parse(R"({"template": "events-*", "order": 1, "mappings": {}})");
  translate::Report report;
  translate::ReportScope scope(report, "template events");
  Json kept = body;
  translate::AdaptTemplateBody(kept, Target("7.17.29"), scope);
  EXPECT_EQ(kept, body);
  translate::AdaptTemplateBody(body, Target("8.17.0"), scope);
  EXPECT_EQ(body, Json::parse(R"({"index_patterns": ["events-*"], "order": 1, "mappings": {}})"));
}

TEST(TargetRulesTest, FieldTypesNeedTheirModules) {
  const Json mapping = Json::parse(R"({"properties": {
    "obj": {"properties": {"price": {"type": "scaled_float", "scaling_factor": 100}}},
    "join": {"type": "join", "relations": {"q": "a"}}}})");
  EXPECT_FALSE(translate::FindMissingModule(mapping, Target("8.17.0")))
      << "modules unknown: a full distribution";
  EXPECT_FALSE(
      translate::FindMissingModule(mapping, Target("7.17.29", {{"parent-join", "mapper-extras"}})));
  const TranslationTarget bare = Target("8.17.0", {{"x-pack-core"}});
  auto price = translate::FindMissingModule(mapping, bare);
  ASSERT_TRUE(price);
  EXPECT_EQ(price->path, "mappings.obj.price");
  EXPECT_EQ(
      price->Describe(bare),
      "scaled_float needs the mapper-extras module, which Elasticsearch 8.17.0 does not have");
  auto join = translate::FindMissingModule(mapping, Target("8.17.0", {{"mapper-extras"}}));
  ASSERT_TRUE(join);
  EXPECT_EQ(join->path, "mappings.join");
  EXPECT_EQ(join->module, "parent-join");
}

// A plan for a target that lacks a module: the index is an error (nothing is written), the
// template is left out; the report names the target first.
TEST(TargetRulesTest, PlanRefusesAnIndexTheTargetCannotCreate) {
  translate::SourceIndex index;
  index.name = "qa";
  index.mappings = {{"question", Json::parse(R"({"properties": {"t": {"type": "keyword"}}})")},
                    {"answer", Json::parse(R"({"_parent": {"type": "question"}})")}};
  translate::SourceTemplate with_parent;
  with_parent.name = "qa";
  with_parent.patterns = {"qa-*"};
  with_parent.mappings = index.mappings;
  translate::TranslationOptions options;
  options.target = Target("8.17.0", {{"x-pack-core"}});
  translate::Report report;
  translate::MigrationPlan plan(options, report);
  ASSERT_TRUE(plan.Plan({index}, {with_parent}).ok());
  EXPECT_TRUE(report.HasErrors());
  EXPECT_TRUE(report.Has("target-lacks-module", "index qa")) << report.ToText();
  EXPECT_TRUE(report.Has("target-lacks-module", "template qa")) << report.ToText();
  EXPECT_TRUE(plan.templates().empty());
  EXPECT_EQ(report.changes().front().subject, "target");
  EXPECT_NE(report.changes().front().detail.find("Elasticsearch 8.17.0"), std::string::npos);
  EXPECT_NE(report.ToText().find("[error] mappings.join: join needs the parent-join module, "
                                 "which Elasticsearch 8.17.0 does not have: the index cannot be "
                                 "created there (target-lacks-module)"),
            std::string::npos)
      << report.ToText();
}

}  // namespace
}  // namespace shardlift::es7
