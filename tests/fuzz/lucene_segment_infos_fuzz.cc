// libFuzzer target lucene_segment_infos: segments_N.
#include "fuzz/lucene_fuzz_support.h"
#include "lucene/file_names.h"
#include "lucene/segment_infos.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardlift;
  const io::FileSlice file = io::FileSlice::FromBytes("segments_1", {data, data + size});
  const int64_t generation = lucene::ParseBase36(fuzz::IdentityOf(file).suffix).value_or(1);
  (void)lucene::ReadSegmentInfos(file, generation, fuzz::FuzzOptions());
  return 0;
}
