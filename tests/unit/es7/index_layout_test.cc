#include "translate/index_layout.h"

#include <gtest/gtest.h>

#include "translate/templates.h"

namespace shardlift::es7 {
namespace {

translate::SourceIndex Index(const std::string& name, const std::string& mappings_json) {
  translate::SourceIndex index;
  index.name = name;
  index.settings = {{"index.number_of_shards", "1"}, {"index.uuid", "u"}};
  const Json mappings = Json::parse(mappings_json);
  for (const auto& [type, mapping] : mappings.items()) {
    index.mappings.emplace_back(type, mapping);
  }
  return index;
}

TEST(IndexLayoutTest, SingleTypeKeepsNameAndDefaultIsMerged) {
  // ClearML events: _default_ requires routing.
  translate::SourceIndex index = Index("events-log-x", R"({
      "event":{"properties":{"task":{"type":"keyword"},"ok":{"type":"boolean"}}},
      "_default_":{"_routing":{"required":true},"_all":{"enabled":false}}})");
  translate::Report report;
  auto plan = translate::PlanIndex(index, {}, report);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->targets.size(), 1u);
  EXPECT_EQ(plan->targets[0].name, "events-log-x");
  EXPECT_EQ(plan->targets[0].mappings["_routing"]["required"], true);
  EXPECT_FALSE(plan->targets[0].mappings.contains("_all"));
  EXPECT_EQ(plan->targets[0].boolean_fields, std::vector<std::string>{"ok"});
  EXPECT_EQ(plan->Route("event")->target, 0u);
  EXPECT_TRUE(plan->Route("event")->type_field.empty());
  EXPECT_TRUE(report.Has("default-mapping-merged"));
}

TEST(IndexLayoutTest, MultiTypeSplitsByDefault) {
  translate::SourceIndex index = Index("index-5.0.0", R"({
      "doc":{"properties":{"bool":{"type":"boolean"}}},
      "norms":{"properties":{"s":{"type":"text"}}}})");
  index.aliases.push_back({"#index-5.0.0", std::nullopt, std::nullopt, std::nullopt});
  index.aliases.push_back({"good", Json::parse(R"({"term":{"a":"b"}})"), "r", "r"});
  translate::Report report;
  auto plan = translate::PlanIndex(index, {}, report);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->targets.size(), 2u);
  EXPECT_EQ(plan->targets[0].name, "index-5.0.0-doc");
  EXPECT_EQ(plan->targets[1].name, "index-5.0.0-norms");
  EXPECT_EQ(plan->Route("norms")->target, 1u);
  ASSERT_EQ(plan->targets[0].aliases.size(), 2u);  // "good" and the old index name
  EXPECT_EQ(plan->targets[0].aliases[0].name, "good");
  EXPECT_EQ(plan->targets[0].aliases[0].body["index_routing"], "r");
  EXPECT_EQ(plan->targets[0].aliases[1].name, "index-5.0.0");
  EXPECT_TRUE(report.Has("alias-name-refused"));
  EXPECT_TRUE(report.Has("multi-type-split"));
}

TEST(IndexLayoutTest, MultiTypeFieldModeAddsTypeField) {
  translate::SourceIndex index = Index("m", R"({"a":{"properties":{"x":{"type":"keyword"}}},
                                     "b":{"properties":{"y":{"type":"long"}}}})");
  translate::LayoutOptions options;
  options.multi_type = translate::MultiTypeMode::kField;
  translate::Report report;
  auto plan = translate::PlanIndex(index, options, report);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->targets.size(), 1u);
  EXPECT_EQ(plan->targets[0].name, "m");
  EXPECT_EQ(plan->targets[0].mappings["properties"], Json::parse(R"({"x":{"type":"keyword"},
      "y":{"type":"long"},"es5_type":{"type":"keyword"}})"));
  EXPECT_EQ(plan->Route("b")->type_field, "es5_type");
}

TEST(IndexLayoutTest, ParentChildAlwaysSingleIndexWithJoin) {
  translate::SourceIndex index = Index("edge-multi", R"({
      "doc":{"properties":{"title":{"type":"text"}}},
      "item":{"properties":{"name":{"type":"keyword"}}},
      "note":{"_parent":{"type":"item"},"_routing":{"required":true},
              "properties":{"text":{"type":"text"}}}})");
  translate::Report report;
  auto plan = translate::PlanIndex(index, {}, report);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->targets.size(), 1u);
  const Json& mappings = plan->targets[0].mappings;
  EXPECT_EQ(mappings["properties"]["join"],
            Json::parse(R"({"type":"join","relations":{"item":"note"}})"));
  EXPECT_EQ(mappings["properties"]["es5_type"]["type"], "keyword");
  EXPECT_FALSE(mappings.contains("_routing"));  // "doc" and "item" never had routing
  EXPECT_EQ(plan->Route("item")->join_role, translate::JoinRole::kParent);
  EXPECT_EQ(plan->Route("note")->join_role, translate::JoinRole::kChild);
  EXPECT_EQ(plan->Route("doc")->join_role, translate::JoinRole::kNone);
  EXPECT_EQ(plan->Route("note")->join_field, "join");
  EXPECT_TRUE(report.Has("parent-to-join"));
  EXPECT_TRUE(report.Has("routing-required-dropped"));
}

