// libFuzzer target lucene_segment_info: <segment>.si (Lucene50SegmentInfo and Lucene62SegmentInfo).
#include "fuzz/lucene_fuzz_support.h"
#include "lucene/segment_info.h"
#include "lucene/stored_fields_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardlift;
  const io::FileSlice file = io::FileSlice::FromBytes("_0.si", {data, data + size});
  Result<lucene::SegmentInfo> info =
      lucene::ReadSegmentInfo(file, fuzz::IdentityOf(file).id, fuzz::FuzzOptions());
  if (info.ok()) (void)lucene::StoredFieldsModeOf(*info, file);
  return 0;
}
