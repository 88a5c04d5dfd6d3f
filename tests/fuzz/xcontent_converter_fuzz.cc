// Fuzzes the Converter front door: content-type detection, DFL inflating, every parser and the
// JSON pass-through on arbitrary bytes. Nothing may crash, hang or leak; on error the output
// string keeps its previous contents.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/xcontent_fuzz_support.h"
#include "xcontent/converter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardlift::xcontent;
  static Converter converter;
  const shardlift::ByteView body(data, size);
  std::string out = "previous";
  if (!converter.AppendJson(body, out).ok() && out != "previous") {
    fuzz::Die("failed AppendJson changed the output", out);
  }
  (void)converter.ToDom(body);
  return 0;
}
