// Every SMILE state file of the es5-synth fixtures reads into a DOM, and every mapping inside
// (DFL-compressed JSON, stored as SMILE raw binary) inflates and parses.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/shared_data.h"
#include "xcontent/converter.h"

namespace shardlift::xcontent {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

int CheckBinaries(Converter& converter, const nlohmann::ordered_json& node,
                  const std::string& where) {
  int found = 0;
  if (node.is_binary()) {
    const auto& bytes = node.get_binary();
    auto inner = converter.ToDom(ByteView(bytes.data(), bytes.size()));
    EXPECT_TRUE(inner.ok()) << where << ": " << inner.status().ToString();
    if (inner.ok()) {
      EXPECT_TRUE(inner->is_object()) << where;
    }
    return 1;
  }
  if (node.is_structured()) {
    for (const auto& child : node) found += CheckBinaries(converter, child, where);
  }
  return found;
}

TEST(StateFiles, EverySmileBodyAndMappingReads) {
  SL_REQUIRE_SHARED("fixtures/es5-synth");
  Converter converter;
  int files = 0, mappings = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(testing::SharedPath("fixtures/es5-synth"))) {
    if (entry.path().extension() != ".st") continue;
    const std::string data = ReadFile(entry.path());
    ASSERT_GE(data.size(), 34u) << entry.path();
    // MetaDataStateFormat framing (spec §2.1): 18-byte header (26 for version 0), 16-byte footer.
    const size_t header = data[13] == 0 ? 26 : 18;
    const ByteView body(reinterpret_cast<const uint8_t*>(data.data()) + header,
                        data.size() - header - 16);
    auto dom = converter.ToDom(body);
    ASSERT_TRUE(dom.ok()) << entry.path() << ": " << dom.status().ToString();
    EXPECT_EQ(converter.last_type(), XContentType::kSmile) << entry.path();
    EXPECT_TRUE(dom->is_object()) << entry.path();
    std::string json;
    ASSERT_TRUE(converter.AppendJson(body, json).ok()) << entry.path();
    mappings += CheckBinaries(converter, *dom, entry.path().string());
    ++files;
  }
  EXPECT_GT(files, 50);
  EXPECT_GT(mappings, 20);
}

}  // namespace
}  // namespace shardlift::xcontent
