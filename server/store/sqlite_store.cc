// SqliteStore's core: opening a database, one transaction per call, and reset. The parts of the
// state are each in a file of their own (hub_records.cc, relationship_records.cc,
// organization_records.cc, session_records.cc), the tables in schema.cc, the lock in database_lock.cc, and the
// connection with its prepared statements in statements.cc.
#include "shmock/sqlite_store.h"

#include <mutex>

#include "database_lock.h"
#include "hub_records.h"
#include "organization_records.h"
#include "relationship_records.h"
#include "schema.h"
#include "session_records.h"
#include "statements.h"

namespace shmock {
namespace {

// The transaction every call's body gets: each part of the state over the one connection.
class SqliteTransaction final : public StoreTransaction {
 public:
  explicit SqliteTransaction(Connection& connection)
      : hubs_(connection), relationships_(connection), organization_(connection), sessions_(connection) {}

  HubRecords& hubs() override { return hubs_; }
  RelationshipRecords& relationships() override { return relationships_; }
  OrganizationRecords& organization() override { return organization_; }
  SessionRecords& sessions() override { return sessions_; }

 private:
  SqliteHubRecords hubs_;
  SqliteRelationshipRecords relationships_;
  SqliteOrganizationRecords organization_;
  SqliteSessionRecords sessions_;
};

}  // namespace

class SqliteStore::Impl {
 public:
  explicit Impl(sqlite3* db) : connection(db), transaction(connection) {}

  std::mutex mu;                       // one transaction at a time on the connection
  std::unique_ptr<DatabaseLock> lock;  // a file database's; released after the database closes
  Connection connection;
  SqliteTransaction transaction;
};

namespace {

// Opens the database file (or ":memory:"), or says why not in one line.
Status OpenDatabase(const std::string& path, sqlite3** db) {
  // NOMUTEX: Impl::mu already serialises every use of the connection.
  const int rc = sqlite3_open_v2(path.c_str(), db,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  if (rc == SQLITE_OK) return Status::OK();
  const std::string m = *db ? sqlite3_errmsg(*db) : sqlite3_errstr(rc);
  sqlite3_close(*db);
  *db = nullptr;
  // SQLite's errno here is that of its fallback read-only attempt (ENOENT for a new file in a
  // directory this user may not write), so it would mislead; the usual causes are named instead.
  return Status::Internal("cannot open database '" + path + "': " + m +
                          "; its directory must exist and be writable by this user");
}

// What a file database needs before it serves: this store's lock on it, and proof that this
// user can write it; then WAL with synchronous=FULL, so an acknowledged write survives a crash.
Status PrepareFile(const std::string& path, Connection& connection,
                   std::unique_ptr<DatabaseLock>* lock) {
  Status s = DatabaseLock::Acquire(path, lock);
  if (!s.ok()) return s;
  if (sqlite3_db_readonly(connection.db(), "main") == 1) {
    return Status::Internal("database '" + path +
                            "' is read-only for this user; make the file writable, or use "
                            "another database file");
  }
  try {
    connection.Exec("PRAGMA journal_mode = WAL");
    connection.Exec("PRAGMA synchronous = FULL");  // an acknowledged write survives a crash
    ProveWritable(connection);
  } catch (const StoreError& e) {
    return Status::Internal("database '" + path + "' is not writable (" + e.what() +
                            "): this user must be able to write it, its directory, and the '" +
                            path + "-wal' and '" + path +
                            "-shm' beside it; fix that, or use another database file");
  }
  return Status::OK();
}

}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

Status SqliteStore::Open(const std::string& path, std::unique_ptr<SqliteStore>* store) {
  sqlite3* db = nullptr;
  Status s = OpenDatabase(path, &db);
  if (!s.ok()) return s;
  auto impl = std::make_unique<Impl>(db);
  sqlite3_busy_timeout(db, 5000);
  if (path != ":memory:") {
    s = PrepareFile(path, impl->connection, &impl->lock);
    if (!s.ok()) return s;
  }
  try {
    Migrate(impl->connection);
  } catch (const StoreError& e) {
    return Status::Internal("cannot use database '" + path + "': " + e.what());
  }
  store->reset(new SqliteStore(std::move(impl)));
  return Status::OK();
}

Status SqliteStore::Run(Access access, const std::function<Status(StoreTransaction&)>& body) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  Connection& connection = impl_->connection;
  try {
    connection.Begin(access == Access::kWrite);
  } catch (const StoreError& e) {
    return Status::Internal(std::string("database error: ") + e.what());
  }
  // Whatever escapes the body or the commit, a storage failure or a bug, ends here: left
  // open, the transaction would make every later BEGIN fail.
  std::string failure;
  try {
    Status result = body(impl_->transaction);
    if (result.ok()) connection.Commit(); else connection.Rollback();
    return result;
  } catch (const StoreError& e) {
    failure = std::string("database error: ") + e.what();
  } catch (const std::exception& e) {
    failure = std::string("internal error: ") + e.what();
  } catch (...) {
    failure = "internal error: an unknown exception";
  }
  connection.Abandon();
  return Status::Internal(failure);
}

Status SqliteStore::Reset() {
  return Run(Access::kWrite, [this](StoreTransaction&) {
    DeleteAllRows(impl_->connection);
    return Status::OK();
  });
}

}  // namespace shmock
