#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "base/wildcard.h"
#include "client/bundled_home.h"
#include "client/cluster.h"
#include "client/node.h"
#include "translate/user_templates.h"

namespace shardlift::es7 {
namespace {

TEST(TargetNodeTest, ImagesAreElasticsearchByTheirTag) {
  auto tagged = client::ImageTarget("docker.elastic.co/elasticsearch/elasticsearch:7.6.2");
  ASSERT_TRUE(tagged.ok() && tagged->has_value());
  EXPECT_EQ((*tagged)->Name(), "Elasticsearch 7.6.2");
  EXPECT_FALSE((*tagged)->modules.has_value());
  auto untagged = client::ImageTarget("localhost:5000/elasticsearch");
  ASSERT_TRUE(untagged.ok());
  EXPECT_FALSE(untagged->has_value());
  EXPECT_FALSE(client::ImageTarget("opensearchproject/opensearch:2.19.1").ok());
  EXPECT_FALSE(client::ImageTarget("elasticsearch:6.8.23").ok());
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

// The home's jvm.options (7.6.2's, abridged) as the spawned node gets it: files in the run dir,
// the parallel collector for CMS or G1 on every JDK, the rest untouched; and the default heap.
TEST(TargetNodeTest, NodeJvmOptionsRunTheParallelCollectorWithFilesInTheRunDir) {
  const std::string home =
      "## GC configuration\n"
      "8-13:-XX:+UseConcMarkSweepGC\n"
      "8-13:-XX:CMSInitiatingOccupancyFraction=75\n"
      "14-:-XX:+UseG1GC\n"
      "14-:-XX:G1ReservePercent=25\n"
      "-XX:+UseG1GC\n"
      "-XX:-OmitStackTraceInFastThrow\n"
      "-XX:HeapDumpPath=data\n"
      "-XX:ErrorFile=logs/hs_err_pid%p.log\n"
      "9-:-Xlog:gc*:file=logs/gc.log:utctime";
  EXPECT_EQ(client::NodeJvmOptions(home, "/srv/e7.run"),
            "## GC configuration\n"
            "8-13:-XX:CMSInitiatingOccupancyFraction=75\n"
            "14-:-XX:G1ReservePercent=25\n"
            "-XX:-OmitStackTraceInFastThrow\n"
            "-XX:HeapDumpPath=/srv/e7.run/logs\n"
            "-XX:ErrorFile=/srv/e7.run/logs/hs_err_pid%p.log\n"
            "9-:-Xlog:gc*:file=/srv/e7.run/logs/gc.log:utctime\n"
            "-XX:+UseParallelGC\n"
            "-XX:-AlwaysPreTouch\n");
  EXPECT_EQ(client::NodeJvmOptions("-Xss1m", "/srv/e7.run", "/opt/es/shardlift-classes.jsa"),
            "-Xss1m\n-XX:+UseParallelGC\n-XX:-AlwaysPreTouch\n"
            "-XX:SharedArchiveFile=/opt/es/shardlift-classes.jsa\n");

  client::NodeOptions options;
  EXPECT_EQ(options.Heap(), "512m");
  options.image = "docker.elastic.co/elasticsearch/elasticsearch:7.6.2";
  EXPECT_EQ(options.Heap(), "1g");
  options.heap = "2g";
  EXPECT_EQ(options.Heap(), "2g");
}

TEST(TargetNodeTest, FreePortsAreOnLoopback) {
  auto port = client::FreeLoopbackPort();
  ASSERT_TRUE(port.ok());
  EXPECT_GT(*port, 0);
}

// A home as make-target-home.sh lays it out: the launcher, the server jar and module dirs; at
// `dir`, or named `name` in the temp dir.
std::filesystem::path FakeHomeAt(const std::filesystem::path& dir, const std::string& distribution,
                                 const std::string& version,
                                 const std::vector<std::string>& modules) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "bin");
  std::filesystem::create_directories(dir / "lib");
  std::ofstream(dir / "bin" / distribution) << "";
  std::ofstream(dir / "lib" / (distribution + "-cli-" + version + ".jar")) << "";
  std::ofstream(dir / "lib" / (distribution + "-" + version + ".jar")) << "";
  for (const std::string& module : modules) {
    std::filesystem::create_directories(dir / "modules" / module);
  }
  return dir;
}
std::filesystem::path FakeHome(const std::string& name, const std::string& distribution,
                               const std::string& version,
                               const std::vector<std::string>& modules) {
  return FakeHomeAt(std::filesystem::temp_directory_path() / ("shardlift-" + name), distribution,
                    version, modules);
}

TEST(TargetNodeTest, HomeTargetNeedsTheLauncherAndTheServerJar) {
  const auto dir = FakeHome("home-target-test", "elasticsearch", "7.17.29", {"parent-join"});
  auto home = client::HomeTarget(dir.string());
  ASSERT_TRUE(home.ok()) << home.status().ToString();
  EXPECT_EQ(home->Name(), "Elasticsearch 7.17.29");
  EXPECT_EQ(home->modules, std::vector<std::string>{"parent-join"});
  EXPECT_TRUE(home->HasModule("parent-join"));
  EXPECT_FALSE(home->HasModule("mapper-extras"));
  std::filesystem::remove(dir / "lib" / "elasticsearch-7.17.29.jar");
  EXPECT_FALSE(client::HomeTarget(dir.string()).ok());
  std::filesystem::remove(dir / "bin" / "elasticsearch");
  EXPECT_FALSE(client::HomeTarget(dir.string()).ok());
  std::filesystem::remove_all(dir);
}

// A home's class archive serves Java 13+ (dynamic archives), and only when it is there.
TEST(TargetNodeTest, ClassArchiveIsTheHomesForJava13AndLater) {
  const auto dir = FakeHome("class-archive-test", "elasticsearch", "7.6.2", {});
  EXPECT_EQ(client::ClassArchive(dir.string(), 17), "");
  std::ofstream(dir / client::kClassArchiveName) << "archive";
  EXPECT_EQ(client::ClassArchive(dir.string(), 17), (dir / client::kClassArchiveName).string());
  EXPECT_EQ(client::ClassArchive(dir.string(), 11), "");
  EXPECT_EQ(client::ClassArchive(dir.string(), 0), "");
  std::filesystem::remove_all(dir);
}

// upgrade's home of --es7-version: beside the binary (a build tree, the container), else in
// ../share/shardlift (an installed package); none: both places named, and how to get one.
TEST(TargetNodeTest, BundledHomesAreBesideTheBinaryThenInShare) {
  const auto prefix = std::filesystem::temp_directory_path() /
                      ("shardlift-bundled-home-" + std::to_string(getpid()));
  std::filesystem::remove_all(prefix);
  const std::string binary = (prefix / "bin" / "shardlift").string();
  const std::string bin = (prefix / "bin").string();
  const std::string share = (prefix / "share" / "shardlift").string();
  EXPECT_EQ(client::BundledHomeDirs(binary), (std::vector<std::string>{bin, share}));

  FakeHomeAt(prefix / "bin" / "es7-home", "elasticsearch", "7.17.29", {});
  FakeHomeAt(prefix / "share" / "shardlift" / "es7-home-7.6.2", "elasticsearch", "7.6.2", {});
  FakeHomeAt(prefix / "share" / "shardlift" / "os-home", "opensearch", "2.19.1", {});
  auto found = client::FindBundledHome(binary, "7.6.2");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  EXPECT_EQ(*found, share + "/es7-home-7.6.2");
  EXPECT_EQ(*client::FindBundledHome(binary, "7.17.29"), bin + "/es7-home");
  EXPECT_EQ(*client::FindBundledHome(binary, "opensearch-2.19.1"), share + "/os-home");
  // Beside the binary first.
  FakeHomeAt(prefix / "bin" / "zz-home", "elasticsearch", "7.6.2", {});
  EXPECT_EQ(*client::FindBundledHome(binary, "7.6.2"), bin + "/zz-home");

  auto missing = client::FindBundledHome(binary, "7.1.0");
  ASSERT_TRUE(missing.status().IsNotFound());
  EXPECT_EQ(missing.status().message(),
            "no Elasticsearch 7.1.0 home beside " + bin + " or in " + share +
                ": `tests/es7/make-target-home.sh --version 7.1.0 " + bin +
                "/es7-home-7.1.0` lays one out from Maven Central (the build target "
                "es7-home-7.6.2 does for 7.6.2), or give --target-home DIR");
  // Without a share dir (a build tree) the binary's own dir is all there is.
  std::filesystem::remove_all(prefix / "share");
  EXPECT_TRUE(client::FindBundledHome(binary, "7.6.2").ok());
  EXPECT_TRUE(client::FindBundledHome(binary, "opensearch-2.19.1").status().IsNotFound());
  std::filesystem::remove_all(prefix);
}

// The variables and settings each kind of home is started with (FACTS.md, "The four targets").
TEST(TargetNodeTest, HomeRunCommandFitsTheDistributionAndVersion) {
  client::NodeOptions options;
  options.home = "/h";
  options.data_dir = "/d";
  options.run_dir = "/r";
  options.heap = "512m";
  auto has = [](const std::vector<std::string>& list, const std::string& entry) {
    return std::find(list.begin(), list.end(), entry) != list.end();
  };
  struct Case {
    std::string distribution, version;
    std::vector<std::string> modules;
    std::string binary, java, conf;
    bool security_off;
  };
  for (const Case& c : {
           Case{"elasticsearch",
                "7.6.2",
                {"parent-join"},
                "/h/bin/elasticsearch",
                "JAVA_HOME=/jdk",
                "ES_PATH_CONF=/r/config",
                false},
           Case{"elasticsearch",
                "7.17.29",
                {"x-pack-security"},
                "/h/bin/elasticsearch",
                "ES_JAVA_HOME=/jdk",
                "ES_PATH_CONF=/r/config",
                true},
           Case{"elasticsearch",
                "8.17.0",
                {"x-pack-security"},
                "/h/bin/elasticsearch",
                "ES_JAVA_HOME=/jdk",
                "ES_PATH_CONF=/r/config",
                true},
           Case{"opensearch",
                "2.19.1",
                {"parent-join"},
                "/h/bin/opensearch",
                "OPENSEARCH_JAVA_HOME=/jdk",
                "OPENSEARCH_PATH_CONF=/r/config",
                false},
       }) {
    const auto dir = FakeHome("home-run-test", c.distribution, c.version, c.modules);
    auto home = client::HomeTarget(dir.string());
    ASSERT_TRUE(home.ok()) << home.status().ToString();
    const client::HomeCommand command = client::HomeRunCommand(options, *home, 9200, 9300, "/jdk");
    std::filesystem::remove_all(dir);
    EXPECT_EQ(command.argv.front(), c.binary) << c.version;
    EXPECT_TRUE(has(command.env, c.java)) << c.version;
    EXPECT_TRUE(has(command.env, c.conf)) << c.version;
    EXPECT_EQ(command.env.size(), 4u) << c.version << ": one variable names the JDK";
    EXPECT_EQ(has(command.argv, "xpack.security.enabled=false"), c.security_off) << c.version;
    EXPECT_TRUE(has(command.argv, "path.data=/d")) << c.version;
    EXPECT_TRUE(has(command.argv, "discovery.type=single-node")) << c.version;
    EXPECT_TRUE(has(command.argv, "indices.breaker.total.use_real_memory=false")) << c.version;
  }
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

TEST(ClusterTest, PublishAddressesAreTheBoundAddress) {
  EXPECT_EQ(client::PublishHostPort("10.0.0.5:9200"), "10.0.0.5:9200");
  EXPECT_EQ(client::PublishHostPort("es-1.local/10.0.0.5:9201"), "10.0.0.5:9201");
  EXPECT_EQ(client::PublishHostPort("[::1]:9200"), "[::1]:9200");
}

TEST(ClusterTest, IndexListsFitTheRequestLine) {
  std::vector<std::string> indices;
  for (int i = 0; i < 300; ++i)
    indices.push_back("clearml-events-training_stats_scalar-" + std::to_string(i));
  indices.push_back("a+b");
  const std::vector<std::string> lists = client::IndexLists(indices);
  ASSERT_GT(lists.size(), 1u);
  std::string joined;
  for (const std::string& list : lists) {
    EXPECT_LE(list.size(), client::kMaxIndexList);
    if (!joined.empty()) joined += ',';
    joined += list;
  }
  std::string expected;
  for (const std::string& index : indices) {
    if (!expected.empty()) expected += ',';
    expected += client::UrlEncode(index);
  }
  EXPECT_EQ(joined, expected);  // every index once, in order
  EXPECT_TRUE(client::IndexLists({}).empty());
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
