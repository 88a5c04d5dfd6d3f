#include "lucene/sorted_doc_values.h"

#include <algorithm>

#include "lucene/doc_values_format.h"

namespace shardlift::lucene {

namespace {

constexpr size_t kBlockHeaderBytes = kTermsIntervalCount - 1;  // one-byte suffix lengths
constexpr uint8_t kTwoByteLengthsMarker = 0xFF;

}  // namespace

Result<BinaryValues> BinaryValues::Open(const BinaryEntry& entry, const io::FileSlice& data,
                                        uint64_t data_end) {
  BinaryValues values;
  values.data_ = &data;
  values.format_ = entry.format;
  values.count_ = entry.count;
  const auto corrupt = [&](const std::string& what) {
    return data.CorruptionAt(entry.offset >= 0 ? static_cast<uint64_t>(entry.offset) : 0,
                             "binary doc values: " + what);
  };
  // An empty terms dictionary (e.g. every value of a merged SORTED field deleted) keeps the
  // writer's starting lengths, Integer.MAX_VALUE and MIN_VALUE: lengths only matter with values.
  if (entry.offset < 0 || static_cast<uint64_t>(entry.offset) > data_end ||
      (entry.count > 0 && (entry.min_length < 0 || entry.max_length < entry.min_length))) {
    return corrupt("invalid entry");
  }
  values.values_begin_ = static_cast<uint64_t>(entry.offset);
  switch (entry.format) {
    case kBinaryFixedUncompressed: {
      const uint64_t length = static_cast<uint64_t>(entry.max_length);
      if (length > 0 && entry.count > (data_end - values.values_begin_) / length) {
        return corrupt(std::to_string(entry.count) + " values of " + std::to_string(length) +
                       " bytes run past the end of the file");
      }
      values.fixed_length_ = entry.max_length;
      values.values_end_ = values.values_begin_ + entry.count * length;
      return values;
    }
    case kBinaryVariableUncompressed:
    case kBinaryPrefixCompressed:
      break;
    default:
      return corrupt("unknown format " + std::to_string(entry.format));
  }
  if (entry.addresses_offset < entry.offset ||
      static_cast<uint64_t>(entry.addresses_offset) > data_end) {
    return corrupt("addresses offset " + std::to_string(entry.addresses_offset) + " out of range");
  }
  values.values_end_ = static_cast<uint64_t>(entry.addresses_offset);
  const bool variable = entry.format == kBinaryVariableUncompressed;
  const uint64_t num_addresses =
      variable ? entry.count + 1 : (entry.count + kTermsIntervalMask) >> kTermsIntervalShift;
  if (variable && !entry.addresses_inline) {
    if (entry.addresses_end_offset < entry.addresses_offset ||
        static_cast<uint64_t>(entry.addresses_end_offset) > data_end ||
        entry.addresses.size() != num_addresses) {
      return corrupt("invalid address range");
    }
    values.addresses_ = entry.addresses;
    SL_RETURN_IF_ERROR(values.addresses_.Bind(data, static_cast<uint64_t>(entry.addresses_offset),
                                              static_cast<uint64_t>(entry.addresses_end_offset)));
  } else {
    io::DataInput in(data);
    in.SetLimit(data_end);
    in.Seek(static_cast<uint64_t>(entry.addresses_offset));
    values.addresses_ = MonotonicValues::ReadBlockPacked(in, entry.packed_ints_version,
                                                         entry.block_size, num_addresses);
    SL_RETURN_IF_ERROR(in.status());
  }
  return values;
}

Result<ByteView> BinaryValues::Get(uint64_t index) {
  if (index >= count_) {
    return data_->CorruptionAt(values_begin_, "binary value " + std::to_string(index) +
                                                  " requested, only " + std::to_string(count_) +
                                                  " exist");
  }
  const uint64_t size = values_end_ - values_begin_;
  switch (format_) {
    case kBinaryFixedUncompressed: {
      const uint64_t length = static_cast<uint64_t>(fixed_length_);
      return data_->bytes().subspan(values_begin_ + index * length, length);
    }
    case kBinaryVariableUncompressed: {
      const int64_t start = addresses_.Get(index);
      const int64_t end = addresses_.Get(index + 1);
      if (start < 0 || end < start || static_cast<uint64_t>(end) > size) {
        return data_->CorruptionAt(values_begin_,
                                   "binary value " + std::to_string(index) + " has bounds [" +
                                       std::to_string(start) + ", " + std::to_string(end) +
                                       ") outside its " + std::to_string(size) + " bytes");
      }
      return data_->bytes().subspan(values_begin_ + static_cast<uint64_t>(start),
                                    static_cast<uint64_t>(end - start));
    }
    default:
      return GetPrefixCompressed(index);
  }
}

// A block: VInt length + first term, 15 suffix-length bytes (or 0xFF + 15 big-endian shorts),
// then for each further term a shared-prefix byte and its suffix. Prefixes are shared with the
// block's first term.
Result<ByteView> BinaryValues::GetPrefixCompressed(uint64_t index) {
  const uint64_t block = index >> kTermsIntervalShift;
  const auto position = static_cast<size_t>(index & kTermsIntervalMask);
  io::DataInput in(*data_);
  in.SetLimit(values_end_);
  const int64_t block_at = addresses_.Get(block);
  if (block_at < 0 || static_cast<uint64_t>(block_at) > values_end_ - values_begin_) {
    return data_->CorruptionAt(values_begin_, "terms block " + std::to_string(block) + " address " +
                                                  std::to_string(block_at) + " out of range");
  }
  in.Seek(values_begin_ + static_cast<uint64_t>(block_at));
  const uint64_t first_at = in.position();
  const int32_t first_length = in.ReadVInt();
  if (first_length < 0) in.FailAt(first_at, "negative term length");
  const ByteView first = in.ReadBytes(static_cast<uint64_t>(first_length));
  const ByteView lengths = in.ReadBytes(kBlockHeaderBytes);
  if (!in.ok()) return in.status();
  // offsets[i]: start of term i's record relative to the end of the block header.
  uint32_t offsets[kTermsIntervalCount] = {0};
  if (lengths[0] == kTwoByteLengthsMarker) {
    const ByteView rest = in.ReadBytes(kTermsIntervalCount);
    if (!in.ok()) return in.status();
    // Bytes 1..30 of the 31-byte header hold 15 big-endian shorts (Java sign-extends the high
    // byte).
    uint8_t header[2 * kTermsIntervalCount - 1];
    std::copy(lengths.begin(), lengths.end(), header);
    std::copy(rest.begin(), rest.end(), header + kBlockHeaderBytes);
    int64_t address = 0;
    for (size_t i = 1; i < kTermsIntervalCount; ++i) {
      const size_t x = i << 1;
      address += 2 + ((static_cast<int8_t>(header[x - 1]) * 256) | header[x]);
      offsets[i] = static_cast<uint32_t>(address);
    }
  } else {
    uint32_t address = 0;
    for (size_t i = 1; i < kTermsIntervalCount; ++i) {
      address += 2 + lengths[i - 1];
      offsets[i] = address;
    }
  }
  if (position == 0) return first;
  const uint64_t block_start = in.position();
  in.Seek(block_start + offsets[position - 1]);
  const uint64_t prefix_at = in.position();
  const uint8_t prefix = in.ReadByte();
  const int64_t suffix =
      static_cast<int64_t>(offsets[position]) - static_cast<int64_t>(offsets[position - 1]) - 1;
  if (in.ok() && (prefix > first.size() || suffix < 0)) {
    in.FailAt(prefix_at, "term shares " + std::to_string(prefix) + " bytes with a " +
                             std::to_string(first.size()) + "-byte first term");
  }
  const ByteView tail = in.ReadBytes(static_cast<uint64_t>(suffix));
  if (!in.ok()) return in.status();
  scratch_.assign(first.begin(), first.begin() + prefix);
  scratch_.insert(scratch_.end(), tail.begin(), tail.end());
  return ByteView(scratch_.data(), scratch_.size());
}

Result<SortedDocValues> SortedDocValues::Open(const NumericEntry& ords, const BinaryEntry& terms,
                                              const io::FileSlice& data, uint64_t data_end,
                                              int32_t max_doc) {
  SL_ASSIGN_OR_RETURN(NumericDocValues ord_values,
                      NumericDocValues::Open(ords, data, data_end, max_doc));
  SL_ASSIGN_OR_RETURN(BinaryValues term_values, BinaryValues::Open(terms, data, data_end));
  return SortedDocValues(std::move(ord_values), std::move(term_values));
}

Result<ByteView> SortedDocValues::LookupOrd(int64_t ord) {
  if (ord < 0) return ByteView();
  return terms_.Get(static_cast<uint64_t>(ord));
}

Result<std::optional<ByteView>> SortedDocValues::Get(int32_t doc) {
  const int64_t ord = Ord(doc);
  if (ord < 0) return std::optional<ByteView>();
  SL_ASSIGN_OR_RETURN(const ByteView term, LookupOrd(ord));
  return std::optional<ByteView>(term);
}

}  // namespace shardlift::lucene
