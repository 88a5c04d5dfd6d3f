#include "es5/data_dir.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "es5/compressed_xcontent.h"
#include "es5/state_file.h"
#include "io/directory.h"

namespace shardlift::es5 {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kStateDir = "_state";

template <typename T>
using Parser = std::function<Result<T>(const nlohmann::ordered_json&, const io::FileSlice&)>;

// Loads the newest `prefix` state in `dirs` and parses its body with `parse`.
template <typename T>
Result<LoadedState<T>> LoadState(const std::vector<std::string>& dirs, std::string_view prefix,
                                 const Parser<T>& parse) {
  return LoadNewestState<T>(dirs, prefix, [&](const StateFile& file) -> Result<T> {
    SL_ASSIGN_OR_RETURN(const nlohmann::ordered_json dom, ParseStateBody(file));
    return parse(dom, file.body);
  });
}

// Where a shard's index/ and translog/ live when the index has a custom data path
// (NodeEnvironment.resolveCustomLocation: <data_path>[/<L>]/<index folder>/<shard>).
Result<std::string> ResolveDataDir(const IndexMetadata& meta, const NodePath& node,
                                   const std::string& folder, int shard,
                                   const std::string& shard_dir) {
  if (meta.data_path.empty()) return shard_dir;
  const std::string tail = "/" + std::to_string(shard);
  for (const std::string& base :
       {meta.data_path + "/" + std::to_string(node.ordinal) + "/" + folder,
        meta.data_path + "/" + folder}) {
    SL_ASSIGN_OR_RETURN(const io::FileKind kind, io::KindOf(base + tail + "/index"));
    if (kind == io::FileKind::kDirectory) return base + tail;
  }
  return meta.data_path + "/" + std::to_string(node.ordinal) + "/" + folder + tail;
}

}  // namespace

Result<ShardFiles> ShardCopy::Files() const {
  if (store) return ShardFiles{store, ""};
  SL_ASSIGN_OR_RETURN(const io::FileKind index_kind, io::KindOf(IndexDir()));
  if (index_kind != io::FileKind::kDirectory) {
    return Status::NotFound(IndexDir() + ": no Lucene index directory (shard data missing)");
  }
  return ShardFiles{std::make_shared<lucene::FsDirectory>(IndexDir()), TranslogDir()};
}

std::string Node::Name() const {
  if (!node_id.empty()) return node_id;
  return paths.empty() ? "?" : paths.front().path;
}

Result<DataDir> DataDir::Open(const std::vector<std::string>& roots, const CopyProbe& probe) {
  std::vector<NodePath> paths;
  for (const std::string& root : roots) {
    SL_ASSIGN_OR_RETURN(std::vector<NodePath> found, FindNodePaths(root));
    paths.insert(paths.end(), found.begin(), found.end());
  }
  DataDir dir;
  dir.GroupNodes(std::move(paths));
  dir.LoadGlobal();
  dir.LoadIndices(probe);
  return dir;
}

DataDir DataDir::FromIndices(std::optional<GlobalMetadata> global, std::string global_state_file,
                             std::vector<IndexInfo> indices, std::vector<Problem> problems) {
  DataDir dir;
  dir.global_ = std::move(global);
  dir.global_state_file_ = std::move(global_state_file);
  dir.indices_ = std::move(indices);
  std::sort(dir.indices_.begin(), dir.indices_.end(),
            [](const IndexInfo& a, const IndexInfo& b) { return a.meta.name < b.meta.name; });
  dir.problems_ = std::move(problems);
  return dir;
}

void DataDir::GroupNodes(std::vector<NodePath> paths) {
  const Parser<NodeMetadata> parse = ParseNodeMetadata;
  for (NodePath& path : paths) {
    NodeLockState lock{path.LockFile(), {}, Status()};
    Result<NodeLockProbe> probe = ProbeNodeLock(lock.lock_file);
    if (probe.ok()) {
      lock.probe = *probe;
    } else {
      // Whether a node still writes here is unknown: not something to read past.
      lock.error = probe.status();
      problems_.push_back({"", probe.status()});
    }
    locks_.push_back(std::move(lock));

    // 2.x nodes have no persistent id: each of their roots stands alone, which only matters for
    // picking state generations, and the freshest metadata wins across nodes anyway.
    std::string node_id;
    Result<LoadedState<NodeMetadata>> node =
        LoadState<NodeMetadata>({path.StateDir()}, "node-", parse);
    if (node.ok()) {
      node_id = node->value.node_id;
    } else if (!node.status().IsNotFound()) {
      problems_.push_back({"", node.status()});
    }
    auto same = std::find_if(nodes_.begin(), nodes_.end(), [&](const Node& n) {
      return !node_id.empty() && n.node_id == node_id && n.paths.front().ordinal == path.ordinal;
    });
    if (same == nodes_.end()) {
      nodes_.push_back({node_id, {std::move(path)}});
    } else {
      same->paths.push_back(std::move(path));
    }
  }
}

