#include "migrate/fixture_check.h"

#include <zlib.h>

#include <fstream>
#include <set>
#include <sstream>

namespace shardlift::testing {
namespace {

using Json = nlohmann::ordered_json;

struct Key {
  std::string index, type, id;
  auto operator<=>(const Key&) const = default;
};

std::string Show(const Key& key) { return key.index + "/" + key.type + "/" + key.id; }

std::optional<bool> Legacy(const Json& value) {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    if (text == "on" || text == "yes" || text == "1") return true;
    if (text == "off" || text == "no" || text == "0") return false;
  }
  if (value.is_number_integer() && (value == 0 || value == 1)) return value == 1;
  return std::nullopt;
}

// Rewrites legacy booleans at `paths` (dotted; arrays transparent); returns how many.
int Coerce(Json& value, const std::string& path, const std::set<std::string>& paths) {
  int count = 0;
  if (value.is_object()) {
    for (auto& [key, child] : value.items()) {
      count += Coerce(child, path.empty() ? key : path + "." + key, paths);
    }
  } else if (value.is_array()) {
    for (Json& child : value) count += Coerce(child, path, paths);
  } else if (paths.contains(path)) {
    if (auto meaning = Legacy(value)) {
      value = *meaning;
      ++count;
    }
  }
  return count;
}

void BooleanPaths(const Json& properties, const std::string& prefix, std::set<std::string>& out) {
  if (!properties.is_object()) return;
  for (const auto& [name, field] : properties.items()) {
    const std::string path = prefix.empty() ? name : prefix + "." + name;
    if (field.value("type", "") == "boolean") out.insert(path);
    if (field.contains("properties")) BooleanPaths(field["properties"], path, out);
  }
}

}  // namespace

std::vector<std::string> ReadGzipLines(const std::filesystem::path& path) {
  std::vector<std::string> lines;
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) return lines;
  std::string data;
  char buffer[1 << 16];
  int n;
  while ((n = gzread(file, buffer, sizeof(buffer))) > 0) data.append(buffer, n);
  gzclose(file);
  std::istringstream in(data);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::string FixtureCheck::Describe() const {
  std::ostringstream out;
  out << "expected " << expected << ", in target " << in_target << ", dead-lettered "
      << dead_lettered << "\n";
  for (const auto& [reason, count] : dead_reasons)
    out << "  dead: " << reason << " " << count << "\n";
  for (const auto& [name, count] : transformations) {
    out << "  transformed: " << name << " " << count << "\n";
  }
  out << differences.size() << " differences\n";
  for (size_t i = 0; i < differences.size() && i < 20; ++i) out << "  " << differences[i] << "\n";
  return out.str();
}

