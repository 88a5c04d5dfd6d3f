// The document hot path allocates nothing once warm: converting SMILE, CBOR, inflated DFL and
// JSON bodies to JSON reuses the converter's tables and buffers and the caller's string. Counts
// every operator new in this binary (which is why it is a binary of its own).
#include <gtest/gtest.h>
#include <libdeflate.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "support/xcontent_samples.h"
#include "xcontent/content_type.h"
#include "xcontent/converter.h"

namespace {
std::atomic<long> allocations{0};
}  // namespace

void* operator new(size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace shardlift::xcontent {
namespace {

ByteView View(const std::vector<uint8_t>& bytes) { return ByteView(bytes.data(), bytes.size()); }

std::vector<uint8_t> Deflated(const std::string& plain) {
  libdeflate_compressor* compressor = libdeflate_alloc_compressor(3);
  std::vector<uint8_t> out(kDeflateHeader.begin(), kDeflateHeader.end());
  out.resize(4 + libdeflate_deflate_compress_bound(compressor, plain.size()));
  out.resize(4 + libdeflate_deflate_compress(compressor, plain.data(), plain.size(), out.data() + 4,
                                             out.size() - 4));
  libdeflate_free_compressor(compressor);
  return out;
}

TEST(XContentAllocations, WarmConverterAllocatesNothingPerDocument) {
  std::vector<std::vector<uint8_t>> bodies;
  for (int seed = 0; seed < 50; ++seed) bodies.push_back(testing::SampleSmileDocument(seed));
  // CBOR: {_ "a": [1, -1.5 (half), "x" (chunked)], "b": h'0102'}
  bodies.push_back({0xBF, 0x61, 'a', 0x83, 0x01, 0xF9, 0xBE, 0x00, 0x7F, 0x61, 'x', 0xFF, 0x61, 'b',
                    0x42, 0x01, 0x02, 0xFF});
  std::string json;
  Converter converter;
  ASSERT_TRUE(converter.AppendJson(View(bodies[0]), json).ok());
  bodies.push_back(Deflated(json));
  bodies.push_back(std::vector<uint8_t>(json.begin(), json.end()));
  json.append("\n  ");  // a JSON body with line breaks takes the slow path
  bodies.push_back(std::vector<uint8_t>(json.begin(), json.end()));

  std::string out;
  out.reserve(1 << 20);
  for (const auto& body : bodies) {  // warm up
    out.clear();
    ASSERT_TRUE(converter.AppendJson(View(body), out).ok());
  }
  const long before = allocations.load();
  for (int round = 0; round < 3; ++round) {
    for (const auto& body : bodies) {
      out.clear();
      ASSERT_TRUE(converter.AppendJson(View(body), out).ok());
    }
  }
  EXPECT_EQ(allocations.load() - before, 0);
}

}  // namespace
}  // namespace shardlift::xcontent
