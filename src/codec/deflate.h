// Raw DEFLATE (RFC 1951, no zlib header or trailer), as Lucene's BEST_COMPRESSION stored fields
// write it. Backed by libdeflate: whole-buffer decoding into an output of known size is exactly
// its model, and on the bench-compression chunks it inflates about 2x as fast as zlib (README,
// Benchmarks: Decode).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

struct libdeflate_decompressor;

namespace shardlift::codec {

// Output space for RawInflater::InflateWithLimit, reused from call to call. It grows by
// allocating anew (a retry decodes again, so the old bytes are not needed: no copy, and the peak is
// one buffer), and its pages become resident only as bytes are written into them.
class InflateBuffer {
 public:
  const uint8_t* data() const { return bytes_.get(); }
  uint8_t* data() { return bytes_.get(); }
  size_t capacity() const { return capacity_; }
  // Makes room for at least `size` bytes, dropping the contents. False when out of memory.
  bool Reserve(size_t size);

 private:
  std::unique_ptr<uint8_t[]> bytes_;
  size_t capacity_ = 0;
};

struct InflateResult {
  const char* error = nullptr;  // null on success, else what went wrong (a literal)
  bool too_large = false;       // the stream decodes to more than the limit (error says so too)
  size_t size = 0;              // bytes produced (on success)
};

class RawInflater {
 public:
  RawInflater();
  ~RawInflater();
  RawInflater(const RawInflater&) = delete;
  RawInflater& operator=(const RawInflater&) = delete;
  RawInflater(RawInflater&& other) noexcept;
  RawInflater& operator=(RawInflater&& other) noexcept;

  // Inflates the complete stream input[0, input_size) into exactly output_size bytes. Returns null
  // on success, else what went wrong (a literal): a malformed stream, a stream that does not end
  // where the input does, or one that decodes to a different length.
  const char* Inflate(const uint8_t* input, size_t input_size, uint8_t* output, size_t output_size);

  // Inflates the stream at the start of input[0, input_size), whose decoded size is not known,
  // into `output`, producing at most `limit` bytes: a stream that decodes to more (a DEFLATE bomb
  // expands up to 1032:1) stops with too_large once `limit` bytes are written, so memory never
  // exceeds `limit` whatever the input. Bytes after the end of the stream are ignored, as Java's
  // InflaterInputStream (ES's reader) ignores them. The one inflate of unknown size: every DFL
  // body (CompressedXContent, compressed _source) goes through it.
  InflateResult InflateWithLimit(const uint8_t* input, size_t input_size, size_t limit,
                                 InflateBuffer& output);

 private:
  bool EnsureDecompressor();

  libdeflate_decompressor* decompressor_ = nullptr;
};

}  // namespace shardlift::codec
