// libFuzzer target lucene_compound: compound files. Input: .cfe (length-prefixed), then the .cfs.
#include "fuzz/lucene_fuzz_support.h"
#include "lucene/compound_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardlift;
  fuzz::FuzzInput in(data, size);
  io::FileSlice entries = io::FileSlice::FromBytes("_0.cfe", in.Bytes());
  io::FileSlice compound = io::FileSlice::FromBytes("_0.cfs", in.Rest());
  const lucene::SegmentId id = fuzz::IdentityOf(entries).id;
  Result<lucene::CompoundReader> reader = lucene::CompoundReader::Open(
      std::move(entries), std::move(compound), id, fuzz::FuzzOptions());
  if (!reader.ok()) return 0;
  for (std::string_view name : reader->entry_names()) {
    Result<io::FileSlice> file = reader->OpenFile("_0" + std::string(name));
    if (file.ok()) (void)lucene::CheckFooter(*file, /*verify_checksum=*/true);
  }
  return 0;
}
