#include "lucene/stored_fields_reader.h"

#include <algorithm>

#include "codec/lz4_block.h"
#include "codec/packed_ints.h"

namespace shardlift::lucene {

namespace {

constexpr int32_t kMaxIntArrayBits = 31;
// Decompressed bytes per compressed byte can be at most ~255 for LZ4 and ~1032 for DEFLATE.
constexpr uint64_t kMaxLz4Ratio = 256;
constexpr uint64_t kMaxDeflateRatio = 1040;
// The buffer keeps room past the payload for the LZ4 decoder's wide copies.
constexpr size_t kBufferSlack = codec::kLz4OutputSlack;

constexpr std::string_view kBestSpeed = "BEST_SPEED";
constexpr std::string_view kBestCompression = "BEST_COMPRESSION";

}  // namespace

Result<StoredFieldsMode> StoredFieldsModeOf(const SegmentInfo& info, const io::FileSlice& si_file) {
  const auto it = info.attributes.find(std::string(kStoredFieldsModeAttribute));
  if (it == info.attributes.end()) {
    return si_file.CorruptionAt(
        0, "segment info lacks the attribute " + std::string(kStoredFieldsModeAttribute));
  }
  if (it->second == kBestSpeed) return StoredFieldsMode::kBestSpeed;
  if (it->second == kBestCompression) return StoredFieldsMode::kBestCompression;
  return si_file.CorruptionAt(0, "unknown stored fields mode '" + it->second + "'");
}

Result<StoredFieldsReader> StoredFieldsReader::Open(io::FileSlice data,
                                                    const io::FileSlice& index_file,
                                                    const SegmentId& id, int32_t max_doc,
                                                    StoredFieldsMode mode,
                                                    const ReadOptions& options) {
  SL_RETURN_IF_ERROR(CheckDataFileFooter(data, options));
  io::DataInput in = BodyInput(data);
  const int32_t version = ReadIndexHeader(
      in, {DataCodec(mode), kStoredFieldsVersionStart, kStoredFieldsVersionChunkStats, &id, ""});
  const uint64_t chunk_size_at = in.position();
  const int32_t chunk_size = in.ReadVInt();
  if (in.ok() && chunk_size != ChunkSize(mode)) {
    in.FailAt(chunk_size_at, "chunk size " + std::to_string(chunk_size) +
                                 "; Lucene50StoredFieldsFormat writes " +
                                 std::to_string(ChunkSize(mode)) + " in this mode");
  }
  const uint64_t packed_version_at = in.position();
  const int32_t packed_ints_version = in.ReadVInt();
  if (in.ok() && packed_ints_version != kPackedIntsVersionMonotonicWithoutZigZag) {
    in.FailAt(packed_version_at,
              "unsupported packed ints version " + std::to_string(packed_ints_version));
  }
  SL_RETURN_IF_ERROR(in.status());
  const uint64_t first_chunk_at = in.position();
  SL_ASSIGN_OR_RETURN(StoredFieldsIndex index,
                      StoredFieldsIndex::Read(index_file, id, mode, version, max_doc, options));

  const uint64_t body_end = in.size();
  if (index.max_pointer() > body_end || index.max_pointer() < first_chunk_at) {
    return index_file.CorruptionAt(0, "maxPointer " + std::to_string(index.max_pointer()) +
                                          " lies outside the chunks of " + data.name() + " [" +
                                          std::to_string(first_chunk_at) + ", " +
                                          std::to_string(body_end) + ")");
  }
  if (index.num_chunks() > 0 && index.start(0) != first_chunk_at) {
    return index_file.CorruptionAt(0, "first chunk starts at " + std::to_string(index.start(0)) +
                                          ", but " + data.name() + "'s header ends at " +
                                          std::to_string(first_chunk_at));
  }
  in.Seek(index.max_pointer());
  if (version >= kStoredFieldsVersionChunkStats) {
    const int64_t num_chunks = in.ReadVLong();
    const int64_t num_dirty_chunks = in.ReadVLong();
    if (in.ok() && (static_cast<uint64_t>(num_chunks) != index.num_chunks() ||
                    num_dirty_chunks > num_chunks)) {
      in.FailAt(index.max_pointer(), "chunk stats say " + std::to_string(num_chunks) + " chunks (" +
                                         std::to_string(num_dirty_chunks) +
                                         " dirty), the index has " +
                                         std::to_string(index.num_chunks()));
    }
  }
  SL_RETURN_IF_ERROR(ExpectBodyEnd(in));
  data.file().AdviseSequential();
  return StoredFieldsReader(std::move(data), std::move(index), max_doc, mode, version, chunk_size,
                            options.release_read_pages);
}

StoredFieldsReader::Cursor::Cursor(const StoredFieldsReader& reader) : reader_(&reader) {}

bool StoredFieldsReader::Cursor::Fail(Status status) {
  if (status_.ok()) status_ = std::move(status);
  doc_ = reader_->max_doc_;
  chunk_ = SIZE_MAX;
  chunk_doc_base_ = chunk_doc_end_ = 0;
  return false;
}

bool StoredFieldsReader::Cursor::SeekOtherChunk(int32_t doc) {
  if (!status_.ok()) return false;
  if (doc < 0 || doc >= reader_->max_doc_) {
    if (doc >= reader_->max_doc_ && reader_->release_read_pages_) {
      // The end: a shard's segments are read one after another and stay open until the last.
      reader_->data_.Release(released_, reader_->data_.size());
      released_ = reader_->data_.size();
    }
    doc_ = reader_->max_doc_;
    return false;
  }
  const size_t chunk = (chunk_ != SIZE_MAX && doc == chunk_doc_end_)
                           ? chunk_ + 1  // sequential: the next chunk, no search
                           : reader_->index_.ChunkOf(doc);
  if (const uint64_t start = reader_->index_.start(chunk);
      reader_->release_read_pages_ && start >= released_ + kReleaseStep) {
    // Documents are read front to back: what lies behind is not read again (a cursor that does
    // go back maps it again from the page cache).
    reader_->data_.Release(released_, start);
    released_ = start;
  }
  if (!LoadChunk(chunk)) return false;
  doc_ = doc;
  return true;
}

int32_t StoredFieldsReader::Cursor::NextLiveDoc(const LiveDocs& live) const {
  const int32_t max_doc = reader_->max_doc_;
  int32_t doc = doc_ + 1;
  while (doc < max_doc && !live.IsLive(doc)) {
    // Jump over whole words of deleted docs.
    if ((doc & 63) == 0 && doc + 64 <= max_doc && !live.AnyLive(doc, doc + 64)) {
      doc += 64;
    } else {
      ++doc;
    }
  }
  return doc;
}

bool StoredFieldsReader::Cursor::LoadChunk(size_t chunk) {
  const StoredFieldsIndex& index = reader_->index_;
  chunk_ = SIZE_MAX;
  chunk_doc_base_ = chunk_doc_end_ = 0;
  io::DataInput in(reader_->data_);
  in.SetLimit(index.end(chunk));
  in.Seek(index.start(chunk));
  const uint64_t chunk_at = in.position();
  const int32_t doc_base = in.ReadVInt();
  const int32_t token = in.ReadVInt();
  if (!in.ok()) return Fail(in.status());
  const int32_t chunk_docs = static_cast<int32_t>(static_cast<uint32_t>(token) >> 1);
  const bool sliced = (token & 1) != 0;
  const int32_t expected_docs = index.doc_end(chunk) - index.doc_base(chunk);
  if (doc_base != index.doc_base(chunk) || chunk_docs != expected_docs ||
      chunk_docs > MaxDocsPerChunk(reader_->mode_)) {
    return Fail(reader_->data_.CorruptionAt(
        chunk_at, "chunk " + std::to_string(chunk) + " holds docs [" + std::to_string(doc_base) +
                      ", +" + std::to_string(chunk_docs) + "), the index says [" +
                      std::to_string(index.doc_base(chunk)) + ", +" +
                      std::to_string(expected_docs) + ")"));
  }
  if (!ReadChunkHeader(in, chunk_docs, sliced)) return false;
  chunk_payload_at_ = in.position();
  if (!Decompress(in, offsets_[static_cast<size_t>(chunk_docs)], sliced)) return false;
  if (!in.AtEnd()) {
    return Fail(reader_->data_.CorruptionAt(
        in.position(), "chunk " + std::to_string(chunk) + " ends " +
                           std::to_string(in.remaining()) + " bytes before the next one starts"));
  }
  chunk_ = chunk;
  chunk_sliced_ = sliced;
  chunk_doc_base_ = doc_base;
  chunk_doc_end_ = doc_base + chunk_docs;
  return true;
}

bool StoredFieldsReader::Cursor::ReadIntArray(io::DataInput& in, int32_t count, uint32_t* out) {
  const uint64_t at = in.position();
  const int32_t bits = in.ReadVInt();
  if (bits == 0) {
    const int32_t value = in.ReadVInt();
    if (value < 0) in.FailAt(at, "negative value in chunk header");
    std::fill(out, out + count, static_cast<uint32_t>(value));
  } else if (bits < 0 || bits > kMaxIntArrayBits) {
    in.FailAt(at, "invalid bits per value " + std::to_string(bits) + " in chunk header");
  } else {
    const ByteView packed =
        in.ReadBytes(codec::PackedByteCount(static_cast<uint64_t>(count), bits));
    if (in.ok()) {
      codec::PackedDecode32(packed.data(), packed.size(), bits, static_cast<size_t>(count), out);
    }
  }
  return in.ok();
}

bool StoredFieldsReader::Cursor::ReadChunkHeader(io::DataInput& in, int32_t chunk_docs,
                                                 bool sliced) {
  const auto docs = static_cast<size_t>(chunk_docs);
  if (num_fields_.size() < docs) num_fields_.resize(docs);
  if (offsets_.size() < docs + 1) offsets_.resize(docs + 1);
  const uint64_t header_at = in.position();
  if (chunk_docs == 1) {
    const int32_t num_fields = in.ReadVInt();
    const int32_t length = in.ReadVInt();
    if (in.ok() && (num_fields < 0 || length < 0)) {
      in.FailAt(header_at, "negative field count or length in chunk header");
    }
    num_fields_[0] = static_cast<uint32_t>(num_fields);
    offsets_[1] = static_cast<uint32_t>(length);
  } else if (ReadIntArray(in, chunk_docs, num_fields_.data())) {
    ReadIntArray(in, chunk_docs, offsets_.data() + 1);
  }
  if (!in.ok()) return Fail(in.status());
  // Lengths → boundaries, checked once for the whole chunk: every doc with fields has bytes and
  // vice versa, and the sizes are what the writer makes (stored_fields_format.h). The sums (of
  // ≤ 512 lengths < 2^31) cannot overflow 64 bits; the boundaries are used only once they passed.
  offsets_[0] = 0;
  uint64_t total = 0;
  uint64_t before_last = 0;
  bool mismatch = false;
  for (size_t i = 0; i < docs; ++i) {
    const uint32_t length = offsets_[i + 1];
    mismatch |= (length == 0) != (num_fields_[i] == 0);
    before_last = total;
    total += length;
    offsets_[i + 1] = static_cast<uint32_t>(total);
  }
  if (mismatch) [[unlikely]] {
    size_t i = 0;
    while ((offsets_[i + 1] == offsets_[i]) == (num_fields_[i] == 0)) ++i;  // the first bad doc
    return Fail(reader_->data_.CorruptionAt(
        header_at, "doc " + std::to_string(i) + " of the chunk has " +
                       std::to_string(num_fields_[i]) + " fields in " +
                       std::to_string(offsets_[i + 1] - offsets_[i]) + " bytes"));
  }
  const auto chunk_size = static_cast<uint64_t>(reader_->chunk_size_);
  if (before_last >= chunk_size) [[unlikely]] {
    return Fail(reader_->data_.CorruptionAt(
        header_at, "the first " + std::to_string(docs - 1) + " docs of the chunk take " +
                       std::to_string(before_last) +
                       " bytes; the writer ends a chunk once its docs reach " +
                       std::to_string(chunk_size)));
  }
  if (total - before_last > kMaxStoredDocumentBytes) [[unlikely]] {
    return Fail(reader_->data_.CorruptionAt(
        header_at, "doc " + std::to_string(docs - 1) + " of the chunk claims " +
                       std::to_string(total - before_last) + " bytes, more than the " +
                       std::to_string(kMaxStoredDocumentBytes) + " read for one document"));
  }
  if (sliced != (total >= 2 * chunk_size)) [[unlikely]] {
    return Fail(reader_->data_.CorruptionAt(
        header_at, std::string("a ") + (sliced ? "sliced" : "whole") + " chunk of " +
                       std::to_string(total) + " bytes; the writer slices exactly the chunks of " +
                       std::to_string(2 * chunk_size) + " bytes or more"));
  }
  return true;
}

bool StoredFieldsReader::Cursor::Decompress(io::DataInput& in, uint64_t total_length, bool sliced) {
  const bool lz4 = reader_->mode_ == StoredFieldsMode::kBestSpeed;
  const uint64_t max_ratio = lz4 ? kMaxLz4Ratio : kMaxDeflateRatio;
  if (total_length > in.remaining() * max_ratio) {
    return Fail(reader_->data_.CorruptionAt(
        in.position(), "chunk claims " + std::to_string(total_length) +
                           " decompressed bytes from at most " + std::to_string(in.remaining()) +
                           " compressed ones"));
  }
  const size_t needed = static_cast<size_t>(total_length) + kBufferSlack;
  if (needed > buffer_capacity_) {
    const size_t capacity = std::max(needed, buffer_capacity_ * 2);
    buffer_ = std::make_unique_for_overwrite<uint8_t[]>(capacity);
    buffer_capacity_ = capacity;
  }
  chunk_region_ = {ByteView(buffer_.get(), static_cast<size_t>(total_length)), &reader_->data_,
                   chunk_payload_at_, "decompressed chunk"};
  // Sliced chunks are independent blocks of chunk_size bytes each; others one block. The empty
  // payload is a block too (an LZ4 token 0, a DEFLATE length 0), so the loop runs at least once.
  const uint64_t slice_size = sliced ? static_cast<uint64_t>(reader_->chunk_size_) : total_length;
  uint64_t done = 0;
  do {
    const uint64_t length = std::min(slice_size, total_length - done);
    uint8_t* out = buffer_.get() + done;
    const uint64_t block_at = in.position();
    if (lz4) {
      const codec::Lz4Result r = codec::Lz4DecodeBlock(in.cursor(), in.remaining(), out, length);
      if (!r.ok()) return Fail(reader_->data_.CorruptionAt(block_at + r.error_offset, r.error));
      in.Skip(r.consumed);
    } else {
      const int32_t compressed = in.ReadVInt();
      if (in.ok() && compressed < 0) in.FailAt(block_at, "negative compressed length");
      const ByteView stream = in.ReadBytes(static_cast<uint64_t>(compressed));
      if (!in.ok()) return Fail(in.status());
      if (compressed != 0 || length != 0) {
        const char* error = inflater_.Inflate(stream.data(), stream.size(), out, length);
        if (error != nullptr) return Fail(reader_->data_.CorruptionAt(block_at, error));
      }
    }
    done += length;
  } while (done < total_length);
  return true;
}

}  // namespace shardlift::lucene
