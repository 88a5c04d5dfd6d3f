#include <gtest/gtest.h>

#include "translate/default_mapping.h"
#include "translate/mapping.h"

namespace shardlift::es7 {
namespace {

Json Translate(const Json& mapping, translate::Report& report,
               const translate::MappingOptions& options = {}) {
  translate::ReportScope scope(report, "index t");
  return translate::TranslateTypeMapping(mapping, options, scope, "mappings.doc").mapping;
}

TEST(MappingTranslationTest, StringBecomesTextOrKeywordLikeEs5AutoUpgrade) {
  translate::Report report;
  const Json out = Translate(Json::parse(R"({"properties":{
      "title":{"type":"string","index":"analyzed"},
      "code":{"type":"string","index":"not_analyzed","doc_values":true},
      "hidden":{"type":"string","index":"no"},
      "plain":{"type":"string"}}})"),
                             report);
  EXPECT_EQ(out["properties"]["title"], Json::parse(R"({"type":"text","index":true})"));
  EXPECT_EQ(out["properties"]["code"],
            Json::parse(R"({"type":"keyword","index":true,"doc_values":true})"));
  EXPECT_EQ(out["properties"]["hidden"], Json::parse(R"({"type":"keyword","index":false})"));
  EXPECT_EQ(out["properties"]["plain"], Json::parse(R"({"type":"text"})"));
  EXPECT_TRUE(report.Has("string-to-keyword"));
  EXPECT_TRUE(report.Has("string-to-text"));
}

TEST(MappingTranslationTest, AllAndIncludeInAllAreRemoved) {
  translate::Report report;
  const Json out = Translate(Json::parse(R"({"_all":{"enabled":false},"properties":{
      "msg":{"type":"text","include_in_all":false}}})"),
                             report);
  EXPECT_FALSE(out.contains("_all"));
  EXPECT_EQ(out["properties"]["msg"], Json::parse(R"({"type":"text"})"));
  EXPECT_TRUE(report.Has("all-field-removed"));
  EXPECT_TRUE(report.Has("param-removed"));
}

TEST(MappingTranslationTest, AllFieldCopyToOnRequest) {
  translate::Report report;
  translate::MappingOptions options;
  options.all_field = "all";
  const Json out = Translate(Json::parse(R"({"properties":{
      "a":{"type":"text"},"b":{"type":"long","include_in_all":false},
      "o":{"properties":{"c":{"type":"keyword"}}},"bin":{"type":"binary"}}})"),
                             report, options);
  EXPECT_EQ(out["properties"]["a"]["copy_to"], "all");
  EXPECT_FALSE(out["properties"]["b"].contains("copy_to"));
  EXPECT_EQ(out["properties"]["o"]["properties"]["c"]["copy_to"], "all");
  EXPECT_FALSE(out["properties"]["bin"].contains("copy_to"));
  EXPECT_EQ(out["properties"]["all"], Json::parse(R"({"type":"text"})"));
}

TEST(MappingTranslationTest, TimestampAndTtlDroppedOrKept) {
  const Json legacy = Json::parse(
      R"({"_timestamp":{"enabled":true},"_ttl":{"enabled":true},"properties":{"n":{"type":"long"}}})");
  translate::Report dropped;
  translate::ReportScope scope(dropped, "index t");
  translate::TranslatedMapping out =
      translate::TranslateTypeMapping(legacy, {}, scope, "mappings.doc");
  EXPECT_FALSE(out.mapping.contains("_timestamp"));
  EXPECT_FALSE(out.mapping.contains("_ttl"));
  EXPECT_TRUE(out.had_timestamp);
  EXPECT_TRUE(dropped.Has("legacy-meta-field-dropped"));

  translate::Report kept;
  translate::ReportScope kept_scope(kept, "index t");
  translate::MappingOptions options;
  options.timestamp_field = "es5_timestamp";
  options.ttl_field = "es5_ttl";
  out = translate::TranslateTypeMapping(legacy, options, kept_scope, "mappings.doc");
  EXPECT_EQ(out.mapping["properties"]["es5_timestamp"]["type"], "date");
  EXPECT_EQ(out.mapping["properties"]["es5_ttl"]["type"], "date");
  EXPECT_TRUE(kept.Has("legacy-meta-field-kept"));
}

