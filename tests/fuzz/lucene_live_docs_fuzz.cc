// libFuzzer target lucene_live_docs: .liv. Input: maxDoc, delCount, then the file.
#include "fuzz/lucene_fuzz_support.h"
#include "lucene/file_names.h"
#include "lucene/live_docs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardlift;
  fuzz::FuzzInput in(data, size);
  // Bounded so each input stays cheap; fixture segments are smaller.
  const auto max_doc = static_cast<int32_t>(in.U32() % (1 << 16));
  const auto del_count = static_cast<int32_t>(in.U32() % (1 << 16));
  const io::FileSlice file = io::FileSlice::FromBytes("_0_1.liv", in.Rest());
  const fuzz::HeaderIdentity identity = fuzz::IdentityOf(file);
  const int64_t del_gen = lucene::ParseBase36(identity.suffix).value_or(1);
  Result<lucene::LiveDocs> live =
      lucene::LiveDocs::Read(file, identity.id, del_gen, max_doc, del_count, fuzz::FuzzOptions());
  if (!live.ok()) return 0;
  int32_t counted = 0;
  for (int32_t doc = 0; doc < max_doc; ++doc) counted += live->IsLive(doc) ? 0 : 1;
  if (counted != del_count || live->AnyLive(0, max_doc) != (counted < max_doc)) __builtin_trap();
  return 0;
}
