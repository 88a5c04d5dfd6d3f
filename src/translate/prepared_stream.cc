#include "translate/prepared_stream.h"

#include "translate/id_collisions.h"

namespace shardlift::translate {

Status StreamPrepared(const SourceIndex& index, const IndexPlan& plan,
                      const PreparerOptions& options, Report& report, const DocumentStream& stream,
                      const PreparedVisitor& visit, const DocumentStream* every) {
  DocumentPreparer preparer(plan, options, report);
  IdCollisions collisions;
  bool needs_collisions = false;
  for (const auto& [type, route] : plan.routes) needs_collisions |= !route.type_field.empty();
  if (needs_collisions) {
    // A first pass over the ids: only ids that occur under two types get a type prefix.
    SL_RETURN_IF_ERROR((every != nullptr ? *every : stream)(index, [&](const SourceDocument& doc) {
      collisions.Add(doc.type, doc.id);
      return Status();
    }));
    if (collisions.colliding() > 0) {
      report.Add(Severity::kWarning, "index " + index.name, "_id", "id-prefixed",
                 std::to_string(collisions.colliding()) +
                     " ids occur under several types: those documents get \"<type>#<id>\"");
    }
    preparer.set_collisions(&collisions);
  }
  return stream(index,
                [&](const SourceDocument& doc) { return visit(doc, preparer.Prepare(doc)); });
}

}  // namespace shardlift::translate
