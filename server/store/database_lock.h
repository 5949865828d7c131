// DatabaseLock: one store per database file.
//
// An exclusive advisory lock on "<database>.lock", held while this object lives, so that two
// servers never share a database (a /_mock/reset on one would wipe the other's state). flock
// rather than fcntl: SQLite's own fcntl locks belong to the process and fall when any of its
// descriptors of the file closes; a flock falls only with this descriptor, or with the process,
// so a server that crashed leaves nothing behind to clean up.
//
// The lock is taken before the store looks at the database, and it changes nothing until the
// store has accepted the database (Claim): a refused database keeps its lock file as it was,
// and one that had none is left without one. A lock file stays once claimed; the only one ever
// removed is a file this process made and never claimed, removed while it is still locked, and
// whoever locks a lock file checks that it is still the one at the path (else it tries again),
// so two servers can never each lock a file of their own for the same database.
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

  // Writes this process's pid into the lock file, for the refusal another server then gives.
  // Called once the store has accepted the database.
  void Claim();

  ~DatabaseLock();  // releases the lock (and removes an unclaimed lock file it made)
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;

 private:
  DatabaseLock(int fd, std::string lock_path, bool created)
      : fd_(fd), lock_path_(std::move(lock_path)), created_(created) {}

  int fd_;
  std::string lock_path_;
  bool created_;  // this process made the lock file
  bool claimed_ = false;
};

}  // namespace shmock

#endif  // SHMOCK_STORE_DATABASE_LOCK_H_
