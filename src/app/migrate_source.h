// es5 metadata → the plain structs es7 translates (es7/source_model.h). The only place where the
// two modules meet, so neither depends on the other's internals.
#pragma once

#include "base/result.h"
#include "es5/metadata.h"
#include "es7/source_model.h"

namespace shardlift::app {

es7::SourceIndex ToSourceIndex(const es5::IndexMetadata& meta);
es7::SourceTemplate ToSourceTemplate(const es5::IndexTemplate& source);

}  // namespace shardlift::app
