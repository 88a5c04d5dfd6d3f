// libFuzzer target lucene_segment_infos: segments_N.
#include <cstdlib>
#include <set>
#include <string>

#include "fuzz/lucene_fuzz_support.h"
#include "lucene/file_names.h"
#include "lucene/segment_infos.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardlift;
  const io::FileSlice file = io::FileSlice::FromBytes("segments_1", {data, data + size});
  const int64_t generation = lucene::ParseBase36(fuzz::IdentityOf(file).suffix).value_or(1);
  const auto infos = lucene::ReadSegmentInfos(file, generation, fuzz::FuzzOptions());
  if (!infos.ok()) return 0;
  // A commit that reads is one IndexWriter could have written: bounded, every segment once.
  if (infos->segments.size() > static_cast<size_t>(lucene::kMaxSegments)) std::abort();
  std::set<std::string> names;
  for (const auto& segment : infos->segments) {
    if (!names.insert(segment.name).second) std::abort();
  }
  return 0;
}
