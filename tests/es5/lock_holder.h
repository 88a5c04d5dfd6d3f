// A child process holding a file's lock the way Elasticsearch does (Java's FileChannel.tryLock:
// a classic POSIX write lock on the whole file), released when the holder dies.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

namespace shardlift::es5::testing {

class LockHolder {
 public:
  explicit LockHolder(const std::string& file) {
    if (::pipe(ready_) != 0 || ::pipe(release_) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      const int fd = ::open(file.c_str(), O_RDWR);
      struct flock lock {};
      lock.l_type = F_WRLCK;
      lock.l_whence = SEEK_SET;
      char c = fd >= 0 && ::fcntl(fd, F_SETLK, &lock) == 0 ? 'y' : 'n';
      (void)!::write(ready_[1], &c, 1);
      (void)!::read(release_[0], &c, 1);  // until the parent writes or dies
      ::_exit(0);
    }
    char c = 0;
    locked_ = pid_ > 0 && ::read(ready_[0], &c, 1) == 1 && c == 'y';
  }
  ~LockHolder() { Release(); }
  LockHolder(const LockHolder&) = delete;
  LockHolder& operator=(const LockHolder&) = delete;

  bool locked() const { return locked_; }
  pid_t pid() const { return pid_; }

  // Lets the child go and waits for it; the lock is free afterwards.
  void Release() {
    if (pid_ > 0) {
      (void)!::write(release_[1], "x", 1);
      int status = 0;
      ::waitpid(pid_, &status, 0);
      pid_ = -1;
    }
    for (int* fd : {&ready_[0], &ready_[1], &release_[0], &release_[1]}) {
      if (*fd >= 0) ::close(*fd);
      *fd = -1;
    }
    locked_ = false;
  }

 private:
  int ready_[2] = {-1, -1};
  int release_[2] = {-1, -1};
  pid_t pid_ = -1;
  bool locked_ = false;
};

}  // namespace shardlift::es5::testing
