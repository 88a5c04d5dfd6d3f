#include "snapshot/blob_format.h"

#include "io/data_input.h"
#include "lucene/codec_header.h"
#include "xcontent/content_type.h"
#include "xcontent/converter.h"

namespace shardlift::snapshot {

Result<Blob> ReadBlob(const io::FileSlice& file, std::string_view codec) {
  SL_RETURN_IF_ERROR(lucene::CheckFooter(file, /*verify_checksum=*/true));
  io::DataInput in = lucene::BodyInput(file);
  lucene::ReadCodecHeader(in, codec, kBlobFormatVersion, kBlobFormatVersion);
  SL_RETURN_IF_ERROR(in.status());
  const uint64_t body_at = in.position();
  SL_ASSIGN_OR_RETURN(io::FileSlice body,
                      file.Sub(body_at, file.size() - lucene::kFooterLength - body_at,
                               std::string(codec) + " body"));
  Result<nlohmann::ordered_json> dom = xcontent::ToDom(body.bytes());
  if (!dom.ok()) return dom.status().WithContext(body.Describe(0));
  const bool compressed = xcontent::IsDeflateCompressed(body.bytes());
  return Blob{std::move(body), std::move(dom).value(), compressed};
}

Result<Blob> OpenBlob(const std::string& path, std::string_view codec) {
  SL_ASSIGN_OR_RETURN(const io::FileSlice file, io::FileSlice::Open(path));
  return ReadBlob(file, codec);
}

}  // namespace shardlift::snapshot