TEST(MappingTranslationTest, ParentIsHandedBackAndRoutingKept) {
  translate::Report report;
  translate::ReportScope scope(report, "index t");
  const translate::TranslatedMapping out = translate::TranslateTypeMapping(
      Json::parse(R"({"_parent":{"type":"item"},"_routing":{"required":"true"}})"), {}, scope,
      "mappings.note");
  EXPECT_EQ(out.parent_type, "item");
  EXPECT_FALSE(out.mapping.contains("_parent"));
  EXPECT_EQ(out.mapping["_routing"], Json::parse(R"({"required":true})"));
  EXPECT_TRUE(out.routing_required);
}

TEST(MappingTranslationTest, NormsFielddataAndRenamedParams) {
  translate::Report report;
  const Json out = Translate(Json::parse(R"({"properties":{
      "a":{"type":"string","norms":{"enabled":false}},
      "b":{"type":"string","index":"not_analyzed","norms":{"enabled":true,"loading":"eager"}},
      "c":{"type":"string","fielddata":{"format":"disabled"}},
      "d":{"type":"string","index_analyzer":"idx","analyzer":"std","position_offset_gap":100},
      "e":{"type":"string","fielddata":{"format":"paged_bytes","filter":{"frequency":{"min":0.01}}}}}})"),
                             report);
  EXPECT_EQ(out["properties"]["a"]["norms"], false);
  EXPECT_EQ(out["properties"]["b"]["norms"], true);
  EXPECT_EQ(out["properties"]["c"]["fielddata"], false);
  EXPECT_EQ(out["properties"]["d"]["analyzer"], "idx");
  EXPECT_EQ(out["properties"]["d"]["search_analyzer"], "std");
  EXPECT_EQ(out["properties"]["d"]["position_increment_gap"], 100);
  EXPECT_FALSE(out["properties"]["d"].contains("index_analyzer"));
  EXPECT_FALSE(out["properties"]["e"].contains("fielddata"));
  EXPECT_EQ(out["properties"]["e"]["fielddata_frequency_filter"], Json::parse(R"({"min":0.01})"));
  EXPECT_TRUE(report.Has("norms-object"));
  EXPECT_TRUE(report.Has("fielddata-object"));
  EXPECT_TRUE(report.Has("index-analyzer-renamed"));
  EXPECT_TRUE(report.Has("position-offset-gap-renamed"));
}

TEST(MappingTranslationTest, RemovedNumericGeoAndUnsupportedParams) {
  translate::Report report;
  const Json out = Translate(Json::parse(R"({"properties":{
      "n":{"type":"long","precision_step":8,"index":"not_analyzed","store":"yes"},
      "g":{"type":"geo_point","lat_lon":true,"geohash":true,"geohash_precision":12,"validate":true},
      "b":{"type":"boolean","null_value":"off","index":"no","norms":{"enabled":false}},
      "k":{"type":"keyword","analyzer":"x"},
      "t":{"type":"text","doc_values":false}}})"),
                             report);
  EXPECT_EQ(out["properties"]["n"], Json::parse(R"({"type":"long","index":true,"store":true})"));
  EXPECT_EQ(out["properties"]["g"], Json::parse(R"({"type":"geo_point"})"));
  EXPECT_EQ(out["properties"]["b"],
            Json::parse(R"({"type":"boolean","null_value":false,"index":false})"));
  EXPECT_EQ(out["properties"]["k"], Json::parse(R"({"type":"keyword"})"));
  EXPECT_EQ(out["properties"]["t"], Json::parse(R"({"type":"text"})"));
  EXPECT_TRUE(report.Has("param-unsupported"));
  EXPECT_TRUE(report.Has("legacy-boolean-param"));
}

TEST(MappingTranslationTest, SourceSettingsAndRemovedMetaFields) {
  translate::Report report;
  translate::ReportScope scope(report, "template t");
  const translate::TranslatedMapping out = translate::TranslateTypeMapping(
      Json::parse(R"({"_source":{"enabled":"no","compress":true},"_size":{"enabled":true},
                      "_boost":{"name":"b"},"_field_names":{"enabled":false}})"),
      {}, scope, "mappings.type1");
  EXPECT_EQ(out.mapping["_source"], Json::parse(R"({"enabled":false})"));
  EXPECT_FALSE(out.source_enabled);
  EXPECT_FALSE(out.mapping.contains("_size"));
  EXPECT_FALSE(out.mapping.contains("_boost"));
  EXPECT_EQ(out.mapping["_field_names"], Json::parse(R"({"enabled":false})"));
  EXPECT_TRUE(report.Has("meta-field-removed"));
  EXPECT_TRUE(report.Has("source-option-removed"));
}

