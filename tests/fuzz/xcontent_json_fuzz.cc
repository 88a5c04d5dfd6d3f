// Fuzzes the JSON parser and the one-line pass-through: whatever the parser accepts prints (via
// the writer) as valid JSON with the same values, and AppendJsonLine turns it into one line that
// parses to exactly the same events.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/xcontent_fuzz_support.h"
#include "xcontent/json_line.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardlift::xcontent;
  static JsonParser parser;
  const shardlift::ByteView body(data, size);
  fuzz::CheckAccepted([&](Handler& handler) { return parser.Parse(body, handler); });

  fuzz::ValueRecorder original;
  if (!parser.Parse(body, original).ok()) return 0;
  std::string line;
  if (!AppendJsonLine(body, line).ok()) fuzz::Die("valid JSON fails AppendJsonLine", "");
  if (line.find_first_of("\r\n") != std::string::npos) fuzz::Die("line break kept", line);
  fuzz::ValueRecorder reread;
  JsonParser reparser;
  if (!reparser
           .Parse(shardlift::ByteView(reinterpret_cast<const uint8_t*>(line.data()), line.size()),
                  reread)
           .ok() ||
      reread.values != original.values) {
    fuzz::Die("one-line JSON differs from the body", line);
  }
  return 0;
}
