// Finding the node directories of Elasticsearch `path.data` roots (env/NodeEnvironment).
//
// ES 5.x keeps a node's files in `<path.data>/nodes/<L>/`; ES 2.x (and 5.x after an in-place
// upgrade from 2.x) in `<path.data>/<cluster.name>/nodes/<L>/`, L being the node lock ordinal. A
// root may hold several ordinals (several nodes sharing a data dir).
#pragma once

#include <string>
#include <vector>

#include "base/result.h"

namespace shardlift::es5 {

struct NodePath {
  std::string root;          // the path.data root as given
  std::string path;          // <root>[/<cluster>]/nodes/<L>
  int ordinal = 0;           // L
  std::string cluster_name;  // the cluster-name folder of the 2.x layout; empty for 5.x

  std::string StateDir() const { return path + "/_state"; }
  std::string IndicesDir() const { return path + "/indices"; }
  std::string LockFile() const { return path + "/node.lock"; }
};

// The node directories under `root`, ordered by layout and ordinal. `root` may also be a node
// directory itself (`…/nodes/<L>`). NotFound when it holds none; an I/O error naming the path when
// a directory on the way cannot be read.
Result<std::vector<NodePath>> FindNodePaths(const std::string& root);

// True for a non-empty string of decimal digits (node ordinals, shard ids).
bool IsDecimal(const std::string& name);

}  // namespace shardlift::es5
