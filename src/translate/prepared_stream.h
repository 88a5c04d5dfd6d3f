// Every document of one source index as migrate sends it: the pass over the ids that the
// single-index form needs (IdCollisions), then DocumentPreparer. Migrate loads what this yields
// and verify compares the target with it, so both see exactly the same documents.
#pragma once

#include <functional>

#include "base/status.h"
#include "translate/document_preparer.h"
#include "translate/index_layout.h"
#include "translate/report.h"
#include "translate/source_model.h"

namespace shardlift::translate {

using DocumentVisitor = std::function<Status(const SourceDocument&)>;
// Hands every document of `index` (all its shards) to the visitor.
using DocumentStream = std::function<Status(const SourceIndex& index, const DocumentVisitor&)>;
// A document and what it becomes (a dead reason when it cannot go); valid during the call only.
using PreparedVisitor = std::function<Status(const SourceDocument&, const PreparedDocument&)>;

// Streams `index` (planned as `plan`) through the preparer; stops at the first error. `every`:
// every document of the index, for the pass over ids, when `stream` yields only some of them (a
// share of its shards); by default `stream` itself.
Status StreamPrepared(const SourceIndex& index, const IndexPlan& plan,
                      const PreparerOptions& options, Report& report, const DocumentStream& stream,
                      const PreparedVisitor& visit, const DocumentStream* every = nullptr);

}  // namespace shardlift::translate
