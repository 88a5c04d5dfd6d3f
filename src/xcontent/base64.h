// Base64 as Jackson writes byte[] into JSON (Base64Variants.MIME_NO_LINEFEEDS: the standard
// alphabet, '=' padding, no line breaks).
#pragma once

#include <string>

#include "io/mapped_file.h"

namespace shardlift::xcontent {

void AppendBase64(io::ByteView bytes, std::string& out);

}  // namespace shardlift::xcontent
