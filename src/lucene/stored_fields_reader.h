// <segment>.fdt: the stored fields of every document, in LZ4 (BEST_SPEED) or DEFLATE
// (BEST_COMPRESSION) compressed chunks (CompressingStoredFieldsReader, spec §8).
//
// The hot path is StoredFieldsReader::Cursor: it walks documents in docid order, decompresses
// each chunk once into a buffer it reuses, and hands out views into it. After warm-up it does not
// allocate. Chunks whose documents are all deleted are skipped without being decompressed.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "base/result.h"
#include "codec/deflate.h"
#include "io/file_slice.h"
#include "lucene/codec_header.h"
#include "lucene/live_docs.h"
#include "lucene/segment_info.h"
#include "lucene/stored_field.h"
#include "lucene/stored_fields_format.h"
#include "lucene/stored_fields_index.h"

namespace shardlift::lucene {

// The stored-fields mode a segment declares in its .si attributes.
Result<StoredFieldsMode> StoredFieldsModeOf(const SegmentInfo& info, const io::FileSlice& si_file);

class StoredFieldsReader {
 public:
  // Opens the .fdt `data` and .fdx `index` of a segment with `max_doc` docs. Verifies both
  // checksums (per `options`), headers, the index and the chunk-stats trailer.
  static Result<StoredFieldsReader> Open(io::FileSlice data, const io::FileSlice& index,
                                         const SegmentId& id, int32_t max_doc,
                                         StoredFieldsMode mode, const ReadOptions& options);

  int32_t max_doc() const { return max_doc_; }
  StoredFieldsMode mode() const { return mode_; }
  int32_t version() const { return version_; }
  int32_t chunk_size() const { return chunk_size_; }
  const StoredFieldsIndex& index() const { return index_; }
  const io::FileSlice& data() const { return data_; }

  class Cursor;

 private:
  StoredFieldsReader(io::FileSlice data, StoredFieldsIndex index, int32_t max_doc,
                     StoredFieldsMode mode, int32_t version, int32_t chunk_size,
                     bool release_read_pages)
      : data_(std::move(data)),
        index_(std::move(index)),
        max_doc_(max_doc),
        mode_(mode),
        version_(version),
        chunk_size_(chunk_size),
        release_read_pages_(release_read_pages) {}

  io::FileSlice data_;
  StoredFieldsIndex index_;
  int32_t max_doc_;
  StoredFieldsMode mode_;
  int32_t version_;
  int32_t chunk_size_;
  bool release_read_pages_;  // ReadOptions::release_read_pages: cursors give back what they read
};

// Iterates the documents of one segment. The reader must outlive the cursor. Views handed out
// (bytes(), StoredField::bytes) stay valid until the cursor moves to another chunk.
//
//   StoredFieldsReader::Cursor cursor(reader);
//   while (cursor.NextLive(live_docs)) {
//     StoredFieldIterator fields = cursor.fields();
//     for (StoredField f; fields.Next(f);) { ... }
//     if (!fields.status().ok()) ...
//   }
//   if (!cursor.status().ok()) ...
class StoredFieldsReader::Cursor {
 public:
  explicit Cursor(const StoredFieldsReader& reader);

  // Moves to the next document. False at the end or on error (then status() says why).
  bool Next() { return Seek(doc_ + 1); }
  // Moves to the next document that `live` marks live; chunks with no live document are skipped
  // without decompression.
  bool NextLive(const LiveDocs& live) {
    return live.all_live() ? Seek(doc_ + 1) : Seek(NextLiveDoc(live));
  }
  // Moves to `doc` (any order; moving forward within a chunk is free).
  bool Seek(int32_t doc) {
    if (doc >= chunk_doc_base_ && doc < chunk_doc_end_) [[likely]] {
      doc_ = doc;
      return true;
    }
    return SeekOtherChunk(doc);
  }

  // The current document (valid after a successful move).
  int32_t doc() const { return doc_; }
  int32_t num_fields() const { return static_cast<int32_t>(num_fields_[Slot()]); }
  // The encoded fields of the current document.
  ByteView bytes() const {
    return {buffer_.get() + offsets_[Slot()], offsets_[Slot() + 1] - offsets_[Slot()]};
  }
  StoredFieldIterator fields() const {
    const size_t slot = Slot();
    return StoredFieldIterator(chunk_region_, offsets_[slot], offsets_[slot + 1],
                               static_cast<int32_t>(num_fields_[slot]));
  }

  const Status& status() const { return status_; }

  // The loaded chunk as stored, for tools that study the raw data (the decode benchmark's
  // decompression ceiling): its number, where its compressed payload starts in the .fdt, whether
  // it is sliced, and its decompressed bytes (all documents back to back).
  size_t chunk() const { return chunk_; }
  uint64_t chunk_payload_at() const { return chunk_payload_at_; }
  bool chunk_sliced() const { return chunk_sliced_; }
  ByteView chunk_bytes() const { return chunk_region_.bytes; }

 private:
  size_t Slot() const { return static_cast<size_t>(doc_ - chunk_doc_base_); }
  int32_t NextLiveDoc(const LiveDocs& live) const;
  bool SeekOtherChunk(int32_t doc);
  bool LoadChunk(size_t chunk);
  bool ReadChunkHeader(io::DataInput& in, int32_t chunk_docs, bool sliced);
  bool ReadIntArray(io::DataInput& in, int32_t count, uint32_t* out);
  bool Decompress(io::DataInput& in, uint64_t total_length, bool sliced);
  bool Fail(Status status);

  // How much of the .fdt a cursor reading front to back keeps mapped behind itself at most.
  static constexpr uint64_t kReleaseStep = uint64_t{8} << 20;

  const StoredFieldsReader* reader_;
  uint64_t released_ = 0;  // the .fdt bytes before this are given back (io::FileSlice::Release)
  int32_t doc_ = -1;
  size_t chunk_ = SIZE_MAX;     // loaded chunk, SIZE_MAX = none
  int32_t chunk_doc_base_ = 0;  // docs [chunk_doc_base_, chunk_doc_end_) are loaded
  int32_t chunk_doc_end_ = 0;
  uint64_t chunk_payload_at_ = 0;  // .fdt offset of the loaded chunk's compressed payload
  bool chunk_sliced_ = false;
  std::vector<uint32_t> num_fields_;
  std::vector<uint32_t> offsets_;  // chunk_docs + 1 document boundaries in the buffer
  std::unique_ptr<uint8_t[]> buffer_;
  size_t buffer_capacity_ = 0;
  io::ByteRegion chunk_region_;  // the loaded chunk's decompressed bytes, for field iterators
  codec::RawInflater inflater_;
  Status status_;
};

}  // namespace shardlift::lucene
