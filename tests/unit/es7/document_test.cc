#include <gtest/gtest.h>

#include "client/bulk_batch.h"
#include "translate/boolean_coercion.h"
#include "translate/document_preparer.h"
#include "translate/id_collisions.h"

namespace shardlift::es7 {
namespace {

TEST(BooleanCoercionTest, RewritesLegacyValuesAtBooleanPathsOnly) {
  translate::BooleanCoercion coercion({"bool", "gpu.ok", "list.flag"});
  std::string out;
  const std::string source =
      R"({"bool":"on","other":"on","gpu":{"ok":0,"n":1},"list":[{"flag":"no"},{"flag":"1"}],"x":"bool"})";
  ASSERT_TRUE(coercion.MayNeedRewrite(source));
  auto count = coercion.Rewrite(source, out);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 4);
  EXPECT_EQ(
      out,
      R"({"bool":true,"other":"on","gpu":{"ok":false,"n":1},"list":[{"flag":false},{"flag":true}],"x":"bool"})");
}

TEST(BooleanCoercionTest, ArraysOfValuesAndUntouchedDocuments) {
  translate::BooleanCoercion coercion({"b"});
  std::string out;
  auto count = coercion.Rewrite(R"({"b":["yes","off",true,"true",2]})", out);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 2);
  EXPECT_EQ(out, R"({"b":[true,false,true,"true",2]})");

  count = coercion.Rewrite(R"({"b":true,"c":"on"})", out);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 0);
  EXPECT_TRUE(out.empty());
  EXPECT_FALSE(coercion.MayNeedRewrite(R"({"c":"on"})"));
}

TEST(BooleanCoercionTest, NumbersKeepTheirExactText) {
  translate::BooleanCoercion coercion({"b"});
  std::string out;
  auto count = coercion.Rewrite(R"({"b":1,"big":12345678901234567890123,"f":1.50,"z":-0.0})", out);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(out, R"({"b":true,"big":12345678901234567890123,"f":1.50,"z":-0.0})");
}

TEST(BooleanCoercionTest, BrokenJsonIsAnError) {
  translate::BooleanCoercion coercion({"b"});
  std::string out;
  EXPECT_FALSE(coercion.Rewrite(R"({"b":"on")", out).ok());
}

translate::IndexPlan JoinPlan() {
  translate::IndexPlan plan;
  plan.source = "edge-multi";
  translate::TargetIndex target;
  target.name = "edge-multi";
  target.boolean_fields = {"flag"};
  plan.targets.push_back(target);
  translate::TypeRoute item;
  item.type_field = "es5_type";
  item.join_field = "join";
  item.join_role = translate::JoinRole::kParent;
  translate::TypeRoute note = item;
  note.join_role = translate::JoinRole::kChild;
  translate::TypeRoute doc;
  doc.type_field = "es5_type";
  translate::TypeRoute off;
  off.source_enabled = false;
  plan.routes["item"] = item;
  plan.routes["note"] = note;
  plan.routes["doc"] = doc;
  plan.routes["off"] = off;
  return plan;
}

translate::SourceDocument Doc(std::string_view type, std::string_view id, std::string_view source) {
  translate::SourceDocument doc;
  doc.index = "edge-multi";
  doc.type = type;
  doc.id = id;
  doc.version = 3;
  doc.source = source;
  return doc;
}

TEST(DocumentPreparerTest, JoinValuesTypeFieldRoutingAndCoercion) {
  const translate::IndexPlan plan = JoinPlan();
  translate::Report report;
  translate::DocumentPreparer preparer(plan, {}, report);

  const translate::PreparedDocument& parent =
      preparer.Prepare(Doc("item", "i1", R"({"name":"x","flag":"yes"})"));
  EXPECT_TRUE(parent.dead_reason.empty());
  EXPECT_EQ(parent.target_index, "edge-multi");
  EXPECT_EQ(parent.source, R"({"name":"x","flag":true,"join":"item","es5_type":"item"})");
  EXPECT_FALSE(parent.routing.has_value());

  translate::SourceDocument child = Doc("note", "n1", "{ }");
  child.parent = "i1";
  const translate::PreparedDocument& prepared = preparer.Prepare(child);
  EXPECT_EQ(prepared.source, R"({ "join":{"name":"note","parent":"i1"},"es5_type":"note"})");
  EXPECT_EQ(prepared.routing, "i1");  // routed to the parent when it had no routing of its own

  translate::SourceDocument orphan = Doc("note", "n2", "{}");
  EXPECT_EQ(preparer.Prepare(orphan).dead_reason, "child-without-parent");
  EXPECT_EQ(report.counter("boolean-coerced-values"), 1);
}

