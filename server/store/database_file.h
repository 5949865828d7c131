// DatabaseFile: what a database file holds, read without changing a byte of it or of the files
// beside it.
//
// The store decides whether to use a file (schema.h, Admit) before it writes anything, so that a
// file it refuses is left exactly as it was. SQLite cannot be asked that question: a read-only
// connection to a WAL database rebuilds the -shm file's index when it is the first to read it,
// creates -wal and -shm files when they are missing, and may leave them behind. So the file is
// read here through a VFS of our own that opens every file O_RDONLY and only reads: it serves
// the main file's pages, each replaced by its newest committed frame in the -wal file (checked
// by its salts and checksums, as SQLite's own recovery does), and shows SQLite the database as a
// rollback-journal file marked immutable, so it looks for no -wal, -shm or -journal file.
// A hot rollback journal (a rollback-mode file some other program left mid-transaction) is not
// replayed: the main file is read as it is, which is enough to name its tables.
#ifndef SHMOCK_STORE_DATABASE_FILE_H_
#define SHMOCK_STORE_DATABASE_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "shmock/status.h"

namespace shmock {

struct DatabaseFileSummary {
  bool exists = false;          // false: nothing at the path, so Open creates the file
  uint32_t application_id = 0;  // PRAGMA application_id
  int64_t user_version = 0;     // PRAGMA user_version: the schema version of this project's files
  std::vector<std::string> tables;  // every table but SQLite's own, in the order they were made
};

// Reads the summary of the database at `path` (its -wal file included). Fails, with Internal
// and a one-line reason, when the file or its -wal cannot be read or is not an SQLite database.
// A file of zero bytes is an empty database, as SQLite takes it.
Status InspectDatabaseFile(const std::string& path, DatabaseFileSummary* summary);

}  // namespace shmock

#endif  // SHMOCK_STORE_DATABASE_FILE_H_
