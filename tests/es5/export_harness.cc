#include "export_harness.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <fstream>
#include <sstream>

#include "support/exact_json.h"
#include "support/shared_data.h"

namespace shardlift::es5::testing {

namespace fs = std::filesystem;
using shardlift::testing::JsonValue;

namespace {

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int Spawn(const std::vector<std::string>& argv, const fs::path& out, const fs::path& err) {
  const pid_t child = ::fork();
  if (child == 0) {
    const int out_fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out_fd, STDOUT_FILENO);
    ::dup2(err_fd, STDERR_FILENO);
    std::vector<char*> args;
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The neutral form of one exported line (see ../shared/README.md).
JsonValue Neutral(const JsonValue& line) {
  JsonValue out;
  out.kind = JsonValue::Kind::kObject;
  static const std::pair<const char*, const char*> kFields[] = {
      {"_index", "index"},     {"_type", "type"},           {"_id", "id"},
      {"_routing", "routing"}, {"_parent", "parent"},       {"_version", "version"},
      {"_source", "source"},   {"_timestamp", "timestamp"}, {"_ttl", "ttl"}};
  for (const auto& [from, to] : kFields) {
    const JsonValue* value = line.Find(from);
    const bool optional = std::string(to) == "timestamp" || std::string(to) == "ttl";
    if (value != nullptr) {
      out.members.push_back({to, *value});
    } else if (!optional) {
      out.members.push_back({to, JsonValue()});
    }
  }
  return out;
}

std::string Key(const JsonValue& doc) {
  auto text = [&](const char* name) {
    const JsonValue* v = doc.Find(name);
    return v ? v->text : std::string("?");
  };
  return text("index") + "/" + text("type") + "/" + text("id");
}

}  // namespace

CommandResult RunShardlift(const std::vector<std::string>& args) {
  char dir_template[] = "/tmp/shardlift-run-XXXXXX";
  const fs::path dir = ::mkdtemp(dir_template);
  std::vector<std::string> argv = {shardlift::testing::ShardliftBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  CommandResult result;
  result.exit_code = Spawn(argv, dir / "out", dir / "err");
  result.stdout_text = Slurp(dir / "out");
  result.stderr_text = Slurp(dir / "err");
  fs::remove_all(dir);
  return result;
}

void CopyTree(const fs::path& from, const fs::path& to) {
  fs::copy(from, to, fs::copy_options::recursive);
  fs::permissions(to, fs::perms::owner_all, fs::perm_options::add);
  for (const auto& entry : fs::recursive_directory_iterator(to)) {
    fs::permissions(entry.path(), fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::add);
    if (entry.is_directory()) {
      fs::permissions(entry.path(), fs::perms::owner_exec, fs::perm_options::add);
    }
  }
}

bool Unzip(const fs::path& zip, const fs::path& dir) {
  fs::create_directories(dir);
  return Spawn({"/usr/bin/unzip", "-q", "-o", zip.native(), "-d", dir.native()}, dir / ".unzip.out",
               dir / ".unzip.err") == 0;
}

std::vector<std::string> ReadLines(const fs::path& path) {
  std::string text;
  gzFile file = ::gzopen(path.c_str(), "rb");  // reads plain files as they are
  if (file == nullptr) return {};
  char buffer[1 << 16];
  int n;
  while ((n = ::gzread(file, buffer, sizeof buffer)) > 0)
    text.append(buffer, static_cast<size_t>(n));
  ::gzclose(file);
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

Comparison CompareWithExpected(const fs::path& expected_path, const fs::path& actual_path) {
  Comparison result;
  auto note = [&](const std::string& message) {
    ++result.differences;
    if (result.messages.size() < 20) result.messages.push_back(message);
  };
  std::map<std::string, JsonValue> expected;
  for (const std::string& line : ReadLines(expected_path)) {
    JsonValue doc;
    std::string error;
    if (!shardlift::testing::ParseJson(line, &doc, &error)) {
      note("expected file: " + error);
      continue;
    }
    expected[Key(doc)] = std::move(doc);
  }
  result.expected = expected.size();
  std::map<std::string, bool> seen;
  for (const std::string& line : ReadLines(actual_path)) {
    ++result.actual;
    JsonValue parsed;
    std::string error;
    if (!shardlift::testing::ParseJson(line, &parsed, &error)) {
      note("export line " + std::to_string(result.actual) + ": " + error);
      continue;
    }
    const JsonValue doc = Neutral(parsed);
    const std::string key = Key(doc);
    if (seen[key]) note(key + ": exported twice");
    seen[key] = true;
    const auto it = expected.find(key);
    if (it == expected.end()) {
      note(key + ": not expected");
      continue;
    }
    for (const auto& [name, want] : it->second.members) {
      const JsonValue* got = doc.Find(name);
      const std::string diff = shardlift::testing::DiffJson(want, got ? *got : JsonValue(), "");
      if (!diff.empty()) note(key + " " + name + " " + diff);
    }
    for (const auto& [name, value] : doc.members) {
      if (it->second.Find(name) == nullptr) note(key + ": unexpected field " + name);
    }
  }
  for (const auto& [key, doc] : expected) {
    if (!seen[key]) note(key + ": missing");
  }
  return result;
}

}  // namespace shardlift::es5::testing
