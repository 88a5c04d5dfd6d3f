// Which refusals ignore_malformed cures, and the PUT _mapping body that sets it on exactly one
// field. The error texts are what 7.6.2 and 7.17.29 answered (tests/es7/FACTS.md).
#include "pipeline/malformed_values.h"

#include <gtest/gtest.h>

#include "json/json.h"
#include "translate/report.h"

namespace shardlift::pipeline {
namespace {

Json Parse(std::string_view text) {
  auto parsed = ParseJson(text, "test");
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return parsed.ok() ? *parsed : Json();
}

TEST(MalformedValuesTest, RefusalsOfTypesThatTakeIgnoreMalformed) {
  // ES 7.6.2 on ClearML's 1e+39 loss.
  const Json float_762 = Parse(R"({"type":"mapper_parsing_exception",
    "reason":"failed to parse field [value] of type [float] in document with id 'a-14-loss-total'. Preview of field's value: '1.0E39'",
    "caused_by":{"type":"illegal_argument_exception","reason":"[float] supports only finite values, but got [Infinity]"}})");
  const auto found = MalformedField(float_762);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->first, "value");
  EXPECT_EQ(found->second, "float");
  // 7.17.29, a long out of range inside an object.
  const auto nested = MalformedField(Parse(R"({"type":"mapper_parsing_exception",
    "reason":"failed to parse field [o.x] of type [long] in document with id '3'. Preview of field's value: '1.0E20'"})"));
  ASSERT_TRUE(nested.has_value());
  EXPECT_EQ(nested->first, "o.x");
  EXPECT_EQ(nested->second, "long");
  EXPECT_TRUE(MalformedField(Parse(R"({"type":"mapper_parsing_exception",
    "reason":"failed to parse field [d] of type [date] in document with id '4'"})")));

  // A boolean takes no ignore_malformed; other refusals are not about a value at all.
  EXPECT_FALSE(MalformedField(Parse(R"({"type":"mapper_parsing_exception",
    "reason":"failed to parse field [b] of type [boolean] in document with id '7'"})")));
  EXPECT_FALSE(MalformedField(Parse(R"({"type":"strict_dynamic_mapping_exception",
    "reason":"mapping set to strict, dynamic introduction of [updated] within [_doc] is not allowed"})")));
  EXPECT_FALSE(MalformedField(Parse(R"({"type":"mapper_parsing_exception",
    "reason":"object mapping for [a] tried to parse field [a] as object, but found a concrete value"})")));
  EXPECT_FALSE(MalformedField(Parse(R"({"type":"mapper_parsing_exception",
    "reason":"failed to parse field [] of type [float]"})")));
}

TEST(MalformedValuesTest, UpdateCopiesEveryDefinitionOnThePath) {
  const Json mapping = Parse(R"({"dynamic":"strict","properties":{
    "value":{"type":"float"},
    "other":{"type":"keyword"},
    "o":{"type":"nested","include_in_parent":true,"properties":{
      "x":{"type":"long","doc_values":false},"y":{"type":"long"}}},
    "t":{"type":"text","analyzer":"standard","fields":{"num":{"type":"integer"},"raw":{"type":"keyword"}}}}})");
  EXPECT_EQ(IgnoreMalformedUpdate(mapping, "value"),
            Parse(R"({"properties":{"value":{"type":"float","ignore_malformed":true}}})"));
  EXPECT_EQ(IgnoreMalformedUpdate(mapping, "o.x"), Parse(R"({"properties":{"o":{
    "type":"nested","include_in_parent":true,
    "properties":{"x":{"type":"long","doc_values":false,"ignore_malformed":true}}}}})"));
  EXPECT_EQ(IgnoreMalformedUpdate(mapping, "t.num"), Parse(R"({"properties":{"t":{
    "type":"text","analyzer":"standard",
    "fields":{"num":{"type":"integer","ignore_malformed":true}}}}})"));
  EXPECT_FALSE(IgnoreMalformedUpdate(mapping, "missing"));
  EXPECT_FALSE(IgnoreMalformedUpdate(mapping, "o.missing"));
  EXPECT_FALSE(IgnoreMalformedUpdate(
      Parse(R"({"properties":{"v":{"type":"float","ignore_malformed":true}}})"), "v"));
}

// Another worker (migrate --units) may set it between a refusal and the repair: that refusal is
// cured too, not a reason to dead-letter.
TEST(MalformedValuesTest, TellsAFieldThatIgnoresMalformedValuesAlready) {
  const Json mapping = Parse(R"({"properties":{
    "v":{"type":"float","ignore_malformed":true},
    "w":{"type":"float"},
    "t":{"type":"text","fields":{"num":{"type":"integer","ignore_malformed":true}}}}})");
  EXPECT_TRUE(IgnoresMalformed(mapping, "v"));
  EXPECT_TRUE(IgnoresMalformed(mapping, "t.num"));
  EXPECT_FALSE(IgnoresMalformed(mapping, "w"));
  EXPECT_FALSE(IgnoresMalformed(mapping, "missing"));
  EXPECT_FALSE(IgnoresMalformed(mapping, "t.missing"));
}

TEST(ReportTest, InfoEntriesGroupByRuleWarningsStayApart) {
  translate::Report report;
  for (const char* index : {"a", "b", "c"}) {
    report.Add(translate::Severity::kInfo, std::string("index ") + index, "settings.index.uuid",
               "setting-dropped", "dropped");
    report.Add(translate::Severity::kInfo, std::string("index ") + index,
               "settings.index.creation_date", "setting-dropped", "dropped");
  }
  report.Add(translate::Severity::kInfo, "template t", "mappings._default_",
             "default-mapping-merged", "merged");
  report.Add(translate::Severity::kInfo, "index a", "mappings._default_", "default-mapping-merged",
             "merged");
  report.Add(translate::Severity::kWarning, "index b", "mappings.value", "ignore-malformed-set",
             "kept");
  report.Add(translate::Severity::kInfo, "target", "version", "target", "Elasticsearch 7.6.2");
  EXPECT_EQ(report.ToGroupedText(),
            "  [warning] index b: mappings.value: kept (ignore-malformed-set)\n"
            "  [info] setting-dropped: 6 in 3 indices (a, b, … 1 more): settings.index.uuid, "
            "settings.index.creation_date\n"
            "  [info] default-mapping-merged: 2 in 1 template and 1 index (template t, index a): "
            "mappings._default_\n"
            "  [info] target: version: Elasticsearch 7.6.2 (target)\n");
  // From a given change on: only what came after.
  EXPECT_EQ(report.ToGroupedText(8),
            "  [warning] index b: mappings.value: kept (ignore-malformed-set)\n"
            "  [info] target: version: Elasticsearch 7.6.2 (target)\n");
}

}  // namespace
}  // namespace shardlift::pipeline
