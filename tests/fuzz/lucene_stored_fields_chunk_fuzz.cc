// libFuzzer target lucene_stored_fields_chunk: one stored-fields chunk, wrapped into a synthetic
// .fdt/.fdx pair (LZ4 or DEFLATE, format version 0 or 1, chosen by the first input word) and read
// document by document.
#include "fuzz/lucene_fuzz_support.h"
#include "lucene/stored_fields_reader.h"
#include "support/one_chunk_stored_fields.h"

namespace {

using namespace shardlift;

constexpr int32_t kMaxFuzzDocs = 4096;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::FuzzInput in(data, size);
  const uint32_t flags = in.U32();
  const std::vector<uint8_t> chunk = in.Rest();
  const auto mode = (flags & 1) ? lucene::StoredFieldsMode::kBestCompression
                                : lucene::StoredFieldsMode::kBestSpeed;
  const int32_t version =
      (flags & 2) ? lucene::kStoredFieldsVersionChunkStats : lucene::kStoredFieldsVersionStart;

  // The chunk's own header says how many docs the segment has (its doc base must be 0).
  const io::FileSlice chunk_file = io::FileSlice::FromBytes("chunk", chunk);
  io::DataInput header(chunk_file);
  const int32_t doc_base = header.ReadVInt();
  const int32_t max_doc = static_cast<int32_t>(static_cast<uint32_t>(header.ReadVInt()) >> 1);
  if (!header.ok() || doc_base != 0 || max_doc < 1 || max_doc > kMaxFuzzDocs) return 0;

  Result<lucene::StoredFieldsReader> reader =
      testing::OpenOneChunk(chunk, max_doc, mode, version, fuzz::FuzzOptions());
  if (!reader.ok()) return 0;
  lucene::StoredFieldsReader::Cursor cursor(*reader);
  while (cursor.Next()) {
    lucene::StoredFieldIterator fields = cursor.fields();
    for (lucene::StoredField field; fields.Next(field);) {
    }
  }
  return 0;
}
