#include "es5/node_paths.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace shardlift::es5 {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxOrdinal = 1 << 20;

bool IsDirectory(const fs::path& path) {
  std::error_code error;
  return fs::is_directory(path, error);
}

// Appends `<nodes_dir>/<L>` for every numeric L.
void AddOrdinals(const std::string& root, const fs::path& nodes_dir,
                 const std::string& cluster_name, std::vector<NodePath>* out) {
  std::vector<NodePath> found;
  for (const std::string& name : ListSubdirectories(nodes_dir.native())) {
    if (!IsDecimal(name) || name.size() > 7 || std::stoi(name) > kMaxOrdinal) continue;
    found.push_back({root, (nodes_dir / name).native(), std::stoi(name), cluster_name});
  }
  std::sort(found.begin(), found.end(),
            [](const NodePath& a, const NodePath& b) { return a.ordinal < b.ordinal; });
  out->insert(out->end(), found.begin(), found.end());
}

}  // namespace

bool IsDecimal(const std::string& name) {
  return !name.empty() &&
         std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> ListSubdirectories(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (entry.is_directory(error)) names.push_back(entry.path().filename().native());
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<std::vector<NodePath>> FindNodePaths(const std::string& root) {
  const fs::path base(root);
  if (!IsDirectory(base)) return Status::NotFound(root + ": no such directory");
  std::vector<NodePath> nodes;
  // A node directory given directly: …/nodes/<L>.
  const fs::path normal = base.lexically_normal();
  const fs::path leaf = normal.has_filename() ? normal : normal.parent_path();
  if (IsDecimal(leaf.filename().native()) && leaf.parent_path().filename() == "nodes" &&
      (IsDirectory(base / "_state") || IsDirectory(base / "indices"))) {
    nodes.push_back({root, root, std::stoi(leaf.filename().native()), ""});
    return nodes;
  }
  AddOrdinals(root, base / "nodes", "", &nodes);
  for (const std::string& name : ListSubdirectories(root)) {
    if (name != "nodes" && IsDirectory(base / name / "nodes")) {
      AddOrdinals(root, base / name / "nodes", name, &nodes);
    }
  }
  if (nodes.empty()) {
    return Status::NotFound(root +
                            ": no nodes/<N> or <cluster>/nodes/<N> directory (expected an "
                            "Elasticsearch path.data directory)");
  }
  return nodes;
}

}  // namespace shardlift::es5
