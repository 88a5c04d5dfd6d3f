// CompressedXContent as ES stores mappings and alias filters (common/compress @ES56): "DFL\0" +
// raw DEFLATE (no zlib header) of the XContent; anything else is the XContent itself. LZF ("ZV"),
// which only 1.x-era data holds, is reported as unsupported.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/result.h"
#include "es5/state_file.h"
#include "io/file_slice.h"

namespace shardlift::es5 {

// True if `bytes` start with the "DFL\0" marker.
bool IsDeflateCompressed(io::ByteView bytes);

// The uncompressed XContent bytes of `bytes` (a copy). `where` names the file for errors.
Result<std::string> UncompressXContent(io::ByteView bytes, const io::FileSlice& where);

// Parses XContent bytes (JSON, SMILE, YAML or CBOR, sniffed from the first bytes) into a DOM.
Result<nlohmann::ordered_json> ParseXContentBytes(io::ByteView bytes, const io::FileSlice& where);

// Parses a state file's body into a DOM, honouring the content type its header declares.
Result<nlohmann::ordered_json> ParseStateBody(const StateFile& state);

// A DOM value that may hold CompressedXContent as binary (SMILE state files), a JSON string, or
// an already parsed object/array (JSON state files): returns it as a parsed DOM.
Result<nlohmann::ordered_json> ExpandCompressedXContent(const nlohmann::ordered_json& value,
                                                        const io::FileSlice& where);

}  // namespace shardlift::es5
