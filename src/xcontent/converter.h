// Converter: any XContent body Elasticsearch 5.x / 2.x can hold (a `_source`, a state file body,
// a compressed mapping) to one line of JSON, to a DOM, or to Handler events.
//
// The body's first bytes decide (content_type.h): "DFL\0" is inflated first (raw DEFLATE, at
// most one level), 1.x-era LZF is reported as unsupported, then JSON / SMILE / YAML / CBOR go to
// their parser. A Converter keeps its parsers' tables and buffers between calls, so converting
// document after document allocates nothing once warm (beyond growing the caller's string).
// Not thread-safe: use one per thread.
//
// Policies (what Elasticsearch 5 / Jackson 2.8 would have done, checked against Jackson 2.8.6 by
// tests/xcontent/differential_test.cc):
//  * Numbers, binary, escapes: see json_writer.h (NaN/Infinity become the strings "NaN",
//    "Infinity", "-Infinity"; binary becomes base64; characters beyond U+FFFF are written as
//    escaped surrogate pairs, as Jackson's UTF8JsonGenerator does).
//  * Invalid UTF-8 in a SMILE/CBOR/YAML/JSON string or key is a corruption error naming its
//    offset. Jackson rejected most of it too (JSON, SMILE long strings and names); it silently
//    mangled some (SMILE short strings, CBOR byte-string keys), which we do not imitate. JSON
//    bodies pass through AppendJson validated as JsonParser reads them (json_line.h): a body ES
//    could not have parsed is damage or a forgery, refused with its offset.
//  * A \uD800-style escape without its other half (JSON, YAML) is an error: UTF-8 cannot hold it
//    (Jackson kept it in a Java string). Only the parsing paths see this; pass-through keeps it.
//  * Anything after the root value other than whitespace/comments (JSON, YAML), the 0xFF end
//    marker (SMILE) or nothing (CBOR) is an error; Jackson never looked past the root value.
//
//   xcontent::Converter converter;
//   std::string line;
//   for (each document) {
//     line.clear();
//     if (Status s = converter.AppendJson(source, line); !s.ok())
//       return s.WithContext(where);   // "<file>: doc 17 _source: SMILE offset 40: ..."
//     bulk.Add(line);
//   }
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/result.h"
#include "codec/deflate.h"
#include "xcontent/cbor_parser.h"
#include "xcontent/content_type.h"
#include "xcontent/json_parser.h"
#include "xcontent/json_writer.h"
#include "xcontent/smile_parser.h"
#include "xcontent/yaml_parser.h"

namespace shardlift::xcontent {

// Most bytes a DFL body may inflate to; past it the body is refused (an error naming it), and
// memory stays bounded whatever the input (a DEFLATE bomb expands up to 1032:1).
//  * A `_source`: 100 MiB, ES 5's default http.max_content_length, the largest request a stock
//    ES 5 accepted, so the largest source it could have stored.
//  * Metadata (a mapping or alias filter, CompressedXContent): 8 MiB. A mapping at ES 5's default
//    index.mapping.total_fields.limit (1000 fields) is ~100 KB; its parsed DOM takes ~10x its
//    bytes, and shardlift's memory budget is 256 MB.
inline constexpr size_t kMaxInflatedSource = size_t{100} << 20;
inline constexpr size_t kMaxInflatedMetadata = size_t{8} << 20;

class Converter {
 public:
  // `max_inflated`: the most bytes a DFL body may inflate to (see above).
  explicit Converter(size_t max_inflated = kMaxInflatedSource);
  ~Converter();
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;

  // Appends `body` as one line of JSON to `out` (no trailing newline). JSON bodies pass through
  // as written, validated (json_line.h); the others are printed the way ES 5 converts them
  // (json_writer.h).
  // On error `out` keeps its previous contents.
  Status AppendJson(ByteView body, std::string& out);

  // Reports `body` as events to `handler` (a JSON body through the full JsonParser).
  Status Parse(ByteView body, Handler& handler);

  // `body` as a DOM (see dom_builder.h for how values map).
  Result<nlohmann::ordered_json> ToDom(ByteView body);

  // The content type of the last body handed to any method (after inflating).
  XContentType last_type() const { return last_type_; }

 private:
  // The uncompressed body (`body` itself, or a view of inflated_) and its content type.
  Result<ByteView> Uncompress(ByteView body);
  Status Dispatch(ByteView plain, XContentType type, Handler& handler);

  size_t max_inflated_;
  codec::RawInflater inflater_;
  codec::InflateBuffer inflated_;
  XContentType last_type_ = XContentType::kJson;
  SmileParser smile_;
  CborParser cbor_;
  YamlParser yaml_;
  JsonParser json_;
  JsonWriter writer_{nullptr};
};

// One-shot helpers for metadata (they allocate a Converter: not for the document hot path).
Status ToJson(ByteView body, std::string* out, size_t max_inflated = kMaxInflatedMetadata);
Result<nlohmann::ordered_json> ToDom(ByteView body, size_t max_inflated = kMaxInflatedMetadata);

}  // namespace shardlift::xcontent
