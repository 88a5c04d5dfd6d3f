// libFuzzer target lucene_field_infos: .fnm (Lucene50FieldInfos and Lucene60FieldInfos, core or
// generational).
#include "fuzz/lucene_fuzz_support.h"
#include "lucene/field_infos.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace shardlift;
  const io::FileSlice file = io::FileSlice::FromBytes("_0.fnm", {data, data + size});
  const fuzz::HeaderIdentity identity = fuzz::IdentityOf(file);
  Result<lucene::FieldInfos> infos =
      lucene::FieldInfos::Read(file, identity.id, identity.suffix, fuzz::FuzzOptions());
  if (!infos.ok()) return 0;
  for (const lucene::FieldInfo& field : infos->fields()) {
    if (infos->ByNumber(field.number) != &field || infos->ByName(field.name) != &field)
      __builtin_trap();
  }
  return 0;
}
