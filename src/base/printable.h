// Text from the data — index and type names, ids, what a server answered — on its way to a
// terminal or a log. Elasticsearch 5 accepts index names with newlines and escape characters, and a
// hostile state file or server can put anything there: printed raw, an ESC sequence rewrites the
// screen, a newline forges a line of the summary. Control characters (C0, DEL, and C1 as UTF-8)
// are shown as escapes instead.
#pragma once

#include <string>
#include <string_view>

namespace shardlift {

// `text` for one line of output: every control character escaped ("\n", "\t", "\r", else
// "\xNN").
std::string Printable(std::string_view text);

// A message of one or more lines: control characters escaped as in Printable, but '\n' and '\t'
// kept.
std::string PrintableLines(std::string_view text);

}  // namespace shardlift
