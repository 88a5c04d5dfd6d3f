// IsPlainJsonLine: the fast path of the JSON pass-through (json_line.h), simdjson's two stages
// on 64-byte blocks: vector compares classify the bytes (quotes, backslashes, structure,
// whitespace, control and non-ASCII bytes), a carry-less multiply turns quotes into the mask of
// string contents, and the grammar then runs over the token starts alone (some 30 per typical
// source, not 260 bytes). Strings are never walked byte by byte; numbers, escapes and (only where
// a body has non-ASCII bytes) UTF-8 are checked in place.
//
// It answers for the common body only: true means `body` is valid JSON as JsonParser reads it
// and already one line as written (no BOM, no line break or comment outside strings, so it is
// copied as it is). False says nothing: the careful scanner of json_line.cc decides, and names
// the error. x86-64 with AVX2, PCLMULQDQ and BMI1 (checked at run time); elsewhere always false.
#pragma once

#include "base/byte_view.h"

namespace shardlift::xcontent {

// Whether this CPU runs the vector kernel (IsPlainJsonLine is always false otherwise).
bool HavePlainJsonKernel();

bool IsPlainJsonLine(ByteView body);

}  // namespace shardlift::xcontent
