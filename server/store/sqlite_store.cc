#include "shmock/sqlite_store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string_view>
#include <tuple>
#include <vector>
#include <nlohmann/json.hpp>

namespace shmock {
namespace {

// Each entry moves the schema from version i to i+1. Append; never edit a shipped entry.
const char* const kMigrations[] = {
    R"sql(
      CREATE TABLE hubs (
        region                    TEXT NOT NULL,
        account_id                TEXT NOT NULL,
        subscribed_at             INTEGER NOT NULL,
        auto_enable_controls      INTEGER NOT NULL,
        control_finding_generator TEXT NOT NULL,
        tags                      TEXT NOT NULL,
        PRIMARY KEY (region, account_id)
      ) WITHOUT ROWID;
      CREATE TABLE relationships (
        region             TEXT NOT NULL,
        administrator_id   TEXT NOT NULL,
        member_id          TEXT NOT NULL,
        email              TEXT,
        status             TEXT NOT NULL,
        invitation_id      TEXT NOT NULL,
        invited_at         INTEGER,
        updated_at         INTEGER NOT NULL,
        invitation_deleted INTEGER NOT NULL,
        PRIMARY KEY (region, administrator_id, member_id)
      ) WITHOUT ROWID;
      CREATE INDEX relationships_by_member ON relationships (region, member_id, administrator_id);
    )sql",
    // The default pages: an administrator's ListMembers (OnlyAssociated=true) and a member's
    // enabled administrator read only Enabled relationships; without these, SQLite walks every
    // relationship of the account to find them, so the page cost grew with the member count.
    R"sql(
      CREATE INDEX relationships_by_administrator_status
        ON relationships (region, administrator_id, status, member_id);
      CREATE INDEX relationships_by_member_status
        ON relationships (region, member_id, status, administrator_id);
    )sql",
    // Organizations (issue 8): how a relationship was made, the organization's accounts
    // (cross-Region) and each Region's delegated administrator with its configuration.
    R"sql(
      ALTER TABLE relationships ADD COLUMN origin TEXT NOT NULL DEFAULT 'Invitation';
      CREATE TABLE organization_accounts (
        account_id TEXT NOT NULL PRIMARY KEY,
        management INTEGER NOT NULL,
        suspended  INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE delegated_administrators (
        region                TEXT NOT NULL PRIMARY KEY,
        account_id            TEXT NOT NULL,
        status                TEXT NOT NULL,
        auto_enable           INTEGER NOT NULL,
        auto_enable_standards TEXT NOT NULL,
        configuration_type    TEXT NOT NULL
      ) WITHOUT ROWID;
    )sql",
    // The status indexes of migration 2 held every relationship, so each row CreateMembers
    // wrote went into four b-trees instead of two (a batch of 50 on a file database: 3.6M
    // instructions, from 2.7M). Only Enabled relationships are read through them (the default
    // pages): indexes of those alone cost nothing to create, invite or delete members. The
    // administrator's holds every column, so its page reads no table row; a column added to
    // relationships must be added to it (by a new migration), or that page reads rows again.
    R"sql(
      DROP INDEX relationships_by_administrator_status;
      DROP INDEX relationships_by_member_status;
      CREATE INDEX relationships_enabled_by_administrator
        ON relationships (region, administrator_id, member_id, email, status, invitation_id,
                          invited_at, updated_at, invitation_deleted, origin)
        WHERE status = 'Enabled';
      CREATE INDEX relationships_enabled_by_member
        ON relationships (region, member_id, administrator_id)
        WHERE status = 'Enabled';
    )sql",
};
constexpr int kSchemaVersion = sizeof(kMigrations) / sizeof(kMigrations[0]);

const char kAdministratorColumns[] =
    "region, account_id, status, auto_enable, auto_enable_standards, configuration_type";

// `name` as an SQL identifier.
std::string QuoteName(const std::string& name) {
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"') quoted += '"';  // doubled
    quoted += c;
  }
  return quoted + "\"";
}

