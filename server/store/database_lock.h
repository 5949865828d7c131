// DatabaseLock: one store per database file.
//
// An exclusive advisory lock on "<database>.lock", held while this object lives, so that two
// servers never share a database (a /_mock/reset on one would wipe the other's state). flock
// rather than fcntl: SQLite's own fcntl locks belong to the process and fall when any of its
// descriptors of the file closes; a flock falls only with this descriptor, or with the process,
// so a server that crashed leaves nothing behind to clean up. The lock file itself stays
// (removing it would let a third server lock a fresh file while the second still holds the old
// one).
#ifndef SHMOCK_STORE_DATABASE_LOCK_H_
#define SHMOCK_STORE_DATABASE_LOCK_H_

#include <memory>
#include <string>

#include "shmock/status.h"

namespace shmock {

class DatabaseLock {
 public:
  // Takes the lock for the database file at `path`, or refuses in one line naming the holder.
  static Status Acquire(const std::string& path, std::unique_ptr<DatabaseLock>* lock);

  ~DatabaseLock();
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;

 private:
  explicit DatabaseLock(int fd) : fd_(fd) {}

  int fd_;
};

}  // namespace shmock

#endif  // SHMOCK_STORE_DATABASE_LOCK_H_
