// What Elasticsearch 7.17 answers to the ES 5.x/2.x constructs the translator and the bulk writer
// meet: the node is asked and the exact status, error type and reason are checked. Each assertion
// here backs a line of tests/es7/FACTS.md; when the target version changes, this test says which
// facts moved.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "es7/es7_client.h"

namespace shardlift::testing {
namespace {

using nlohmann::json;

// The top-level error of a refused request.
void ExpectRefused(const HttpResponse& response, long status, const std::string& type,
                   const std::string& reason) {
  EXPECT_EQ(response.status, status) << response.Describe();
  const json error = response.Json()["error"];
  EXPECT_EQ(error["type"], type) << response.body;
  EXPECT_EQ(error["reason"], reason) << response.body;
}

bool HasWarning(const HttpResponse& response, const std::string& text) {
  for (const std::string& warning : response.warnings) {
    if (warning.find(text) != std::string::npos) return true;
  }
  return false;
}

json Parse(const char* text) { return json::parse(text); }

// Creates `index` with one shard and no replica (green on one node), replacing an older one.
void CreateIndex(Es7Client& es, const std::string& index, json body = json::object()) {
  es.Delete("/" + index);
  body["settings"]["number_of_shards"] = 1;
  body["settings"]["number_of_replicas"] = 0;
  const HttpResponse created = es.Put("/" + index, body);
  ASSERT_EQ(created.status, 200) << created.Describe();
}

TEST(Es7Facts, AliasNamesMustNotContainHash) {
  SL_ES7_CLIENT(es);
  es.Delete("/facts-alias");
  ExpectRefused(es.Put("/facts-alias", {{"aliases", {{"#index-5.6.0", json::object()}}}}), 400,
                "invalid_alias_name_exception",
                "Invalid alias name [#index-5.6.0]: must not contain '#'");
  CreateIndex(es, "facts-alias");
  ExpectRefused(es.Post("/_aliases",
                        {{"actions", {{{"add", {{"index", "facts-alias"}, {"alias", "a#b"}}}}}}}),
                400, "invalid_alias_name_exception",
                "Invalid alias name [a#b]: must not contain '#'");
}

TEST(Es7Facts, UnderscoreBulkMetadataFailsTheWholeRequest) {
  SL_ES7_CLIENT(es);
  CreateIndex(es, "facts-meta");
  const std::vector<std::pair<const char*, json>> refused = {
      {"_routing", "r"}, {"_version", 5}, {"_version_type", "external"},
      {"_parent", "p"},  {"parent", "p"}, {"_retry_on_conflict", 1},
      {"_timestamp", 1}, {"_ttl", "1d"},
  };
  for (const auto& [key, value] : refused) {
    const HttpResponse response =
        es.Bulk({{{"index", {{"_index", "facts-meta"}, {"_id", "1"}, {key, value}}}}, {{"f", 1}}});
    ExpectRefused(
        response, 400, "illegal_argument_exception",
        std::string("Action/metadata line [1] contains an unknown parameter [") + key + "]");
  }

  // The plain forms work.
  const HttpResponse plain = es.Bulk({{{"index",
                                        {{"_index", "facts-meta"},
                                         {"_id", "1"},
                                         {"routing", "r"},
                                         {"version", 5},
                                         {"version_type", "external"}}}},
                                      {{"f", 1}}});
  ASSERT_EQ(plain.status, 200) << plain.Describe();
  EXPECT_EQ(plain.Json()["errors"], false) << plain.body;

  // _type: "_doc" still works but warns; any other type fails the item.
  const HttpResponse doc_type = es.Bulk(
      {{{"index", {{"_index", "facts-meta"}, {"_id", "2"}, {"_type", "_doc"}}}}, {{"f", 1}}});
  ASSERT_EQ(doc_type.status, 200) << doc_type.Describe();
  EXPECT_EQ(doc_type.Json()["errors"], false) << doc_type.body;
  EXPECT_TRUE(
      HasWarning(doc_type, "[types removal] Specifying types in bulk requests is deprecated."))
      << doc_type.body;
  const HttpResponse other_type = es.Bulk(
      {{{"index", {{"_index", "facts-meta"}, {"_id", "3"}, {"_type", "event"}}}}, {{"f", 1}}});
  ASSERT_EQ(other_type.status, 200) << other_type.Describe();
  const json item = other_type.Json()["items"][0]["index"];
  EXPECT_EQ(item["status"], 400) << item;
  EXPECT_EQ(item["error"]["type"], "illegal_argument_exception") << item;
  EXPECT_EQ(item["error"]["reason"], "Invalid type: expecting [_doc] but got [event]") << item;
}

TEST(Es7Facts, BooleansAcceptOnlyTrueAndFalse) {
  SL_ES7_CLIENT(es);
  CreateIndex(es, "facts-bool", {{"mappings", {{"properties", {{"b", {{"type", "boolean"}}}}}}}});
  for (const char* text : {"on", "off", "yes", "no", "0", "1"}) {
    const HttpResponse response =
        es.Bulk({{{"index", {{"_index", "facts-bool"}, {"_id", "x"}}}}, {{"b", text}}});
    ASSERT_EQ(response.status, 200) << response.Describe();
    const json item = response.Json()["items"][0]["index"];
    EXPECT_EQ(item["status"], 400) << item;
    EXPECT_EQ(item["error"]["type"], "mapper_parsing_exception") << item;
    EXPECT_EQ(item["error"]["reason"],
              std::string("failed to parse field [b] of type [boolean] in document with id 'x'. "
                          "Preview of field's value: '") +
                  text + "'")
        << item;
    EXPECT_EQ(item["error"]["caused_by"]["type"], "illegal_argument_exception") << item;
    EXPECT_EQ(item["error"]["caused_by"]["reason"], std::string("Failed to parse value [") + text +
                                                        "] as only [true] or [false] are allowed.")
        << item;
  }
  for (int number : {0, 1}) {
    const HttpResponse response =
        es.Bulk({{{"index", {{"_index", "facts-bool"}, {"_id", "x"}}}}, {{"b", number}}});
    const json item = response.Json()["items"][0]["index"];
    EXPECT_EQ(item["status"], 400) << item;
    EXPECT_EQ(item["error"]["type"], "mapper_parsing_exception") << item;
    EXPECT_EQ(item["error"]["caused_by"]["type"], "json_parse_exception") << item;
    EXPECT_EQ(item["error"]["caused_by"]["reason"].get<std::string>().rfind(
                  "Current token (VALUE_NUMBER_INT) not of boolean type", 0),
              0u)
        << item;
  }
  // "true", "false", true and false index; so does "", as false.
  const HttpResponse accepted = es.Bulk({{{"index", {{"_index", "facts-bool"}, {"_id", "t"}}}},
                                         {{"b", "true"}},
                                         {{"index", {{"_index", "facts-bool"}, {"_id", "f"}}}},
                                         {{"b", false}},
                                         {{"index", {{"_index", "facts-bool"}, {"_id", "e"}}}},
                                         {{"b", ""}}},
                                        "/_bulk?refresh=true");
  ASSERT_EQ(accepted.Json()["errors"], false) << accepted.body;
  const HttpResponse falses =
      es.Post("/facts-bool/_search", {{"query", {{"term", {{"b", false}}}}}, {"sort", {"_id"}}});
  const json hits = falses.Json()["hits"]["hits"];
  ASSERT_EQ(hits.size(), 2u) << falses.body;
  EXPECT_EQ(hits[0]["_id"], "e");
  EXPECT_EQ(hits[1]["_id"], "f");
}

TEST(Es7Facts, IdOverFiveHundredTwelveBytesFailsTheWholeBulk) {
  SL_ES7_CLIENT(es);
  CreateIndex(es, "facts-id");
  const auto bulk = [&](const std::string& id) {
    return es.Bulk({{{"index", {{"_index", "facts-id"}, {"_id", "ok"}}}},
                    {{"f", 1}},
                    {{"index", {{"_index", "facts-id"}, {"_id", id}}}},
                    {{"f", 1}}});
  };
  EXPECT_EQ(bulk(std::string(512, 'a')).Json()["errors"], false);
  // Bytes, not characters: 257 × "é" is 514 bytes.
  std::string accented;
  for (int i = 0; i < 257; ++i) accented += "\xc3\xa9";
  for (const std::string& id : {std::string(513, 'a'), accented}) {
    ExpectRefused(bulk(id), 400, "action_request_validation_exception",
                  "Validation Failed: 1: id [" + id + "] is too long, must be no longer than " +
                      "512 bytes but was: " + std::to_string(id.size()) + ";");
  }
}

struct MappingCase {
  const char* name;
  const char* mappings;  // the "mappings" object of PUT /<index>
  long status;           // 200 or the refusal's status
  const char* reason;    // the refusal's root cause reason, or a warning that must come with 200
};

TEST(Es7Facts, LegacyMappingParameters) {
  SL_ES7_CLIENT(es);
  const MappingCase cases[] = {
      {"string", R"({"properties":{"f":{"type":"string"}}})", 400,
       "No handler for type [string] declared on field [f]"},
      {"_all", R"({"_all":{"enabled":false}})", 400,
       "Root mapping definition has unsupported parameters:  [_all : {enabled=false}]"},
      {"include_in_all", R"({"properties":{"f":{"type":"text","include_in_all":false}}})", 400,
       "unknown parameter [include_in_all] on mapper [f] of type [text]"},
      {"_timestamp", R"({"_timestamp":{"enabled":true}})", 400,
       "Root mapping definition has unsupported parameters:  [_timestamp : {enabled=true}]"},
      {"_ttl", R"({"_ttl":{"enabled":true}})", 400,
       "Root mapping definition has unsupported parameters:  [_ttl : {enabled=true}]"},
      {"_field_names", R"({"_field_names":{"enabled":false}})", 200,
       "Disabling _field_names is not necessary because it no longer carries a large index "
       "overhead."},
      {"norms object", R"({"properties":{"f":{"type":"text","norms":{"enabled":false}}}})", 400,
       "Failed to parse mapping [_doc]: Failed to parse value [{enabled=false}] as only [true] or "
       "[false] are allowed."},
      {"norms false", R"({"properties":{"f":{"type":"text","norms":false}}})", 200, nullptr},
      {"fielddata format",
       R"({"properties":{"f":{"type":"text","fielddata":{"format":"disabled"}}}})", 400,
       "Failed to parse mapping [_doc]: Failed to parse value [{format=disabled}] as only [true] "
       "or [false] are allowed."},
      {"index not_analyzed", R"({"properties":{"f":{"type":"keyword","index":"not_analyzed"}}})",
       400,
       "Failed to parse mapping [_doc]: Failed to parse value [not_analyzed] as only [true] or "
       "[false] are allowed."},
      {"index no", R"({"properties":{"f":{"type":"keyword","index":"no"}}})", 400,
       "Failed to parse mapping [_doc]: Failed to parse value [no] as only [true] or [false] are "
       "allowed."},
      {"index \"false\"", R"({"properties":{"f":{"type":"keyword","index":"false"}}})", 200,
       nullptr},
      {"precision_step", R"({"properties":{"f":{"type":"long","precision_step":8}}})", 400,
       "unknown parameter [precision_step] on mapper [f] of type [long]"},
      {"position_offset_gap", R"({"properties":{"f":{"type":"text","position_offset_gap":100}}})",
       400, "unknown parameter [position_offset_gap] on mapper [f] of type [text]"},
      {"index_analyzer", R"({"properties":{"f":{"type":"text","index_analyzer":"standard"}}})", 400,
       "unknown parameter [index_analyzer] on mapper [f] of type [text]"},
      {"_source enabled no", R"({"_source":{"enabled":"no"}})", 400,
       "Failed to parse mapping [_doc]: Failed to parse value [no] as only [true] or [false] are "
       "allowed."},
      {"_source enabled \"false\"", R"({"_source":{"enabled":"false"}})", 200, nullptr},
      {"_parent", R"({"_parent":{"type":"p"}})", 400,
       "Root mapping definition has unsupported parameters:  [_parent : {type=p}]"},
      {"_default_", R"({"_default_":{}})", 400,
       "Root mapping definition has unsupported parameters:  [_default_ : {}]"},
      {"type name level", R"({"event":{"properties":{}}})", 400,
       "Root mapping definition has unsupported parameters:  [event : {properties={}}]"},
      {"_routing required", R"({"_routing":{"required":true}})", 200, nullptr},
      {"_size", R"({"_size":{"enabled":true}})", 400,
       "Root mapping definition has unsupported parameters:  [_size : {enabled=true}]"},
      {"geo_point lat_lon", R"({"properties":{"g":{"type":"geo_point","lat_lon":true}}})", 400,
       "unknown parameter [lat_lon] on mapper [g] of type [geo_point]"},
      // Not refused: the bad template only fails when a document hits it.
      {"dynamic template with string",
       R"({"dynamic_templates":[{"s":{"match_mapping_type":"string",
           "mapping":{"type":"string","index":"not_analyzed"}}}]})",
       200, "dynamic template [s] has invalid content"},
  };
  for (const MappingCase& c : cases) {
    SCOPED_TRACE(c.name);
    es.Delete("/facts-mapping");
    const HttpResponse response =
        es.Put("/facts-mapping",
               {{"settings", {{"number_of_replicas", 0}}}, {"mappings", Parse(c.mappings)}});
    EXPECT_EQ(response.status, c.status) << response.Describe();
    if (c.status != 200) {
      EXPECT_EQ(response.Json()["error"]["type"], "mapper_parsing_exception") << response.body;
      EXPECT_EQ(response.Json()["error"]["root_cause"][0]["reason"], c.reason) << response.body;
    } else if (c.reason != nullptr) {
      EXPECT_TRUE(HasWarning(response, c.reason)) << response.body;
    }
  }
}

