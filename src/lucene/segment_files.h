// Where a segment's files live: core files in the directory, or inside <segment>.cfs for compound
// segments; per-commit files (.si, .liv, generational .fnm and doc values) always in the directory.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "io/file_slice.h"
#include "lucene/codec_header.h"
#include "lucene/compound_reader.h"
#include "lucene/directory.h"

namespace shardlift::lucene {

class SegmentFiles {
 public:
  // For a compound segment, opens and checks its .cfe/.cfs.
  static Result<SegmentFiles> Open(std::shared_ptr<const Directory> directory, std::string segment,
                                   const SegmentId& id, bool compound, const ReadOptions& options);

  // The core file "<segment>[_<suffix>].<extension>".
  Result<io::FileSlice> Core(std::string_view suffix, std::string_view extension) const;
  // A file of the directory, e.g. "_0_1.liv".
  Result<io::FileSlice> Own(std::string_view file_name) const;

  const Directory& directory() const { return *directory_; }
  const std::string& segment() const { return segment_; }
  bool compound() const { return compound_.has_value(); }

 private:
  SegmentFiles(std::shared_ptr<const Directory> directory, std::string segment,
               std::optional<CompoundReader> compound)
      : directory_(std::move(directory)),
        segment_(std::move(segment)),
        compound_(std::move(compound)) {}

  std::shared_ptr<const Directory> directory_;
  std::string segment_;
  std::optional<CompoundReader> compound_;
};

}  // namespace shardlift::lucene
