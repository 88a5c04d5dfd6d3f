// XContent → JSON throughput on ~2 KB ClearML-like documents (tests/support/xcontent_samples.h):
// SMILE with shared names, the same as DFL-compressed SMILE, and JSON through the one-line pass
// through (fast path: no line breaks; slow path: pretty-printed).
#include <benchmark/benchmark.h>
#include <libdeflate.h>

#include <string>
#include <vector>

#include "support/xcontent_samples.h"
#include "xcontent/content_type.h"
#include "xcontent/converter.h"

namespace {

using shardlift::ByteView;
using shardlift::xcontent::Converter;

std::vector<std::vector<uint8_t>> SmileBodies() {
  std::vector<std::vector<uint8_t>> bodies;
  for (int seed = 0; seed < 64; ++seed)
    bodies.push_back(shardlift::testing::SampleSmileDocument(seed));
  return bodies;
}

template <typename Transform>
std::vector<std::vector<uint8_t>> Transformed(Transform&& transform) {
  Converter converter;
  std::vector<std::vector<uint8_t>> out;
  for (const auto& body : SmileBodies()) {
    std::string json;
    (void)converter.AppendJson(ByteView(body.data(), body.size()), json);
    out.push_back(transform(json));
  }
  return out;
}

void Run(benchmark::State& state, const std::vector<std::vector<uint8_t>>& bodies) {
  Converter converter;
  std::string out;
  size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& body : bodies) {
      out.clear();
      if (!converter.AppendJson(ByteView(body.data(), body.size()), out).ok()) {
        state.SkipWithError("conversion failed");
        return;
      }
      bytes += body.size();
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * bodies.size()));
}

void BM_SmileToJson(benchmark::State& state) { Run(state, SmileBodies()); }

void BM_DeflatedSmileToJson(benchmark::State& state) {
  libdeflate_compressor* compressor = libdeflate_alloc_compressor(3);
  std::vector<std::vector<uint8_t>> bodies;
  for (const auto& smile : SmileBodies()) {
    std::vector<uint8_t> out(shardlift::xcontent::kDeflateHeader.begin(),
                             shardlift::xcontent::kDeflateHeader.end());
    out.resize(4 + libdeflate_deflate_compress_bound(compressor, smile.size()));
    out.resize(4 + libdeflate_deflate_compress(compressor, smile.data(), smile.size(),
                                               out.data() + 4, out.size() - 4));
    bodies.push_back(std::move(out));
  }
  libdeflate_free_compressor(compressor);
  Run(state, bodies);
}

void BM_JsonPassThrough(benchmark::State& state) {
  Run(state, Transformed([](const std::string& json) {
        return std::vector<uint8_t>(json.begin(), json.end());
      }));
}

void BM_PrettyJsonToOneLine(benchmark::State& state) {
  Run(state, Transformed([](const std::string& json) {
        std::string pretty;
        for (const char c : json) {
          pretty += c;
          if (c == ',' || c == '{') pretty += "\n  ";
        }
        return std::vector<uint8_t>(pretty.begin(), pretty.end());
      }));
}

BENCHMARK(BM_SmileToJson);
BENCHMARK(BM_DeflatedSmileToJson);
BENCHMARK(BM_JsonPassThrough);
BENCHMARK(BM_PrettyJsonToOneLine);

}  // namespace
