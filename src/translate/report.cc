#include "translate/report.h"

#include <algorithm>
#include <sstream>

#include "base/printable.h"

namespace shardlift::translate {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "info";
}

void Report::Add(Severity severity, std::string_view subject, std::string_view path,
                 std::string_view rule, std::string_view detail) {
  std::lock_guard lock(mutex_);
  changes_.push_back(Change{severity, std::string(subject), std::string(path), std::string(rule),
                            std::string(detail)});
}

void Report::Count(std::string_view name, int64_t n) {
  std::lock_guard lock(mutex_);
  auto it = counters_.find(name);
  if (it == counters_.end()) it = counters_.emplace(std::string(name), 0).first;
  it->second += n;
}

std::vector<Change> Report::changes() const {
  std::lock_guard lock(mutex_);
  return changes_;
}

std::map<std::string, int64_t, std::less<>> Report::counters() const {
  std::lock_guard lock(mutex_);
  return counters_;
}

int64_t Report::counter(std::string_view name) const {
  std::lock_guard lock(mutex_);
  auto it = counters_.find(name);
  return it == counters_.end() ? 0 : it->second;
}

bool Report::HasErrors() const {
  std::lock_guard lock(mutex_);
  for (const Change& change : changes_) {
    if (change.severity == Severity::kError) return true;
  }
  return false;
}

bool Report::Has(std::string_view rule, std::string_view subject) const {
  std::lock_guard lock(mutex_);
  for (const Change& change : changes_) {
    if (change.rule == rule && (subject.empty() || change.subject == subject)) return true;
  }
  return false;
}

Json Report::ToJson() const {
  std::lock_guard lock(mutex_);
  Json changes = Json::array();
  for (const Change& change : changes_) {
    changes.push_back({{"severity", SeverityName(change.severity)},
                       {"subject", change.subject},
                       {"path", change.path},
                       {"rule", change.rule},
                       {"detail", change.detail}});
  }
  Json counters = Json::object();
  for (const auto& [name, value] : counters_) counters[name] = value;
  return {{"changes", std::move(changes)}, {"counters", std::move(counters)}};
}

std::string Report::ToText() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  // Group by subject in order of first appearance, so each index reads as one block.
  std::vector<std::string> subjects;
  for (const Change& change : changes_) {
    if (std::find(subjects.begin(), subjects.end(), change.subject) == subjects.end()) {
      subjects.push_back(change.subject);
    }
  }
  // One line per entry, whatever names (from the source) the parts hold.
  for (const std::string& subject : subjects) {
    out << Printable(subject) << ":\n";
    for (const Change& change : changes_) {
      if (change.subject != subject) continue;
      out << "  [" << SeverityName(change.severity) << "] " << Printable(change.path) << ": "
          << Printable(change.detail) << " (" << change.rule << ")\n";
    }
  }
  if (!counters_.empty()) {
    out << "documents:\n";
    for (const auto& [name, value] : counters_) {
      out << "  " << Printable(name) << ": " << value << "\n";
    }
  }
  return out.str();
}

}  // namespace shardlift::translate
