#include "es5/metadata.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "es5/compressed_xcontent.h"
#include "test_files.h"

namespace shardlift::es5 {
namespace {

using Json = nlohmann::ordered_json;
using testing::TempDir;
using testing::WriteFile;

// "DFL\0" + raw deflate, as ES's DeflateCompressor writes.
std::vector<uint8_t> Dfl(const std::string& text) {
  z_stream stream{};
  deflateInit2(&stream, 3, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::vector<uint8_t> out(4 + deflateBound(&stream, text.size()));
  std::copy_n("DFL", 4, out.begin());
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = out.data() + 4;
  stream.avail_out = static_cast<uInt>(out.size() - 4);
  deflate(&stream, Z_FINISH);
  out.resize(4 + stream.total_out);
  deflateEnd(&stream);
  return out;
}

class MetadataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_ / "state-1.st", "x");
    where_ = *io::FileSlice::Open(dir_ / "state-1.st");
  }
  TempDir dir_;
  std::optional<io::FileSlice> where_;
};

TEST_F(MetadataTest, IndexMetadataFrom5x) {
  Json body = Json::object();
  body["version"] = 7;
  body["state"] = "close";
  body["settings"] = {{"index.number_of_shards", "2"},
                      {"index.uuid", "U1"},
                      {"index.version.created", "5060099"},
                      {"index.mapping.single_type", "true"}};
  body["mappings"] = Json::array(
      {Json::binary(Dfl(R"({"doc":{"_source":{"enabled":false},"_parent":{"type":"p"}}})")),
       Json::binary(Dfl(R"({"_default_":{}})"))});
  body["aliases"] = {
      {"a1", {{"filter", Json::binary(Dfl(R"({"term":{"x":1}})"))}, {"index_routing", "r"}}}};
  body["in_sync_allocations"] = {{"0", {"id0"}}, {"1", {"id1", "id2"}}};
  auto meta = ParseIndexMetadata(Json{{"my-index", body}}, *where_);
  ASSERT_TRUE(meta.ok()) << meta.status().ToString();
  EXPECT_EQ(meta->name, "my-index");
  EXPECT_EQ(meta->uuid, "U1");
  EXPECT_FALSE(meta->open);
  EXPECT_EQ(meta->number_of_shards, 2);
  EXPECT_EQ(meta->created().ToString(), "5.6.0");
  EXPECT_TRUE(meta->single_type);
  ASSERT_EQ(meta->mappings.size(), 2u);
  EXPECT_FALSE(meta->mappings[0].source_enabled);
  EXPECT_EQ(meta->mappings[0].parent_type, "p");
  EXPECT_EQ(meta->SingleType()->type, "doc");
  ASSERT_EQ(meta->aliases.size(), 1u);
  EXPECT_EQ(meta->aliases[0].filter->dump(), R"({"term":{"x":1}})");
  EXPECT_EQ(*meta->aliases[0].index_routing, "r");
  EXPECT_FALSE(meta->aliases[0].search_routing);
  EXPECT_EQ(meta->in_sync_allocations[1], (std::vector<std::string>{"id1", "id2"}));
}

TEST_F(MetadataTest, IndexMetadataFrom2xJsonWithMappingObjectsAndLenientFlags) {
  const Json dom = Json::parse(R"({"old":{"version":3,"state":"open",
    "settings":{"index":{"number_of_shards":"1","uuid":"U2","version":{"created":"2040699"}}},
    "mappings":[{"t":{"_timestamp":{"enabled":"yes"},"_ttl":{"enabled":true},"_source":{"enabled":"no"}}}],
    "aliases":{}}})");
  auto meta = ParseIndexMetadata(dom, *where_);
  ASSERT_TRUE(meta.ok()) << meta.status().ToString();
  EXPECT_EQ(meta->created().ToString(), "2.4.6");
  ASSERT_EQ(meta->mappings.size(), 1u);
  EXPECT_TRUE(meta->mappings[0].timestamp_enabled);
  EXPECT_TRUE(meta->mappings[0].ttl_enabled);
  EXPECT_FALSE(meta->mappings[0].source_enabled);
  EXPECT_TRUE(meta->in_sync_allocations.empty());
}

