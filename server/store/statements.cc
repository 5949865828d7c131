#include "statements.h"

#include "shmock/store.h"

namespace shmock {
namespace {

// Parsed once for the connection's life, like every other statement: they run on every call.
const Sql kBeginRead("BEGIN");
const Sql kBeginWrite("BEGIN IMMEDIATE");
const Sql kCommit("COMMIT");
const Sql kRollback("ROLLBACK");
const Sql kSavepoint("SAVEPOINT call");
const Sql kRelease("RELEASE call");
const Sql kRollbackTo("ROLLBACK TO call");

}  // namespace

Connection::~Connection() {
  for (sqlite3_stmt* stmt : statements_) sqlite3_finalize(stmt);  // a no-op for a null slot
  sqlite3_close(db_);
}

void Connection::Begin(bool write) { Statement(*this, write ? kBeginWrite : kBeginRead).Run(); }
void Connection::Commit() { Statement(*this, kCommit).Run(); }
void Connection::Rollback() { Statement(*this, kRollback).Run(); }

void Connection::Savepoint() { Statement(*this, kSavepoint).Run(); }
void Connection::ReleaseSavepoint() { Statement(*this, kRelease).Run(); }
void Connection::RollbackToSavepoint() {
  Statement(*this, kRollbackTo).Run();  // undoes the call's writes; the savepoint stays open
  Statement(*this, kRelease).Run();
}

void Connection::Abandon() {
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);  // a no-op if none is open
}

void Connection::Exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "unknown error";
    sqlite3_free(err);
    throw StoreError(m);
  }
}

sqlite3_stmt* Connection::Prepared(const Sql& sql) {
  if (sql.slot() >= statements_.size()) statements_.resize(sql.slot() + 1, nullptr);
  sqlite3_stmt*& stmt = statements_[sql.slot()];
  if (!stmt && sqlite3_prepare_v2(db_, sql.text(), -1, &stmt, nullptr) != SQLITE_OK) Fail();
  return stmt;
}

void Connection::Fail() const { throw StoreError(sqlite3_errmsg(db_)); }

}  // namespace shmock
