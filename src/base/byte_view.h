// ByteView: read-only bytes that live elsewhere (a mapped file, a decoded chunk, a string).
#pragma once

#include <cstdint>
#include <span>

namespace shardlift {

using ByteView = std::span<const uint8_t>;

}  // namespace shardlift
