#include "lucene/doc_values_producer.h"

#include "lucene/doc_values_format.h"

namespace shardlift::lucene {

namespace {

// Reads one NumericEntry of the Lucene54 (or, when !lucene54, Lucene50) format.
NumericEntry ReadNumericEntry(io::DataInput& in, bool lucene54, int32_t field_number,
                              int32_t max_doc, int depth) {
  NumericEntry entry;
  const uint64_t entry_at = in.position();
  entry.format = in.ReadVInt();
  entry.missing_offset = in.ReadLong();
  if (lucene54 && entry.format == kSparseCompressed) {
    entry.num_docs_with_value = static_cast<uint64_t>(in.ReadVLong());
    const int32_t block_shift = in.ReadVInt();
    if (in.ok()) {
      entry.monotonic = MonotonicValues::ReadDirectMeta(in, entry.num_docs_with_value, block_shift);
    }
  }
  entry.offset = in.ReadLong();
  entry.count = static_cast<uint64_t>(in.ReadVLong());
  if (!in.ok()) return entry;
  switch (entry.format) {
    case kConstCompressed:
      entry.min_value = in.ReadLong();
      if (entry.count > INT32_MAX) in.FailAt(entry_at, "illegal CONST_COMPRESSED count");
      break;
    case kGcdCompressed:
      entry.min_value = in.ReadLong();
      entry.gcd = in.ReadLong();
      entry.bits_per_value = in.ReadVInt();
      break;
    case kTableCompressed: {
      const int32_t size = in.ReadVInt();
      if (size < 0 || size > kMaxTableSize) {
        in.FailAt(entry_at, "TABLE_COMPRESSED with " + std::to_string(size) + " values");
        break;
      }
      entry.table.resize(static_cast<size_t>(size));
      for (int64_t& value : entry.table) value = in.ReadLong();
      entry.bits_per_value = in.ReadVInt();
      break;
    }
    case kDeltaCompressed:
      entry.min_value = in.ReadLong();
      entry.bits_per_value = in.ReadVInt();
      break;
    case kMonotonicCompressed:
      if (lucene54) {
        const int32_t block_shift = in.ReadVInt();
        if (in.ok()) {
          entry.monotonic =
              MonotonicValues::ReadDirectMeta(in, static_cast<uint64_t>(max_doc) + 1, block_shift);
        }
      } else {
        entry.packed_ints_version = in.ReadVInt();
        entry.block_size = in.ReadVInt();
      }
      break;
    case kSparseCompressed: {
      if (!lucene54) {
        in.FailAt(entry_at, "unknown numeric format " + std::to_string(entry.format));
        break;
      }
      const uint8_t number_type = in.ReadByte();
      if (number_type > 1) {
        in.FailAt(entry_at, "sparse number type " + std::to_string(number_type));
        break;
      }
      entry.ordinal = number_type == 1;
      const int32_t nested_field = in.ReadVInt();
      const uint8_t nested_type = in.ReadByte();
      if (in.ok() && (nested_field != field_number || nested_type != kDvNumeric || depth > 0)) {
        in.FailAt(entry_at, "invalid sparse values entry");
        break;
      }
      entry.values = std::make_unique<NumericEntry>(
          ReadNumericEntry(in, lucene54, field_number, max_doc, depth + 1));
      break;
    }
    default:
      in.FailAt(entry_at, "unknown numeric format " + std::to_string(entry.format));
      break;
  }
  entry.end_offset = in.ReadLong();
  return entry;
}

BinaryEntry ReadBinaryEntry(io::DataInput& in, bool lucene54) {
  BinaryEntry entry;
  const uint64_t entry_at = in.position();
  entry.format = in.ReadVInt();
  entry.missing_offset = in.ReadLong();
  entry.min_length = in.ReadVInt();
  entry.max_length = in.ReadVInt();
  entry.count = static_cast<uint64_t>(in.ReadVLong());
  entry.offset = in.ReadLong();
  switch (entry.format) {
    case kBinaryFixedUncompressed:
      break;
    case kBinaryPrefixCompressed:
      entry.addresses_offset = in.ReadLong();
      entry.packed_ints_version = in.ReadVInt();
      entry.block_size = in.ReadVInt();
      entry.reverse_index_offset = in.ReadLong();
      break;
    case kBinaryVariableUncompressed:
      entry.addresses_offset = in.ReadLong();
      if (lucene54) {
        const int32_t block_shift = in.ReadVInt();
        if (in.ok())
          entry.addresses = MonotonicValues::ReadDirectMeta(in, entry.count + 1, block_shift);
        entry.addresses_end_offset = in.ReadLong();
      } else {
        entry.addresses_inline = true;
        entry.packed_ints_version = in.ReadVInt();
        entry.block_size = in.ReadVInt();
      }
      break;
    default:
      if (in.ok()) in.FailAt(entry_at, "unknown binary format " + std::to_string(entry.format));
      break;
  }
  return entry;
}

// SortedSet/SortedNumeric header: the format, and for SORTED_SET_TABLE the value-set table.
int32_t ReadSortedSetFormat(io::DataInput& in) {
  const uint64_t at = in.position();
  const int32_t format = in.ReadVInt();
  if (format == kSortedSetTable) {
    const int32_t total = in.ReadInt();
    if (total < 0 || total > kMaxTableSize) {
      in.FailAt(at, "SORTED_SET_TABLE with " + std::to_string(total) + " values");
      return format;
    }
    for (int32_t i = 0; i < total; ++i) in.ReadLong();
    const int32_t sets = in.ReadInt();
    if (sets < 0 || sets > total + 1) {
      in.FailAt(at, "SORTED_SET_TABLE with " + std::to_string(sets) + " sets");
      return format;
    }
    for (int32_t i = 0; i < sets; ++i) in.ReadInt();
  } else if (format != kSortedSingleValued && format != kSortedWithAddresses && in.ok()) {
    in.FailAt(at, "unknown sorted set format " + std::to_string(format));
  }
  return format;
}

// Composite entries repeat (field number, type) before each part.
bool ExpectPart(io::DataInput& in, int32_t field_number, uint8_t type, std::string_view name) {
  const uint64_t at = in.position();
  const int32_t number = in.ReadVInt();
  const uint8_t found = in.ReadByte();
  if (in.ok() && (number != field_number || found != type)) {
    in.FailAt(at, "corrupt entry for field '" + std::string(name) + "': part (" +
                      std::to_string(number) + ", " + std::to_string(found) + ") where (" +
                      std::to_string(field_number) + ", " + std::to_string(type) +
                      ") was expected");
  }
  return in.ok();
}

}  // namespace

Status DocValuesProducer::ReadEntries(io::DataInput& in, bool lucene54, const FieldInfos& infos) {
  for (;;) {
    const uint64_t field_at = in.position();
    const int32_t number = in.ReadVInt();
    if (!in.ok() || number == -1) break;
    const FieldInfo* info = infos.ByNumber(number);
    if (info == nullptr) {
      in.FailAt(field_at, "doc values entry for unknown field number " + std::to_string(number));
      break;
    }
    const uint8_t type = in.ReadByte();
    const auto numeric = [&] { return ReadNumericEntry(in, lucene54, number, max_doc_, 0); };
    const auto sorted = [&] {
      if (ExpectPart(in, number, kDvBinary, info->name)) {
        binaries_.insert_or_assign(number, ReadBinaryEntry(in, lucene54));
      }
      if (ExpectPart(in, number, kDvNumeric, info->name)) ords_.insert_or_assign(number, numeric());
    };
    switch (type) {
      case kDvNumeric:
        numerics_.insert_or_assign(number, numeric());
        break;
      case kDvBinary:
        binaries_.insert_or_assign(number, ReadBinaryEntry(in, lucene54));
        break;
      case kDvSorted:
        sorted();
        break;
      case kDvSortedSet: {
        const int32_t format = ReadSortedSetFormat(in);
        if (!in.ok()) break;
        if (format == kSortedSingleValued) {
          if (ExpectPart(in, number, kDvSorted, info->name)) sorted();
        } else {  // terms, ordinals, and (with addresses) the per-doc index into them
          if (ExpectPart(in, number, kDvBinary, info->name)) ReadBinaryEntry(in, lucene54);
          if (ExpectPart(in, number, kDvNumeric, info->name)) numeric();
          if (format == kSortedWithAddresses && ExpectPart(in, number, kDvNumeric, info->name)) {
            numeric();
          }
        }
        break;
      }
      case kDvSortedNumeric: {
        const int32_t format = ReadSortedSetFormat(in);
        if (!in.ok()) break;
        if (ExpectPart(in, number, kDvNumeric, info->name)) numeric();
        if (format == kSortedWithAddresses && ExpectPart(in, number, kDvNumeric, info->name)) {
          numeric();
        }
        break;
      }
      default:
        in.FailAt(field_at, "invalid doc values type " + std::to_string(type));
        break;
    }
  }
  return ExpectBodyEnd(in);
}

Result<std::unique_ptr<DocValuesProducer>> DocValuesProducer::Open(
    io::FileSlice meta, io::FileSlice data, const SegmentId& id, std::string_view suffix,
    const FieldInfos& infos, int32_t max_doc, const ReadOptions& options) {
  SL_RETURN_IF_ERROR(CheckFooter(meta, options.verify_checksums));
  SL_ASSIGN_OR_RETURN(const std::string_view codec, PeekCodecName(meta));
  const bool lucene54 = codec == kLucene54DocValuesMetaCodec;
  if (!lucene54 && codec != kLucene50DocValuesMetaCodec) {
    return meta.CorruptionAt(4, "unknown doc values codec '" + std::string(codec) + "'");
  }
  std::unique_ptr<DocValuesProducer> producer(
      new DocValuesProducer(std::move(meta), std::move(data), max_doc));
  io::DataInput in = BodyInput(producer->meta_);
  const int32_t version =
      lucene54 ? ReadIndexHeader(in, {kLucene54DocValuesMetaCodec, kLucene54DocValuesVersionStart,
                                      kLucene54DocValuesVersionStart, &id, suffix})
               : ReadIndexHeader(in, {kLucene50DocValuesMetaCodec, kLucene50DocValuesVersionStart,
                                      kLucene50DocValuesVersionSortedSetTable, &id, suffix});
  SL_RETURN_IF_ERROR(producer->ReadEntries(in, lucene54, infos));

  SL_RETURN_IF_ERROR(CheckDataFileFooter(producer->data_, options));
  io::DataInput data_in(producer->data_);
  ReadIndexHeader(data_in, {lucene54 ? kLucene54DocValuesDataCodec : kLucene50DocValuesDataCodec,
                            version, version, &id, suffix});
  SL_RETURN_IF_ERROR(data_in.status());
  return producer;
}

Result<NumericDocValues> DocValuesProducer::Numeric(const FieldInfo& field) const {
  const auto it = numerics_.find(field.number);
  if (it == numerics_.end()) {
    return meta_.CorruptionAt(0, "no numeric doc values entry for field '" + field.name + "'");
  }
  return NumericDocValues::Open(it->second, data_, data_.size() - kFooterLength, max_doc_);
}

Result<SortedDocValues> DocValuesProducer::Sorted(const FieldInfo& field) const {
  const auto ords = ords_.find(field.number);
  const auto terms = binaries_.find(field.number);
  if (ords == ords_.end() || terms == binaries_.end()) {
    return meta_.CorruptionAt(0, "no sorted doc values entry for field '" + field.name + "'");
  }
  return SortedDocValues::Open(ords->second, terms->second, data_, data_.size() - kFooterLength,
                               max_doc_);
}

}  // namespace shardlift::lucene
