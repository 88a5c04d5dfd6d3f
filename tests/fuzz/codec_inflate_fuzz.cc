// libFuzzer target: the one inflate of unknown size (codec::RawInflater::InflateWithLimit, behind
// every DFL body). The first two bytes pick the limit (up to 64 KiB); the rest is the stream.
// Whatever the input, the output never passes the limit, and a stream refused as too large never
// fits it: given more room, it does not decode to `limit` bytes or fewer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "codec/deflate.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardlift::codec;
  if (size < 2) return 0;
  const size_t limit = (size_t{data[0]} << 8 | data[1]) + 1;
  static RawInflater inflater;
  static InflateBuffer buffer;
  const InflateResult result = inflater.InflateWithLimit(data + 2, size - 2, limit, buffer);
  if (result.error == nullptr && result.size > limit) std::abort();
  if (result.too_large) {
    static InflateBuffer larger;
    const InflateResult again = inflater.InflateWithLimit(data + 2, size - 2, limit * 4, larger);
    if (again.error == nullptr && again.size <= limit) std::abort();
  }
  return 0;
}
