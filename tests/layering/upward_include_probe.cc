// Compiled twice by tests/layering: linked to shardlift_translate it builds; linked only to
// shardlift_lucene, a layer below translate, the include must not be found.
#include "translate/report.h"

int LayeringProbe() { return static_cast<int>(shardlift::translate::Severity::kError); }
