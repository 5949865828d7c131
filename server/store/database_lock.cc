#include "database_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace shmock {
namespace {

// The pid the holder wrote, or "" if it has not written it yet.
std::string ReadHolder(int fd) {
  char buf[32] = {};
  const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  std::string pid(buf, n > 0 ? static_cast<size_t>(n) : 0);
  while (!pid.empty() && pid.back() == '\n') pid.pop_back();
  return pid;
}

// Whether `fd` is still the file at `path`: a server that refused its database removes the lock
// file it made, so a lock taken on that file just before would guard nothing.
bool StillAtPath(int fd, const std::string& path) {
  struct stat held {}, named {};
  return fstat(fd, &held) == 0 && stat(path.c_str(), &named) == 0 &&
         held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

}  // namespace

Status DatabaseLock::Acquire(const std::string& path, std::unique_ptr<DatabaseLock>* lock) {
  // Beside the file itself, so a symlink or another spelling of the path finds the same lock.
  char* resolved = realpath(path.c_str(), nullptr);
  const std::string lock_path = (resolved ? std::string(resolved) : path) + ".lock";
  std::free(resolved);
  // A lock file that vanishes between our open and our flock was a refused server's: try again.
  // Each round is a few system calls; only a removal in every one of them could exhaust them.
  for (int attempt = 0; attempt < 100; ++attempt) {
    bool created = true;
    int fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EEXIST) {
      created = false;
      fd = open(lock_path.c_str(), O_RDWR | O_CLOEXEC);
      if (fd < 0 && errno == ENOENT) continue;
    }
    if (fd < 0) {
      return Status::Internal("cannot open the lock file '" + lock_path + "' of database '" +
                              path + "': " + std::strerror(errno) +
                              "; this user must be able to create and write it there");
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      const std::string holder = ReadHolder(fd);
      close(fd);
      if (error != EWOULDBLOCK) {
        return Status::Internal("cannot lock '" + lock_path + "': " + std::strerror(error));
      }
      return Status::Internal("database '" + path + "' is in use by another securityhub-mock (" +
                              (holder.empty() ? "a process" : "process " + holder) + " holds '" +
                              lock_path + "'); stop that server, or use another database file");
    }
    if (!StillAtPath(fd, lock_path)) {
      close(fd);
      continue;
    }
    lock->reset(new DatabaseLock(fd, lock_path, created));
    return Status::OK();
  }
  return Status::Internal("cannot lock '" + lock_path +
                          "': it was removed and made again 100 times while this server tried");
}

void DatabaseLock::Claim() {
  // A comfort only: unnamed, the holder is "a process" in the refusal.
  const std::string pid = std::to_string(getpid()) + "\n";
  if (ftruncate(fd_, 0) == 0) {
    (void)!pwrite(fd_, pid.data(), pid.size(), 0);
  }
  claimed_ = true;
}

DatabaseLock::~DatabaseLock() {
  if (created_ && !claimed_) unlink(lock_path_.c_str());  // still locked: no one else uses it
  close(fd_);
}

}  // namespace shmock
