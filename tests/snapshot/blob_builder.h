// Builders for the snapshot tests: checksummed blobs as ChecksumBlobStoreFormat writes them, with
// JSON bodies (ES sniffs the body, so JSON reads like the SMILE ES writes) or DFL-compressed ones,
// and repositories laid out in temp directories.
#pragma once

#include <zlib.h>

#include <string>
#include <string_view>

#include "test_files.h"

namespace shardlift::snapshot::testing {

using es5::testing::Bytes;

// A blob of codec `codec`, format `version`, body `body`, with a valid footer.
inline std::string BlobBytes(std::string_view codec, std::string_view body, uint32_t version = 1) {
  return Bytes().CodecHeader(codec, version).Raw(body).Footer().str();
}

// "DFL\0" + raw DEFLATE of `text`, as ES's DeflateCompressor writes it.
inline std::string Deflated(std::string_view text) {
  z_stream stream{};
  deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, text.size()) + 16, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return std::string("DFL\0", 4) + out;
}

// A file whose last 16 bytes are a Lucene footer over `content`; its CRC is returned in `crc`.
inline std::string LuceneFile(std::string_view content, uint32_t* crc = nullptr) {
  const std::string file = Bytes().Raw(content).Footer().str();
  if (crc != nullptr) *crc = es5::testing::Crc(std::string_view(file).substr(0, file.size() - 8));
  return file;
}

}  // namespace shardlift::snapshot::testing
