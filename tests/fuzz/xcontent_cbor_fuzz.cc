// Fuzzes the Cbor parser: no crash, hang or leak on any input, and whatever it accepts prints as
// one line of valid JSON with the same values (xcontent_fuzz_support.h).
#include <cstddef>
#include <cstdint>

#include "fuzz/xcontent_fuzz_support.h"
#include "xcontent/cbor_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static shardlift::xcontent::CborParser parser;  // reused, as the converter reuses it
  const shardlift::ByteView body(data, size);
  shardlift::xcontent::fuzz::CheckAccepted(
      [&](shardlift::xcontent::Handler& handler) { return parser.Parse(body, handler); });
  return 0;
}
