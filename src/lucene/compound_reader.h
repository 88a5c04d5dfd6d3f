// Lucene50 compound files: <segment>.cfe (entry table) + <segment>.cfs (concatenated sub-files),
// spec §6.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "io/file_slice.h"
#include "lucene/codec_header.h"

namespace shardlift::lucene {

inline constexpr std::string_view kCompoundEntriesCodec = "Lucene50CompoundEntries";
inline constexpr std::string_view kCompoundDataCodec = "Lucene50CompoundData";
inline constexpr int32_t kCompoundVersionStart = 0;

class CompoundReader {
 public:
  // Parses `entries` (.cfe) and checks `data` (.cfs) against it: header, footer and that its length
  // is exactly header + Σ entry lengths + footer.
  static Result<CompoundReader> Open(io::FileSlice entries, io::FileSlice data, const SegmentId& id,
                                     const ReadOptions& options);

  // The sub-file `file_name` (a full name like "_0.fdt"; the segment name is stripped for the
  // lookup). NotFound if the compound file has no such entry.
  Result<io::FileSlice> OpenFile(std::string_view file_name) const;

  // The entry names, stripped of the segment name (".fdt", "_Lucene54_0.dvd", ...), sorted.
  std::vector<std::string_view> entry_names() const {
    std::vector<std::string_view> names;
    for (const Entry& entry : entries_) names.push_back(entry.name);
    return names;
  }

  const io::FileSlice& data() const { return data_; }

 private:
  struct Entry {
    std::string name;  // stripped, e.g. ".fdt"
    uint64_t offset;
    uint64_t length;
  };
  CompoundReader(io::FileSlice entries_file, io::FileSlice data, std::vector<Entry> entries)
      : entries_file_(std::move(entries_file)),
        data_(std::move(data)),
        entries_(std::move(entries)) {}

  io::FileSlice entries_file_;
  io::FileSlice data_;
  std::vector<Entry> entries_;  // sorted by name
};

}  // namespace shardlift::lucene
