// libFuzzer target: an ES state file (framing, CRC, XContent body) into the metadata model.
// The first byte picks whether the input is a whole file or a header+body that gets a valid
// footer appended, so the fuzzer also reaches the SMILE and metadata layers past the CRC.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "es5/compressed_xcontent.h"
#include "es5/metadata.h"
#include "es5/state_file.h"
#include "fuzz/lucene_fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardlift;
  if (size == 0) return 0;
  std::vector<uint8_t> bytes(data + 1, data + size);
  if (data[0] & 1) fuzz::AppendCodecFooter(bytes);
  const io::FileSlice file = io::FileSlice::FromBytes("state-1.st", std::move(bytes));
  Result<es5::StateFile> state =
      (data[0] & 2) ? es5::ParseLegacyStateFile(file) : es5::ParseStateFile(file);
  if (!state.ok()) return 0;
  Result<nlohmann::ordered_json> dom = es5::ParseStateBody(*state);
  if (!dom.ok()) return 0;
  (void)es5::ParseIndexMetadata(*dom, state->body);
  (void)es5::ParseGlobalMetadata(*dom, state->body);
  (void)es5::ParseShardState(*dom, state->body);
  (void)es5::ParseNodeMetadata(*dom, state->body);
  return 0;
}
