#include "xcontent/converter.h"

#include "xcontent/dom_builder.h"
#include "xcontent/json_line.h"

namespace shardlift::xcontent {

Converter::Converter(size_t max_inflated) : max_inflated_(max_inflated) {}

Converter::~Converter() = default;

Result<ByteView> Converter::Uncompress(ByteView body) {
  if (IsLzfCompressed(body)) {
    return Status::Unsupported(
        "LZF-compressed body: written by Elasticsearch 1.x, which ES 5 cannot read either "
        "(reindex the index with ES 2.x first)");
  }
  if (!IsDeflateCompressed(body)) return body;
  const ByteView deflated = body.subspan(kDeflateHeader.size());
  const codec::InflateResult inflated =
      inflater_.InflateWithLimit(deflated.data(), deflated.size(), max_inflated_, inflated_);
  if (inflated.too_large) {
    return Status::Corruption("DFL-compressed body of " + std::to_string(body.size()) +
                              " bytes inflates to more than " + std::to_string(max_inflated_) +
                              " bytes, the most accepted (a DEFLATE bomb, or a body larger than "
                              "Elasticsearch 5 accepts by default)");
  }
  if (inflated.error != nullptr) {
    return Status::Corruption("DFL-compressed body: " + std::string(inflated.error) +
                              " after the 4-byte header");
  }
  return ByteView(inflated_.data(), inflated.size);
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
  if (!body.empty() && body[0] == '{') {  // plain JSON, the common case: no header to look at
    last_type_ = XContentType::kJson;
    return AppendJsonLine(body, out);
  }
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

Status ToJson(ByteView body, std::string* out, size_t max_inflated) {
  return Converter(max_inflated).AppendJson(body, *out);
}

Result<nlohmann::ordered_json> ToDom(ByteView body, size_t max_inflated) {
  return Converter(max_inflated).ToDom(body);
}

}  // namespace shardlift::xcontent