// A statement the store runs: its SQL text, and a slot that identifies it in each connection's
// cache of prepared statements (Impl::Prepared), so that finding a statement is an index into a
// vector rather than a comparison of SQL texts. Every Sql lives as long as the program, as a
// constant of this file or a static of the function that runs it; each has a slot of its own.
// A connection prepares a statement at its first use and finalises it when it closes.
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

const Sql kBeginRead("BEGIN");
const Sql kBeginWrite("BEGIN IMMEDIATE");
const Sql kCommit("COMMIT");
const Sql kRollback("ROLLBACK");

const char kHubColumns[] =
    "region, account_id, subscribed_at, auto_enable_controls, control_finding_generator, tags";
// Every column of relationships; relationships_enabled_by_administrator holds them all.
const char kRelationshipColumns[] =
    "region, administrator_id, member_id, email, status, invitation_id, invited_at, updated_at, "
    "invitation_deleted, origin";

// How a relationship query matches statuses. Enabled alone, the default pages, is read from the
// partial indexes of Enabled relationships, which SQLite uses only when the query names the
// status as the same literal their WHERE does. Another single status, or all but one, is a
// comparison that filters the rows of the key range: an IN list has SQLite build a temporary
// index on every query.
enum class StatusMatch { kAny, kEnabled, kOne, kAllButOne, kSome };

// What decides the SQL text of a relationship query; the values it binds are apart.
struct RelationshipQueryShape {
  bool by_admin = false;   // the administrator's relationships, or else the member's
  bool open_only = false;  // RelationshipQuery::open_invitations_only
  StatusMatch match = StatusMatch::kAny;
  size_t values = 0;  // statuses it binds: 1 for kOne and kAllButOne, 2 or more for kSome

  bool operator<(const RelationshipQueryShape& o) const {
    return std::tie(by_admin, open_only, match, values) <
           std::tie(o.by_admin, o.open_only, o.match, o.values);
  }
};

std::string RelationshipQueryText(const RelationshipQueryShape& shape) {
  // Keyset pagination on the primary key or the by-member index: a page costs the same at
  // any depth (no OFFSET).
  const char* party = shape.by_admin ? "administrator_id" : "member_id";
  const char* other = shape.by_admin ? "member_id" : "administrator_id";
  std::string sql = std::string("SELECT ") + kRelationshipColumns + " FROM relationships";
  // Named, because SQLite's planner prefers the primary key: it would walk every relationship
  // of the administrator to find its few Enabled ones, and, given a list of statuses, every
  // relationship of the Region to find the member's. The administrator's other queries walk
  // the primary key, whose order is theirs.
  if (shape.match == StatusMatch::kEnabled) {
    sql += shape.by_admin ? " INDEXED BY relationships_enabled_by_administrator"
                          : " INDEXED BY relationships_enabled_by_member";
  } else if (!shape.by_admin) {
    sql += " INDEXED BY relationships_by_member";
  }
  sql += std::string(" WHERE region = ? AND ") + party + " = ? AND " + other + " > ?";
  switch (shape.match) {
    case StatusMatch::kAny:
      break;
    case StatusMatch::kEnabled:
      sql += " AND status = 'Enabled'";  // as the partial indexes' WHERE spells it (migration 4)
      break;
    case StatusMatch::kOne:
      sql += " AND status = ?";
      break;
    case StatusMatch::kAllButOne:
      sql += " AND status <> ?";
      break;
    case StatusMatch::kSome:
      sql += " AND status IN (";
      for (size_t i = 0; i < shape.values; ++i) sql += i ? ", ?" : "?";
      sql += ")";
      break;
  }
  if (shape.open_only) sql += " AND invitation_id <> '' AND invitation_deleted = 0";
  sql += std::string(" ORDER BY ") + other + " LIMIT ?";
  return sql;
}