TEST(Es7Facts, RemovedIndexSettings) {
  SL_ES7_CLIENT(es);
  es.Delete("/facts-settings");
  ExpectRefused(
      es.Put("/facts-settings", {{"settings", {{"index.mapping.single_type", true}}}}), 400,
      "illegal_argument_exception",
      "unknown setting [index.mapping.single_type] please check that any required plugins "
      "are installed, or check the breaking changes documentation for removed settings");
  for (const char* owned : {"index.uuid", "index.creation_date", "index.provided_name"}) {
    ExpectRefused(es.Put("/facts-settings", {{"settings", {{owned, "1"}}}}), 400,
                  "illegal_argument_exception",
                  std::string("unknown setting [") + owned +
                      "] please check that any required plugins are installed, or check the "
                      "breaking changes documentation for removed settings");
  }
  ExpectRefused(es.Put("/facts-settings", {{"settings", {{"index.version.created", "5060099"}}}}),
                400, "validation_exception",
                "Validation Failed: 1: private index setting [index.version.created] can not be "
                "set explicitly;");

  // index.mapper.dynamic is still accepted, with two warnings.
  const HttpResponse dynamic =
      es.Put("/facts-settings", {{"settings", {{"index.mapper.dynamic", false}}}});
  EXPECT_EQ(dynamic.status, 200) << dynamic.Describe();
  EXPECT_TRUE(HasWarning(dynamic, "Setting index.mapper.dynamic was removed after version 6.0.0"))
      << dynamic.body;
}