FixtureCheck CheckFixture(Es7Client& client, const std::filesystem::path& expected_gz,
                          const std::filesystem::path& dead_letters,
                          const FixtureCheckOptions& options) {
  FixtureCheck check;
  std::map<Key, Json> expected;
  std::map<std::string, std::set<std::string>> types_of;  // source index → types
  for (const std::string& line : ReadGzipLines(expected_gz)) {
    Json doc = Json::parse(line);
    Key key{doc["index"], doc["type"], doc["id"]};
    if (options.left_out.contains(key.index)) continue;
    types_of[key.index].insert(key.type);
    expected[key] = std::move(doc);
  }
  check.expected = static_cast<int64_t>(expected.size());
  if (expected.empty())
    check.differences.push_back("no expected documents in " + expected_gz.string());

  std::map<Key, std::string> dead;
  std::ifstream dead_in(dead_letters);
  for (std::string line; std::getline(dead_in, line);) {
    const Json letter = Json::parse(line, nullptr, false);
    if (letter.is_discarded()) {
      check.differences.push_back("unreadable dead-letter line: " + line.substr(0, 200));
      continue;
    }
    Key key{letter["index"], letter["type"], letter["id"]};
    if (!dead.emplace(key, letter.value("reason", "")).second) {
      check.differences.push_back("dead-lettered twice: " + Show(key));
    }
  }

  // Where each source index / type went: "<prefix><index>" or "<prefix><index>-<type>".
  std::map<std::string, std::pair<std::string, std::string>> target_of;  // target → index, type
  for (const auto& [index, types] : types_of) {
    target_of[options.prefix + index] = {index, types.size() == 1 ? *types.begin() : ""};
    for (const std::string& type : types) {
      std::string split = options.prefix + index + "-" + type;
      for (char& c : split) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      target_of[split] = {index, type};
    }
  }

  // Closed indices (the migration closes what ES 5 had closed) must be open to be read; opened
  // by name, as 8.x refuses wildcards there (action.destructive_requires_name).
  const auto listed =
      client.Get("/_cat/indices/" + options.prefix + "*?format=json&h=index,status").Json();
  for (const auto& row : listed) {
    if (row.value("status", "") != "close") continue;
    const std::string name = row.value("index", "");
    client.Request("POST", "/" + name + "/_open", "", "");  // takes no body
  }
  client.Get("/_cluster/health/" + options.prefix + "*?wait_for_status=yellow&timeout=60s");
  client.Request("POST", "/" + options.prefix + "*/_refresh", "", "");
  std::map<std::string, std::set<std::string>> booleans;  // target index → boolean paths
  const auto mappings = client.Get("/" + options.prefix + "*/_mapping").Json();
  for (const auto& [index, body] : mappings.items()) {
    BooleanPaths(body["mappings"].value("properties", Json::object()), "", booleans[index]);
  }

  std::set<Key> seen;
  auto page = client.Post("/" + options.prefix + "*/_search?scroll=2m",
                          {{"size", 1000}, {"version", true}, {"sort", {"_doc"}}});
  while (true) {
    const Json body = Json::parse(page.body, nullptr, false);
    if (body.is_discarded() || !body.contains("hits")) {
      check.differences.push_back("scroll failed: " + page.Describe().substr(0, 300));
      break;
    }
    const Json& hits = body["hits"]["hits"];
    if (hits.empty()) break;
    for (const Json& hit : hits) {
      ++check.in_target;
      const std::string target_index = hit["_index"];
      std::string id = hit["_id"];
      Json source = hit["_source"];
      auto where = target_of.find(target_index);
      if (where == target_of.end()) {
        check.differences.push_back("document in an unexpected index: " + target_index + "/" + id);
        continue;
      }
      std::string type = where->second.second;
      if (source.is_object() && source.contains(options.type_field)) {
        type = source[options.type_field];
        source.erase(options.type_field);
        ++check.transformations["type-field"];
      }
      bool prefixed = false;
      if (id.starts_with(type + "#") && !expected.contains({where->second.first, type, id})) {
        id = id.substr(type.size() + 1);
        prefixed = true;
        ++check.transformations["id-prefixed"];
      }
      const Key key{where->second.first, type, id};
      auto it = expected.find(key);
      if (it == expected.end()) {
        check.differences.push_back("not in the fixture: " + Show(key));
        continue;
      }
      if (!seen.insert(key).second) {
        check.differences.push_back("twice in the target: " + Show(key));
        continue;
      }
      if (dead.contains(key))
        check.differences.push_back("in the target and dead-lettered: " + Show(key));
      Json want = it->second["source"];
      // Routing: as in ES 5; an id that got its type prefix is routed by its original id.
      const Json routing = hit.contains("_routing") ? hit["_routing"] : Json();
      const Json want_routing =
          it->second["routing"].is_null() && prefixed ? Json(id) : it->second["routing"];
      if (routing != want_routing) {
        check.differences.push_back(Show(key) + ": routing " + routing.dump() + ", expected " +
                                    want_routing.dump());
      }
      if (hit["_version"] != it->second["version"]) {
        check.differences.push_back(Show(key) + ": version " + hit["_version"].dump() +
                                    ", expected " + it->second["version"].dump());
      }
      if (source.is_object() && source.contains(options.join_field)) {
        const Json join = source[options.join_field];
        source.erase(options.join_field);
        ++check.transformations["join-field"];
        const Json& parent = it->second["parent"];
        const bool ok =
            parent.is_null()
                ? join == Json(type)
                : (join.value("name", "") == type &&
                   (join["parent"] == parent ||
                    join["parent"].get<std::string>().ends_with("#" + parent.get<std::string>())));
        if (!ok) check.differences.push_back(Show(key) + ": join " + join.dump());
      } else if (!it->second["parent"].is_null()) {
        check.differences.push_back(Show(key) + ": parent " + it->second["parent"].dump() +
                                    " lost (no join value)");
      }
      if (it->second.contains("timestamp") || it->second.contains("ttl")) {
        ++check.transformations["legacy-meta-dropped"];
      }
      const int coerced = Coerce(want, "", booleans[target_index]);
      if (coerced > 0) check.transformations["boolean-coerced"] += coerced;
      if (want.dump() != source.dump()) {
        check.differences.push_back(Show(key) +
                                    ": _source differs: " + source.dump().substr(0, 300) +
                                    " vs expected " + want.dump().substr(0, 300));
      }
    }
    const std::string scroll_id = body.value("_scroll_id", "");
    page = client.Post("/_search/scroll", {{"scroll", "2m"}, {"scroll_id", scroll_id}});
  }

  for (const auto& [key, doc] : expected) {
    if (seen.contains(key)) continue;
    auto letter = dead.find(key);
    if (letter == dead.end()) {
      check.differences.push_back("lost (neither in the target nor dead-lettered): " + Show(key));
      continue;
    }
    ++check.dead_lettered;
    ++check.dead_reasons[letter->second];
  }
  for (const auto& [key, reason] : dead) {
    if (!expected.contains(key))
      check.differences.push_back("dead-lettered but not in the fixture: " + Show(key));
  }
  return check;
}

}  // namespace shardlift::testing
