// Lucene's LZ4 block format: standard LZ4 sequences (token nibbles, 255-continued lengths,
// little-endian 16-bit match offsets, minimum match 4) with no frame, no stored compressed size and
// no end marker. A block ends when it has produced the decompressed length the caller knows.
#pragma once

#include <cstddef>
#include <cstdint>

namespace shardlift::codec {

// The decoder copies literals and matches in 16-byte steps and may write up to this many bytes
// past the requested output length; output buffers must have that much slack.
inline constexpr size_t kLz4OutputSlack = 32;

struct Lz4Result {
  size_t consumed = 0;          // input bytes the block took (on success)
  const char* error = nullptr;  // what is wrong (a literal), or null on success
  size_t error_offset = 0;      // input offset where the problem was found

  bool ok() const { return error == nullptr; }
};

// Decodes one block from input[0, input_size) into output[0, output_size). `output` must be
// writable for output_size + kLz4OutputSlack bytes; bytes past output_size are garbage afterwards.
// Every read is checked against the input and every match against the bytes already produced, so
// corrupt input yields an error, never an out-of-bounds access.
Lz4Result Lz4DecodeBlock(const uint8_t* input, size_t input_size, uint8_t* output,
                         size_t output_size);

}  // namespace shardlift::codec
