// Fuzzes the JSON parser and the validating one-line pass-through: whatever the parser accepts
// prints (via the writer) as valid JSON with the same values; AppendJsonLine and its careful
// scanner alone accept exactly what the parser accepts, and turn it into one line that parses to
// exactly the same events; the vector kernel says "plain" only for a valid body that is already
// one line, and (where it runs) for every such body.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/xcontent_fuzz_support.h"
#include "xcontent/json_line.h"
#include "xcontent/plain_json.h"

namespace {

using namespace shardlift::xcontent;

// The line `append` makes of `body`, checked against the parser's verdict and values.
std::string CheckLine(shardlift::Status (*append)(shardlift::ByteView, std::string&),
                      shardlift::ByteView body, bool parsed, const fuzz::ValueRecorder& original,
                      const char* path) {
  std::string line = "kept";
  const bool passed = append(body, line).ok();
  if (passed != parsed) {
    fuzz::Die(parsed ? "valid JSON refused" : "invalid JSON passed", path);
  }
  if (!passed) {
    if (line != "kept") fuzz::Die("a refused body changed the output", path);
    return {};
  }
  line.erase(0, 4);
  if (line.find_first_of("\r\n") != std::string::npos) fuzz::Die("line break kept", line);
  fuzz::ValueRecorder reread;
  JsonParser reparser;
  const shardlift::ByteView written(reinterpret_cast<const uint8_t*>(line.data()), line.size());
  if (!reparser.Parse(written, reread).ok() || reread.values != original.values) {
    fuzz::Die("one-line JSON differs from the body", line);
  }
  return line;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static JsonParser parser;
  const shardlift::ByteView body(data, size);
  fuzz::CheckAccepted([&](Handler& handler) { return parser.Parse(body, handler); });

  fuzz::ValueRecorder original;
  const bool parsed = parser.Parse(body, original).ok();
  const std::string line = CheckLine(AppendJsonLine, body, parsed, original, "AppendJsonLine");
  const std::string careful =
      CheckLine(AppendJsonLineCarefully, body, parsed, original, "AppendJsonLineCarefully");
  if (line != careful) fuzz::Die("the kernel path and the careful path differ", line);
  const bool plain =
      parsed && careful.size() == size &&
      std::equal(careful.begin(), careful.end(), reinterpret_cast<const char*>(data));
  if (IsPlainJsonLine(body) && !plain) fuzz::Die("kernel passes a body that is not plain", careful);
  if (HavePlainJsonKernel() && plain && !IsPlainJsonLine(body)) {
    fuzz::Die("kernel refuses a plain body", careful);
  }
  return 0;
}
