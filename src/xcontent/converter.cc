#include "xcontent/converter.h"

#include <libdeflate.h>

#include <algorithm>

#include "xcontent/dom_builder.h"
#include "xcontent/json_line.h"

namespace shardlift::xcontent {

Converter::Converter()
    : inflater_(libdeflate_alloc_decompressor(), &libdeflate_free_decompressor) {}

Converter::~Converter() = default;

Result<ByteView> Converter::Uncompress(ByteView body) {
  if (IsLzfCompressed(body)) {
    return Status::Unsupported(
        "LZF-compressed body: written by Elasticsearch 1.x, which ES 5 cannot read either "
        "(reindex the index with ES 2.x first)");
  }
  if (!IsDeflateCompressed(body)) return body;
  if (inflater_ == nullptr) return Status::IoError("cannot allocate a DEFLATE decompressor");
  const ByteView deflated = body.subspan(kDeflateHeader.size());
  // DEFLATE expands at most 1032:1; past that (or kMaxInflatedSize) the data cannot be real.
  const size_t limit = std::min(kMaxInflatedSize, deflated.size() * 1032 + 1024);
  size_t capacity = std::min(limit, std::max(inflated_.size(), deflated.size() * 4 + 256));
  for (;;) {
    if (inflated_.size() < capacity) inflated_.resize(capacity);
    size_t actual = 0;
    const libdeflate_result result = libdeflate_deflate_decompress(
        inflater_.get(), deflated.data(), deflated.size(), inflated_.data(), capacity, &actual);
    if (result == LIBDEFLATE_SUCCESS) return ByteView(inflated_.data(), actual);
    if (result != LIBDEFLATE_INSUFFICIENT_SPACE) {
      return Status::Corruption(
          "DFL-compressed body: invalid raw DEFLATE data after the 4-byte "
          "header");
    }
    if (capacity == limit) {
      return Status::Corruption("DFL-compressed body: inflates to more than " +
                                std::to_string(limit) + " bytes");
    }
    capacity = std::min(limit, capacity * 2);
  }
}

Status Converter::Dispatch(ByteView plain, XContentType type, Handler& handler) {
  switch (type) {
    case XContentType::kSmile:
      return smile_.Parse(plain, handler);
    case XContentType::kCbor:
      return cbor_.Parse(plain, handler);
    case XContentType::kJson:
      return json_.Parse(plain, handler);
    case XContentType::kYaml:
      return yaml_.Parse(plain, handler);
  }
  return Status::Unsupported("unknown XContent type");
}

namespace {

// Errors inside an inflated body name offsets of the inflated bytes: say so.
Status InBody(Status status, ByteView body) {
  if (status.ok() || !IsDeflateCompressed(body)) return status;
  return status.WithContext("in the inflated DFL body");
}

}  // namespace

Status Converter::AppendJson(ByteView body, std::string& out) {
  auto plain = Uncompress(body);
  if (!plain.ok()) return plain.status();
  auto type = DetectXContentType(*plain);
  if (!type.ok()) return InBody(type.status(), body);
  last_type_ = *type;
  const size_t original_size = out.size();
  Status status;
  if (*type == XContentType::kJson) {
    status = AppendJsonLine(*plain, out);
  } else {
    writer_.Reset(&out);
    status = Dispatch(*plain, *type, writer_);
  }
  if (!status.ok()) out.resize(original_size);
  return InBody(std::move(status), body);
}

Status Converter::Parse(ByteView body, Handler& handler) {
  auto plain = Uncompress(body);
  if (!plain.ok()) return plain.status();
  auto type = DetectXContentType(*plain);
  if (!type.ok()) return InBody(type.status(), body);
  last_type_ = *type;
  return InBody(Dispatch(*plain, *type, handler), body);
}

Result<nlohmann::ordered_json> Converter::ToDom(ByteView body) {
  DomBuilder builder;
  SL_RETURN_IF_ERROR(Parse(body, builder));
  return builder.Take();
}

Status ToJson(ByteView body, std::string* out) { return Converter().AppendJson(body, *out); }

Result<nlohmann::ordered_json> ToDom(ByteView body) { return Converter().ToDom(body); }

}  // namespace shardlift::xcontent
