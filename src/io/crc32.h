// CRC-32 (the zlib / java.util.zip.CRC32 polynomial) that Lucene footers, Elasticsearch state files
// and translog operations use.
#pragma once

#include <cstdint>

#include "io/mapped_file.h"

namespace shardlift::io {

// libdeflate's CRC-32 (PCLMULQDQ) runs about 3.4x as fast as zlib's on this hardware (README,
// Benchmarks: Decode), and every byte of every file we read is checksummed.
uint32_t Crc32(ByteView bytes, uint32_t seed = 0);

}  // namespace shardlift::io
