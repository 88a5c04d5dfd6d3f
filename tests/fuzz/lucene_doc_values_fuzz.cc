// libFuzzer target lucene_doc_values: doc values metadata + data (Lucene54 or Lucene50). Input:
// maxDoc, the .dvm (length-prefixed), then the .dvd. Every field number 0..511 exists; each is
// opened as NUMERIC and as SORTED, and every document's value is read.
#include "fuzz/lucene_fuzz_support.h"
#include "lucene/doc_values_producer.h"
#include "lucene/field_infos.h"
#include "support/lucene_file_builder.h"

namespace {

using namespace shardlift;

constexpr int32_t kFields = 512;
constexpr int32_t kMaxFuzzDocs = 1
                                 << 13;  // bounds the per-input work; fixture segments are smaller

const lucene::FieldInfos& AllFields() {
  static const lucene::FieldInfos* infos = [] {
    const lucene::SegmentId id = {};
    testing::LuceneFileBuilder fnm;
    fnm.IndexHeader(lucene::kLucene60FieldInfosCodec, 0, id, "").VInt(kFields);
    for (int32_t i = 0; i < kFields; ++i) {
      fnm.String("f" + std::to_string(i)).VInt(i).Byte(0).Byte(0).Byte(1).Long(~uint64_t{0});
      fnm.VInt(0).VInt(0);  // no attributes, no points
    }
    auto read =
        lucene::FieldInfos::Read(io::FileSlice::FromBytes("_0.fnm", fnm.Finish()), id, "", {});
    if (!read.ok()) __builtin_trap();
    return new lucene::FieldInfos(std::move(*read));
  }();
  return *infos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::FuzzInput in(data, size);
  const auto max_doc = static_cast<int32_t>(in.U32() % kMaxFuzzDocs);
  io::FileSlice meta = io::FileSlice::FromBytes("_0_Lucene54_0.dvm", in.Bytes());
  io::FileSlice values = io::FileSlice::FromBytes("_0_Lucene54_0.dvd", in.Rest());
  const fuzz::HeaderIdentity identity = fuzz::IdentityOf(meta);
  Result<std::unique_ptr<lucene::DocValuesProducer>> producer =
      lucene::DocValuesProducer::Open(std::move(meta), std::move(values), identity.id,
                                      identity.suffix, AllFields(), max_doc, fuzz::FuzzOptions());
  if (!producer.ok()) return 0;
  for (const lucene::FieldInfo& field : AllFields().fields()) {
    if ((*producer)->HasNumeric(field)) {
      if (Result<lucene::NumericDocValues> numeric = (*producer)->Numeric(field); numeric.ok()) {
        for (int32_t doc = 0; doc < max_doc; ++doc) (void)numeric->Get(doc);
      }
    }
    if ((*producer)->HasSorted(field)) {
      if (Result<lucene::SortedDocValues> sorted = (*producer)->Sorted(field); sorted.ok()) {
        for (int32_t doc = 0; doc < max_doc; ++doc) (void)sorted->Get(doc);
      }
    }
  }
  return 0;
}