// The statement of each shape of relationship query, all built at the first query.
const Sql& RelationshipQuerySql(const RelationshipQueryShape& shape) {
  static const std::map<RelationshipQueryShape, Sql> all = [] {
    std::map<RelationshipQueryShape, Sql> shapes;
    for (bool by_admin : {false, true}) {
      for (bool open_only : {false, true}) {
        auto add = [&](StatusMatch match, size_t values) {
          const RelationshipQueryShape shape{by_admin, open_only, match, values};
          shapes.try_emplace(shape, RelationshipQueryText(shape));
        };
        add(StatusMatch::kAny, 0);
        add(StatusMatch::kEnabled, 0);
        add(StatusMatch::kOne, 1);
        add(StatusMatch::kAllButOne, 1);
        for (size_t n = 2; n + 1 < kMemberStatusCount; ++n) add(StatusMatch::kSome, n);
      }
    }
    return shapes;
  }();
  return all.at(shape);
}

// An exclusive advisory lock on "<database>.lock", held while this object lives, so that two
// servers never share a database (a /_mock/reset on one would wipe the other's state). flock
// rather than fcntl: SQLite's own fcntl locks belong to the process and fall when any of its
// descriptors of the file closes; a flock falls only with this descriptor, or with the process,
// so a server that crashed leaves nothing behind to clean up. The lock file itself stays (removing
// it would let a third server lock a fresh file while the second still holds the old one).
class DatabaseLock {
 public:
  // Takes the lock for the database file at `path`, or refuses in one line naming the holder.
  static Status Acquire(const std::string& path, std::unique_ptr<DatabaseLock>* lock) {
    // Beside the file itself, so a symlink or another spelling of the path finds the same lock.
    char* resolved = realpath(path.c_str(), nullptr);
    const std::string lock_path = (resolved ? std::string(resolved) : path) + ".lock";
    std::free(resolved);
    const int fd = open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      return Status::Internal("cannot open the lock file '" + lock_path + "' of database '" +
                              path + "': " + std::strerror(errno) +
                              "; this user must be able to create and write it there");
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      const std::string holder = ReadHolder(fd);
      close(fd);
      if (error != EWOULDBLOCK) {
        return Status::Internal("cannot lock '" + lock_path + "': " + std::strerror(error));
      }
      return Status::Internal("database '" + path + "' is in use by another securityhub-mock (" +
                              (holder.empty() ? "a process" : "process " + holder) + " holds '" +
                              lock_path + "'); stop that server, or use another database file");
    }
    WriteHolder(fd);  // a comfort only: unnamed, the holder is "a process" in the refusal
    lock->reset(new DatabaseLock(fd));
    return Status::OK();
  }

  ~DatabaseLock() { close(fd_); }
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;

 private:
  explicit DatabaseLock(int fd) : fd_(fd) {}

  static bool WriteHolder(int fd) {
    const std::string pid = std::to_string(getpid()) + "\n";
    return ftruncate(fd, 0) == 0 &&
           pwrite(fd, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
  }

  // The pid the holder wrote, or "" if it has not written it yet.
  static std::string ReadHolder(int fd) {
    char buf[32] = {};
    const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    std::string pid(buf, n > 0 ? static_cast<size_t>(n) : 0);
    while (!pid.empty() && pid.back() == '\n') pid.pop_back();
    return pid;
  }

  int fd_;
};

}  // namespace

class SqliteStore::Impl : public StoreTransaction {
 public:
  explicit Impl(sqlite3* db) : db_(db) {}
  ~Impl() override {
    for (sqlite3_stmt* stmt : statements_) sqlite3_finalize(stmt);  // a no-op for a null slot
    sqlite3_close(db_);
  }

  std::mutex mu;
  std::unique_ptr<DatabaseLock> lock;  // a file database's; released after the database closes
  sqlite3* db() const { return db_; }

  // Runs `sql`, parsed once for the connection's life: BEGIN, COMMIT and ROLLBACK of every call.
  void Run(const Sql& sql) { Statement(*this, sql).Run(); }

