#include <gtest/gtest.h>
#include <libdeflate.h>

#include <string>
#include <vector>

#include "xcontent/content_type.h"
#include "xcontent/converter.h"

namespace shardlift::xcontent {
namespace {

using namespace std::literals;

ByteView View(std::string_view text) {
  return ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

std::string Dfl(std::string_view plain) {
  libdeflate_compressor* compressor = libdeflate_alloc_compressor(3);
  std::string out(kDeflateHeader);
  out.resize(4 + libdeflate_deflate_compress_bound(compressor, plain.size()));
  const size_t size = libdeflate_deflate_compress(compressor, plain.data(), plain.size(),
                                                  out.data() + 4, out.size() - 4);
  libdeflate_free_compressor(compressor);
  out.resize(4 + size);
  return out;
}

TEST(ContentType, DetectsLikeElasticsearch) {
  auto type = [](std::string_view body) {
    auto result = DetectXContentType(View(body));
    return result.ok() ? std::string(ToString(*result)) : result.status().ToString();
  };
  EXPECT_EQ(type("{}"), "JSON");
  EXPECT_EQ(type("\xEF\xBB\xBF \n\t{}"), "JSON");
  EXPECT_EQ(type("\x1C{}"), "JSON");
  EXPECT_EQ(type(":)\n\x01\xFA\xFB"), "SMILE");
  EXPECT_EQ(type("---\na: 1\n"), "YAML");
  EXPECT_EQ(type("\xBF\xFF"), "CBOR");
  EXPECT_EQ(type("\xD9\xD9\xF7\xA0"), "CBOR");
  EXPECT_EQ(type("\xA1\x61"
                 "a\x01"),
            "CBOR");
  EXPECT_EQ(type("[1]"),
            "corrupt: not XContent (JSON, SMILE, YAML or CBOR); body of 3 bytes "
            "starts with 5b 31 5d");
  EXPECT_EQ(type(""), "corrupt: empty body: not XContent");
}

TEST(Converter, SmileCborAndJsonToOneLine) {
  Converter converter;
  std::string out;
  ASSERT_TRUE(converter
                  .AppendJson(View(":)\n\x05\xFA\x80"
                                   "a\xC2\xFB"),
                              out)
                  .ok());
  EXPECT_EQ(out, "{\"a\":1}");
  EXPECT_EQ(converter.last_type(), XContentType::kSmile);
  out += '\n';
  ASSERT_TRUE(converter
                  .AppendJson(View("\xA1\x61"
                                   "b\xF9\x7E\x00"sv),
                              out)
                  .ok());
  EXPECT_EQ(out, "{\"a\":1}\n{\"b\":\"NaN\"}");
  out.clear();
  ASSERT_TRUE(converter.AppendJson(View("  {\"c\":\n[1.50, 2]}\n"), out).ok());
  EXPECT_EQ(out, "  {\"c\":[1.50, 2]}");
}

TEST(Converter, InflatesDflBodies) {
  Converter converter;
  std::string big = "{\"k\":\"" + std::string(100000, 'z') + "\"}";
  std::string out;
  ASSERT_TRUE(converter.AppendJson(View(Dfl(big)), out).ok());
  EXPECT_EQ(out, big);
  auto dom = converter.ToDom(View(Dfl("{\"a\":[1,2.5,\"x\"],\"b\":{\"c\":null}}")));
  ASSERT_TRUE(dom.ok()) << dom.status().ToString();
  EXPECT_EQ(dom->dump(), "{\"a\":[1,2.5,\"x\"],\"b\":{\"c\":null}}");

  std::string broken =
      Dfl(":)\n\x05\xFA\x80"
          "a\xFB");
  out = "keep";
  Status status = converter.AppendJson(View(broken), out);
  EXPECT_EQ(out, "keep");
  EXPECT_EQ(status.ToString(),
            "corrupt: in the inflated DFL body: SMILE offset 7: expected a "
            "value, got byte 0xfb");
  EXPECT_TRUE(converter.AppendJson(View("DFL\0garbage"), out).IsCorruption());
  EXPECT_TRUE(converter.AppendJson(View(std::string_view("ZV\0\0\1x", 6)), out).IsUnsupported());
}

TEST(Converter, DflInflationStopsAtTheLimit) {
  Converter converter(1024);
  const std::string at_limit = "{\"k\":\"" + std::string(1024 - 8, 'a') + "\"}";
  std::string out;
  ASSERT_TRUE(converter.AppendJson(View(Dfl(at_limit)), out).ok());
  EXPECT_EQ(out, at_limit);
  out.clear();
  const Status bomb = converter.AppendJson(View(Dfl(at_limit + " ")), out);
  EXPECT_TRUE(bomb.IsCorruption());
  EXPECT_NE(bomb.message().find("inflates to more than 1024 bytes"), std::string::npos)
      << bomb.message();
  EXPECT_TRUE(out.empty());
  // The metadata helpers use the metadata limit.
  const std::string mapping = "{\"k\":\"" + std::string(kMaxInflatedMetadata, 'z') + "\"}";
  EXPECT_TRUE(ToDom(View(Dfl(mapping))).status().IsCorruption());
}

TEST(Converter, DomRepeatedKeysKeepFirstPositionAndLastValue) {
  auto dom = ToDom(View(R"({"a":1,"b":2,"a":3,"c":{"x":1,"y":0,"x":2,"x":[3]},"b":{}})"));
  ASSERT_TRUE(dom.ok()) << dom.status().ToString();
  EXPECT_EQ(dom->dump(), R"({"a":3,"b":{},"c":{"x":[3],"y":0}})");
  // Many keys in one object take linear-logarithmic time, not quadratic.
  std::string wide = "{";
  for (int i = 0; i < 300000; ++i) wide += (i ? ",\"" : "\"") + std::to_string(i) + "\":1";
  wide += ",\"7\":2}";
  auto big = ToDom(View(wide));
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->size(), 300000u);
  EXPECT_EQ((*big)["7"], 2);
}

TEST(Converter, DomKeepsKindsAndBinary) {
  auto dom =
      ToDom(View(":)\n\x05\xFA\x80"
                 "a\x28\x03\x6E\x33\x19\x4D"  // float 0.1f
                 "\x80"
                 "b\xFD\x82\x01\x02"  // raw binary
                 "\x80"
                 "c\x26\x89\x00\x40\x00\x00\x00\x00\x00\x00\x00\x00\x00"  // 2^64
                 "\xFB"sv));
  ASSERT_TRUE(dom.ok()) << dom.status().ToString();
  EXPECT_EQ((*dom)["a"].get<double>(), 0.1);
  ASSERT_TRUE((*dom)["b"].is_binary());
  const std::vector<uint8_t>& bytes = (*dom)["b"].get_binary();
  EXPECT_EQ(bytes, std::vector<uint8_t>({1, 2}));
  EXPECT_TRUE((*dom)["c"].is_number_float());
  EXPECT_EQ((*dom)["c"].get<double>(), 18446744073709551616.0);
}

}  // namespace
}  // namespace shardlift::xcontent
