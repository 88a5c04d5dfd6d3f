#include "es5/node_paths.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "io/directory.h"

namespace shardlift::es5 {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxOrdinal = 1 << 20;

Result<bool> IsDirectory(const fs::path& path) {
  SL_ASSIGN_OR_RETURN(const io::FileKind kind, io::KindOf(path.native()));
  return kind == io::FileKind::kDirectory;
}

// Appends `<nodes_dir>/<L>` for every numeric L.
Status AddOrdinals(const std::string& root, const fs::path& nodes_dir,
                   const std::string& cluster_name, std::vector<NodePath>* out) {
  std::vector<NodePath> found;
  SL_ASSIGN_OR_RETURN(const std::vector<std::string> names,
                      io::ListSubdirectories(nodes_dir.native()));
  for (const std::string& name : names) {
    if (!IsDecimal(name) || name.size() > 7 || std::stoi(name) > kMaxOrdinal) continue;
    found.push_back({root, (nodes_dir / name).native(), std::stoi(name), cluster_name});
  }
  std::sort(found.begin(), found.end(),
            [](const NodePath& a, const NodePath& b) { return a.ordinal < b.ordinal; });
  out->insert(out->end(), found.begin(), found.end());
  return Status();
}

}  // namespace

bool IsDecimal(const std::string& name) {
  return !name.empty() &&
         std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<std::vector<NodePath>> FindNodePaths(const std::string& root) {
  const fs::path base(root);
  SL_ASSIGN_OR_RETURN(const bool is_directory, IsDirectory(base));
  if (!is_directory) return Status::NotFound(root + ": no such directory");
  std::vector<NodePath> nodes;
  // A node directory given directly: …/nodes/<L>.
  const fs::path normal = base.lexically_normal();
  const fs::path leaf = normal.has_filename() ? normal : normal.parent_path();
  if (IsDecimal(leaf.filename().native()) && leaf.parent_path().filename() == "nodes") {
    SL_ASSIGN_OR_RETURN(const bool has_state, IsDirectory(base / "_state"));
    SL_ASSIGN_OR_RETURN(const bool has_indices, IsDirectory(base / "indices"));
    if (has_state || has_indices) {
      nodes.push_back({root, root, std::stoi(leaf.filename().native()), ""});
      return nodes;
    }
  }
  SL_RETURN_IF_ERROR(AddOrdinals(root, base / "nodes", "", &nodes));
  SL_ASSIGN_OR_RETURN(const std::vector<std::string> names, io::ListSubdirectories(root));
  for (const std::string& name : names) {
    // lost+found (mode 0700 at a file system's root) belongs to fsck, never to ES.
    if (name == "nodes" || name == "lost+found") continue;
    SL_ASSIGN_OR_RETURN(const bool cluster_layout, IsDirectory(base / name / "nodes"));
    if (cluster_layout) SL_RETURN_IF_ERROR(AddOrdinals(root, base / name / "nodes", name, &nodes));
  }
  if (nodes.empty()) {
    return Status::NotFound(root +
                            ": no nodes/<N> or <cluster>/nodes/<N> directory (expected an "
                            "Elasticsearch path.data directory)");
  }
  return nodes;
}

}  // namespace shardlift::es5
