// The translation report: every change made on the way to ES 7, for machines (JSON) and people
// (text), plus the document-level counters of the load.
//
// Nothing is changed silently: each rule that drops, renames or rewrites something adds an entry
// naming the subject ("index catalog"), the path inside it, a stable rule id and a sentence.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"

namespace shardlift::translate {

enum class Severity {
  kInfo,     // equivalent form, nothing a user relies on changes
  kWarning,  // meaning or behaviour changes, or something was skipped
  kError,    // cannot be migrated as asked
};

std::string_view SeverityName(Severity severity);

struct Change {
  Severity severity;
  std::string subject;  // "index catalog", "template events", "alias #index-2.0.0"
  std::string path;     // "mappings.review._parent", "settings.index.uuid"
  std::string rule;     // stable id, e.g. "string-to-keyword"
  std::string detail;   // one sentence for people
};

class Report {
 public:
  // Appends a change. Thread-safe.
  void Add(Severity severity, std::string_view subject, std::string_view path,
           std::string_view rule, std::string_view detail);
  // Adds `n` to the document-level counter `name` (e.g. "boolean-coerced"). Thread-safe.
  void Count(std::string_view name, int64_t n = 1);

  std::vector<Change> changes() const;
  std::map<std::string, int64_t, std::less<>> counters() const;
  int64_t counter(std::string_view name) const;
  bool HasErrors() const;
  // True when an entry with `rule` exists for `subject` (empty subject: any).
  bool Has(std::string_view rule, std::string_view subject = "") const;

  // {"changes":[{severity,subject,path,rule,detail}…],"counters":{…}}
  Json ToJson() const;
  // One line per change, grouped by subject, then the counters.
  std::string ToText() const;
  // The same at a glance, for the changes from the `from`th on: warnings and errors one per
  // line, the info entries of one rule on a single line (how many, in how many subjects, the
  // first subjects, the paths changed; a rule's only entry as it is), then the counters.
  std::string ToGroupedText(size_t from = 0) const;

 private:
  mutable std::mutex mutex_;
  std::vector<Change> changes_;
  std::map<std::string, int64_t, std::less<>> counters_;
};

// A Report bound to one subject, so translation code only names paths.
class ReportScope {
 public:
  ReportScope(Report& report, std::string subject)
      : report_(report), subject_(std::move(subject)) {}

  void Info(std::string_view path, std::string_view rule, std::string_view detail) {
    report_.Add(Severity::kInfo, subject_, path, rule, detail);
  }
  void Warn(std::string_view path, std::string_view rule, std::string_view detail) {
    report_.Add(Severity::kWarning, subject_, path, rule, detail);
  }
  void Error(std::string_view path, std::string_view rule, std::string_view detail) {
    report_.Add(Severity::kError, subject_, path, rule, detail);
  }
  const std::string& subject() const { return subject_; }
  Report& report() { return report_; }

 private:
  Report& report_;
  std::string subject_;
};

}  // namespace shardlift::translate
