// JSON bodies pass through to NDJSON as written, validated: a body is accepted exactly when
// JsonParser accepts it (Jackson's grammar with ALLOW_COMMENTS, a leading BOM, well-formed UTF-8
// in strings, nothing but whitespace and comments after the root value), so every line written
// is valid JSON, whatever the bytes on disk. What cannot stay on one line goes: line breaks
// between tokens are dropped, a comment becomes a single space, a leading UTF-8 BOM is dropped.
//
// Elasticsearch parsed every body it stored, so a body this refuses is damage or a forgery (a
// truncated body, raw control characters, `{"a":1},"_index":"x"` smuggling keys into the line),
// never data to pass on. No DOM, no call per token: a body that is already one line is checked
// by the vector kernel (plain_json.h) and appended with one copy; any other body, and any the
// kernel is unsure of, goes through the careful scanner here, which cuts what must go and names
// the offset of an error.
#pragma once

#include <string>

#include "base/status.h"
#include "xcontent/handler.h"

namespace shardlift::xcontent {

// Appends `body` as one line to `out`; on error (naming the JSON offset) `out` is unchanged.
Status AppendJsonLine(ByteView body, std::string& out);

// The same through the careful scanner alone, whatever the body (what runs where the vector
// kernel does not): for tests that hold both paths to the same answers.
Status AppendJsonLineCarefully(ByteView body, std::string& out);

}  // namespace shardlift::xcontent
