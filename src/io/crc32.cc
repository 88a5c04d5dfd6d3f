#include "io/crc32.h"

#include <libdeflate.h>

namespace shardlift::io {

uint32_t Crc32(ByteView bytes, uint32_t seed) {
  return libdeflate_crc32(seed, bytes.data(), bytes.size());
}

}  // namespace shardlift::io
