// Which XContent a body holds and whether it is compressed, decided from its first bytes exactly
// as Elasticsearch 5.6 does (CompressorFactory.compressor + XContentFactory.xContentType).
#pragma once

#include <string_view>

#include "base/result.h"
#include "xcontent/handler.h"

namespace shardlift::xcontent {

// Ordinals match ES's XContentType (the int at offset 14 of a state file).
enum class XContentType : int { kJson = 0, kSmile = 1, kYaml = 2, kCbor = 3 };

std::string_view ToString(XContentType type);

// The 4-byte header of ES's DeflateCompressor: "DFL\0", then raw DEFLATE.
inline constexpr std::string_view kDeflateHeader{"DFL\0", 4};

bool IsDeflateCompressed(ByteView body);

// 1.x-era LZF ("ZV" + chunk type 0 or 1), which ES 5 refuses to read.
bool IsLzfCompressed(ByteView body);

// The content type of an uncompressed body:
//   '{'                                     JSON
//   ':' ')' '\n'                            SMILE
//   '-' '-' '-'                             YAML
//   0xBF, D9 D9 F7, or major type 5 (0xA0-0xBF)   CBOR
//   optional UTF-8 BOM, whitespace, then '{'      JSON
// Anything else is a corruption error that shows the first bytes in hex.
Result<XContentType> DetectXContentType(ByteView body);

}  // namespace shardlift::xcontent
