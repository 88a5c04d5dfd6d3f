#include "codec/deflate.h"

#include <libdeflate.h>

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

const char* RawInflater::Inflate(const uint8_t* input, size_t input_size, uint8_t* output,
                                 size_t output_size) {
  if (decompressor_ == nullptr) {  // allocated on first use, so idle readers cost nothing
    decompressor_ = libdeflate_alloc_decompressor();
    if (decompressor_ == nullptr) return "out of memory for a DEFLATE decoder";
  }
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