TEST(Es7Facts, AnalysisComponentsOfThisNode) {
  SL_ES7_CLIENT(es);
  es.Delete("/facts-analysis");
  const auto with_filter = [](json filter) {
    return json{{"settings",
                 {{"analysis",
                   {{"filter", {{"f", filter}}},
                    {"analyzer", {{"a", {{"tokenizer", "standard"}, {"filter", {"f"}}}}}}}}}}};
  };
  ExpectRefused(es.Put("/facts-analysis", with_filter({{"type", "standard"}})), 400,
                "illegal_argument_exception", "The [standard] token filter has been removed.");
  // nGram, edgeNGram (and ngram, asciifolding, ...) live in the analysis-common module, which
  // Maven Central does not carry for 7.17: this node does not know them at all. Core has
  // lowercase only as a ready-made filter (by name), not as a type to configure.
  for (const char* type : {"nGram", "edgeNGram", "ngram", "asciifolding", "lowercase"}) {
    ExpectRefused(es.Put("/facts-analysis", with_filter({{"type", type}})), 400,
                  "illegal_argument_exception",
                  std::string("Unknown filter type [") + type + "] for [f]");
  }
  for (const char* type : {"stop", "shingle"}) {
    EXPECT_EQ(es.Put("/facts-analysis", with_filter({{"type", type}})).status, 200) << type;
    es.Delete("/facts-analysis");
  }
  const json by_name = {
      {"settings",
       {{"analysis",
         {{"analyzer",
           {{"a", {{"tokenizer", "standard"}, {"filter", {"lowercase", "stop", "shingle"}}}}}}}}}}};
  EXPECT_EQ(es.Put("/facts-analysis", by_name).status, 200);
  es.Delete("/facts-analysis");
}

