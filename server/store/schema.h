// Schema: the tables of SqliteStore and how a database file gets them.
//
// The schema is an append-only list of migrations (schema.cc); PRAGMA user_version records how
// far a file has come, and Migrate brings it the rest of the way on open. A new part of the
// state adds its tables in a new migration at the end; a shipped migration is never edited, so
// a file written by any release opens with this one.
#ifndef SHMOCK_STORE_SCHEMA_H_
#define SHMOCK_STORE_SCHEMA_H_

#include "statements.h"

namespace shmock {

// Brings the database to this build's schema, each migration in a write transaction of its
// own. Throws StoreError for a database whose schema is newer than this build's.
void Migrate(Connection& connection);

// Proves the database writable with a real write: user_version rewritten with its own value.
// SQLite reads happily through a -wal or -shm file this user may not write and fails only at
// the first write, so the server would start and then answer every write with 500.
void ProveWritable(Connection& connection);

// Empties every table of the schema, read from sqlite_master so that a table added by a later
// migration is emptied too. Runs inside the caller's transaction.
void DeleteAllRows(Connection& connection);

}  // namespace shmock

#endif  // SHMOCK_STORE_SCHEMA_H_
