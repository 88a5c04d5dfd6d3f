#include "io/data_input.h"

namespace shardlift::io {

DataInput::DataInput(const FileSlice& slice)
    : begin_(slice.bytes().data()),
      pos_(begin_),
      end_(begin_ + slice.size()),
      origin_(&slice),
      origin_offset_(0),
      decoded_what_(nullptr) {}

void DataInput::SeekFailed(uint64_t position) {
  if (position > size()) {
    FailAt(this->position(), "seek to " + std::to_string(position) + " past the end (" +
                                 std::to_string(size()) + " bytes)");
  }
}

void DataInput::Skip(uint64_t count) {
  if (count > remaining()) {
    FailTruncated(pos_, count);
    return;
  }
  pos_ += count;
}

std::string_view DataInput::ReadString() {
  const uint8_t* start = pos_;
  const int32_t length = ReadVInt();
  if (length < 0) {
    FailAt(static_cast<uint64_t>(start - begin_),
           "negative string length " + std::to_string(length));
    return {};
  }
  ByteView bytes = ReadBytes(static_cast<uint64_t>(length));
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

int32_t DataInput::ReadVIntSlow() {
  const uint8_t* start = pos_;
  uint32_t value = 0;
  for (int shift = 0; shift <= 28; shift += 7) {
    if (pos_ == end_) {
      FailTruncated(start, static_cast<uint64_t>(pos_ - start) + 1);
      return 0;
    }
    const uint8_t b = *pos_++;
    if (shift == 28) {
      if (b & 0xF0) break;  // a 5th byte may only carry bits 28..31
      return static_cast<int32_t>(value | (static_cast<uint32_t>(b) << 28));
    }
    value |= static_cast<uint32_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return static_cast<int32_t>(value);
  }
  FailAt(static_cast<uint64_t>(start - begin_), "invalid VInt (too many bits)");
  return 0;
}

uint64_t DataInput::ReadVLongSlow(bool allow_bit63) {
  const uint8_t* start = pos_;
  uint64_t value = 0;
  const int max_shift = allow_bit63 ? 63 : 56;
  for (int shift = 0; shift <= max_shift; shift += 7) {
    if (pos_ == end_) {
      FailTruncated(start, static_cast<uint64_t>(pos_ - start) + 1);
      return 0;
    }
    const uint8_t b = *pos_++;
    if (shift == 63) {
      if (b > 1) break;  // a 10th byte may only carry bit 63
      return value | (static_cast<uint64_t>(b) << 63);
    }
    value |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return value;
  }
  FailAt(static_cast<uint64_t>(start - begin_),
         allow_bit63 ? "invalid ZLong (more than 64 bits)" : "invalid VLong (more than 9 bytes)");
  return 0;
}

const Status& DataInput::Fail(std::string_view what) { return FailAt(position(), what); }

const Status& DataInput::FailAt(uint64_t at, std::string_view what) {
  if (status_.ok()) status_ = Status::Corruption(Describe(at) + ": " + std::string(what));
  pos_ = end_;  // every later read fails fast and returns zero
  return status_;
}

void DataInput::FailTruncated(const uint8_t* at, uint64_t wanted) {
  FailAt(static_cast<uint64_t>(at - begin_),
         "truncated: wanted " + std::to_string(wanted) + " bytes, " +
             std::to_string(static_cast<uint64_t>(end_ - at)) + " left");
}

std::string DataInput::Describe(uint64_t at) const {
  if (decoded_what_ == nullptr) return origin_->Describe(at);
  return origin_->Describe(origin_offset_) + " (" + decoded_what_ + " +" + std::to_string(at) + ")";
}

}  // namespace shardlift::io