  void Exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "unknown error";
      sqlite3_free(err);
      throw StoreError(m);
    }
  }

  // Runs `work` in a write transaction that commits if it returns and rolls back if it throws.
  template <typename Work>
  void InWriteTransaction(Work work) {
    Run(kBeginWrite);
    try {
      work();
      Run(kCommit);
    } catch (...) {
      sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

  void SetUserVersion(int version) {
    Exec(("PRAGMA user_version = " + std::to_string(version)).c_str());
  }

  int UserVersion() {
    static const Sql sql("PRAGMA user_version");
    Statement st(*this, sql);
    return st.Step() ? sqlite3_column_int(st.get(), 0) : 0;
  }

  void Migrate() {
    int version = UserVersion();
    if (version > kSchemaVersion) {
      throw StoreError("the database has schema version " + std::to_string(version) +
                       ", newer than this build's " + std::to_string(kSchemaVersion));
    }
    for (; version < kSchemaVersion; ++version) {
      InWriteTransaction([&] {
        Exec(kMigrations[version]);
        SetUserVersion(version + 1);
      });
    }
  }

  // Proves the database writable with a real write: user_version rewritten with its own value.
  // SQLite reads happily through a -wal or -shm file this user may not write and fails only at
  // the first write, so the server would start and then answer every write with 500.
  void ProveWritable() {
    InWriteTransaction([&] { SetUserVersion(UserVersion()); });
  }

  // Empties every table of the schema, read from sqlite_master so that a table added by a
  // later migration is emptied too.
  void DeleteAllRows() {
    std::vector<std::string> tables;
    {
      static const Sql sql(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
          "'sqlite\\_%' ESCAPE '\\'");
      Statement st(*this, sql);
      while (st.Step()) tables.push_back(st.Text(0));
    }
    for (const std::string& table : tables) Exec(("DELETE FROM " + QuoteName(table)).c_str());
  }

  // --- StoreTransaction -----------------------------------------------------------------

  std::optional<Hub> FindHub(const std::string& region, const std::string& account_id) override {
    static const Sql sql(std::string("SELECT ") + kHubColumns +
                         " FROM hubs WHERE region = ? AND account_id = ?");
    Statement st(*this, sql);
    st.Bind(1, region);
    st.Bind(2, account_id);
    if (!st.Step()) return std::nullopt;
    return ReadHub(st);
  }

  bool HubExists(const std::string& region, const std::string& account_id) override {
    static const Sql sql("SELECT 1 FROM hubs WHERE region = ? AND account_id = ?");
    Statement st(*this, sql);
    st.Bind(1, region);
    st.Bind(2, account_id);
    return st.Step();
  }

  void PutHub(const Hub& hub) override {
    static const Sql sql(std::string("INSERT OR REPLACE INTO hubs (") + kHubColumns +
                         ") VALUES (?, ?, ?, ?, ?, ?)");
    const std::string tags = nlohmann::json(hub.tags).dump();
    Statement st(*this, sql);
    st.Bind(1, hub.region);
    st.Bind(2, hub.account_id);
    st.Bind(3, hub.subscribed_at);
    st.Bind(4, static_cast<int64_t>(hub.auto_enable_controls));
    st.Bind(5, hub.control_finding_generator);
    st.Bind(6, tags);
    st.Run();
  }

  void DeleteHub(const std::string& region, const std::string& account_id) override {
    static const Sql sql("DELETE FROM hubs WHERE region = ? AND account_id = ?");
    Statement st(*this, sql);
    st.Bind(1, region);
    st.Bind(2, account_id);
    st.Run();
  }

  std::optional<Relationship> FindRelationship(const std::string& region,
                                               const std::string& administrator_id,
                                               const std::string& member_id) override {
    static const Sql sql(std::string("SELECT ") + kRelationshipColumns +
                         " FROM relationships WHERE region = ? AND administrator_id = ? AND "
                         "member_id = ?");
    Statement st(*this, sql);
    st.Bind(1, region);
    st.Bind(2, administrator_id);
    st.Bind(3, member_id);
    if (!st.Step()) return std::nullopt;
    return ReadRelationship(st);
  }

  void PutRelationship(const Relationship& r) override {
    static const Sql sql(std::string("INSERT OR REPLACE INTO relationships (") +
                         kRelationshipColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Statement st(*this, sql);
    st.Bind(1, r.region);
    st.Bind(2, r.administrator_id);
    st.Bind(3, r.member_id);
    st.Bind(4, r.email);
    st.Bind(5, MemberStatusName(r.status));
    st.Bind(6, r.invitation_id);
    st.Bind(7, r.invited_at);
    st.Bind(8, r.updated_at);
    st.Bind(9, static_cast<int64_t>(r.invitation_deleted));
    st.Bind(10, MembershipOriginName(r.origin));
    st.Run();
  }

  void DeleteRelationship(const std::string& region, const std::string& administrator_id,
                          const std::string& member_id) override {
    static const Sql sql(
        "DELETE FROM relationships WHERE region = ? AND administrator_id = ? AND member_id = ?");
    Statement st(*this, sql);
    st.Bind(1, region);
    st.Bind(2, administrator_id);
    st.Bind(3, member_id);
    st.Run();
  }

  std::vector<Relationship> FindRelationships(const RelationshipQuery& q) override {
    RelationshipQueryShape shape;
    shape.by_admin = q.administrator_id.has_value();
    shape.open_only = q.open_invitations_only;
    // The statuses asked for and those left out, each once; all or none is any status.
    bool asked[kMemberStatusCount] = {};
    for (MemberStatus s : q.statuses) asked[static_cast<size_t>(s)] = true;
    MemberStatus included[kMemberStatusCount], excluded[kMemberStatusCount];
    size_t n_included = 0, n_excluded = 0;
    for (size_t i = 0; i < kMemberStatusCount; ++i) {
      if (asked[i]) included[n_included++] = static_cast<MemberStatus>(i);
      else excluded[n_excluded++] = static_cast<MemberStatus>(i);
    }
    const MemberStatus* bound = included;  // the statuses the statement compares with
    shape.values = n_included;
    if (n_included == 0 || n_excluded == 0) {
      shape.match = StatusMatch::kAny;
      shape.values = 0;
    } else if (n_included == 1 && included[0] == MemberStatus::kEnabled) {
      shape.match = StatusMatch::kEnabled;
      shape.values = 0;
    } else if (n_included == 1) {
      shape.match = StatusMatch::kOne;
    } else if (n_excluded == 1) {
      shape.match = StatusMatch::kAllButOne;
      bound = excluded;
      shape.values = 1;
    } else {
      shape.match = StatusMatch::kSome;
    }

    Statement st(*this, RelationshipQuerySql(shape));
    int i = 1;
    st.Bind(i++, q.region);
    st.Bind(i++, shape.by_admin ? *q.administrator_id : *q.member_id);
    st.Bind(i++, q.after);
    for (size_t v = 0; v < shape.values; ++v) st.Bind(i++, MemberStatusName(bound[v]));
    st.Bind(i++, static_cast<int64_t>(q.limit > 0 ? q.limit : -1));
    std::vector<Relationship> out;
    while (st.Step()) out.push_back(ReadRelationship(st));
    return out;
  }

  std::optional<OrganizationAccount> FindOrganizationAccount(const std::string& account_id) override {
    static const Sql sql(
        "SELECT account_id, management, suspended FROM organization_accounts WHERE account_id = ?");
    Statement st(*this, sql);
    st.Bind(1, account_id);
    if (!st.Step()) return std::nullopt;
    return ReadOrganizationAccount(st);
  }

  std::optional<OrganizationAccount> FindManagementAccount() override {
    static const Sql sql(
        "SELECT account_id, management, suspended FROM organization_accounts WHERE management = 1 "
        "LIMIT 1");
    Statement st(*this, sql);
    if (!st.Step()) return std::nullopt;
    return ReadOrganizationAccount(st);
  }

  std::vector<OrganizationAccount> AllOrganizationAccounts() override {
    static const Sql sql(
        "SELECT account_id, management, suspended FROM organization_accounts ORDER BY account_id");
    Statement st(*this, sql);
    std::vector<OrganizationAccount> out;
    while (st.Step()) out.push_back(ReadOrganizationAccount(st));
    return out;
  }

  void PutOrganizationAccount(const OrganizationAccount& a) override {
    static const Sql sql(
        "INSERT OR REPLACE INTO organization_accounts (account_id, management, suspended) VALUES "
        "(?, ?, ?)");
    Statement st(*this, sql);
    st.Bind(1, a.account_id);
    st.Bind(2, static_cast<int64_t>(a.management));
    st.Bind(3, static_cast<int64_t>(a.suspended));
    st.Run();
  }

  void DeleteOrganizationAccount(const std::string& account_id) override {
    static const Sql sql("DELETE FROM organization_accounts WHERE account_id = ?");
    Statement st(*this, sql);
    st.Bind(1, account_id);
    st.Run();
  }

  std::optional<DelegatedAdministrator> FindDelegatedAdministrator(const std::string& region) override {
    static const Sql sql(std::string("SELECT ") + kAdministratorColumns +
                         " FROM delegated_administrators WHERE region = ?");
    Statement st(*this, sql);
    st.Bind(1, region);
    if (!st.Step()) return std::nullopt;
    return ReadDelegatedAdministrator(st);
  }

  std::vector<DelegatedAdministrator> FindDelegatedAdministrators() override {
    static const Sql sql(std::string("SELECT ") + kAdministratorColumns +
                         " FROM delegated_administrators ORDER BY region");
    Statement st(*this, sql);
    std::vector<DelegatedAdministrator> out;
    while (st.Step()) out.push_back(ReadDelegatedAdministrator(st));
    return out;
  }

  void PutDelegatedAdministrator(const DelegatedAdministrator& a) override {
    static const Sql sql(std::string("INSERT OR REPLACE INTO delegated_administrators (") +
                         kAdministratorColumns + ") VALUES (?, ?, ?, ?, ?, ?)");
    Statement st(*this, sql);
    st.Bind(1, a.region);
    st.Bind(2, a.account_id);
    st.Bind(3, AdminStatusName(a.status));
    st.Bind(4, static_cast<int64_t>(a.configuration.auto_enable));
    st.Bind(5, AutoEnableStandardsName(a.configuration.auto_enable_standards));
    st.Bind(6, ConfigurationTypeName(a.configuration.configuration_type));
    st.Run();
  }

  void DeleteDelegatedAdministrator(const std::string& region) override {
    static const Sql sql("DELETE FROM delegated_administrators WHERE region = ?");
    Statement st(*this, sql);
    st.Bind(1, region);
    st.Run();
  }

  std::vector<Hub> AllHubs() override {
    static const Sql sql(std::string("SELECT ") + kHubColumns +
                         " FROM hubs ORDER BY region, account_id");
    Statement st(*this, sql);
    std::vector<Hub> out;
    while (st.Step()) out.push_back(ReadHub(st));
    return out;
  }

  std::vector<Relationship> AllRelationships() override {
    static const Sql sql(std::string("SELECT ") + kRelationshipColumns +
                         " FROM relationships ORDER BY region, administrator_id, member_id");
    Statement st(*this, sql);
    std::vector<Relationship> out;
    while (st.Step()) out.push_back(ReadRelationship(st));
    return out;
  }

 private:
  // The statement of `sql` on this connection, prepared at its first use.
  sqlite3_stmt* Prepared(const Sql& sql) {
    if (sql.slot() >= statements_.size()) statements_.resize(sql.slot() + 1, nullptr);
    sqlite3_stmt*& stmt = statements_[sql.slot()];
    if (!stmt && sqlite3_prepare_v2(db_, sql.text(), -1, &stmt, nullptr) != SQLITE_OK) {
      throw StoreError(sqlite3_errmsg(db_));
    }
    return stmt;
  }

  // A cached prepared statement, reset and unbound when the scope ends. Text is bound without a
  // copy: what is bound must outlive the steps, so only lvalues and static strings bind (a
  // temporary would be gone by the first step), and the bindings are cleared at the scope's end
  // so that no statement keeps a pointer to a string that is gone.
  class Statement {
   public:
    Statement(Impl& impl, const Sql& sql) : impl_(impl), stmt_(impl.Prepared(sql)) {}
    ~Statement() {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    sqlite3_stmt* get() const { return stmt_; }
    void Bind(int i, const std::string& v) {
      Check(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
    }
    void Bind(int i, std::string&& v) = delete;  // would be gone before the statement steps
    void Bind(int i, const char* v) {  // a static string
      Check(sqlite3_bind_text(stmt_, i, v, -1, SQLITE_STATIC));
    }
    void Bind(int i, int64_t v) { Check(sqlite3_bind_int64(stmt_, i, v)); }
    void Bind(int i, const std::optional<std::string>& v) {
      if (v) Bind(i, *v); else Check(sqlite3_bind_null(stmt_, i));
    }
    void Bind(int i, const std::optional<int64_t>& v) {
      if (v) Bind(i, *v); else Check(sqlite3_bind_null(stmt_, i));
    }
    bool Step() {
      int rc = sqlite3_step(stmt_);
      if (rc == SQLITE_ROW) return true;
      if (rc == SQLITE_DONE) return false;
      throw StoreError(sqlite3_errmsg(impl_.db_));
    }
    void Run() { while (Step()) {} }
    // By its byte length, not up to the first NUL: JSON input may carry "\u0000" in a string.
    // A view is valid until the statement steps again or its scope ends.
    std::string_view View(int col) const {
      const char* t = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
      return t ? std::string_view(t, sqlite3_column_bytes(stmt_, col)) : std::string_view();
    }
    std::string Text(int col) const { return std::string(View(col)); }
    bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

   private:
    void Check(int rc) {
      if (rc != SQLITE_OK) throw StoreError(sqlite3_errmsg(impl_.db_));
    }
    Impl& impl_;
    sqlite3_stmt* stmt_ = nullptr;
  };

  static Hub ReadHub(const Statement& st) {
    Hub hub;
    hub.region = st.Text(0);
    hub.account_id = st.Text(1);
    hub.subscribed_at = sqlite3_column_int64(st.get(), 2);
    hub.auto_enable_controls = sqlite3_column_int(st.get(), 3) != 0;
    hub.control_finding_generator = st.Text(4);
    auto tags = nlohmann::json::parse(st.Text(5), nullptr, /*allow_exceptions=*/false);
    if (tags.is_object()) hub.tags = tags.get<std::map<std::string, std::string>>();
    return hub;
  }

  static Relationship ReadRelationship(const Statement& st) {
    sqlite3_stmt* s = st.get();
    Relationship r;
    r.region = st.Text(0);
    r.administrator_id = st.Text(1);
    r.member_id = st.Text(2);
    if (!st.IsNull(3)) r.email = st.Text(3);
    auto status = ParseMemberStatus(st.View(4));  // a view of the column: no string made
    if (!status) throw StoreError("unknown member status '" + st.Text(4) + "' in the database");
    r.status = *status;
    r.invitation_id = st.Text(5);
    if (!st.IsNull(6)) r.invited_at = sqlite3_column_int64(s, 6);
    r.updated_at = sqlite3_column_int64(s, 7);
    r.invitation_deleted = sqlite3_column_int(s, 8) != 0;
    auto origin = ParseMembershipOrigin(st.Text(9));
    if (!origin) throw StoreError("unknown relationship origin '" + st.Text(9) + "' in the database");
    r.origin = *origin;
    return r;
  }

  static OrganizationAccount ReadOrganizationAccount(const Statement& st) {
    OrganizationAccount a;
    a.account_id = st.Text(0);
    a.management = sqlite3_column_int(st.get(), 1) != 0;
    a.suspended = sqlite3_column_int(st.get(), 2) != 0;
    return a;
  }

  static DelegatedAdministrator ReadDelegatedAdministrator(const Statement& st) {
    DelegatedAdministrator a;
    a.region = st.Text(0);
    a.account_id = st.Text(1);
    a.status = st.Text(2) == AdminStatusName(AdminStatus::kDisableInProgress)
                   ? AdminStatus::kDisableInProgress : AdminStatus::kEnabled;
    a.configuration.auto_enable = sqlite3_column_int(st.get(), 3) != 0;
    a.configuration.auto_enable_standards =
        st.Text(4) == AutoEnableStandardsName(AutoEnableStandards::kNone)
            ? AutoEnableStandards::kNone : AutoEnableStandards::kDefault;
    a.configuration.configuration_type =
        st.Text(5) == ConfigurationTypeName(ConfigurationType::kCentral)
            ? ConfigurationType::kCentral : ConfigurationType::kLocal;
    return a;
  }

  sqlite3* db_;
  std::vector<sqlite3_stmt*> statements_;  // by Sql::slot(); null until first used
};

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

Status SqliteStore::Open(const std::string& path, std::unique_ptr<SqliteStore>* store) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db,
                           // NOMUTEX: Impl::mu already serialises every use of the connection.
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string m = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    // SQLite's errno here is that of its fallback read-only attempt (ENOENT for a new file in a
    // directory this user may not write), so it would mislead; the usual causes are named instead.
    return Status::Internal("cannot open database '" + path + "': " + m +
                            "; its directory must exist and be writable by this user");
  }
  auto impl = std::make_unique<Impl>(db);
  sqlite3_busy_timeout(db, 5000);
  if (path != ":memory:") {
    Status s = DatabaseLock::Acquire(path, &impl->lock);
    if (!s.ok()) return s;
    if (sqlite3_db_readonly(db, "main") == 1) {
      return Status::Internal("database '" + path +
                              "' is read-only for this user; make the file writable, or use "
                              "another database file");
    }
    try {
      impl->Exec("PRAGMA journal_mode = WAL");
      impl->Exec("PRAGMA synchronous = FULL");  // an acknowledged write survives a crash
      impl->ProveWritable();
    } catch (const StoreError& e) {
      return Status::Internal("database '" + path + "' is not writable (" + e.what() +
                              "): this user must be able to write it, its directory, and the '" +
                              path + "-wal' and '" + path +
                              "-shm' beside it; fix that, or use another database file");
    }
  }
  try {
    impl->Migrate();
  } catch (const StoreError& e) {
    return Status::Internal("cannot use database '" + path + "': " + e.what());
  }
  store->reset(new SqliteStore(std::move(impl)));
  return Status::OK();
}

Status SqliteStore::Run(Access access, const std::function<Status(StoreTransaction&)>& body) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  try {
    impl_->Run(access == Access::kWrite ? kBeginWrite : kBeginRead);
  } catch (const StoreError& e) {
    return Status::Internal(std::string("database error: ") + e.what());
  }
  // Whatever escapes the body or the commit, a storage failure or a bug, ends here: left
  // open, the transaction would make every later BEGIN fail.
  std::string failure;
  try {
    Status result = body(*impl_);
    impl_->Run(result.ok() ? kCommit : kRollback);
    return result;
  } catch (const StoreError& e) {
    failure = std::string("database error: ") + e.what();
  } catch (const std::exception& e) {
    failure = std::string("internal error: ") + e.what();
  } catch (...) {
    failure = "internal error: an unknown exception";
  }
  sqlite3_exec(impl_->db(), "ROLLBACK", nullptr, nullptr, nullptr);  // a no-op if none is open
  return Status::Internal(failure);
}

Status SqliteStore::Reset() {
  return Run(Access::kWrite, [this](StoreTransaction&) {
    impl_->DeleteAllRows();
    return Status::OK();
  });
}

}  // namespace shmock