void DataDir::LoadGlobal() {
  const Parser<GlobalMetadata> parse = ParseGlobalMetadata;
  for (const Node& node : nodes_) {
    std::vector<std::string> dirs;
    for (const NodePath& path : node.paths) dirs.push_back(path.StateDir());
    Result<LoadedState<GlobalMetadata>> loaded = LoadState<GlobalMetadata>(dirs, "global-", parse);
    if (!loaded.ok()) {
      if (!loaded.status().IsNotFound()) problems_.push_back({"", loaded.status()});
      continue;
    }
    if (!global_ || loaded->value.version > global_->version) {
      global_ = std::move(loaded->value);
      global_state_file_ = loaded->file.path;
    }
  }
}

void DataDir::LoadIndices(const CopyProbe& probe) {
  // Every index folder name, and the (node, root) pairs holding it.
  std::map<std::string, std::vector<std::pair<int, std::string>>> folders;
  for (size_t n = 0; n < nodes_.size(); ++n) {
    for (const NodePath& path : nodes_[n].paths) {
      Result<std::vector<std::string>> names = io::ListSubdirectories(path.IndicesDir());
      if (!names.ok()) {
        // Any index may be in there: unreadable is never the same as empty.
        problems_.push_back({"", names.status()});
        continue;
      }
      for (const std::string& folder : *names) {
        folders[folder].emplace_back(static_cast<int>(n), path.IndicesDir() + "/" + folder);
      }
    }
  }
  struct Candidate {
    IndexMetadata meta;
    std::string state_file;
  };
  std::map<std::string, Candidate> by_uuid;                                 // freshest per uuid
  std::map<std::string, std::vector<std::pair<int, std::string>>> holders;  // uuid → folders
  std::map<std::string, std::vector<Status>> errors;                        // folder → failures
  const Parser<IndexMetadata> parse = ParseIndexMetadata;
  for (const auto& [folder, places] : folders) {
    std::map<int, std::vector<std::string>> state_dirs_by_node;
    for (const auto& [node, place] : places) {
      state_dirs_by_node[node].push_back(place + "/" + std::string(kStateDir));
    }
    bool any = false;
    for (const auto& [node, state_dirs] : state_dirs_by_node) {
      Result<LoadedState<IndexMetadata>> loaded =
          LoadState<IndexMetadata>(state_dirs, "state-", parse);
      if (!loaded.ok()) {
        if (!loaded.status().IsNotFound()) errors[folder].push_back(loaded.status());
        continue;
      }
      any = true;
      const std::string uuid = loaded->value.uuid;
      for (const auto& [holder_node, place] : places) {
        if (holder_node == node) holders[uuid].emplace_back(holder_node, place);
      }
      auto it = by_uuid.find(uuid);
      if (it == by_uuid.end() || loaded->value.version > it->second.meta.version) {
        by_uuid[uuid] = {std::move(loaded->value), loaded->file.path};
      }
    }
    if (!any && errors[folder].empty()) {
      for (const auto& place : places) leftovers_.push_back({place.second, "no index state file"});
    }
    if (!any) {
      // The index name is unknown (it is inside the unreadable state): no --index pattern can
      // rule it out.
      for (const Status& error : errors[folder]) problems_.push_back({"", error});
    }
  }

  for (auto& [uuid, candidate] : by_uuid) {
    if (global_ && global_->IsTombstoned(uuid)) {
      for (const auto& place : holders[uuid]) {
        leftovers_.push_back(
            {place.second, "deleted index " + candidate.meta.name + " (in the index graveyard)"});
      }
      continue;
    }
    IndexInfo index;
    index.meta = std::move(candidate.meta);
    index.state_file = candidate.state_file;
    for (const auto& place : holders[uuid]) {
      const std::string folder = fs::path(place.second).filename().native();
      for (const Status& error : errors[folder]) {
        index.warnings.push_back("ignored an unreadable copy of the index state: " +
                                 error.message());
      }
    }
    AddShardCopies(index, holders[uuid], probe);
    indices_.push_back(std::move(index));
  }
  std::sort(indices_.begin(), indices_.end(),
            [](const IndexInfo& a, const IndexInfo& b) { return a.meta.name < b.meta.name; });
}