TEST(Es7Facts, LegacyTemplates) {
  SL_ES7_CLIENT(es);
  const HttpResponse old_style =
      es.Put("/_template/facts-old", Parse(R"({"template":"facts-old-*","order":1,
                "mappings":{"properties":{"f":{"type":"keyword"}}}})"));
  EXPECT_EQ(old_style.status, 200) << old_style.Describe();
  EXPECT_TRUE(
      HasWarning(old_style, "Deprecated field [template] used, replaced by [index_patterns]"))
      << old_style.body;
  EXPECT_EQ(es.Get("/_template/facts-old").Json()["facts-old"]["index_patterns"],
            json::array({"facts-old-*"}));

  const HttpResponse new_style = es.Put("/_template/facts-new", Parse(R"({
      "index_patterns":["facts-new-*"],"order":1,"version":3,
      "mappings":{"properties":{"f":{"type":"keyword"}}}})"));
  EXPECT_EQ(new_style.status, 200) << new_style.Describe();
  EXPECT_TRUE(HasWarning(new_style,
                         "Legacy index templates are deprecated in favor of composable templates."))
      << new_style.body;

  ExpectRefused(
      es.Put("/_template/facts-typed",
             Parse(R"({"index_patterns":["x-*"],"mappings":{"event":{"properties":{}}}})")),
      400, "mapper_parsing_exception",
      "Failed to parse mapping [_doc]: Root mapping definition has unsupported parameters:  "
      "[event : {properties={}}]");
  es.Delete("/_template/facts-old");
  es.Delete("/_template/facts-new");
}

