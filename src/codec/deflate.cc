#include "codec/deflate.h"

#include <libdeflate.h>

#include <algorithm>
#include <new>
#include <utility>

namespace shardlift::codec {

RawInflater::RawInflater() = default;

RawInflater::~RawInflater() {
  if (decompressor_ != nullptr) libdeflate_free_decompressor(decompressor_);
}

RawInflater::RawInflater(RawInflater&& other) noexcept
    : decompressor_(std::exchange(other.decompressor_, nullptr)) {}

RawInflater& RawInflater::operator=(RawInflater&& other) noexcept {
  std::swap(decompressor_, other.decompressor_);
  return *this;
}

bool RawInflater::EnsureDecompressor() {
  // Allocated on first use, so idle readers cost nothing.
  if (decompressor_ == nullptr) decompressor_ = libdeflate_alloc_decompressor();
  return decompressor_ != nullptr;
}

const char* RawInflater::Inflate(const uint8_t* input, size_t input_size, uint8_t* output,
                                 size_t output_size) {
  if (!EnsureDecompressor()) return "out of memory for a DEFLATE decoder";
  size_t consumed = 0;
  size_t produced = 0;
  switch (libdeflate_deflate_decompress_ex(decompressor_, input, input_size, output, output_size,
                                           &consumed, &produced)) {
    case LIBDEFLATE_SUCCESS:
      break;
    case LIBDEFLATE_INSUFFICIENT_SPACE:
      return "DEFLATE stream decodes to more bytes than expected";
    default:
      return "malformed DEFLATE stream";
  }
  if (produced != output_size) return "DEFLATE stream decodes to fewer bytes than expected";
  if (consumed != input_size) return "DEFLATE stream ends before its stored compressed length";
  return nullptr;
}

}  // namespace shardlift::codec

namespace shardlift::codec {

bool InflateBuffer::Reserve(size_t size) {
  if (size <= capacity_) return true;
  bytes_.reset();  // the old bytes go first: the peak is one buffer
  capacity_ = 0;
  // Default-initialized: untouched pages stay out of the resident set.
  bytes_.reset(new (std::nothrow) uint8_t[size]);
  if (bytes_ == nullptr) return false;
  capacity_ = size;
  return true;
}

InflateResult RawInflater::InflateWithLimit(const uint8_t* input, size_t input_size, size_t limit,
                                            InflateBuffer& output) {
  constexpr size_t kGrowth = 4;  // few re-decodes; the last attempt is bounded by `limit` anyway
  if (!EnsureDecompressor()) return {"out of memory for a DEFLATE decoder", false, 0};
  const size_t first_guess = input_size > limit / kGrowth ? limit : input_size * kGrowth + 256;
  size_t capacity = std::min(limit, std::max(output.capacity(), first_guess));
  for (;;) {
    if (!output.Reserve(capacity)) return {"out of memory for the inflated bytes", false, 0};
    size_t produced = 0;
    // The buffer may be larger than `capacity` from an earlier call; never decode past it.
    const libdeflate_result result = libdeflate_deflate_decompress(
        decompressor_, input, input_size, output.data(), capacity, &produced);
    if (result == LIBDEFLATE_SUCCESS) return {nullptr, false, produced};
    if (result != LIBDEFLATE_INSUFFICIENT_SPACE) return {"malformed DEFLATE stream", false, 0};
    if (capacity == limit) return {"DEFLATE stream decodes to more than the limit", true, 0};
    capacity = capacity > limit / kGrowth ? limit : capacity * kGrowth;
  }
}

}  // namespace shardlift::codec
