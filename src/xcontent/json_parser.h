// JsonParser: reads one JSON document the way Elasticsearch 5's Jackson JsonFactory does
// (ALLOW_COMMENTS on: `//` and `/* */` comments; a leading UTF-8 BOM; nothing else lenient:
// no single quotes, unquoted names, leading zeros, NaN or trailing commas) and reports it to a
// Handler. Numbers go out as RawNumber with their exact text and Jackson's kind (int, long or
// big integer by value; every fraction or exponent a double). Only whitespace and comments may
// follow the root value.
//
// Strings without escapes are views into the body; others are decoded into a reused buffer.
#pragma once

#include <string>

#include "base/status.h"
#include "xcontent/container_stack.h"
#include "xcontent/handler.h"

namespace shardlift::xcontent {

class JsonParser {
 public:
  Status Parse(ByteView body, Handler& handler);

 private:
  Status SkipSpace();
  Status ParseString(std::string_view* text);
  Status ParseScalar(Handler& handler);
  Status ParseNumber(Handler& handler);
  Status ParseKey(Handler& handler);
  Status Fail(const uint8_t* at, std::string_view what) const;
  Status Expected(std::string_view what) const;

  const uint8_t* begin_ = nullptr;
  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
  std::string unescaped_;
  ContainerStack stack_;
};

}  // namespace shardlift::xcontent