TEST_F(MetadataTest, BadIndexMetadataNamesTheFile) {
  for (
      const char* text :
      {R"({"i":{"settings":{}}})", R"({"i":{"version":1,"state":"frozen"}})",
       R"({"i":{"version":1,"settings":{"index.number_of_shards":"1"}}})",
       R"({"i":{"version":1,"settings":{"index.number_of_shards":"1","index.version.created":"x"}}})",
       R"({"i":{"version":1,"settings":{"index.number_of_shards":"1","index.version.created":"1070099"}}})",
       R"({"i":{"version":1,"settings":{"index.number_of_shards":"0","index.version.created":"5000099"}}})",
       R"([1,2])"}) {
    auto meta = ParseIndexMetadata(Json::parse(text), *where_);
    ASSERT_FALSE(meta.ok()) << text;
    EXPECT_NE(meta.status().message().find("state-1.st"), std::string::npos)
        << meta.status().message();
  }
}

TEST_F(MetadataTest, GlobalMetadataTemplatesSettingsGraveyard) {
  Json body = Json::object();
  body["version"] = 8;
  body["cluster_uuid"] = "C";
  body["settings"] = {{"cluster", {{"routing", {{"allocation.exclude.version_attr", "5.6.2"}}}}}};
  body["templates"] = {
      {"t1",
       {{"order", 2},
        {"template", "te*"},
        {"settings", {{"index", {{"number_of_shards", "1"}}}}},
        {"mappings", Json::array({{{"type1", {{"_source", {{"enabled", "no"}}}}}}})},
        {"aliases", {{"alias2", {{"filter", Json::binary(Dfl(R"({"term":{"v":"1"}})"))}}}}}}}};
  body["index-graveyard"] = {
      {"tombstones",
       {{{"index", {{"index_name", "gone"}, {"index_uuid", "G"}}}, {"delete_date_in_millis", 5}}}}};
  body["repositories"] = Json::object();
  auto global = ParseGlobalMetadata(Json{{"meta-data", body}}, *where_);
  ASSERT_TRUE(global.ok()) << global.status().ToString();
  EXPECT_EQ(global->version, 8);
  ASSERT_EQ(global->persistent_settings.size(), 1u);
  EXPECT_EQ(global->persistent_settings[0].first,
            "cluster.routing.allocation.exclude.version_attr");
  ASSERT_EQ(global->templates.size(), 1u);
  EXPECT_EQ(global->templates[0].patterns, (std::vector<std::string>{"te*"}));
  EXPECT_EQ(global->templates[0].order, 2);
  EXPECT_EQ(global->templates[0].body["aliases"]["alias2"]["filter"].dump(),
            R"({"term":{"v":"1"}})");
  EXPECT_TRUE(global->IsTombstoned("G"));
  EXPECT_FALSE(global->IsTombstoned("H"));
  EXPECT_EQ(global->custom_names, (std::vector<std::string>{"repositories"}));
}

TEST_F(MetadataTest, ShardAndNodeState) {
  auto five = ParseShardState(
      Json::parse(R"({"version":-1,"primary":true,"index_uuid":"U","allocation_id":{"id":"A"}})"),
      *where_);
  ASSERT_TRUE(five.ok());
  EXPECT_TRUE(five->primary);
  EXPECT_EQ(five->allocation_id, "A");
  auto two =
      ParseShardState(Json::parse(R"({"version":2,"primary":false,"index_uuid":"U"})"), *where_);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->legacy_version, 2);
  EXPECT_FALSE(ParseShardState(Json::parse(R"({"version":2})"), *where_).ok());
  EXPECT_EQ(ParseNodeMetadata(Json::parse(R"({"node_id":"N"})"), *where_)->node_id, "N");
}

TEST_F(MetadataTest, CompressedXContent) {
  auto dom = ExpandCompressedXContent(Json::binary(Dfl(R"({"a":[1,2]})")), *where_);
  ASSERT_TRUE(dom.ok());
  EXPECT_EQ(dom->dump(), R"({"a":[1,2]})");
  auto lzf = ExpandCompressedXContent(Json::binary({'Z', 'V', 0, 0, 1, 'x'}), *where_);
  EXPECT_TRUE(lzf.status().IsUnsupported()) << lzf.status().ToString();
  EXPECT_NE(lzf.status().message().find("state-1.st"), std::string::npos);
  auto broken = Dfl(R"({"a":[1,2]})");
  broken.resize(broken.size() - 3);
  EXPECT_FALSE(ExpandCompressedXContent(Json::binary(broken), *where_).ok());
  EXPECT_TRUE(LenientBool(Json("on")));
  EXPECT_FALSE(LenientBool(Json("off")));
  EXPECT_FALSE(LenientBool(Json(0)));
}

}  // namespace
}  // namespace shardlift::es5
