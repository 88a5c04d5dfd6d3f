// Tells whether a running Elasticsearch still holds a node's `node.lock`, without touching it.
//
// ES (Lucene NativeFSLockFactory → FileChannel.tryLock) holds a POSIX fcntl write lock over the
// whole file while it runs. We open the file O_RDONLY and only *ask* the kernel whether a write
// lock would conflict (F_OFD_GETLK; F_GETLK on kernels without OFD locks). Asking needs no write
// access and takes no lock; an OFD query also sees locks held by this very process.
#pragma once

#include <sys/types.h>

#include <string>

#include "base/result.h"

namespace shardlift::es5 {

struct NodeLockProbe {
  enum class State { kFree, kHeld, kNoLockFile };
  State state = State::kFree;
  pid_t holder_pid = -1;  // the holder's pid when the kernel tells (classic POSIX locks)
};

Result<NodeLockProbe> ProbeNodeLock(const std::string& lock_path);

}  // namespace shardlift::es5
