// Values ES 5 took and ES 7's mapping refuses, kept rather than dead-lettered.
//
// ES 5.6 indexed 1e+39 in a `float` field as Infinity, a number too large for a `long` as
// something, a date its Joda parser read; ES 7 refuses the whole document
// (mapper_parsing_exception "failed to parse field [value] of type [float]", caused by
// "[float] supports only finite values, but got [Infinity]"). ClearML's scalars hold such values.
// On the first such refusal for a field of a type that takes `ignore_malformed` (numbers, dates,
// ip, geo), the field's mapping gets `ignore_malformed: true` (PUT _mapping, the field's own
// definition otherwise unchanged: 7.6.2 and 7.17 both update the parameter on an existing
// field) and the refused documents are sent again: the value stays in `_source` exactly as it
// was, unindexed (ES lists the field in the document's `_ignored`), and the document is kept.
// Each field changed is a warning in the translation report; a value ES refuses even then (an
// object where a number is mapped) is dead-lettered as before.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "client/bulk_writer.h"
#include "client/cluster.h"
#include "json/json.h"
#include "translate/report.h"

namespace shardlift::pipeline {

// The field and type ES names in "failed to parse field [F] of type [T] …", when T takes
// ignore_malformed; nullopt for any other refusal.
std::optional<std::pair<std::string, std::string>> MalformedField(const Json& error);

// The PUT _mapping body that sets ignore_malformed on `field` (a dotted path through
// properties and multi-fields) of `mapping` (an index's "mappings"), every definition on the
// way copied as it is; nullopt when `field` is not in it or already ignores malformed values.
std::optional<Json> IgnoreMalformedUpdate(const Json& mapping, const std::string& field);
// Whether `field` of `mapping` ignores malformed values.
bool IgnoresMalformed(const Json& mapping, const std::string& field);

class MalformedValues : public client::ItemRepair {
 public:
  MalformedValues(const client::HttpOptions& http, translate::Report& report)
      : cluster_(http), report_(report) {}

  uint64_t generation() const override;
  bool Repair(const std::string& index, const Json& error, uint64_t sent_at) override;

 private:
  // Sets ignore_malformed on `field` of `index`; why not, when it cannot.
  Status Update(const std::string& index, const std::string& field);

  mutable std::mutex mutex_;
  client::Cluster cluster_;
  translate::Report& report_;
  uint64_t generation_ = 0;
  // (index, field) → the generation its mapping changed at; 0 = it cannot be changed.
  std::map<std::pair<std::string, std::string>, uint64_t> fields_;
};

}  // namespace shardlift::pipeline
