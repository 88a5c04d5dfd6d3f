#include "lucene/numeric_doc_values.h"

#include <algorithm>

#include "codec/packed_ints.h"
#include "lucene/doc_values_format.h"

namespace shardlift::lucene {

namespace {

// DirectWriter rounds bits per value up to one of these.
bool IsDirectBitsPerValue(int32_t bits) {
  switch (bits) {
    case 1:
    case 2:
    case 4:
    case 8:
    case 12:
    case 16:
    case 20:
    case 24:
    case 28:
    case 32:
    case 40:
    case 48:
    case 56:
    case 64:
      return true;
    default:
      return false;
  }
}

// [offset, offset + length) must lie in [0, data_end).
bool InRange(int64_t offset, uint64_t length, uint64_t data_end) {
  return offset >= 0 && static_cast<uint64_t>(offset) <= data_end &&
         length <= data_end - static_cast<uint64_t>(offset);
}

// 0 ≤ begin ≤ end ≤ data_end, compared without subtracting (corrupt offsets may be anything).
bool ValidRange(int64_t begin, int64_t end, uint64_t data_end) {
  return begin >= 0 && begin <= end && static_cast<uint64_t>(end) <= data_end;
}

}  // namespace

Result<NumericDocValues> NumericDocValues::Open(const NumericEntry& entry,
                                                const io::FileSlice& data, uint64_t data_end,
                                                int32_t max_doc) {
  NumericDocValues values;
  values.format_ = entry.format;
  const auto corrupt = [&](const std::string& what) {
    return data.CorruptionAt(entry.offset >= 0 ? static_cast<uint64_t>(entry.offset) : 0,
                             "numeric doc values: " + what);
  };

  if (entry.format == kSparseCompressed) {
    if (entry.values == nullptr || entry.num_docs_with_value > static_cast<uint64_t>(max_doc) ||
        !ValidRange(entry.missing_offset, entry.offset, data_end)) {
      return corrupt("invalid sparse entry");
    }
    values.presence_ = Presence::kSparse;
    values.missing_value_ = entry.ordinal ? -1 : 0;
    values.sparse_docs_ = entry.monotonic;
    SL_RETURN_IF_ERROR(values.sparse_docs_.Bind(data, static_cast<uint64_t>(entry.missing_offset),
                                                static_cast<uint64_t>(entry.offset)));
    // The doc list must be strictly increasing within [0, max_doc) for the binary search.
    int64_t previous = -1;
    for (uint64_t i = 0; i < entry.num_docs_with_value; ++i) {
      const int64_t doc = values.sparse_docs_.Get(i);
      if (doc <= previous || doc >= max_doc) return corrupt("sparse doc list out of order");
      previous = doc;
    }
    if (entry.values->count < entry.num_docs_with_value ||
        entry.values->format == kSparseCompressed) {
      return corrupt("invalid sparse values entry");
    }
    SL_ASSIGN_OR_RETURN(
        NumericDocValues nested,
        Open(*entry.values, data, data_end, static_cast<int32_t>(entry.num_docs_with_value)));
    values.sparse_values_ = std::make_unique<NumericDocValues>(std::move(nested));
    return values;
  }

  // Dense formats: one value per doc, presence from the missing bitset.
  if (entry.count < static_cast<uint64_t>(max_doc)) {
    return corrupt("entry holds " + std::to_string(entry.count) + " values for " +
                   std::to_string(max_doc) + " docs");
  }
  if (entry.missing_offset == kAllLive) {
    values.presence_ = Presence::kAll;
  } else if (entry.missing_offset == kAllMissing) {
    values.presence_ = Presence::kNone;
  } else {
    const uint64_t bits = std::max<uint64_t>(entry.count, static_cast<uint64_t>(max_doc));
    if (!InRange(entry.missing_offset, (bits + 7) / 8, data_end)) {
      return corrupt("missing-values bitset out of range");
    }
    values.presence_ = Presence::kBitset;
    values.bitset_ =
        data.bytes().subspan(static_cast<uint64_t>(entry.missing_offset), (bits + 7) / 8);
  }
  switch (entry.format) {
    case kConstCompressed:
      values.min_ = entry.min_value;
      return values;
    case kDeltaCompressed:
    case kGcdCompressed:
    case kTableCompressed:
      break;
    default:
      return corrupt("format " + std::to_string(entry.format) + " does not hold field values");
  }
  if (!IsDirectBitsPerValue(entry.bits_per_value)) {
    return corrupt("unsupported bits per value " + std::to_string(entry.bits_per_value));
  }
  const uint64_t bytes =
      codec::PackedByteCount(static_cast<uint64_t>(max_doc), entry.bits_per_value);
  if (!ValidRange(entry.offset, entry.end_offset, data_end) ||
      bytes > static_cast<uint64_t>(entry.end_offset - entry.offset)) {
    return corrupt("packed values [" + std::to_string(entry.offset) + ", " +
                   std::to_string(entry.end_offset) + ") cannot hold " + std::to_string(max_doc) +
                   " values of " + std::to_string(entry.bits_per_value) + " bits");
  }
  values.packed_ = data.bytes().subspan(static_cast<uint64_t>(entry.offset), bytes);
  values.bits_ = entry.bits_per_value;
  values.min_ = entry.min_value;
  values.gcd_ = entry.gcd;
  if (entry.format == kTableCompressed) {
    values.table_ = entry.table;
    for (int32_t doc = 0; doc < max_doc; ++doc) {
      const uint64_t ord = codec::PackedGet(values.packed_.data(), values.packed_.size(),
                                            static_cast<uint64_t>(doc), values.bits_);
      if (ord >= values.table_.size()) {
        return corrupt("table index " + std::to_string(ord) + " of doc " + std::to_string(doc) +
                       " past the " + std::to_string(values.table_.size()) + "-entry table");
      }
    }
  }
  return values;
}

int64_t NumericDocValues::Decode(uint64_t i) const {
  switch (format_) {
    case kConstCompressed:
      return presence_ != Presence::kBitset || BitsetGet(i) ? min_ : 0;
    case kDeltaCompressed:
      return static_cast<int64_t>(static_cast<uint64_t>(min_) +
                                  codec::PackedGet(packed_.data(), packed_.size(), i, bits_));
    case kGcdCompressed:
      return static_cast<int64_t>(static_cast<uint64_t>(min_) +
                                  static_cast<uint64_t>(gcd_) *
                                      codec::PackedGet(packed_.data(), packed_.size(), i, bits_));
    default:  // kTableCompressed (indices checked at Open)
      return table_[codec::PackedGet(packed_.data(), packed_.size(), i, bits_)];
  }
}

int64_t NumericDocValues::SparseRank(int32_t doc) const {
  uint64_t low = 0;
  uint64_t high = sparse_docs_.size();
  while (low < high) {
    const uint64_t mid = low + (high - low) / 2;
    const int64_t found = sparse_docs_.Get(mid);
    if (found == doc) return static_cast<int64_t>(mid);
    if (found < doc) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return -1;
}

bool NumericDocValues::HasValue(int32_t doc) const {
  switch (presence_) {
    case Presence::kAll:
      return true;
    case Presence::kNone:
      return false;
    case Presence::kBitset:
      return BitsetGet(static_cast<uint64_t>(doc));
    case Presence::kSparse:
      return SparseRank(doc) >= 0;
  }
  return false;
}

int64_t NumericDocValues::Value(int32_t doc) const {
  if (presence_ == Presence::kSparse) {
    const int64_t rank = SparseRank(doc);
    return rank < 0 ? missing_value_ : sparse_values_->Value(static_cast<int32_t>(rank));
  }
  // CONST with ALL_MISSING reads 0 like Lucene's MatchNoBits mask.
  if (format_ == kConstCompressed && presence_ == Presence::kNone) return 0;
  return Decode(static_cast<uint64_t>(doc));
}

}  // namespace shardlift::lucene
