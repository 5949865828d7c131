// Schema: the tables of SqliteStore and how a database file gets them.
//
// The schema is an append-only list of migrations (schema.cc); PRAGMA user_version records how
// far a file has come, and Migrate brings it the rest of the way on open. A new part of the
// state adds its tables in a new migration at the end; a shipped migration is never edited, so
// a file written by any release opens with this one.
#ifndef SHMOCK_STORE_SCHEMA_H_
#define SHMOCK_STORE_SCHEMA_H_

#include <cstdint>
#include <string>

#include "database_file.h"
#include "shmock/status.h"
#include "statements.h"

namespace shmock {

// The PRAGMA application_id of every database this project writes: "SHMK" in ASCII. It tells the
// store its own files from another program's SQLite files (decision 71).
constexpr uint32_t kApplicationId = 0x53484D4B;

// Whether the store may use the file `summary` describes (database_file.h), decided before
// anything is written to it. Admits a file to create, an empty database, a file of this project
// (kApplicationId) whose schema is not newer than this build's, and a file an earlier build wrote
// before files carried the id (the tables of its schema version, exactly); sets `*from_version`
// to the schema version Migrate starts from (0: a file to initialise). Refuses anything else
// with Internal and a one-line message naming what the file holds.
Status Admit(const std::string& path, const DatabaseFileSummary& summary, int64_t* from_version);

// Brings an admitted database from `from_version` to this build's schema and marks it with
// kApplicationId, in one write transaction, so that a file is upgraded whole or not at all. The
// transaction always writes (user_version and application_id, even when unchanged): that proves
// the database writable where access checks cannot (a full disk, a file system that lies).
// Throws StoreError, also when the file's version is no longer `from_version` (another program
// wrote it between Admit and now).
void Migrate(Connection& connection, int64_t from_version);

// This build's schema version: the number of migrations.
int SchemaVersion();

// Empties every table of the schema, read from sqlite_master so that a table added by a later
// migration is emptied too. Runs inside the caller's transaction.
void DeleteAllRows(Connection& connection);

}  // namespace shmock

#endif  // SHMOCK_STORE_SCHEMA_H_
