// Lucene's file naming rules (IndexFileNames): base-36 generations, per-segment names with
// suffixes, compound-file entry names (spec §2, §6).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shardlift::lucene {

// Java's Long.toString(value, 36) for value ≥ 0: lowercase, no padding.
std::string Base36(int64_t value);

// Parses lowercase/uppercase base 36 into a non-negative int64; nullopt if empty, invalid or too
// big.
std::optional<int64_t> ParseBase36(std::string_view text);

// "<segment>[_<suffix>].<extension>", e.g. ("_0", "Lucene54_0", "dvd") → "_0_Lucene54_0.dvd".
std::string SegmentFileName(std::string_view segment, std::string_view suffix,
                            std::string_view extension);

// The generation of "segments_N" (gen N), or nullopt for any other name (including segments.gen
// and pending_segments_N).
std::optional<int64_t> CommitGeneration(std::string_view file_name);

// The compound-file entry name of `file_name`: the segment name stripped off the front
// ("_0_Lucene54_0.dvd" → "_Lucene54_0.dvd", "_0.fdt" → ".fdt").
std::string_view StripSegmentName(std::string_view file_name);

}  // namespace shardlift::lucene
