// DataInput: bounds-checked decoding of Lucene's primitive encodings from a byte view.
//
// Errors are sticky, in the spirit of protobuf's CodedInputStream: the first failed read records a
// corruption status naming the file and offset, every later read returns zero, and the caller
// checks `ok()` (or returns `status()`) at structure boundaries. Values read before a failure are
// real data, so counts must still be checked against `remaining()` before they size allocations or
// loops.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "base/status.h"
#include "io/file_slice.h"

namespace shardlift::io {

// Bytes to decode and where they came from, for error messages: a file's own bytes (`what` null)
// or bytes decoded from `origin` at `origin_offset` (a decompressed chunk, say; `what` names them,
// a literal). Readers that come and go often (one per document) point at one shared region
// instead of carrying all of it.
struct ByteRegion {
  ByteView bytes;
  const FileSlice* origin = nullptr;
  uint64_t origin_offset = 0;
  const char* what = nullptr;

  static ByteRegion Of(const FileSlice& slice) { return {slice.bytes(), &slice, 0, nullptr}; }
};

// Decodes a Lucene VInt/VLong of one or two bytes at `p` (field headers, lengths below 16 KB)
// when at least two bytes are left before `end`; false, with `p` unmoved, when the value is
// longer or too close to the end, for a careful reader to take over.
inline bool DecodeShortVarint(const uint8_t*& p, const uint8_t* end, uint32_t& value) {
  if (end - p >= 2) [[likely]] {
    const uint32_t b0 = p[0];
    if (b0 < 0x80) {
      p += 1;
      value = b0;
      return true;
    }
    const uint32_t b1 = p[1];
    if (b1 < 0x80) {
      p += 2;
      value = (b0 & 0x7F) | (b1 << 7);
      return true;
    }
  }
  return false;
}

class DataInput {
 public:
  // Reads `slice` from its first byte; offsets in errors are offsets of `slice`.
  explicit DataInput(const FileSlice& slice);

  // Reads `bytes` that were decoded from `origin` at `origin_offset` (a decompressed block, say).
  // Errors name that place and `what`: "...: offset 1234 (decompressed chunk +56): ...".
  // `what` must outlive this object (a literal).
  DataInput(ByteView bytes, const FileSlice& origin, uint64_t origin_offset, const char* what)
      : begin_(bytes.data()),
        pos_(begin_),
        end_(begin_ + bytes.size()),
        origin_(&origin),
        origin_offset_(origin_offset),
        decoded_what_(what) {}
  // Reads region.bytes[begin, end) (begin ≤ end ≤ region.bytes.size(), which the caller
  // guarantees); positions stay relative to region.bytes[0], as after SetLimit(end) and
  // Seek(begin).
  DataInput(const ByteRegion& region, uint64_t begin, uint64_t end)
      : begin_(region.bytes.data()),
        pos_(begin_ + begin),
        end_(begin_ + end),
        origin_(region.origin),
        origin_offset_(region.origin_offset),
        decoded_what_(region.what) {}

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  uint64_t position() const { return static_cast<uint64_t>(pos_ - begin_); }
  uint64_t size() const { return static_cast<uint64_t>(end_ - begin_); }
  uint64_t remaining() const { return static_cast<uint64_t>(end_ - pos_); }
  bool AtEnd() const { return pos_ == end_; }
  const uint8_t* cursor() const { return pos_; }

  // Restricts reads to the first `size` bytes (≤ size()), e.g. to keep a parser out of a file's
  // checksum footer.
  void SetLimit(uint64_t size) {
    if (size < this->size()) end_ = begin_ + size;
    if (pos_ > end_) pos_ = end_;
  }

  // Moves to `position` (≤ size()); beyond the end is a corruption error.
  void Seek(uint64_t position) {
    if (position <= size() && ok()) [[likely]]
      pos_ = begin_ + position;
    else
      SeekFailed(position);
  }
  void Skip(uint64_t count);

  uint8_t ReadByte() {
    if (pos_ < end_) [[likely]]
      return *pos_++;
    FailTruncated(pos_, 1);
    return 0;
  }
  int16_t ReadShort() { return static_cast<int16_t>(ReadBigEndian<uint16_t>()); }
  int32_t ReadInt() { return static_cast<int32_t>(ReadBigEndian<uint32_t>()); }
  int64_t ReadLong() { return static_cast<int64_t>(ReadBigEndian<uint64_t>()); }

  // Lucene VInt: 1–5 bytes, low 7-bit group first; a 5-byte VInt may be negative.
  int32_t ReadVInt() {
    uint32_t value;
    if (ReadShortVarint(value)) [[likely]]
      return static_cast<int32_t>(value);
    return ReadVIntSlow();
  }
  // Lucene VLong: 1–9 bytes, never negative.
  int64_t ReadVLong() {
    uint32_t value;
    if (ReadShortVarint(value)) [[likely]]
      return value;
    return static_cast<int64_t>(ReadVLongSlow(/*allow_bit63=*/false));
  }
  // Zig-zag encoded VInt / VLong.
  int32_t ReadZInt() {
    const auto u = static_cast<uint32_t>(ReadVInt());
    return static_cast<int32_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  // ZLong's VLong may take a 10th byte (0 or 1) carrying bit 63.
  int64_t ReadZLong() {
    uint32_t short_value;
    const uint64_t u =
        ReadShortVarint(short_value) ? short_value : ReadVLongSlow(/*allow_bit63=*/true);
    return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }

  // `count` bytes as a view into the underlying buffer (empty on failure).
  ByteView ReadBytes(uint64_t count) {
    if (count <= remaining()) [[likely]] {
      ByteView view(pos_, count);
      pos_ += count;
      return view;
    }
    FailTruncated(pos_, count);
    return {};
  }
  // Lucene String: VInt byte length + UTF-8 bytes, as a view (empty on failure).
  std::string_view ReadString();

  // Records a corruption at the current position (or at `at`, a position of this input); the
  // first failure wins. Returns the (sticky) status for convenience.
  const Status& Fail(std::string_view what);
  const Status& FailAt(uint64_t at, std::string_view what);

  // "<file>: offset <n>[ (...)]" for position `at` of this input.
  std::string Describe(uint64_t at) const;

 private:
  template <typename T>
  T ReadBigEndian() {
    if (static_cast<size_t>(end_ - pos_) < sizeof(T)) [[unlikely]] {
      FailTruncated(pos_, sizeof(T));
      return 0;
    }
    T value;
    std::memcpy(&value, pos_, sizeof(T));
    pos_ += sizeof(T);
    if constexpr (sizeof(T) == 2) return __builtin_bswap16(value);
    if constexpr (sizeof(T) == 4) return __builtin_bswap32(value);
    if constexpr (sizeof(T) == 8) return __builtin_bswap64(value);
  }

  bool ReadShortVarint(uint32_t& value) { return DecodeShortVarint(pos_, end_, value); }

  void SeekFailed(uint64_t position);
  int32_t ReadVIntSlow();
  uint64_t ReadVLongSlow(bool allow_bit63);
  void FailTruncated(const uint8_t* at, uint64_t wanted);

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  const FileSlice* origin_;
  uint64_t origin_offset_;    // offset in origin_ of begin_ (when decoded) or 0
  const char* decoded_what_;  // null when begin_ is origin_'s own bytes
  Status status_;
};

}  // namespace shardlift::io
