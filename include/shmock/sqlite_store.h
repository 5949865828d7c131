// SqliteStore: the Store the server runs on.
//
// One SQLite connection, used by one transaction at a time (a mutex serialises them), so every
// API call is atomic and a write is visible to every later read (decision 15). Writes use
// BEGIN IMMEDIATE. A file database runs in WAL mode with synchronous=FULL, so a write the
// server acknowledged survives a crash; ":memory:" (the default) lives as long as the process.
// The schema is versioned with PRAGMA user_version and migrated forward on open.
#ifndef SHMOCK_SQLITE_STORE_H_
#define SHMOCK_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "shmock/store.h"

namespace shmock {

class SqliteStore : public Store {
 public:
  // Opens (creating if needed) the database at `path`, or an in-memory one for ":memory:".
  // A database file is this store's alone until the store is destroyed or the process ends: it
  // is locked through "<file>.lock", a file beside it that stays there. Open refuses, with an
  // Internal status whose message is one line naming the file and what to do, a file that
  // another store holds, and a database this user cannot write: a read-only file, or one
  // whose directory or -wal/-shm files it cannot write (found by a real write at open).
  static Status Open(const std::string& path, std::unique_ptr<SqliteStore>* store);
  ~SqliteStore() override;

  Status Run(Access access, const std::function<Status(StoreTransaction&)>& body) override;
  Status Reset() override;

 private:
  class Impl;
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace shmock

#endif  // SHMOCK_SQLITE_STORE_H_
