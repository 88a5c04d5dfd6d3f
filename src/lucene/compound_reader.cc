#include "lucene/compound_reader.h"

#include <algorithm>

#include "lucene/file_names.h"

namespace shardlift::lucene {

Result<CompoundReader> CompoundReader::Open(io::FileSlice entries_file, io::FileSlice data,
                                            const SegmentId& id, const ReadOptions& options) {
  SL_RETURN_IF_ERROR(CheckFooter(entries_file, options.verify_checksums));
  io::DataInput in = BodyInput(entries_file);
  const int32_t version = ReadIndexHeader(
      in, {kCompoundEntriesCodec, kCompoundVersionStart, kCompoundVersionStart, &id, ""});
  const uint64_t count_at = in.position();
  const int32_t count = in.ReadVInt();
  // Each entry takes at least 1 + 8 + 8 bytes.
  if (in.ok() && (count < 0 || static_cast<uint64_t>(count) * 17 > in.remaining())) {
    in.FailAt(count_at, "impossible compound entry count " + std::to_string(count));
  }
  std::vector<Entry> entries;
  entries.reserve(in.ok() ? static_cast<size_t>(count) : 0);
  uint64_t total_length = 0;
  for (int32_t i = 0; i < count && in.ok(); ++i) {
    const uint64_t entry_at = in.position();
    Entry entry;
    entry.name = in.ReadString();
    const int64_t offset = in.ReadLong();
    const int64_t length = in.ReadLong();
    if (!in.ok()) break;
    if (offset < 0 || length < 0 || static_cast<uint64_t>(offset) > data.size() ||
        static_cast<uint64_t>(length) > data.size() - static_cast<uint64_t>(offset)) {
      in.FailAt(entry_at, "compound entry '" + entry.name + "' [" + std::to_string(offset) + ", +" +
                              std::to_string(length) + ") lies outside the " +
                              std::to_string(data.size()) + "-byte .cfs");
      break;
    }
    entry.offset = static_cast<uint64_t>(offset);
    entry.length = static_cast<uint64_t>(length);
    total_length += entry.length;
    entries.push_back(std::move(entry));
  }
  SL_RETURN_IF_ERROR(ExpectBodyEnd(in));
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.name < b.name; });
  for (size_t i = 1; i < entries.size(); ++i) {
    if (entries[i].name == entries[i - 1].name) {
      return entries_file.CorruptionAt(0, "duplicate compound entry '" + entries[i].name + "'");
    }
  }

  SL_RETURN_IF_ERROR(CheckDataFileFooter(data, options));
  io::DataInput data_in(data);
  ReadIndexHeader(data_in, {kCompoundDataCodec, version, version, &id, ""});
  SL_RETURN_IF_ERROR(data_in.status());
  const uint64_t expected =
      IndexHeaderLength(kCompoundDataCodec, "") + total_length + kFooterLength;
  if (data.size() != expected) {
    return data.CorruptionAt(0, "compound data is " + std::to_string(data.size()) +
                                    " bytes, its entries need " + std::to_string(expected));
  }
  return CompoundReader(std::move(entries_file), std::move(data), std::move(entries));
}

Result<io::FileSlice> CompoundReader::OpenFile(std::string_view file_name) const {
  const std::string_view stripped = StripSegmentName(file_name);
  const auto it = std::lower_bound(entries_.begin(), entries_.end(), stripped,
                                   [](const Entry& e, std::string_view n) { return e.name < n; });
  if (it == entries_.end() || it->name != stripped) {
    return Status::NotFound(entries_file_.Describe(0) + ": compound file has no entry for " +
                            std::string(file_name));
  }
  return data_.Sub(it->offset, it->length, file_name);
}

}  // namespace shardlift::lucene
