#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "base/wildcard.h"
#include "client/cluster.h"
#include "client/node.h"
#include "translate/user_templates.h"

namespace shardlift::es7 {
namespace {

TEST(TargetNodeTest, VersionsCompareNumerically) {
  EXPECT_EQ(client::CompareVersions("7.10.0", "7.6.2"), 1);
  EXPECT_EQ(client::CompareVersions("7.6.2", "7.6.2"), 0);
  EXPECT_EQ(client::CompareVersions("7.6", "7.6.0"), 0);
  EXPECT_EQ(client::CompareVersions("7.17.29", "8.0.0"), -1);
  EXPECT_EQ(client::ImageVersion("docker.elastic.co/elasticsearch/elasticsearch:7.6.2"), "7.6.2");
  EXPECT_EQ(client::ImageVersion("localhost:5000/elasticsearch"), std::nullopt);
}

TEST(TargetNodeTest, DockerRunCommandMountsTheTargetOnLoopback) {
  client::NodeOptions options;
  options.image = "docker.elastic.co/elasticsearch/elasticsearch:7.6.2";
  options.data_dir = "/srv/elastic_7";
  options.heap = "2g";
  const std::vector<std::string> expected = {"docker",
                                             "run",
                                             "--rm",
                                             "--name",
                                             "shardlift-es7",
                                             "--user",
                                             "1000:0",
                                             "-p",
                                             "127.0.0.1:45678:9200",
                                             "-v",
                                             "/srv/elastic_7:/usr/share/elasticsearch/data",
                                             "-e",
                                             "discovery.type=single-node",
                                             "-e",
                                             "cluster.name=shardlift-migrate",
                                             "-e",
                                             "xpack.security.enabled=false",
                                             "-e",
                                             "ES_JAVA_OPTS=-Xms2g -Xmx2g",
                                             "docker.elastic.co/elasticsearch/elasticsearch:7.6.2"};
  EXPECT_EQ(client::DockerRunCommand(options, "shardlift-es7", 45678), expected);
}

TEST(TargetNodeTest, FreePortsAreOnLoopback) {
  auto port = client::FreeLoopbackPort();
  ASSERT_TRUE(port.ok());
  EXPECT_GT(*port, 0);
}

TEST(TargetNodeTest, HomeVersionNeedsTheServerJar) {
  const auto dir = std::filesystem::temp_directory_path() / "shardlift-home-version-test";
  std::filesystem::create_directories(dir / "lib");
  std::ofstream(dir / "lib" / "elasticsearch-cli-7.17.29.jar") << "";
  EXPECT_FALSE(client::HomeVersion(dir.string()).ok());
  std::ofstream(dir / "lib" / "elasticsearch-7.17.29.jar") << "";
  EXPECT_EQ(*client::HomeVersion(dir.string()), "7.17.29");
  std::filesystem::remove_all(dir);
}

TEST(ClusterTest, FloodStageIsToldByErrorType) {
  const std::string flood =
      R"({"error":{"type":"cluster_block_exception","reason":"index [i] blocked by: [TOO_MANY_REQUESTS/12/disk usage exceeded flood-stage watermark, index has read-only-allow-delete block];"},"status":429})";
  ASSERT_TRUE(client::WriteBlockMessage(429, flood).has_value());
  EXPECT_NE(client::WriteBlockMessage(429, flood)->find("flood-stage watermark"),
            std::string::npos);
  EXPECT_TRUE(client::WriteBlockMessage(403, "cluster_block_exception read-only / allow delete"));
  EXPECT_FALSE(
      client::WriteBlockMessage(429, R"({"error":{"type":"es_rejected_execution_exception"}})"));
  EXPECT_EQ(client::UrlEncode("a b#c/d"), "a%20b%23c%2Fd");
}

TEST(UserTemplatesTest, WildcardsAndOrder) {
  EXPECT_TRUE(WildcardMatch("events-*", "events-log-x"));
  EXPECT_TRUE(WildcardMatch("*log*", "events-log-x"));
  EXPECT_FALSE(WildcardMatch("events-*", "queue_metrics"));
  EXPECT_TRUE(WildcardMatch("exact", "exact"));

  std::vector<translate::UserTemplate> templates(2);
  templates[0].name = "low";
  templates[0].patterns = {"events-*"};
  templates[0].body = Json::parse(
      R"({"settings":{"number_of_replicas":1},"mappings":{"properties":{"a":{"type":"keyword"}}}})");
  templates[1].name = "high";
  templates[1].order = 5;
  templates[1].patterns = {"events-log-*"};
  templates[1].body = Json::parse(R"({"mappings":{"properties":{"a":{"type":"text"}}}})");
  auto match = translate::MatchTemplates(templates, "events-log-x");
  ASSERT_TRUE(match.has_value());
  EXPECT_EQ(match->mappings["properties"]["a"]["type"], "text");
  EXPECT_EQ(match->settings["index"]["number_of_replicas"], "1");
  EXPECT_FALSE(translate::MatchTemplates(templates, "other").has_value());
}

TEST(UserTemplatesTest, ClearMlTemplateWinsAndDisagreementsAreReported) {
  translate::IndexPlan plan;
  plan.source = "events-log-x";
  translate::TargetIndex target;
  target.name = "events-log-x";
  target.mappings = Json::parse(R"({"_routing":{"required":true},"dynamic":"strict",
      "properties":{"task":{"type":"keyword"},"ok":{"type":"boolean"},"msg":{"type":"text"}}})");
  plan.targets.push_back(target);
  std::vector<translate::UserTemplate> templates(1);
  templates[0].name = "events_log";
  templates[0].patterns = {"events-log-*"};
  templates[0].body = Json::parse(R"({"index_patterns":["events-log-*"],
      "settings":{"number_of_replicas":0},
      "mappings":{"dynamic":"strict","properties":{"task":{"type":"keyword"},
                  "ok":{"type":"boolean"},"msg":{"type":"keyword"}}}})");
  translate::Report report;
  translate::ApplyUserTemplates(plan, templates, report);
  EXPECT_TRUE(plan.targets[0].mappings_from_user_template);
  EXPECT_EQ(plan.targets[0].boolean_fields, std::vector<std::string>{"ok"});
  EXPECT_EQ(plan.targets[0].after_load["index"]["number_of_replicas"], "0");
  EXPECT_TRUE(report.Has("user-template-routing-differs"));
  EXPECT_TRUE(report.Has("user-template-type-differs"));
  EXPECT_TRUE(report.Has("user-template-wins"));
}

TEST(UserTemplatesTest, TemplateWithoutReplicasGetsTheDefaultBackNotNull) {
  translate::IndexPlan plan;
  plan.source = "events-log-x";
  translate::TargetIndex target;
  target.name = "events-log-x";
  plan.targets.push_back(target);
  std::vector<translate::UserTemplate> templates(1);
  templates[0].name = "events_log";
  templates[0].patterns = {"events-log-*"};
  templates[0].body = Json::parse(R"({"index_patterns":["events-log-*"],
      "mappings":{"properties":{"task":{"type":"keyword"}}}})");
  translate::Report report;
  translate::ApplyUserTemplates(plan, templates, report);
  ASSERT_TRUE(plan.targets[0].mappings_from_user_template);
  EXPECT_EQ(plan.targets[0].after_load,
            Json::parse(R"({"index":{"number_of_replicas":"1","refresh_interval":null}})"));
}

}  // namespace
}  // namespace shardlift::es7
