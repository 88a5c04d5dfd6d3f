// es5 metadata → the plain structs the translation works on (translate/source_model.h). The only
// place where the two meet, so neither depends on the other's internals.
#pragma once

#include "base/result.h"
#include "es5/metadata.h"
#include "translate/source_model.h"

namespace shardlift::pipeline {

translate::SourceIndex ToSourceIndex(const es5::IndexMetadata& meta);
translate::SourceTemplate ToSourceTemplate(const es5::IndexTemplate& source);

}  // namespace shardlift::pipeline
