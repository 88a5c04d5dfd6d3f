// The lucene-synth dump format (shared/README.md): every segment and document of an index as
// Lucene's own reader sees it, used to compare this reader with Lucene byte for byte.
//
//   SEG <segment name> maxDoc=<n>
//   DOC <docid> live=0|1
//   F <field> str|int|long|float|double|bin <value>
//   DV <field> <value>
//   SDV <field> <hex value>     (only with DumpOptions::sorted_doc_values)
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "lucene/index_reader.h"

namespace shardlift::lucene {

// Where dump text goes, in pieces of about a megabyte.
class TextSink {
 public:
  virtual ~TextSink() = default;
  virtual Status Write(std::string_view text) = 0;
};

// Appends to a string (tests).
class StringSink : public TextSink {
 public:
  Status Write(std::string_view text) override {
    text_.append(text);
    return Status();
  }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

struct DumpOptions {
  // Also print SORTED doc values after a live doc's DV lines, one "SDV <field> <hex>" line per
  // SORTED field the doc has a value for, in field-name order ("-" for the empty value), as the
  // Java oracle's `dump --sorted-dv` does.
  bool sorted_doc_values = false;
};

// Writes the dump of every segment of `reader`, in commit order, to `sink`.
Status WriteIndexDump(IndexReader& reader, TextSink& sink, const DumpOptions& options = {});

}  // namespace shardlift::lucene
