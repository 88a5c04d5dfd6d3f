// Base64 as Jackson writes byte[] into JSON (Base64Variants.MIME_NO_LINEFEEDS: the standard
// alphabet, '=' padding, no line breaks).
#pragma once

#include <string>

#include "base/byte_view.h"

namespace shardlift::xcontent {

void AppendBase64(ByteView bytes, std::string& out);

}  // namespace shardlift::xcontent
