// SqliteStore: the Store the server runs on.
//
// One SQLite connection, used by one transaction at a time (a mutex serialises them), so every
// API call is atomic and a write is visible to every read after it is acknowledged (decision
// 15). Writes that arrive while another is being committed are committed together (group
// commit): the first of them runs every waiting call's body, each in a savepoint of its own, in
// one transaction, and all are acknowledged after its one commit; a body that fails rolls back
// its savepoint alone. A file database runs in WAL mode, synced as its Durability says
// (durability.h); ":memory:" (the default) lives as long as the process. The schema is
// versioned with PRAGMA user_version, marked with PRAGMA application_id, and migrated forward on
// open (server/store/schema.h).
#ifndef SHMOCK_SQLITE_STORE_H_
#define SHMOCK_SQLITE_STORE_H_

#include <memory>
#include <string>

#include "shmock/durability.h"
#include "shmock/store.h"

namespace shmock {

class SqliteStore : public Store {
 public:
  struct Options {
    Durability durability = Durability::kProcess;
  };

  // Opens (creating if needed) the database at `path`, or an in-memory one for ":memory:".
  // A database file is this store's alone until the store is destroyed or the process ends: it
  // is locked through "<file>.lock", a file beside it. Before anything is written, Open reads
  // the file and refuses, with an Internal status whose message is one line naming the file and
  // what to do: a file another store holds; one it cannot read or that is not SQLite; another
  // program's database; one whose schema is newer than this build's; and one this user cannot
  // write (the file, its directory, its -wal or -shm). A refused file, its -wal and -shm and its
  // lock file are left byte for byte as they were (decision 70).
  static Status Open(const std::string& path, const Options& options,
                     std::unique_ptr<SqliteStore>* store);
  static Status Open(const std::string& path, std::unique_ptr<SqliteStore>* store) {
    return Open(path, Options(), store);
  }
  ~SqliteStore() override;

  Status Run(Access access, const std::function<Status(StoreTransaction&)>& body) override;
  Status Reset() override;

  // Writes a consistent copy of the database to `target`, an absolute path that must not exist,
  // while calls go on (SQLite's online backup, a few pages at a time; the copy is of the state
  // when it completes). The copy is written to a temporary file in the same folder, synced, and
  // renamed to `target` only when whole, so a failure leaves no file behind. Refusals:
  // InvalidInput for a path that is not absolute, in a folder that does not exist or that this
  // user cannot write; ResourceConflict for a path that exists; Internal when the copy fails.
  Status Snapshot(const std::string& target);

 private:
  class Impl;
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace shmock

#endif  // SHMOCK_SQLITE_STORE_H_
