#include "es5/compressed_xcontent.h"

#include <zlib.h>

#include <cstring>

namespace shardlift::es5 {

namespace {

constexpr uint8_t kDeflateHeader[4] = {'D', 'F', 'L', '\0'};
constexpr uint64_t kMaxInflated = uint64_t{1} << 30;  // a mapping larger than 1 GiB is a bomb

Result<std::string> Inflate(io::ByteView compressed, const io::FileSlice& where) {
  z_stream stream{};
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) {
    return Status::IoError("zlib inflateInit2 failed");
  }
  stream.next_in = const_cast<Bytef*>(compressed.data());
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  int rc = Z_OK;
  while (rc == Z_OK) {
    const size_t used = out.size();
    out.resize(std::max<size_t>(used * 2, 4096));
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    stream.avail_out = static_cast<uInt>(out.size() - used);
    rc = inflate(&stream, Z_NO_FLUSH);
    out.resize(out.size() - stream.avail_out);
    if (out.size() > kMaxInflated) rc = Z_MEM_ERROR;
    if (rc == Z_BUF_ERROR && stream.avail_in == 0) break;  // input ended before the final block
  }
  const uint64_t consumed = compressed.size() - stream.avail_in;
  inflateEnd(&stream);
  if (rc != Z_STREAM_END) {
    return where.CorruptionAt(0, "compressed (DFL) XContent does not inflate: zlib error " +
                                     std::to_string(rc) + " after " + std::to_string(consumed) +
                                     " of " + std::to_string(compressed.size()) + " bytes");
  }
  return out;
}

Result<nlohmann::ordered_json> ParseJson(std::string_view text, const io::FileSlice& where) {
  nlohmann::ordered_json dom =
      nlohmann::ordered_json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (dom.is_discarded()) return where.CorruptionAt(0, "invalid JSON");
  return dom;
}

}  // namespace

bool IsDeflateCompressed(io::ByteView bytes) {
  return bytes.size() >= 4 && std::memcmp(bytes.data(), kDeflateHeader, 4) == 0;
}

Result<std::string> UncompressXContent(io::ByteView bytes, const io::FileSlice& where) {
  if (IsDeflateCompressed(bytes)) return Inflate(bytes.subspan(4), where);
  if (bytes.size() >= 3 && bytes[0] == 'Z' && bytes[1] == 'V' && bytes[2] <= 1) {
    return Status::Unsupported(where.Describe(0) +
                               ": LZF-compressed XContent (written by Elasticsearch 1.x); "
                               "Elasticsearch 5 cannot read it either");
  }
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

Result<nlohmann::ordered_json> ParseXContentBytes(io::ByteView bytes, const io::FileSlice& where) {
  SL_ASSIGN_OR_RETURN(const std::string text, UncompressXContent(bytes, where));
  if (text.size() >= 3 && text.compare(0, 3, ":)\n") == 0) {
    return Status::Unsupported(where.Describe(0) + ": SMILE XContent is not readable yet");
  }
  return ParseJson(text, where);
}

Result<nlohmann::ordered_json> ParseStateBody(const StateFile& state) {
  const io::ByteView body = state.body.bytes();
  switch (state.content_type) {
    case ContentType::kJson:
      return ParseJson({reinterpret_cast<const char*>(body.data()), body.size()}, state.body);
    case ContentType::kSmile:
    case ContentType::kYaml:
    case ContentType::kCbor:
      break;
  }
  return Status::Unsupported(state.body.Describe(0) + ": " +
                             std::string(ContentTypeName(state.content_type)) +
                             " state files are not readable yet");
}

Result<nlohmann::ordered_json> ExpandCompressedXContent(const nlohmann::ordered_json& value,
                                                        const io::FileSlice& where) {
  if (value.is_binary()) {
    const auto& bytes = value.get_binary();
    return ParseXContentBytes({bytes.data(), bytes.size()}, where);
  }
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    return ParseXContentBytes({reinterpret_cast<const uint8_t*>(text.data()), text.size()}, where);
  }
  if (value.is_object() || value.is_array()) return value;
  return where.CorruptionAt(0, "expected compressed XContent, an object or a string, found " +
                                   std::string(value.type_name()));
}

}  // namespace shardlift::es5