TEST(DocumentPreparerTest, DeadLettersWhatEs7CannotTake) {
  const translate::IndexPlan plan = JoinPlan();
  translate::Report report;
  translate::DocumentPreparer preparer(plan, {}, report);
  translate::SourceDocument nosource = Doc("off", "a", "");
  nosource.source.reset();
  EXPECT_EQ(preparer.Prepare(nosource).dead_reason, "source-disabled");
  const std::string long_id(513, 'x');
  EXPECT_EQ(preparer.Prepare(Doc("doc", long_id, "{}")).dead_reason, "id-too-long");
  const std::string max_id(512, 'x');
  EXPECT_TRUE(preparer.Prepare(Doc("doc", max_id, "{}")).dead_reason.empty());
  EXPECT_EQ(preparer.Prepare(Doc("unknown", "a", "{}")).dead_reason, "unknown-type");
}

TEST(DocumentPreparerTest, NoCoerceLeavesValuesAlone) {
  const translate::IndexPlan plan = JoinPlan();
  translate::Report report;
  translate::PreparerOptions options;
  options.coerce_booleans = false;
  translate::DocumentPreparer preparer(plan, options, report);
  EXPECT_EQ(preparer.Prepare(Doc("doc", "d", R"({"flag":"on"})")).source,
            R"({"flag":"on","es5_type":"doc"})");
}

TEST(DocumentPreparerTest, CollidingIdsArePrefixedWithTheirType) {
  const translate::IndexPlan plan = JoinPlan();
  translate::IdCollisions collisions;
  collisions.Add("doc", "same");
  collisions.Add("item", "same");
  collisions.Add("doc", "unique");
  EXPECT_EQ(collisions.colliding(), 1u);
  translate::Report report;
  translate::DocumentPreparer preparer(plan, {}, report);
  preparer.set_collisions(&collisions);
  EXPECT_EQ(preparer.Prepare(Doc("doc", "same", "{}")).id, "doc#same");
  EXPECT_EQ(preparer.Prepare(Doc("doc", "unique", "{}")).id, "unique");
}

TEST(BulkBatchTest, ActionLinesCarryIdRoutingExternalVersion) {
  const translate::IndexPlan plan = JoinPlan();
  translate::Report report;
  translate::DocumentPreparer preparer(plan, {}, report);
  translate::SourceDocument child = Doc("note", "n\"1", R"({"t":1})");
  child.parent = "p/1";
  child.routing = "r#1";
  client::BulkBatch batch;
  batch.Add(child, preparer.Prepare(child), /*external_versions=*/true);
  EXPECT_EQ(batch.body(),
            "{\"index\":{\"_index\":\"edge-multi\",\"_id\":\"n\\\"1\",\"routing\":\"r#1\","
            "\"version\":3,\"version_type\":\"external\"}}\n"
            "{\"t\":1,\"join\":{\"name\":\"note\",\"parent\":\"p/1\"},\"es5_type\":\"note\"}\n");
  client::BulkBatch retry;
  retry.AddFrom(batch, batch.items()[0]);
  EXPECT_EQ(retry.body(), batch.body());
  EXPECT_EQ(retry.Source(retry.items()[0]), batch.Source(batch.items()[0]));

  client::BulkBatch internal;
  const translate::SourceDocument doc = Doc("doc", "d", "{}");
  internal.Add(doc, preparer.Prepare(doc), /*external_versions=*/false);
  EXPECT_EQ(internal.body(),
            "{\"index\":{\"_index\":\"edge-multi\",\"_id\":\"d\"}}\n{\"es5_type\":\"doc\"}\n");
}

}  // namespace
}  // namespace shardlift::es7
