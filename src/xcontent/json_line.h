// JSON bodies pass through to NDJSON unchanged except for what cannot stay on one line:
// line breaks (CR, LF) between tokens are dropped, comments become a single space, a leading
// UTF-8 BOM goes, and a raw CR/LF inside a string (which Jackson would have rejected) is written
// as its escape. A body with no CR, LF or '/' and no BOM is copied as is (memchr speed).
// The body is not otherwise validated: Elasticsearch parsed it when it was indexed.
#pragma once

#include <string>

#include "base/status.h"
#include "xcontent/handler.h"

namespace shardlift::xcontent {

// Appends `body` as one line to `out`. Fails only on an unterminated string or comment.
Status AppendJsonLine(ByteView body, std::string& out);

}  // namespace shardlift::xcontent