// Per-item error shapes the bulk writer must tell apart. (429 es_rejected_execution_exception
// needs a node with a tiny write queue: see FACTS.md.)
TEST(Es7Facts, BulkItemErrorShapes) {
  SL_ES7_CLIENT(es);
  CreateIndex(es, "facts-blocks");
  const auto index_one = [&] {
    const HttpResponse response =
        es.Bulk({{{"index", {{"_index", "facts-blocks"}, {"_id", "1"}}}}, {{"f", 1}}});
    EXPECT_EQ(response.status, 200) << response.Describe();
    EXPECT_EQ(response.Json()["errors"], true) << response.body;
    return response.Json()["items"][0]["index"];
  };
  const auto set_block = [&](const char* block, bool on) {
    ASSERT_EQ(es.Put("/facts-blocks/_settings", {{block, on}}).status, 200) << block;
  };

  // The block that the disk monitor puts on every index at the flood-stage watermark: 429, not
  // 403, so the status alone does not separate "full disk, stop" from "queue full, retry".
  set_block("index.blocks.read_only_allow_delete", true);
  json item = index_one();
  EXPECT_EQ(item["status"], 429) << item;
  EXPECT_EQ(item["error"]["type"], "cluster_block_exception") << item;
  EXPECT_EQ(item["error"]["reason"],
            "index [facts-blocks] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded "
            "flood-stage watermark, index has read-only-allow-delete block];");
  set_block("index.blocks.read_only_allow_delete", false);

  set_block("index.blocks.write", true);
  item = index_one();
  EXPECT_EQ(item["status"], 403) << item;
  EXPECT_EQ(item["error"]["type"], "cluster_block_exception") << item;
  EXPECT_EQ(item["error"]["reason"],
            "index [facts-blocks] blocked by: [FORBIDDEN/8/index write (api)];");
  set_block("index.blocks.write", false);

  set_block("index.blocks.read_only", true);
  item = index_one();
  EXPECT_EQ(item["status"], 403) << item;
  EXPECT_EQ(item["error"]["reason"],
            "index [facts-blocks] blocked by: [FORBIDDEN/5/index read-only (api)];");
  set_block("index.blocks.read_only", false);

  // 409 with external versions: the item carries index, shard and index_uuid too.
  const json versioned = {
      {"index",
       {{"_index", "facts-blocks"}, {"_id", "v"}, {"version", 4}, {"version_type", "external"}}}};
  ASSERT_EQ(es.Bulk({versioned, {{"f", 1}}}).Json()["errors"], false);
  item = es.Bulk({versioned, {{"f", 1}}}).Json()["items"][0]["index"];
  EXPECT_EQ(item["status"], 409) << item;
  EXPECT_EQ(item["error"]["type"], "version_conflict_engine_exception") << item;
  EXPECT_EQ(
      item["error"]["reason"],
      "[v]: version conflict, current version [4] is higher or equal to the one provided [4]");
  EXPECT_EQ(item["error"]["index"], "facts-blocks") << item;
  EXPECT_EQ(item["error"]["shard"], "0") << item;
  EXPECT_TRUE(item["error"].contains("index_uuid")) << item;
}

}  // namespace
}  // namespace shardlift::testing