TEST(IndexLayoutTest, SourceDisabledAndClosedAreReported) {
  translate::SourceIndex index = Index("nosource", R"({"doc":{"_source":{"enabled":false}}})");
  index.closed = true;
  translate::Report report;
  auto plan = translate::PlanIndex(index, {}, report);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->Route("doc")->source_enabled);
  EXPECT_TRUE(plan->targets[0].close_after_load);
  EXPECT_TRUE(report.Has("source-disabled"));
  EXPECT_TRUE(report.Has("closed-index"));
}

TEST(IndexLayoutTest, MappingLimitsRaisedAndReported) {
  Json properties = Json::object();
  for (int i = 0; i < 1200; ++i) properties[std::to_string(i)] = {{"type", "keyword"}};
  translate::SourceIndex index;
  index.name = "wide";
  index.mappings.emplace_back("doc", Json{{"properties", properties}});
  translate::Report report;
  auto plan = translate::PlanIndex(index, {}, report);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->targets[0].settings["index"]["mapping"]["total_fields"]["limit"], "1200");
  EXPECT_TRUE(report.Has("mapping-limit-raised"));

  translate::LayoutOptions strict;
  strict.raise_limits = false;
  translate::Report strict_report;
  ASSERT_TRUE(translate::PlanIndex(index, strict, strict_report).ok());
  EXPECT_TRUE(strict_report.HasErrors());
}

TEST(TemplateTranslationTest, PatternsSettingsMappingsAliases) {
  translate::SourceTemplate source;
  source.name = "template_5.6.0";
  source.patterns = {"te*"};
  source.settings = {{"index.number_of_shards", "1"}};
  source.mappings.emplace_back("type1", Json::parse(R"({"_source":{"enabled":"no"}})"));
  source.aliases.push_back(
      {"alias2", Json::parse(R"({"term":{"version":"5.6.0"}})"), "kimchy", "kimchy"});
  source.aliases.push_back({"{index}-alias", std::nullopt, std::nullopt, std::nullopt});
  translate::Report report;
  auto out = translate::TranslateTemplate(source, {}, report);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->body, Json::parse(R"({"index_patterns":["te*"],"order":0,
      "settings":{"index":{"number_of_shards":"1"}},
      "mappings":{"_source":{"enabled":false}},
      "aliases":{"alias2":{"filter":{"term":{"version":"5.6.0"}},"index_routing":"kimchy",
                 "search_routing":"kimchy"},"{index}-alias":{}}})"));
}

TEST(AliasTranslationTest, RemovedQueriesBecomeBool) {
  translate::Report report;
  translate::ReportScope scope(report, "alias a");
  EXPECT_EQ(translate::TranslateQuery(Json::parse(R"({"filtered":{"query":{"match_all":{}},
                                          "filter":{"missing":{"field":"x"}}}})"),
                                      "f", scope),
            Json::parse(R"({"bool":{"must":{"match_all":{}},
                            "filter":{"bool":{"must_not":[{"exists":{"field":"x"}}]}}}})"));
  EXPECT_EQ(translate::InvalidNameReason("#index-2.0.0", false), "must not contain '#'");
  EXPECT_EQ(translate::InvalidNameReason("Upper", true), "must be lowercase");
  EXPECT_FALSE(translate::InvalidNameReason("Upper", false).has_value());
}

}  // namespace
}  // namespace shardlift::es7

namespace shardlift::es7 {
namespace {

TEST(IndexLayoutTest, TargetPrefixNamesEverything) {
  translate::SourceIndex index = Index("m", R"({"a":{},"b":{}})");
  index.aliases.push_back({"al", std::nullopt, std::nullopt, std::nullopt});
  translate::LayoutOptions options;
  options.name_prefix = "t1-";
  translate::Report report;
  auto plan = translate::PlanIndex(index, options, report);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->targets[0].name, "t1-m-a");
  EXPECT_EQ(plan->targets[0].aliases[0].name, "t1-al");
  EXPECT_EQ(plan->targets[0].aliases[1].name, "t1-m");

  translate::SourceTemplate source;
  source.name = "tpl";
  source.patterns = {"te*"};
  auto translated = translate::TranslateTemplate(source, options, report);
  ASSERT_TRUE(translated.ok());
  EXPECT_EQ(translated->name, "t1-tpl");
  EXPECT_EQ(translated->body["index_patterns"], Json::parse(R"(["t1-te*"])"));
}

}  // namespace
}  // namespace shardlift::es7
