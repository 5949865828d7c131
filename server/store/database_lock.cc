#include "database_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace shmock {
namespace {

// Writes this process's pid into the lock file.
bool WriteHolder(int fd) {
  const std::string pid = std::to_string(getpid()) + "\n";
  return ftruncate(fd, 0) == 0 &&
         pwrite(fd, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
}

// The pid the holder wrote, or "" if it has not written it yet.
std::string ReadHolder(int fd) {
  char buf[32] = {};
  const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
  std::string pid(buf, n > 0 ? static_cast<size_t>(n) : 0);
  while (!pid.empty() && pid.back() == '\n') pid.pop_back();
  return pid;
}

}  // namespace

Status DatabaseLock::Acquire(const std::string& path, std::unique_ptr<DatabaseLock>* lock) {
  // Beside the file itself, so a symlink or another spelling of the path finds the same lock.
  char* resolved = realpath(path.c_str(), nullptr);
  const std::string lock_path = (resolved ? std::string(resolved) : path) + ".lock";
  std::free(resolved);
  const int fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::Internal("cannot open the lock file '" + lock_path + "' of database '" + path +
                            "': " + std::strerror(errno) +
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
  WriteHolder(fd);  // a comfort only: unnamed, the holder is "a process" in the refusal
  lock->reset(new DatabaseLock(fd));
  return Status::OK();
}

DatabaseLock::~DatabaseLock() { close(fd_); }

}  // namespace shmock