TEST(MappingTranslationTest, DynamicTemplatesWithStringInside) {
  translate::Report report;
  const Json out = Translate(Json::parse(R"({"dynamic_templates":[
      {"strings":{"match_mapping_type":"string","mapping":{"type":"string","index":"not_analyzed"}}},
      {"untyped":{"match_mapping_type":"string","mapping":{"index":"not_analyzed"}}},
      {"longs":{"match":"n_*","mapping":{"type":"long","precision_step":4}}}]})"),
                             report);
  const Json& templates = out["dynamic_templates"];
  EXPECT_EQ(templates[0]["strings"]["match_mapping_type"], "string");
  EXPECT_EQ(templates[0]["strings"]["mapping"], Json::parse(R"({"type":"keyword","index":true})"));
  EXPECT_EQ(templates[1]["untyped"]["mapping"], Json::parse(R"({"type":"keyword","index":true})"));
  EXPECT_EQ(templates[2]["longs"]["mapping"], Json::parse(R"({"type":"long"})"));
}

TEST(MappingTranslationTest, MultiFieldsAndObjectsAreTranslatedRecursively) {
  translate::Report report;
  const Json out = Translate(Json::parse(R"({"dynamic":"yes","properties":{
      "name":{"type":"string","fields":{"raw":{"type":"string","index":"not_analyzed"}}},
      "o":{"type":"object","include_in_all":false,"properties":{"s":{"type":"string"}}},
      "n":{"type":"nested","include_in_parent":"1","properties":{"x":{"type":"string","index":"no"}}}}})"),
                             report);
  EXPECT_EQ(out["dynamic"], true);
  EXPECT_EQ(out["properties"]["name"]["fields"]["raw"]["type"], "keyword");
  EXPECT_EQ(out["properties"]["o"],
            Json::parse(R"({"type":"object","properties":{"s":{"type":"text"}}})"));
  EXPECT_EQ(out["properties"]["n"]["include_in_parent"], true);
  EXPECT_EQ(out["properties"]["n"]["properties"]["x"]["index"], false);
}

TEST(MappingTranslationTest, JodaDatePatternLettersChangedInJavaTime) {
  translate::Report report;
  const Json out = Translate(Json::parse(R"({"properties":{
      "d":{"type":"date","format":"YYYY-MM-dd HH:mm:ssZZ||epoch_millis"},
      "e":{"type":"date","format":"yyyy-MM-dd HH:mm:ss||epoch_millis"}}})"),
                             report);
  EXPECT_EQ(out["properties"]["d"]["format"], "yyyy-MM-dd HH:mm:ssXXX||epoch_millis");
  EXPECT_EQ(out["properties"]["e"]["format"], "yyyy-MM-dd HH:mm:ss||epoch_millis");
}

TEST(DefaultMappingTest, TypeWinsObjectsMergeTemplatesMergeByName) {
  const Json defaults = Json::parse(R"({"_routing":{"required":true},"_all":{"enabled":false},
      "dynamic_templates":[{"a":{"match":"a*"}},{"b":{"match":"b*"}}],
      "properties":{"x":{"type":"keyword"},"y":{"type":"long"}}})");
  const Json type = Json::parse(R"({"_all":{"enabled":true},
      "dynamic_templates":[{"b":{"match":"bb*"}}],"properties":{"y":{"type":"integer"}}})");
  const Json merged = translate::MergeDefaultMapping(defaults, type);
  EXPECT_EQ(merged["_routing"]["required"], true);
  EXPECT_EQ(merged["_all"]["enabled"], true);
  EXPECT_EQ(merged["properties"]["x"]["type"], "keyword");
  EXPECT_EQ(merged["properties"]["y"]["type"], "integer");
  EXPECT_EQ(merged["dynamic_templates"],
            Json::parse(R"([{"b":{"match":"bb*"}},{"a":{"match":"a*"}}])"));
}

}  // namespace
}  // namespace shardlift::es7
