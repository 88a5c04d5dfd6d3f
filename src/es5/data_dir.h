// DataDir: one or more `path.data` roots modelled the way ES 5.6 (or 2.x) would load them.
//
// Roots are grouped into nodes (a node's roots share its node id; ES writes its state files into
// every root). For each node the newest global and index state generations are chosen across its
// roots (§1.3); across nodes the freshest metadata (highest metadata version) wins. Every index
// folder on every node contributes shard copies, and one copy per shard is chosen (§5). Indices in
// the graveyard and folders without a readable state are reported as leftovers, never exported.
// Anything malformed is recorded as a problem naming file and offset; callers decide whether to
// stop (default) or go on without the broken part (--skip-broken).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "es5/metadata.h"
#include "es5/node_lock.h"
#include "es5/node_paths.h"
#include "es5/shard_copy_choice.h"
#include "lucene/directory.h"

namespace shardlift::es5 {

struct Node {
  std::string node_id;          // from node-N.st (5.x); empty for 2.x nodes
  std::vector<NodePath> paths;  // one per root the node's files were found in
  std::string Name() const;     // node id, or the first path
};

struct NodeLockState {
  std::string lock_file;
  NodeLockProbe probe;
  Status error;  // the probe itself failed
};

// Where a shard's files are: its Lucene index and the translog to replay over it.
struct ShardFiles {
  std::shared_ptr<const lucene::Directory> index;
  std::string translog_dir;  // empty: no translog to replay
};

struct ShardCopy {
  int node = -1;          // index into DataDir::nodes(); −1 for a snapshot's shard
  std::string shard_dir;  // <node>/indices/<folder>/<shard>: holds the shard _state
  std::string data_dir;   // holds index/ and translog/ (differs with index.data_path)
  // A snapshot's shard: its files, and no translog (a snapshot is a flushed commit). Null for a
  // copy in a data dir.
  std::shared_ptr<const lucene::Directory> store;
  std::optional<ShardState> state;
  Status state_error;  // why `state` is missing
  ShardCopyFacts facts;

  std::string IndexDir() const { return data_dir + "/index"; }
  std::string TranslogDir() const { return data_dir + "/translog"; }
  // NotFound when the index directory is missing (shard data missing).
  Result<ShardFiles> Files() const;
};

struct ShardInfo {
  int shard_id = 0;
  std::vector<ShardCopy> copies;
  ShardCopyChoice choice;
  const ShardCopy* chosen() const { return choice.chosen < 0 ? nullptr : &copies[choice.chosen]; }
};

struct IndexInfo {
  IndexMetadata meta;
  std::string state_file;             // the state file the metadata came from
  std::vector<ShardInfo> shards;      // by shard id, only those with at least one copy
  std::vector<std::string> warnings;  // reported, not fatal
};

struct Leftover {
  std::string path;
  std::string reason;
};

struct Problem {
  std::string index;  // the index concerned; empty when unknown or cluster-wide (always reported)
  Status status;
};

class DataDir {
 public:
  // Facts about a shard copy's store (docs, bytes, readability) used to choose among copies.
  using CopyProbe = std::function<void(const IndexMetadata&, ShardCopy&)>;

  // Fails only when no root is usable at all; everything else lands in problems().
  static Result<DataDir> Open(const std::vector<std::string>& roots, const CopyProbe& probe);
  // A source read from elsewhere (a snapshot repository): its indices with one copy per shard,
  // already chosen, and no nodes or locks. `global_state_file` names where `global` came from.
  static DataDir FromIndices(std::optional<GlobalMetadata> global, std::string global_state_file,
                             std::vector<IndexInfo> indices, std::vector<Problem> problems);

  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<NodeLockState>& locks() const { return locks_; }
  // Null when no node has a readable global state.
  const GlobalMetadata* global() const { return global_ ? &*global_ : nullptr; }
  const std::string& global_state_file() const { return global_state_file_; }
  std::vector<IndexInfo>& indices() { return indices_; }
  const std::vector<IndexInfo>& indices() const { return indices_; }
  const std::vector<Leftover>& leftovers() const { return leftovers_; }
  const std::vector<Problem>& problems() const { return problems_; }

 private:
  void GroupNodes(std::vector<NodePath> paths);
  void LoadGlobal();
  void LoadIndices(const CopyProbe& probe);
  void AddShardCopies(IndexInfo& index, const std::vector<std::pair<int, std::string>>& folders,
                      const CopyProbe& probe);

  std::vector<Node> nodes_;
  std::vector<NodeLockState> locks_;
  std::optional<GlobalMetadata> global_;
  std::string global_state_file_;
  std::vector<IndexInfo> indices_;
  std::vector<Leftover> leftovers_;
  std::vector<Problem> problems_;
};

}  // namespace shardlift::es5
