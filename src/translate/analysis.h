// Analysis settings, ES 5/2.x → ES 7: components renamed or removed since 5.x.
//
//  * token filter `standard` (a no-op since 5.x) was removed in 7.0: references are dropped, and so
//    are custom filters of that type;
//  * camelCase names refused for new 7.x indices: nGram → ngram, edgeNGram → edge_ngram,
//    delimited_payload_filter → delimited_payload, htmlStrip → html_strip, …;
//  * `position_offset_gap` (2.x) → `position_increment_gap`;
//  * ngram / shingle ranges wider than ES 7's index.max_ngram_diff / max_shingle_diff defaults
//    raise those settings, since 5.x had no such limit.
#pragma once

#include "json/json.h"
#include "translate/report.h"

namespace shardlift::translate {

// Rewrites `index_settings` (the object under "index") in place.
void TranslateAnalysis(Json& index_settings, ReportScope& report);

}  // namespace shardlift::translate
