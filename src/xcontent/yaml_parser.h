// YamlParser: reads the first document of a YAML stream the way Elasticsearch 5 does (Jackson
// 2.8's YAMLParser over SnakeYAML 1.15) and reports it to a Handler.
//
// Syntax: block mappings (implicit and `?` explicit keys) and sequences (including the compact
// `- - x` / `- a: 1` forms and sequences at their key's indentation), flow `[...]` and `{...}`
// (with single-pair mappings in flow sequences), plain, 'single' and "double" quoted scalars with
// line folding and every SnakeYAML escape, literal `|` and folded `>` block scalars with
// indentation and chomping indicators, comments, `---` / `...` markers, anchors (ignored) and
// tags, and YAML 1.1's NEL/LS/PS line breaks. Not read: complex (collection) keys, %TAG handles.
//
// Typing follows Jackson 2.8 exactly (YAMLParser._decodeScalar with SnakeYAML's Resolver):
//  * only plain scalars are typed (and any scalar tagged !!bool/!!int/!!float/!!null);
//  * booleans: yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF
//    (not y/n); null: empty, ~, null, Null, NULL;
//  * integers: only -?[0-9]+ (so 017 is 17, but +1, 0x1F, 0b1, 1_000 and 1:30 stay strings);
//    int/long/BigInteger by digit count as Jackson decides;
//  * floats: SnakeYAML's float pattern (1e5, .5, 1_0.5, 019 ...) read as a double after removing
//    '_'; what Java's Double.parseDouble rejects (.inf, .nan, 1:30.5) is an error, as it was in ES;
//  * an alias (*a) is the string "a" (Jackson 2.8 does not resolve aliases).
// Keys are their scalar text, untyped.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "xcontent/handler.h"

namespace shardlift::xcontent {

class YamlParser {
 public:
  Status Parse(ByteView body, Handler& handler);

 private:
  // Where a node starts: at the document start, after "key:" (a block collection must start on a
  // later line), or after "- " / an explicit ": " (compact collections may start inline).
  enum class Context { kDocument, kAfterKey, kCompact };
  enum class Style { kPlain, kSingle, kDouble, kBlock, kAlias };
  struct Scalar {
    std::string_view text;  // into the body or text_
    Style style = Style::kPlain;
    bool multi_line = false;
    uint64_t offset = 0;
  };
  struct Properties {
    bool has_tag = false;
    std::string_view tag;  // as written, e.g. "!!int", "!", "!<tag:...>"
  };

  // Cursor helpers.
  bool AtEnd() const { return pos_ == end_; }
  int Column() const { return static_cast<int>(pos_ - line_start_); }
  uint64_t Offset() const { return static_cast<uint64_t>(pos_ - begin_); }
  char Peek(size_t ahead = 0) const {
    return static_cast<size_t>(end_ - pos_) > ahead ? pos_[ahead] : '\0';
  }
  size_t BreakAt(const char* p) const;  // length of the line break at p, 0 if none
  bool IsBlankAt(size_t ahead) const;   // space, tab, line break or end
  bool AtLineEnd() const;               // line break, end, or a comment
  bool AtDocumentMarker() const;        // "---" or "..." at column 0, then blank
  bool AtSequenceEntry() const { return Peek() == '-' && IsBlankAt(1); }
  void SkipSpaces();
  // Consumes one line break, appending what it reads as (see .cc) to `as_text` if given.
  bool SkipLineBreak(std::string* as_text = nullptr);
  // Skips spaces, comments and line breaks; false at the end of the body.
  bool SkipToContent();

  Status Fail(uint64_t offset, std::string_view what) const;
  Status FailHere(std::string_view what) const { return Fail(Offset(), what); }

  Status CheckCharacters() const;
  Status ParseBlockNode(int parent_indent, Context context);
  Status ParseBlockMapping(int indent, const Scalar* first_key);
  Status ParseBlockSequence(int indent);
  Status ParseBlockKey(int indent, bool explicit_key, Scalar* key);
  Status ParseFlowCollection();
  Status ParseFlowNode(Scalar* key_candidate, Properties* properties, bool* is_scalar);
  Status ParseProperties(Properties* properties);
  Status ParseAlias(Scalar* scalar);
  Status ParsePlain(int block_indent, bool flow, Scalar* scalar);
  Status ParseQuoted(Scalar* scalar);
  Status ParseBlockScalar(int block_indent, Scalar* scalar);
  Status Push();
  void Pop() { --depth_; }

  Status CheckSimpleKey(const Scalar& key) const;
  Status EmitKey(const Scalar& key);
  Status EmitScalar(const Scalar& scalar, const Properties& properties);
  Status EmitTyped(const Scalar& scalar, std::string_view type);
  Status EmitInteger(const Scalar& scalar);
  Status EmitFloat(const Scalar& scalar);

  const char* begin_ = nullptr;
  const char* pos_ = nullptr;
  const char* end_ = nullptr;
  const char* line_start_ = nullptr;
  Handler* handler_ = nullptr;
  int depth_ = 0;
  int flow_level_ = 0;
  std::string text_;       // decoded scalar text
  std::string separator_;  // pending whitespace / folded breaks inside a plain scalar
  std::string number_;     // cleaned number text
};

}  // namespace shardlift::xcontent
