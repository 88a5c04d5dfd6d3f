#include <gtest/gtest.h>

#include "translate/flat_settings.h"
#include "translate/settings.h"

namespace shardlift::es7 {
namespace {

TEST(FlatSettingsTest, NestsWithArraysInNumericOrder) {
  translate::FlatSettings flat;
  for (int i = 0; i < 12; ++i) flat["index.l." + std::to_string(i)] = std::to_string(i);
  flat["index.a.b"] = "x";
  auto nested = translate::NestSettings(flat);
  ASSERT_TRUE(nested.ok());
  EXPECT_EQ((*nested)["index"]["a"]["b"], "x");
  ASSERT_TRUE((*nested)["index"]["l"].is_array());
  EXPECT_EQ((*nested)["index"]["l"][10], "10");
  EXPECT_EQ(translate::FlattenSettings(*nested), flat);
}

TEST(FlatSettingsTest, RefusesValueAndObjectAtOnce) {
  EXPECT_FALSE(translate::NestSettings({{"index.a", "1"}, {"index.a.b", "2"}}).ok());
}

TEST(SettingsTranslationTest, DropsOwnedKeepsCustomDefersLoadSettings) {
  translate::Report report;
  translate::ReportScope scope(report, "index i");
  const translate::FlatSettings source = {
      {"index.creation_date", "1591000000000"},
      {"index.number_of_shards", "2"},
      {"index.number_of_replicas", "1"},
      {"index.uuid", "abc"},
      {"index.version.created", "5061699"},
      {"index.version.upgraded", "5061699"},
      {"index.provided_name", "i"},
      {"index.mapping.single_type", "true"},
      {"index.mapper.dynamic", "false"},
      {"index.routing.allocation.include._name", "node-a"},
      {"index.codec", "best_compression"},
      {"index.max_result_window", "50000"},
      {"index.blocks.write", "true"},
      {"index.my_custom", "kept"},
  };
  auto out = translate::TranslateIndexSettings(source, scope);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->create, Json::parse(R"({"index":{"codec":"best_compression",
      "max_result_window":"50000","my_custom":"kept","number_of_replicas":"0",
      "number_of_shards":"2","refresh_interval":"-1"}})"));
  EXPECT_EQ(out->after_load, Json::parse(R"({"index":{"blocks":{"write":"true"},
      "number_of_replicas":"1","refresh_interval":null}})"));
  EXPECT_TRUE(report.Has("setting-dropped"));
}

// ES 7.6.2 refuses "number_of_replicas": null (tests/es7/FACTS.md): what the source did not set
// comes back as ES's default, written out.
TEST(SettingsTranslationTest, ReplicasTheSourceDidNotSetComeBackAsTheDefaultNotNull) {
  translate::Report report;
  translate::ReportScope scope(report, "index i");
  auto out = translate::TranslateIndexSettings({{"index.number_of_shards", "1"}}, scope);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->create["index"]["number_of_replicas"], "0");
  EXPECT_EQ(out->after_load, Json::parse(R"({"index":{"number_of_replicas":"1",
      "refresh_interval":null}})"));
}

TEST(SettingsTranslationTest, AnalysisRenamedAndStandardFilterRemoved) {
  translate::Report report;
  translate::ReportScope scope(report, "index i");
  const translate::FlatSettings source = {
      {"index.analysis.filter.my_ngram.type", "nGram"},
      {"index.analysis.filter.my_ngram.min_gram", "2"},
      {"index.analysis.filter.my_ngram.max_gram", "5"},
      {"index.analysis.filter.my_std.type", "standard"},
      {"index.analysis.tokenizer.edge.type", "edgeNGram"},
      {"index.analysis.char_filter.html.type", "htmlStrip"},
      {"index.analysis.analyzer.a.tokenizer", "edge"},
      {"index.analysis.analyzer.a.filter.0", "standard"},
      {"index.analysis.analyzer.a.filter.1", "lowercase"},
      {"index.analysis.analyzer.a.filter.2", "my_std"},
      {"index.analysis.analyzer.a.filter.3", "my_ngram"},
      {"index.analysis.analyzer.a.char_filter.0", "htmlStrip"},
      {"index.analysis.analyzer.a.position_offset_gap", "100"},
  };
  auto out = translate::TranslateIndexSettings(source, scope);
  ASSERT_TRUE(out.ok());
  const Json& analysis = out->create["index"]["analysis"];
  EXPECT_EQ(analysis["filter"]["my_ngram"]["type"], "ngram");
  EXPECT_FALSE(analysis["filter"].contains("my_std"));
  EXPECT_EQ(analysis["tokenizer"]["edge"]["type"], "edge_ngram");
  EXPECT_EQ(analysis["char_filter"]["html"]["type"], "html_strip");
  EXPECT_EQ(analysis["analyzer"]["a"]["filter"], Json::parse(R"(["lowercase","my_ngram"])"));
  EXPECT_EQ(analysis["analyzer"]["a"]["char_filter"], Json::parse(R"(["html_strip"])"));
  EXPECT_EQ(analysis["analyzer"]["a"]["position_increment_gap"], "100");
  EXPECT_EQ(out->create["index"]["max_ngram_diff"], "3");
  EXPECT_TRUE(report.Has("standard-filter-removed"));
  EXPECT_TRUE(report.Has("analysis-limit-raised"));
}

TEST(SettingsTranslationTest, RemoveNestedSettingPrunesEmptyObjects) {
  Json settings = Json::parse(R"({"index":{"foo":{"bar":"1"},"keep":"x"}})");
  EXPECT_TRUE(translate::RemoveNestedSetting(settings, "index.foo.bar"));
  EXPECT_EQ(settings, Json::parse(R"({"index":{"keep":"x"}})"));
  EXPECT_FALSE(translate::RemoveNestedSetting(settings, "index.nothing"));
}

}  // namespace
}  // namespace shardlift::es7
