// Builds Lucene-format byte streams in tests and fuzz targets: primitives, index headers and the
// checksum footer, so inputs can be made by hand instead of being committed as binary blobs.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lucene/codec_header.h"

namespace shardlift::testing {

class LuceneFileBuilder {
 public:
  LuceneFileBuilder& Byte(uint8_t b) {
    bytes_.push_back(b);
    return *this;
  }
  LuceneFileBuilder& Bytes(const std::vector<uint8_t>& b) {
    bytes_.insert(bytes_.end(), b.begin(), b.end());
    return *this;
  }
  LuceneFileBuilder& Int(uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) Byte(static_cast<uint8_t>(v >> shift));
    return *this;
  }
  LuceneFileBuilder& Long(uint64_t v) {
    Int(static_cast<uint32_t>(v >> 32));
    return Int(static_cast<uint32_t>(v));
  }
  LuceneFileBuilder& VLong(uint64_t v) {
    while (v >= 0x80) {
      Byte(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    return Byte(static_cast<uint8_t>(v));
  }
  LuceneFileBuilder& VInt(int32_t v) { return VLong(static_cast<uint32_t>(v)); }
  LuceneFileBuilder& String(std::string_view s) {
    VInt(static_cast<int32_t>(s.size()));
    bytes_.insert(bytes_.end(), s.begin(), s.end());
    return *this;
  }
  LuceneFileBuilder& IndexHeader(std::string_view codec, int32_t version,
                                 const lucene::SegmentId& id, std::string_view suffix) {
    Int(lucene::kCodecMagic).String(codec).Int(static_cast<uint32_t>(version));
    bytes_.insert(bytes_.end(), id.begin(), id.end());
    Byte(static_cast<uint8_t>(suffix.size()));
    bytes_.insert(bytes_.end(), suffix.begin(), suffix.end());
    return *this;
  }
  // Appends the footer (magic, algorithm 0, CRC-32 of everything before the checksum).
  std::vector<uint8_t> Finish() {
    Int(lucene::kFooterMagic).Int(0);
    const uLong crc = crc32(0L, bytes_.data(), static_cast<uInt>(bytes_.size()));
    Long(crc);
    return bytes_;
  }
  // The bytes so far, without a footer.
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  size_t size() const { return bytes_.size(); }

 private:
  std::vector<uint8_t> bytes_;
};

}  // namespace shardlift::testing
