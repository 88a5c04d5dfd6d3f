// XContent that ES keeps inside its state files: state bodies, and mappings / alias filters
// stored as CompressedXContent ("DFL\0" + raw DEFLATE, or the bare XContent), parsed into DOMs
// through xcontent::Converter (which also refuses 1.x-era LZF with a clear message).
#pragma once

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "es5/state_file.h"
#include "io/file_slice.h"

namespace shardlift::es5 {

// Parses a state file's body into a DOM. The content type its header declares must be the one
// the body holds.
Result<nlohmann::ordered_json> ParseStateBody(const StateFile& state);

// A DOM value that may hold CompressedXContent as binary (SMILE state files), XContent text, or
// an already parsed object/array (JSON state files): returns it as a parsed DOM. `where` (the
// state body) names the file in errors.
Result<nlohmann::ordered_json> ExpandCompressedXContent(const nlohmann::ordered_json& value,
                                                        const io::FileSlice& where);

}  // namespace shardlift::es5
