#include "translate/report.h"

#include <algorithm>
#include <map>
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

namespace {

// "index catalog" → "index"; counted as "3 indices".
std::string_view SubjectKind(std::string_view subject) {
  return subject.substr(0, subject.find(' '));
}

std::string Plural(std::string_view kind, size_t count) {
  std::string word(kind);
  if (count != 1)
    word = kind == "index" ? "indices" : kind.ends_with('s') ? word + "es" : word + "s";
  return std::to_string(count) + " " + word;
}

// "a, b, … 3 more": the first `shown` of `items`.
std::string FirstOf(const std::vector<std::string>& items, size_t shown) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < shown; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > shown) out += ", … " + std::to_string(items.size() - shown) + " more";
  return out;
}

void AppendUnique(std::vector<std::string>& items, const std::string& item) {
  if (std::find(items.begin(), items.end(), item) == items.end()) items.push_back(item);
}

}  // namespace

std::string Report::ToGroupedText(size_t from) const {
  constexpr size_t kSubjectsShown = 2;
  constexpr size_t kPathsShown = 4;
  struct Group {
    size_t count = 0;
    size_t first = 0;                   // index of its first change
    std::vector<std::string> subjects;  // in order of first appearance
    std::vector<std::string> paths;
  };
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  std::vector<std::string> rules;  // in order of first appearance
  std::map<std::string, Group> groups;
  for (size_t i = from; i < changes_.size(); ++i) {
    const Change& change = changes_[i];
    if (change.severity != Severity::kInfo) {
      out << "  [" << SeverityName(change.severity) << "] " << change.subject << ": " << change.path
          << ": " << change.detail << " (" << change.rule << ")\n";
      continue;
    }
    AppendUnique(rules, change.rule);
    Group& group = groups[change.rule];
    if (group.count++ == 0) group.first = i;
    AppendUnique(group.subjects, change.subject);
    AppendUnique(group.paths, change.path);
  }
  for (const std::string& rule : rules) {
    const Group& group = groups[rule];
    if (group.count ==
        1) {  // alone, it keeps its detail ("target: version: Elasticsearch 7.6.2 …")
      const Change& change = changes_[group.first];
      out << "  [info] " << change.subject << ": " << change.path << ": " << change.detail << " ("
          << rule << ")\n";
      continue;
    }
    // Subjects by kind: "26 indices and 3 templates".
    std::vector<std::string> kinds;
    std::map<std::string, size_t> per_kind;
    for (const std::string& subject : group.subjects) {
      const std::string kind(SubjectKind(subject));
      AppendUnique(kinds, kind);
      ++per_kind[kind];
    }
    std::string where;
    for (size_t i = 0; i < kinds.size(); ++i) {
      where += (i == 0                  ? ""
                : i + 1 == kinds.size() ? " and "
                                        : ", ") +
               Plural(kinds[i], per_kind[kinds[i]]);
    }
    // One kind of subject: its names without the kind ("indices (a, b, …)").
    std::vector<std::string> names = group.subjects;
    if (kinds.size() == 1) {
      for (std::string& name : names) name.erase(0, kinds.front().size() + 1);
    }
    out << "  [info] " << rule << ": " << group.count << " in " << where << " ("
        << FirstOf(names, kSubjectsShown) << "): " << FirstOf(group.paths, kPathsShown) << "\n";
  }
  if (!counters_.empty()) {
    out << "documents:\n";
    for (const auto& [name, value] : counters_) out << "  " << name << ": " << value << "\n";
  }
  return out.str();
}

}  // namespace shardlift::translate
