// Elasticsearch StreamInput primitives (common/io/stream/StreamInput) over a bounds-checked
// io::DataInput: the encodings the translog uses on top of Lucene-style VInts and big-endian ints.
#pragma once

#include <string>

#include "io/data_input.h"

namespace shardlift::es5 {

// An ES string: VInt count of UTF-16 code units, each unit in 1–3 bytes (modified-UTF-8 style, so
// astral characters arrive as two separately encoded surrogates). Appends proper UTF-8 to `out`
// after clearing it: surrogate pairs are joined into 4-byte sequences and a lone surrogate
// becomes U+FFFD, exactly what Lucene stores for the same Java string. Errors go to `in`.
void ReadEsString(io::DataInput& in, std::string* out);

// An optional string: a presence byte (0/1) and then the string. Returns whether it was present
// (`out` is cleared when not).
bool ReadOptionalEsString(io::DataInput& in, std::string* out);

// A BytesReference: VInt length and the bytes, as a view into `in`'s buffer.
ByteView ReadEsBytes(io::DataInput& in);

}  // namespace shardlift::es5
