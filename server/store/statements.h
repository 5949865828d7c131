// Statements: the one SQLite connection SqliteStore runs on, and the statements it runs, each
// prepared once per connection.
//
// Only server/store/ sees this header; nothing above the store port knows SQL.
#ifndef SHMOCK_STORE_STATEMENTS_H_
#define SHMOCK_STORE_STATEMENTS_H_

#include <sqlite3.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shmock {

// A statement the store runs: its SQL text, and a slot that identifies it in each connection's
// cache of prepared statements (Connection::Prepared), so that finding a statement is an index
// into a vector rather than a comparison of SQL texts. Every Sql lives as long as the program,
// as a constant or a static of the function that runs it; each has a slot of its own. A
// connection prepares a statement at its first use and finalises it when it closes.
class Sql {
 public:
  explicit Sql(std::string text) : text_(std::move(text)), slot_(next_slot_++) {}
  Sql(const Sql&) = delete;
  Sql& operator=(const Sql&) = delete;

  const char* text() const { return text_.c_str(); }
  size_t slot() const { return slot_; }

 private:
  static inline std::atomic<size_t> next_slot_{0};
  const std::string text_;
  const size_t slot_;
};

// One SQLite connection and its prepared statements. One transaction at a time uses it
// (SqliteStore's mutex serialises them). Failures throw StoreError (store.h).
class Connection {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  ~Connection();  // finalises every statement, then closes the database
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* db() const { return db_; }

  // BEGIN, or BEGIN IMMEDIATE for a write: the transaction of one call.
  void Begin(bool write);
  void Commit();
  void Rollback();
  // Rolls back whatever transaction is open, without a word if none is or the rollback fails:
  // the way out after a failure, which must leave the connection usable.
  void Abandon();
  // The savepoint of one call inside a transaction that holds several (group commit): opened,
  // then released (kept) or rolled back (undone, the transaction going on without it).
  void Savepoint();
  void ReleaseSavepoint();
  void RollbackToSavepoint();
  // Whether a transaction is open: SQLite rolls a whole transaction back by itself after some
  // failures (a full disk, an I/O error), and a caller must then not go on in it.
  bool InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }
  // Runs `work` in a write transaction that commits if it returns and rolls back if it throws.
  template <typename Work>
  void InWriteTransaction(Work work) {
    Begin(/*write=*/true);
    try {
      work();
      Commit();
    } catch (...) {
      Abandon();
      throw;
    }
  }

  // Runs SQL that is not kept prepared (migrations, PRAGMAs with a value in their text).
  void Exec(const std::string& sql);
  // The statement of `sql` on this connection, prepared at its first use.
  sqlite3_stmt* Prepared(const Sql& sql);
  // Throws StoreError with the connection's last error message.
  [[noreturn]] void Fail() const;

 private:
  sqlite3* db_;
  std::vector<sqlite3_stmt*> statements_;  // by Sql::slot(); null until first used
};

// A cached prepared statement, reset and unbound when the scope ends. Text is bound without a
// copy: what is bound must outlive the steps, so only lvalues and static strings bind (a
// temporary would be gone by the first step), and the bindings are cleared at the scope's end
// so that no statement keeps a pointer to a string that is gone.
class Statement {
 public:
  Statement(Connection& connection, const Sql& sql)
      : connection_(connection), stmt_(connection.Prepared(sql)) {}
  ~Statement() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void Bind(int i, const std::string& v) {
    Check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
  }
  void Bind(int i, std::string&& v) = delete;  // would be gone before the statement steps
  void Bind(int i, const char* v) {  // a static string
    Check(sqlite3_bind_text(stmt_, i, v, -1, SQLITE_STATIC));
  }
  void Bind(int i, int64_t v) { Check(sqlite3_bind_int64(stmt_, i, v)); }
  void Bind(int i, bool v) { Bind(i, static_cast<int64_t>(v)); }
  void Bind(int i, const std::optional<std::string>& v) {
    if (v) Bind(i, *v); else Check(sqlite3_bind_null(stmt_, i));
  }
  void Bind(int i, const std::optional<int64_t>& v) {
    if (v) Bind(i, *v); else Check(sqlite3_bind_null(stmt_, i));
  }
  // Binds its arguments to the parameters 1, 2, ... in order. They are forwarded, so a
  // temporary string still meets the deleted overload above.
  template <typename... Args>
  void BindAll(Args&&... args) {
    int i = 0;
    (Bind(++i, std::forward<Args>(args)), ...);
  }

  // Steps once: true while there is a row to read.
  bool Step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    connection_.Fail();
  }
  void Run() { while (Step()) {} }

  // By its byte length, not up to the first NUL: JSON input may carry "\u0000" in a string.
  // A view is valid until the statement steps again or its scope ends.
  std::string_view View(int col) const {
    const char* t = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return t ? std::string_view(t, sqlite3_column_bytes(stmt_, col)) : std::string_view();
  }
  std::string Text(int col) const { return std::string(View(col)); }
  int64_t Int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool Flag(int col) const { return sqlite3_column_int(stmt_, col) != 0; }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  void Check(int rc) const {
    if (rc != SQLITE_OK) connection_.Fail();
  }
  Connection& connection_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Runs `sql` once with `args` bound to its parameters in order: a write that reads no rows.
template <typename... Args>
void Execute(Connection& connection, const Sql& sql, Args&&... args) {
  Statement st(connection, sql);
  st.BindAll(std::forward<Args>(args)...);
  st.Run();
}

}  // namespace shmock

#endif  // SHMOCK_STORE_STATEMENTS_H_
