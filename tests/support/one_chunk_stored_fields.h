// A stored-fields reader over one hand-made chunk: wraps the chunk's bytes (its own header
// first: doc base 0, doc count, sliced bit) into a synthetic .fdt/.fdx pair with valid footers, so
// tests and fuzz targets can feed chunk headers and payloads straight to StoredFieldsReader.
#pragma once

#include <cstdint>
#include <vector>

#include "lucene/stored_fields_reader.h"
#include "support/lucene_file_builder.h"

namespace shardlift::testing {

inline constexpr lucene::SegmentId kOneChunkSegmentId = {};

// Opens the chunk as the only one of a segment with `max_doc` docs.
inline Result<lucene::StoredFieldsReader> OpenOneChunk(const std::vector<uint8_t>& chunk,
                                                       int32_t max_doc,
                                                       lucene::StoredFieldsMode mode,
                                                       int32_t version,
                                                       const lucene::ReadOptions& options) {
  const int32_t chunk_size = mode == lucene::StoredFieldsMode::kBestSpeed ? 1 << 14 : 61440;
  LuceneFileBuilder fdt;
  fdt.IndexHeader(lucene::DataCodec(mode), version, kOneChunkSegmentId, "")
      .VInt(chunk_size)
      .VInt(2);
  const size_t chunk_at = fdt.size();
  fdt.Bytes(chunk);
  const size_t max_pointer = fdt.size();
  if (version == lucene::kStoredFieldsVersionChunkStats) fdt.VLong(1).VLong(1);

  LuceneFileBuilder fdx;
  fdx.IndexHeader(lucene::IndexCodec(mode), version, kOneChunkSegmentId, "").VInt(2);
  fdx.VInt(1).VInt(0).VInt(0).VInt(1).Byte(0);   // one chunk: doc base 0
  fdx.VLong(chunk_at).VLong(0).VInt(1).Byte(0);  // starting right after the header
  fdx.VInt(0).VLong(max_pointer);

  return lucene::StoredFieldsReader::Open(io::FileSlice::FromBytes("_0.fdt", fdt.Finish()),
                                          io::FileSlice::FromBytes("_0.fdx", fdx.Finish()),
                                          kOneChunkSegmentId, max_doc, mode, options);
}

}  // namespace shardlift::testing