void DataDir::AddShardCopies(IndexInfo& index,
                             const std::vector<std::pair<int, std::string>>& folders,
                             const CopyProbe& probe) {
  const IndexMetadata& meta = index.meta;
  std::map<int, ShardInfo> shards;
  const Parser<ShardState> parse = ParseShardState;
  for (const auto& [node, folder_path] : folders) {
    const std::string folder = fs::path(folder_path).filename().native();
    Result<std::vector<std::string>> names = io::ListSubdirectories(folder_path);
    if (!names.ok()) {
      problems_.push_back({meta.name, names.status()});
      continue;
    }
    for (const std::string& name : *names) {
      if (!IsDecimal(name) || name.size() > 6) continue;
      const int shard_id = std::stoi(name);
      ShardCopy copy;
      copy.node = node;
      copy.shard_dir = folder_path + "/" + name;
      if (shard_id >= meta.number_of_shards) {
        leftovers_.push_back({copy.shard_dir, "shard " + name + " beyond the index's " +
                                                  std::to_string(meta.number_of_shards) +
                                                  " shards"});
        continue;
      }
      const NodePath& node_path = nodes_[node].paths.front();
      Result<std::string> data_dir =
          ResolveDataDir(meta, node_path, folder, shard_id, copy.shard_dir);
      if (!data_dir.ok()) {
        problems_.push_back({meta.name, data_dir.status()});
        continue;
      }
      copy.data_dir = std::move(data_dir).value();
      Result<LoadedState<ShardState>> state =
          LoadState<ShardState>({copy.shard_dir + "/" + std::string(kStateDir)}, "state-", parse);
      copy.facts.where = copy.shard_dir;
      if (state.ok()) {
        copy.state = state->value;
        copy.facts.primary = copy.state->primary;
        copy.facts.index_uuid = copy.state->index_uuid;
        copy.facts.allocation_id = copy.state->allocation_id;
        copy.facts.legacy_version = copy.state->legacy_version;
      } else {
        copy.state_error = state.status();
        copy.facts.state_readable = false;
        copy.facts.state_error = state.status().message();
        index.warnings.push_back("shard copy without a readable state: " +
                                 state.status().message());
      }
      if (copy.state) probe(meta, copy);
      shards[shard_id].shard_id = shard_id;
      shards[shard_id].copies.push_back(std::move(copy));
    }
  }
  for (int shard_id = 0; shard_id < meta.number_of_shards; ++shard_id) {
    auto it = shards.find(shard_id);
    if (it == shards.end()) {
      problems_.push_back(
          {meta.name, Status::NotFound("index " + meta.name + " shard " + std::to_string(shard_id) +
                                       ": no copy in the given data directories")});
      continue;
    }
    ShardInfo& shard = it->second;
    std::vector<ShardCopyFacts> facts;
    for (const ShardCopy& copy : shard.copies) facts.push_back(copy.facts);
    const auto in_sync = meta.in_sync_allocations.find(shard_id);
    shard.choice = ChooseShardCopy(
        facts,
        in_sync == meta.in_sync_allocations.end() ? std::vector<std::string>{} : in_sync->second,
        meta.uuid);
    if (shard.choice.chosen < 0) {
      std::string why = shard.choice.reason;
      for (const std::string& rejected : shard.choice.rejected) why += "; " + rejected;
      problems_.push_back({meta.name, Status::NotFound("index " + meta.name + " shard " +
                                                       std::to_string(shard_id) + ": " + why)});
      continue;
    }
    index.shards.push_back(std::move(shard));
  }
}

}  // namespace shardlift::es5
