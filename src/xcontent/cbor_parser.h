// CborParser: reads one CBOR document (RFC 7049) the way Jackson 2.8's CBORParser does and
// reports it to a Handler.
//
// Definite and indefinite lengths, chunked text and byte strings, half/single/double floats,
// false/true/null. Jackson's choices are kept: integers are int or long by encoded width
// (8/16/32-bit → int unless above int32, 64-bit → long, beyond → BigInteger); a value may carry
// at most one tag; tag 2/3 on a byte string is a BigInteger read as two's complement (tag 3
// negated), tag 4 on a 2-element array is a BigDecimal with the first element as its *scale*
// (as Jackson's own generator writes it); every other tag (e.g. self-describe 55799) is ignored;
// byte strings are binary; undefined and other simple values are errors; keys may be text,
// integers (printed in decimal) or UTF-8 byte strings. After the root value nothing may follow.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "xcontent/container_stack.h"
#include "xcontent/handler.h"

namespace shardlift::xcontent {

class CborParser {
 public:
  Status Parse(ByteView body, Handler& handler);

 private:
  struct Head {  // the initial byte of a data item and its argument
    uint8_t major;
    uint8_t info;       // the low 5 bits
    uint64_t argument;  // value / length (not meaningful when indefinite)
    bool indefinite;
    uint64_t offset;  // where the item starts
  };

  Status ReadHead(Head* head);
  Status ParseKey(Handler& handler);
  Status ParseValue(Handler& handler);
  Status ParseInteger(const Head& head, Handler& handler);
  Status ParseSimple(const Head& head, Handler& handler);
  Status ParseDecimalFraction(const Head& array_head, Handler& handler);
  Status OpenContainer(const Head& head, Handler& handler);
  // The bytes of a text (major 3) or byte (major 2) string, chunked or not, as a view into the
  // body or into chunks_.
  Status ReadString(const Head& head, std::string_view* bytes);
  Status CheckUtf8(std::string_view text, uint64_t offset) const;
  Status Fail(uint64_t offset, std::string_view what) const;
  Status Truncated(std::string_view what) const;

  const uint8_t* begin_ = nullptr;
  const uint8_t* pos_ = nullptr;
  const uint8_t* end_ = nullptr;
  ContainerStack stack_;
  std::array<int64_t, kMaxDepth> left_{};  // items (map: pairs) still to come; -1 = indefinite
  std::string chunks_;                     // concatenated chunks
  std::string number_;                     // big number text
  std::string unscaled_;                   // BigDecimal digits
};

}  // namespace shardlift::xcontent
