// CodecUtil: the index header every Lucene 5/6 file starts with and the checksum footer it ends
// with (spec §1.2–1.4).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"
#include "io/data_input.h"
#include "io/file_slice.h"

namespace shardlift::lucene {

inline constexpr uint32_t kCodecMagic = 0x3FD76C17;
inline constexpr uint32_t kFooterMagic = ~kCodecMagic;
inline constexpr uint64_t kFooterLength = 16;
inline constexpr size_t kIdLength = 16;

// A segment's (or commit's) random 16-byte id.
using SegmentId = std::array<uint8_t, kIdLength>;

// Lowercase hex of an id, for messages.
std::string IdToHex(const SegmentId& id);

// Reads the plain codec header at the current position of `in` (CodecUtil.checkHeader: magic,
// codec name, int32 version; ES state files and translogs use it) and checks the name and version
// range. Returns the version; on mismatch `in` holds the error (and -1 is returned).
int32_t ReadCodecHeader(io::DataInput& in, std::string_view codec, int32_t min_version,
                        int32_t max_version);

// What an index header must contain. `id` null = not checked (segments_N's own commit id).
struct HeaderSpec {
  std::string_view codec;
  int32_t min_version;
  int32_t max_version;
  const SegmentId* id;
  std::string_view suffix;
};

// Reads the index header (a codec header followed by the id and suffix) at the current position
// of `in` and checks magic, codec name, version range, id and suffix. Returns the version; on
// mismatch `in` holds the error (and -1 is returned).
int32_t ReadIndexHeader(io::DataInput& in, const HeaderSpec& spec);

// Length of an index header for `codec` and `suffix`.
constexpr uint64_t IndexHeaderLength(std::string_view codec, std::string_view suffix) {
  return 4 + 1 + codec.size() + 4 + kIdLength + 1 + suffix.size();
}

// The codec name in the header of `file`, for dispatching between format generations
// (e.g. Lucene50SegmentInfo vs Lucene62SegmentInfo). The view points into the file.
Result<std::string_view> PeekCodecName(const io::FileSlice& file);

// Checks the 16-byte footer of `file`: magic, algorithm id 0, a checksum whose upper 32 bits are
// zero, and (when `verify_checksum`) that it equals the CRC-32 of bytes [0, size - 8).
Status CheckFooter(const io::FileSlice& file, bool verify_checksum);

// A DataInput over `file` that stops before the footer (call after CheckFooter succeeded).
io::DataInput BodyInput(const io::FileSlice& file);

// After a parser read a whole file body: OK if `in` is error-free and exactly at the end of it.
Status ExpectBodyEnd(io::DataInput& in);

// Options shared by every Lucene reader.
struct ReadOptions {
  // Salvage mode turns this off: footers are still checked for structure, CRCs are not computed.
  bool verify_checksums = true;
  // Pages of a mapped file that a reader has streamed through (the checksum at open, the
  // documents behind a stored-fields cursor) go back (io::FileSlice::Release), so that memory
  // stays bounded whatever the shard's size. The decode benchmark keeps them: it times decoding,
  // not page faults.
  bool release_read_pages = true;
};

// CheckFooter of a file the reader then reads in parts (stored fields, doc values, a compound
// file): the checksum reads it whole, and with `options.release_read_pages` those pages go back
// at once, or opening a shard would hold all of its files in memory.
Status CheckDataFileFooter(const io::FileSlice& file, const ReadOptions& options);

}  // namespace shardlift::lucene
