// The plain Lucene CodecUtil header (magic, codec name, version; no segment id) that ES puts at
// the start of its own files: state files, translog checkpoints and translog headers.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/status.h"
#include "io/data_input.h"
#include "io/file_slice.h"

namespace shardlift::es5 {

inline constexpr uint32_t kCodecMagic = 0x3FD76C17;
inline constexpr uint64_t kFooterLength = 16;  // magic, algorithm id, int64 CRC-32

// Reads magic + codec name + int32 version from `in`; fails unless the name is `codec` and the
// version lies in [min_version, max_version]. Returns the version through `version` if given.
Status CheckCodecHeader(io::DataInput& in, std::string_view codec, int32_t min_version,
                        int32_t max_version, int32_t* version = nullptr);

// The footer is Lucene's: lucene::CheckFooter(file, /*verify_checksum=*/true).

}  // namespace shardlift::es5
