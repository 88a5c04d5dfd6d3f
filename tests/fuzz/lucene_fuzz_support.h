// How the inputs of the lucene_* fuzz targets that need several files or parameters are laid out,
// shared by the targets and the seed generator (lucene_fuzz_seeds): a sequence of fields, each a
// little-endian uint32 or a length-prefixed byte string, and whatever remains as the last "file".
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "io/crc32.h"
#include "io/file_slice.h"
#include "lucene/codec_header.h"

namespace shardlift::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : data_(data), left_(size) {}

  // A uint32 (0 once the input is exhausted).
  uint32_t U32() {
    uint8_t bytes[4] = {};
    const size_t n = left_ < 4 ? left_ : 4;
    std::memcpy(bytes, data_, n);
    Advance(n);
    return bytes[0] | (uint32_t{bytes[1]} << 8) | (uint32_t{bytes[2]} << 16) |
           (uint32_t{bytes[3]} << 24);
  }
  // A byte string with a uint32 length prefix (cut short at the end of the input).
  std::vector<uint8_t> Bytes() {
    const uint32_t length = U32();
    const size_t n = length < left_ ? length : left_;
    std::vector<uint8_t> out(data_, data_ + n);
    Advance(n);
    return out;
  }
  std::vector<uint8_t> Rest() {
    std::vector<uint8_t> out(data_, data_ + left_);
    Advance(left_);
    return out;
  }

 private:
  void Advance(size_t n) {
    data_ += n;
    left_ -= n;
  }
  const uint8_t* data_;
  size_t left_;
};

class FuzzInputWriter {
 public:
  FuzzInputWriter& U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    return *this;
  }
  FuzzInputWriter& Bytes(const std::vector<uint8_t>& b) {
    U32(static_cast<uint32_t>(b.size()));
    return Rest(b);
  }
  FuzzInputWriter& Rest(const std::vector<uint8_t>& b) {
    bytes_.insert(bytes_.end(), b.begin(), b.end());
    return *this;
  }
  const std::vector<uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
};

// The id and suffix an index header in `file` carries, so a target can accept the file's own
// (ids and suffixes are checks against other files, which a single fuzzed file cannot pass).
struct HeaderIdentity {
  lucene::SegmentId id{};
  std::string suffix;
};

inline HeaderIdentity IdentityOf(const io::FileSlice& file) {
  HeaderIdentity identity;
  const ByteView bytes = file.bytes();
  if (bytes.size() < 5) return identity;
  const size_t id_at = 4 + 1 + bytes[4] + 4;
  if (bytes.size() < id_at + lucene::kIdLength + 1) return identity;
  std::memcpy(identity.id.data(), bytes.data() + id_at, lucene::kIdLength);
  const size_t suffix_at = id_at + lucene::kIdLength + 1;
  const size_t suffix_length = bytes[suffix_at - 1];
  if (bytes.size() >= suffix_at + suffix_length) {
    identity.suffix.assign(reinterpret_cast<const char*>(bytes.data()) + suffix_at, suffix_length);
  }
  return identity;
}

// Reader options for fuzzing: checksums off, so mutated bytes reach the parsers.
inline lucene::ReadOptions FuzzOptions() {
  lucene::ReadOptions options;
  options.verify_checksums = false;
  return options;
}

// Appends a valid Lucene codec footer (magic, algorithm 0, CRC-32 of all before it), so that an
// input gets past the footer check first to the grammar behind it.
inline void AppendCodecFooter(std::vector<uint8_t>& bytes) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    bytes.push_back(static_cast<uint8_t>(lucene::kFooterMagic >> shift));
  }
  for (int i = 0; i < 4; ++i) bytes.push_back(0);
  const uint64_t crc = io::Crc32({bytes.data(), bytes.size()});
  for (int shift = 56; shift >= 0; shift -= 8) bytes.push_back(static_cast<uint8_t>(crc >> shift));
}

}  // namespace shardlift::fuzz
