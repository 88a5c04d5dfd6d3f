#include "es5/node_lock.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "io/directory.h"

namespace shardlift::es5 {

Result<NodeLockProbe> ProbeNodeLock(const std::string& lock_path) {
  NodeLockProbe probe;
  // Looked at before it is opened: opening a FIFO would block until a writer comes.
  struct stat st {};
  if (::lstat(lock_path.c_str(), &st) != 0) {
    if (errno == ENOENT) {
      probe.state = NodeLockProbe::State::kNoLockFile;
      return probe;
    }
    return Status::IoError(lock_path + ": cannot stat: " + std::strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) {
    return Status::IoError(lock_path + ": " + std::string(io::DescribeMode(st.st_mode)) +
                           " where ES keeps its node lock file; not opened");
  }
  const int fd = ::open(lock_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0) return Status::IoError(lock_path + ": cannot open: " + std::strerror(errno));
  struct flock query {};
  query.l_type = F_WRLCK;  // "could a writer lock the whole file?"
  query.l_whence = SEEK_SET;
  query.l_start = 0;
  query.l_len = 0;
  query.l_pid = 0;  // required by F_OFD_GETLK
  int rc = ::fcntl(fd, F_OFD_GETLK, &query);
  if (rc != 0 && errno == EINVAL) {
    query = {};
    query.l_type = F_WRLCK;
    query.l_whence = SEEK_SET;
    rc = ::fcntl(fd, F_GETLK, &query);
  }
  const int error = errno;
  ::close(fd);  // we hold no lock, so closing releases nothing of anyone's
  if (rc != 0) {
    return Status::IoError(lock_path + ": cannot query the lock: " + std::strerror(error));
  }
  if (query.l_type != F_UNLCK) {
    probe.state = NodeLockProbe::State::kHeld;
    probe.holder_pid = query.l_pid > 0 ? query.l_pid : -1;
  }
  return probe;
}

}  // namespace shardlift::es5
