// `shardlift verify` against the real ES 7 node: a fixture migrated by `shardlift migrate` verifies
// clean; after one document is deleted, one changed, one re-versioned and one added in the target,
// verify names exactly those and exits 1.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "es7/es7_client.h"
#include "migrate/migrate_runner.h"
#include "support/shared_data.h"

namespace shardlift::testing {
namespace {

namespace fs = std::filesystem;

// "PUT /<index>/_doc/<id>" with the hit's routing and an external version.
std::string DocPath(const nlohmann::json& hit, int64_t version) {
  std::string path(1, '/');
  path += hit["_index"].get<std::string>();
  path += "/_doc/";
  path += hit["_id"].get<std::string>();
  path += "?refresh=true&version_type=external_gte&version=";
  path += std::to_string(version);
  if (hit.contains("_routing")) path += "&routing=" + hit["_routing"].get<std::string>();
  return path;
}

TEST(VerifyTest, CleanAfterMigrateThenNamesEveryTamperedDocument) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  SL_ES7_CLIENT(client);
  ScopedDir work("verify");
  const std::string prefix = "v" + std::to_string(getpid()) + "-";
  PrefixCleanup cleanup{client, prefix};
  const fs::path dead = work.path() / "dead.ndjson";
  const std::vector<std::string> common = {SharedPath("fixtures/es5-synth/single/data").string(),
                                           "--target-url",
                                           client.base_url(),
                                           "--target-prefix",
                                           prefix,
                                           "--dead-letter",
                                           dead.string()};
  const MigrateRun migrated = RunShardliftMigrate(common, work.path());
  ASSERT_EQ(migrated.exit_code, 0) << migrated.output;
  long long written = 0, read = 0, dead_lettered = 0, lost = 0;
  ASSERT_EQ(std::sscanf(migrated.last_line.c_str(),
                        "migrated %lld of %lld documents, %lld dead-lettered, %lld lost", &written,
                        &read, &dead_lettered, &lost),
            4)
      << migrated.last_line;
  ASSERT_GT(dead_lettered, 0);  // the fixture has _source-disabled and strict-mapping documents

  std::vector<std::string> args = common;
  args.insert(args.end(), {"-p", "2"});
  const MigrateRun clean = RunShardlift("verify", args, work.path());
  EXPECT_EQ(clean.last_line, "verified " + std::to_string(written) + " of " + std::to_string(read) +
                                 " documents: 0 missing, 0 different, " + "0 extra, " +
                                 std::to_string(dead_lettered) + " dead-lettered")
      << clean.output;
  EXPECT_EQ(clean.exit_code, 0) << clean.output;

  // Three documents of one target index: delete the first, change the second's _source, give
  // the third a higher version; and add one the source never had.
  const HttpResponse search =
      client.Get("/" + prefix + "worker_stats*/_search?size=3&version=true&sort=_doc");
  ASSERT_EQ(search.status, 200) << search.Describe();
  const nlohmann::json hits = search.Json()["hits"]["hits"];
  ASSERT_EQ(hits.size(), 3u) << search.Describe();
  const std::string index = hits[0]["_index"];
  std::string deleted =
      "/" + index + "/_doc/" + hits[0]["_id"].get<std::string>() + "?refresh=true";
  if (hits[0].contains("_routing")) deleted += "&routing=" + hits[0]["_routing"].get<std::string>();
  ASSERT_EQ(client.Delete(deleted).status, 200);
  nlohmann::json changed = hits[1]["_source"];
  changed["shardlift_tampered"] = true;
  ASSERT_EQ(client.Put(DocPath(hits[1], hits[1]["_version"].get<int64_t>()), changed).status, 200);
  ASSERT_EQ(client.Put(DocPath(hits[2], hits[2]["_version"].get<int64_t>() + 5), hits[2]["_source"])
                .status,
            200);
  // The intruder copies the deleted document (the mapping may be strict, routing required).
  nlohmann::json intruder = hits[0];
  intruder["_id"] = "shardlift-intruder";
  ASSERT_EQ(client.Put(DocPath(intruder, 1), hits[0]["_source"]).status, 201);

  const MigrateRun tampered = RunShardlift("verify", common, work.path());
  EXPECT_EQ(tampered.last_line, "verified " + std::to_string(written - 3) + " of " +
                                    std::to_string(read) + " documents: 1 missing, 2 different, " +
                                    "1 extra, " + std::to_string(dead_lettered) + " dead-lettered")
      << tampered.output;
  EXPECT_EQ(tampered.exit_code, 1);
  const std::string& out = tampered.output;
  EXPECT_NE(out.find("missing: " + index + "/" + hits[0]["_id"].get<std::string>()),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("different: " + index + "/" + hits[1]["_id"].get<std::string>()),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("/shardlift_tampered: not expected, found true"), std::string::npos) << out;
  EXPECT_NE(out.find("_version: expected " + std::to_string(hits[2]["_version"].get<int64_t>()) +
                     ", found " + std::to_string(hits[2]["_version"].get<int64_t>() + 5)),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("extra: " + index + "/shardlift-intruder"), std::string::npos) << out;
}

TEST(VerifyTest, ANamedDeadLetterFileMustExist) {
  SL_REQUIRE_SHARED("fixtures/es5-synth/single");
  SL_ES7_CLIENT(client);
  ScopedDir work("verify-no-dead");
  const MigrateRun run =
      RunShardlift("verify",
                   {SharedPath("fixtures/es5-synth/single/data").string(), "--target-url",
                    client.base_url(), "--target-prefix", "never-written-", "--dead-letter",
                    (work.path() / "nope.ndjson").string()},
                   work.path());
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("cannot open the dead-letter file"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("verified "), std::string::npos) << run.output;
}

}  // namespace
}  // namespace shardlift::testing
