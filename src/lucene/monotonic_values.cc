#include "lucene/monotonic_values.h"

#include <algorithm>
#include <bit>

#include "codec/packed_ints.h"

namespace shardlift::lucene {

namespace {

// DirectMonotonicWriter's accepted block shifts.
constexpr int32_t kMinDirectBlockShift = 2;
constexpr int32_t kMaxDirectBlockShift = 22;
// AbstractBlockPackedWriter's accepted block sizes.
constexpr int32_t kMinBlockSize = 64;
constexpr int32_t kMaxBlockSize = 1 << 27;
constexpr uint64_t kDirectBlockMetaBytes = 8 + 4 + 8 + 1;

uint64_t NumBlocks(uint64_t num_values, int32_t shift) {
  return (num_values + (uint64_t{1} << shift) - 1) >> shift;
}

// Values in the last block may be fewer than a full block.
uint64_t BlockLength(uint64_t num_values, int32_t shift, uint64_t block) {
  const uint64_t first = block << shift;
  return std::min(uint64_t{1} << shift, num_values - first);
}

}  // namespace

MonotonicValues MonotonicValues::ReadDirectMeta(io::DataInput& meta, uint64_t num_values,
                                                int32_t block_shift) {
  MonotonicValues values;
  if (block_shift < kMinDirectBlockShift || block_shift > kMaxDirectBlockShift) {
    meta.Fail("invalid monotonic block shift " + std::to_string(block_shift));
    return values;
  }
  const uint64_t num_blocks = NumBlocks(num_values, block_shift);
  if (num_blocks > meta.remaining() / kDirectBlockMetaBytes) {
    meta.Fail("monotonic metadata for " + std::to_string(num_values) +
              " values runs past the end of the file");
    return values;
  }
  values.num_values_ = num_values;
  values.block_shift_ = block_shift;
  values.blocks_.resize(num_blocks);
  for (Block& block : values.blocks_) {
    block.min = meta.ReadLong();
    block.average = std::bit_cast<float>(meta.ReadInt());
    const int64_t offset = meta.ReadLong();
    block.bits = meta.ReadByte();
    if (meta.ok() && (offset < 0 || block.bits > codec::kMaxPackedBits)) {
      meta.Fail("invalid monotonic block (offset " + std::to_string(offset) + ", " +
                std::to_string(block.bits) + " bits)");
    }
    block.offset = static_cast<uint64_t>(offset);
  }
  return values;
}

Status MonotonicValues::Bind(const io::FileSlice& file, uint64_t begin, uint64_t end) {
  for (size_t b = 0; b < blocks_.size(); ++b) {
    Block& block = blocks_[b];
    const uint64_t bytes =
        codec::PackedByteCount(BlockLength(num_values_, block_shift_, b), block.bits);
    if (block.offset > end - begin || bytes > end - begin - block.offset) {
      return file.CorruptionAt(begin, "monotonic block " + std::to_string(b) + " at +" +
                                          std::to_string(block.offset) + " (" +
                                          std::to_string(bytes) + " bytes) overruns its " +
                                          std::to_string(end - begin) + "-byte range");
    }
    block.packed = file.bytes().subspan(begin + block.offset, bytes);
  }
  return Status();
}

MonotonicValues MonotonicValues::ReadBlockPacked(io::DataInput& data, int32_t packed_ints_version,
                                                 int32_t block_size, uint64_t num_values) {
  MonotonicValues values;
  if (packed_ints_version != 2 || block_size < kMinBlockSize || block_size > kMaxBlockSize ||
      !std::has_single_bit(static_cast<uint32_t>(block_size))) {
    data.Fail("invalid monotonic block parameters (packed ints version " +
              std::to_string(packed_ints_version) + ", block size " + std::to_string(block_size) +
              ")");
    return values;
  }
  const int32_t shift = std::countr_zero(static_cast<uint32_t>(block_size));
  const uint64_t num_blocks = NumBlocks(num_values, shift);
  // Each block header takes at least 1 + 4 + 1 bytes.
  if (num_blocks > data.remaining() / 6) {
    data.Fail("monotonic data for " + std::to_string(num_values) +
              " values runs past the end of the file");
    return values;
  }
  values.num_values_ = num_values;
  values.block_shift_ = shift;
  values.blocks_.resize(num_blocks);
  for (size_t b = 0; b < num_blocks && data.ok(); ++b) {
    Block& block = values.blocks_[b];
    block.min = data.ReadZLong();
    block.average = std::bit_cast<float>(data.ReadInt());
    const uint64_t bits_at = data.position();
    block.bits = data.ReadVInt();
    if (block.bits < 0 || block.bits > codec::kMaxPackedBits) {
      data.FailAt(bits_at, "invalid monotonic bits per value " + std::to_string(block.bits));
      break;
    }
    if (block.bits > 0) {
      block.packed =
          data.ReadBytes(codec::PackedByteCount(BlockLength(num_values, shift, b), block.bits));
    }
  }
  return values;
}

int64_t MonotonicValues::Get(uint64_t index) const {
  const Block& block = blocks_[index >> block_shift_];
  const uint64_t j = index & ((uint64_t{1} << block_shift_) - 1);
  // Java: (long) (avg * j) in float, truncated toward zero, saturating like a Java cast.
  const float expected = block.average * static_cast<float>(j);
  int64_t delta;
  if (!(expected == expected)) {
    delta = 0;
  } else if (expected >= 9.2233720368547758e18f) {
    delta = INT64_MAX;
  } else if (expected <= -9.2233720368547758e18f) {
    delta = INT64_MIN;
  } else {
    delta = static_cast<int64_t>(expected);
  }
  const uint64_t packed =
      block.bits == 0 ? 0
                      : codec::PackedGet(block.packed.data(), block.packed.size(), j, block.bits);
  return static_cast<int64_t>(static_cast<uint64_t>(block.min) + static_cast<uint64_t>(delta) +
                              packed);
}

}  // namespace shardlift::lucene
