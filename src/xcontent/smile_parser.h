// SmileParser: reads one SMILE document (Jackson 2.8 jackson-dataformat-smile) and reports it to a
// Handler.
//
// Covers everything Jackson 2.8's SmileGenerator writes: the `:)\n` header (required, as in
// Jackson's default REQUIRE_HEADER) with its shared-names / shared-values flags, back-references
// to names and to short string values (tables of 1024 entries that start over when full, as
// Jackson's do), all number kinds (int, long, BigInteger, float, double, BigDecimal), short and
// long ASCII/Unicode strings, raw and 7-bit binary, and the optional 0xFF end marker. After the
// root value only an end marker may follow.
//
// Strings and names are handed out as views into the body; the shared tables and scratch buffers
// are reused, so a warm parser allocates nothing per document.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "xcontent/container_stack.h"
#include "xcontent/handler.h"

namespace shardlift::xcontent {

class SmileParser {
 public:
  SmileParser();

  // Parses `body` (header included) and reports its events to `handler`.
  Status Parse(ByteView body, Handler& handler);

 private:
  class Cursor;

  // Each reads what follows `token` (found at offset `at`) and reports it.
  Status ParseKey(uint8_t token, uint64_t at, Cursor& in, Handler& handler);
  Status ParseValue(uint8_t token, uint64_t at, Cursor& in, Handler& handler);
  Status ParseNumber(uint8_t token, uint64_t at, Cursor& in, Handler& handler);
  Status SharedValue(size_t index, uint64_t at, Cursor& in, Handler& handler);
  // Decodes a length-prefixed 7-bit encoded byte string (at most `max_size` bytes) into binary_.
  Status ReadSevenBitBinary(Cursor& in, std::string_view what, uint64_t max_size);

  bool shared_names_enabled_ = false;
  bool shared_values_enabled_ = false;
  std::vector<std::string_view> shared_names_;   // views into the body
  std::vector<std::string_view> shared_values_;  // views into the body
  std::vector<uint8_t> binary_;                  // decoded 7-bit binary
  std::string number_;                           // big number text
  std::string unscaled_;                         // BigDecimal digits
  ContainerStack stack_;
};

}  // namespace shardlift::xcontent
