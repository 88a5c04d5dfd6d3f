// libFuzzer target lucene_lz4_block: one Lucene LZ4 block. Input: the decompressed length, then the
// block.
#include <vector>

#include "codec/lz4_block.h"
#include "fuzz/lucene_fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardlift;
  fuzz::FuzzInput in(data, size);
  const size_t decoded_size = in.U32() % (1 << 20);
  const std::vector<uint8_t> block = in.Rest();
  std::vector<uint8_t> out(decoded_size + codec::kLz4OutputSlack);
  const codec::Lz4Result r =
      codec::Lz4DecodeBlock(block.data(), block.size(), out.data(), decoded_size);
  if (r.ok() ? r.consumed > block.size() : r.error_offset > block.size()) __builtin_trap();
  return 0;
}
