// What one ES 5 document becomes in ES 7: target index, id, routing and the `_source` line —
// or the reason it cannot go (dead letter).
//
// Changes to `_source`, each counted in the report: legacy booleans in boolean fields
// (BooleanCoercion, unless --no-coerce), the join value of parent/child types, the type field of
// the single-index form, and 2.x `_timestamp` / `_ttl` values when asked to keep them. Ids keep
// their bytes unless they collide across types in the single-index form (then `<type>#<id>`).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "translate/boolean_coercion.h"
#include "translate/id_collisions.h"
#include "translate/index_layout.h"
#include "translate/report.h"
#include "translate/source_model.h"

namespace shardlift::translate {

// ES 7 refuses longer ids (IndexRequest validation).
inline constexpr size_t kMaxIdBytes = 512;

struct PreparedDocument {
  std::string_view target_index;
  std::string_view id;
  std::optional<std::string_view> routing;
  std::string_view source;  // one line of JSON
  // Non-empty: the document cannot be written; it goes to the dead-letter file.
  std::string_view dead_reason;
  std::string dead_detail;
};

struct PreparerOptions {
  bool coerce_booleans = true;
  std::optional<std::string> timestamp_field;
  std::optional<std::string> ttl_field;
};

class DocumentPreparer {
 public:
  DocumentPreparer(const IndexPlan& plan, PreparerOptions options, Report& report);

  // Ids that collide across types (single-index form); may stay unset.
  void set_collisions(const IdCollisions* collisions) { collisions_ = collisions; }

  // Valid until the next call.
  const PreparedDocument& Prepare(const SourceDocument& doc);

 private:
  void DeadLetter(std::string_view reason, std::string detail);
  void AppendExtraFields(const SourceDocument& doc, const TypeRoute& route);

  const IndexPlan& plan_;
  PreparerOptions options_;
  Report& report_;
  const IdCollisions* collisions_ = nullptr;
  std::map<size_t, std::unique_ptr<BooleanCoercion>> coercions_;  // by target
  PreparedDocument out_;
  std::string id_;
  std::string coerced_;
  std::string extra_;
  std::string source_;
};

}  // namespace shardlift::translate
