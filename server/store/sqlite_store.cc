// SqliteStore's core: opening a database, one transaction per call (writes committed in groups),
// reset and snapshots. The parts of the state are each in a file of their own (hub_records.cc,
// relationship_records.cc, organization_records.cc, standards_records.cc, finding_records.cc,
// session_records.cc, insight_records.cc, aggregator_records.cc), the tables in schema.cc, the
// lock in database_lock.cc, the read-only look at a file before it is opened in
// database_file.cc, and the connection with its prepared statements in statements.cc.
#include "shmock/sqlite_store.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "aggregator_records.h"
#include "database_file.h"
#include "database_lock.h"
#include "finding_records.h"
#include "hub_records.h"
#include "insight_records.h"
#include "organization_records.h"
#include "relationship_records.h"
#include "schema.h"
#include "standards_records.h"
#include "session_records.h"
#include "statements.h"

namespace shmock {
namespace {

// The transaction every call's body gets: each part of the state over the one connection.
class SqliteTransaction final : public StoreTransaction {
 public:
  explicit SqliteTransaction(Connection& connection)
      : hubs_(connection),
        relationships_(connection),
        organization_(connection),
        standards_(connection),
        findings_(connection),
        subscriptions_(connection),
        sessions_(connection),
        insights_(connection),
        aggregators_(connection) {}

  HubRecords& hubs() override { return hubs_; }
  RelationshipRecords& relationships() override { return relationships_; }
  OrganizationRecords& organization() override { return organization_; }
  StandardsRecords& standards() override { return standards_; }
  FindingRecords& findings() override { return findings_; }
  ProductSubscriptionRecords& product_subscriptions() override { return subscriptions_; }
  SessionRecords& sessions() override { return sessions_; }
  InsightRecords& insights() override { return insights_; }
  AggregatorRecords& aggregators() override { return aggregators_; }

 private:
  SqliteHubRecords hubs_;
  SqliteRelationshipRecords relationships_;
  SqliteOrganizationRecords organization_;
  SqliteStandardsRecords standards_;
  SqliteFindingRecords findings_;
  SqliteProductSubscriptionRecords subscriptions_;
  SqliteSessionRecords sessions_;
  SqliteInsightRecords insights_;
  SqliteAggregatorRecords aggregators_;
};

// A write call waiting to be committed: its body, and its outcome once `done`.
struct PendingWrite {
  const std::function<Status(StoreTransaction&)>* body;
  Status result;
  bool done = false;
};

// Runs `work`; whatever escapes it, a storage failure or a bug, comes back as an Internal status.
template <typename Work>
Status Contained(Work work) {
  try {
    return work();
  } catch (const StoreError& e) {
    return Status::Internal(std::string("database error: ") + e.what());
  } catch (const std::exception& e) {
    return Status::Internal(std::string("internal error: ") + e.what());
  } catch (...) {
    return Status::Internal("internal error: an unknown exception");
  }
}

}  // namespace

class SqliteStore::Impl {
 public:
  explicit Impl(sqlite3* db) : connection(db), transaction(connection) {}

  // Runs a group of write calls in one transaction: each body in a savepoint of its own, then
  // one commit. Sets every call's result.
  void CommitGroup(const std::vector<PendingWrite*>& group);

  std::mutex mu;                       // one transaction at a time on the connection
  std::unique_ptr<DatabaseLock> lock;  // a file database's; released after the database closes
  Connection connection;
  SqliteTransaction transaction;

  // Group commit. Writers queue in `waiting`; while no one is `leading`, the first to look takes
  // the whole queue and commits it as one group, and the others wait for `done`.
  std::mutex writers_mu;
  std::condition_variable writers_cv;
  std::vector<PendingWrite*> waiting;
  bool leading = false;

  // Copies the database into the empty file `file` with SQLite's online backup; "" or why not.
  std::string BackupInto(const std::string& file);

  std::mutex snapshot_mu;  // one snapshot at a time
};

void SqliteStore::Impl::CommitGroup(const std::vector<PendingWrite*>& group) {
  std::lock_guard<std::mutex> hold(mu);
  Status begun = Contained([&] {
    connection.Begin(/*write=*/true);
    return Status::OK();
  });
  if (!begun.ok()) {
    for (PendingWrite* w : group) w->result = begun;
    return;
  }
  bool any_kept = false;
  for (size_t i = 0; i < group.size(); ++i) {
    PendingWrite& w = *group[i];
    Status result = Contained([&] {
      connection.Savepoint();
      return Status::OK();
    });
    if (result.ok()) {
      result = Contained([&] { return (*w.body)(transaction); });
      // Kept, or undone alone: the transaction goes on with the other calls' writes.
      Status closed = Contained([&] {
        if (result.ok()) connection.ReleaseSavepoint(); else connection.RollbackToSavepoint();
        return Status::OK();
      });
      if (!closed.ok()) {
        connection.Abandon();
        if (result.ok()) result = closed;
      }
    }
    w.result = result;
    if (!connection.InTransaction()) {
      // The whole transaction is gone (SQLite rolls back by itself after a full disk or an I/O
      // error): the calls before this one lost their writes with it, and the rest have no
      // transaction to run in. None of them has been acknowledged.
      const Status lost = Status::Internal(
          "database error: the transaction was rolled back" +
          (result.ok() ? std::string() : " (" + result.message() + ")"));
      for (size_t j = 0; j < group.size(); ++j) {
        if (j > i || group[j]->result.ok()) group[j]->result = lost;
      }
      return;
    }
    any_kept |= result.ok();
  }
  Status ended = Contained([&] {
    if (any_kept) connection.Commit(); else connection.Rollback();
    return Status::OK();
  });
  if (!ended.ok()) {
    connection.Abandon();
    for (PendingWrite* w : group) {
      if (w->result.ok()) w->result = ended;
    }
  }
}

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
  return Status::Internal("cannot open database '" + path + "': " + m +
                          "; its directory must be writable by this user");
}

// The folder `path` is in.
std::string Folder(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// Refuses a path whose folder does not exist (or is not a folder), before any file is made.
Status CheckFolder(const std::string& path) {
  const std::string folder = Folder(path);
  struct stat st {};
  if (stat(folder.c_str(), &st) != 0) {
    return Status::Internal("cannot open database '" + path + "': its directory '" + folder +
                            "' " + (errno == ENOENT ? "does not exist" : std::strerror(errno)) +
                            "; create it, or use another database file");
  }
  if (!S_ISDIR(st.st_mode)) {
    return Status::Internal("cannot open database '" + path + "': '" + folder +
                            "' is not a directory; use another database file");
  }
  return Status::OK();
}

// Whether this user may write the database at `path`, found without writing: SQLite reads
// happily through a file, a -wal or a -shm it may not write and fails only at the first write,
// and by then the store has accepted the file. faccessat with AT_EACCESS answers for the
// effective user, and with EROFS for a read-only file system.
Status CheckWritable(const std::string& path, bool exists) {
  if (exists && faccessat(AT_FDCWD, path.c_str(), W_OK, AT_EACCESS) != 0) {
    return Status::Internal("database '" + path +
                            "' is read-only for this user; make the file writable, or use "
                            "another database file");
  }
  const std::string folder = Folder(path);
  // The folder: SQLite makes the -wal and -shm files there, and removes them on close.
  std::vector<std::pair<std::string, int>> needed = {{folder, W_OK | X_OK}};
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::string file = path + suffix;
    if (access(file.c_str(), F_OK) == 0) needed.emplace_back(file, R_OK | W_OK);
  }
  for (const auto& [file, mode] : needed) {
    if (faccessat(AT_FDCWD, file.c_str(), mode, AT_EACCESS) != 0) {
      const std::string what = file == folder ? "cannot create files in '" : "cannot write '";
      return Status::Internal("database '" + path + "' is not writable (" + what + file +
                              "': " + std::strerror(errno) +
                              "): this user must be able to write it, its directory, and the '" +
                              path + "-wal' and '" + path +
                              "-shm' beside it; fix that, or use another database file");
    }
  }
  return Status::OK();
}

}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteStore::~SqliteStore() = default;

Status SqliteStore::Open(const std::string& path, const Options& options,
                         std::unique_ptr<SqliteStore>* store) {
  // A file is read, and judged, before anything is written to it or beside it (decision 70):
  // the lock first (it writes nothing until claimed), then what the file holds, then whether
  // this user may write it. Only then is it opened for writing.
  const bool file = path != ":memory:";
  std::unique_ptr<DatabaseLock> lock;
  int64_t from_version = 0;
  if (file) {
    Status s = CheckFolder(path);
    if (s.ok()) s = DatabaseLock::Acquire(path, &lock);
    DatabaseFileSummary summary;
    if (s.ok()) s = InspectDatabaseFile(path, &summary);
    if (s.ok()) s = Admit(path, summary, &from_version);
    if (s.ok()) s = CheckWritable(path, summary.exists);
    if (!s.ok()) return s;  // the lock goes, and with it a lock file it made
  }
  sqlite3* db = nullptr;
  Status s = OpenDatabase(path, &db);
  if (!s.ok()) return s;
  auto impl = std::make_unique<Impl>(db);
  sqlite3_busy_timeout(db, 5000);
  try {
    if (file) {
      impl->connection.Exec("PRAGMA journal_mode = WAL");
      impl->connection.Exec(options.durability == Durability::kPower ? "PRAGMA synchronous = FULL"
                                                                     : "PRAGMA synchronous = NORMAL");
    }
    Migrate(impl->connection, from_version);
  } catch (const StoreError& e) {
    return Status::Internal("cannot use database '" + path + "': " + e.what() +
                            "; this user must be able to write it, its directory, and the '" +
                            path + "-wal' and '" + path + "-shm' beside it");
  }
  if (lock) {
    lock->Claim();
    impl->lock = std::move(lock);
  }
  store->reset(new SqliteStore(std::move(impl)));
  return Status::OK();
}

Status SqliteStore::Run(Access access, const std::function<Status(StoreTransaction&)>& body) {
  if (access == Access::kRead) {
    std::lock_guard<std::mutex> lock(impl_->mu);
    Connection& connection = impl_->connection;
    Status result = Contained([&] {
      connection.Begin(/*write=*/false);
      Status r = body(impl_->transaction);
      connection.Commit();  // a read transaction has nothing to keep or undo either way
      return r;
    });
    // Left open after a failure, the transaction would make every later BEGIN fail.
    if (connection.InTransaction()) connection.Abandon();
    return result;
  }
  // A write joins the queue; whoever finds no group being committed commits the whole queue.
  PendingWrite me{&body, Status::OK(), false};
  std::unique_lock<std::mutex> lock(impl_->writers_mu);
  impl_->waiting.push_back(&me);
  while (!me.done) {
    if (impl_->leading) {
      impl_->writers_cv.wait(lock);
      continue;
    }
    // Not done and no one leading: `me` is still waiting, so it is in the group taken now.
    impl_->leading = true;
    std::vector<PendingWrite*> group;
    group.swap(impl_->waiting);
    lock.unlock();
    impl_->CommitGroup(group);
    lock.lock();
    for (PendingWrite* w : group) w->done = true;
    impl_->leading = false;
    impl_->writers_cv.notify_all();
  }
  return me.result;
}

Status SqliteStore::Reset() {
  return Run(Access::kWrite, [this](StoreTransaction&) {
    DeleteAllRows(impl_->connection);
    return Status::OK();
  });
}

namespace {

// A file that is removed when this goes, unless kept.
class TemporaryFile {
 public:
  explicit TemporaryFile(std::string path) : path_(std::move(path)) {}
  ~TemporaryFile() {
    if (!path_.empty()) unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }
  void Keep() { path_.clear(); }

 private:
  std::string path_;
};

// fsync of the file at `path` (a folder too); the errno on failure.
int SyncPath(const std::string& path, int flags) {
  const int fd = open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return errno;
  const int rc = fsync(fd) == 0 ? 0 : errno;
  close(fd);
  return rc;
}

Status SnapshotExists(const std::string& target) {
  return Status::Conflict("'" + target +
                          "' exists, and a snapshot never replaces a file: give a path that does "
                          "not exist; nothing was written");
}

Status SnapshotFailed(const std::string& target, const std::string& why) {
  return Status::Internal("cannot write the snapshot '" + target + "': " + why +
                          "; nothing was written");
}

// Refuses a snapshot path before anything is written: too long, with a NUL, relative, a folder,
// in a folder that does not exist, or taken.
Status CheckSnapshotTarget(const std::string& target) {
  constexpr size_t kMaxPath = 4095;  // PATH_MAX without its NUL
  if (target.size() > kMaxPath) {
    return Status::InvalidInput("the path is longer than 4095 bytes; nothing was written");
  }
  if (target.find('\0') != std::string::npos) {
    return Status::InvalidInput("the path contains a NUL byte; nothing was written");
  }
  if (target.empty() || target[0] != '/') {
    return Status::InvalidInput("'" + target +
                                "' is not an absolute path: give the path of the copy on the "
                                "server's machine, such as /tmp/state-copy.db; nothing was written");
  }
  if (target.back() == '/') {
    return Status::InvalidInput("'" + target +
                                "' names a folder: give the path of a file to create; nothing "
                                "was written");
  }
  const std::string folder = Folder(target);
  struct stat st {};
  const int folder_error = stat(folder.c_str(), &st) != 0 ? errno
                           : S_ISDIR(st.st_mode)          ? 0
                                                          : ENOTDIR;
  if (folder_error) {
    const bool missing = folder_error == ENOENT || folder_error == ENOTDIR;
    return Status::InvalidInput("cannot write the snapshot '" + target + "': the folder '" +
                                folder + "' " +
                                (missing ? "does not exist" : std::strerror(folder_error)) +
                                "; nothing was written");
  }
  if (lstat(target.c_str(), &st) == 0) return SnapshotExists(target);
  return Status::OK();
}

// Creates an empty file under a hidden name of its own in `target`'s folder, so that the rename
// that publishes the copy is atomic and a failure leaves nothing under `target`.
Status CreateTemporaryBeside(const std::string& target, std::string* temporary) {
  static std::atomic<uint64_t> counter{0};
  const std::string folder = Folder(target);
  const std::string name = target.substr(target.rfind('/') + 1);
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string candidate = folder + (folder == "/" ? "" : "/") + "." + name.substr(0, 200) +
                            ".snapshot-" + std::to_string(getpid()) + "-" +
                            std::to_string(counter++);
    const int fd = open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd >= 0) {
      close(fd);
      *temporary = std::move(candidate);
      return Status::OK();
    }
    if (errno != EEXIST) {
      return Status::InvalidInput("cannot write the snapshot '" + target +
                                  "': cannot create a file in the folder '" + folder + "' (" +
                                  std::strerror(errno) +
                                  "); the server's user must be able to write there");
    }
  }
  return SnapshotFailed(target, "no free temporary name in its folder");
}

// Gives the synced copy at `temporary` the name `target`, only if nothing has that name yet:
// another writer may have made it since the check.
Status Publish(TemporaryFile& copy, const std::string& target) {
  if (const int e = SyncPath(copy.path(), O_RDONLY)) return SnapshotFailed(target, std::strerror(e));
  if (renameat2(AT_FDCWD, copy.path().c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) {
    copy.Keep();
  } else {
    if (errno == EEXIST) return SnapshotExists(target);
    if (errno != EINVAL) return SnapshotFailed(target, std::strerror(errno));
    // A file system without RENAME_NOREPLACE: link fails as well if `target` exists; the
    // temporary name goes with `copy`.
    if (link(copy.path().c_str(), target.c_str()) != 0) {
      if (errno == EEXIST) return SnapshotExists(target);
      return SnapshotFailed(target, std::strerror(errno));
    }
  }
  SyncPath(Folder(target), O_RDONLY | O_DIRECTORY);  // the new name itself survives a power cut
  return Status::OK();
}

}  // namespace

std::string SqliteStore::Impl::BackupInto(const std::string& file) {
  sqlite3* dest = nullptr;
  if (sqlite3_open_v2(file.c_str(), &dest, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    const std::string why = dest ? sqlite3_errmsg(dest) : "out of memory";
    sqlite3_close(dest);
    return why;
  }
  // The copy is synced once, whole, by Publish; until it is renamed it is nobody's.
  sqlite3_exec(dest, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF", nullptr, nullptr,
               nullptr);
  std::string error;
  sqlite3_backup* backup = nullptr;
  {
    std::lock_guard<std::mutex> hold(mu);
    backup = sqlite3_backup_init(dest, "main", connection.db(), "main");
  }
  if (!backup) error = sqlite3_errmsg(dest);
  // A few pages a step, each under the connection's mutex, so calls go on between steps. A
  // write between steps goes through this same connection, and SQLite copies the pages it
  // changes into the backup as well, so the copy is the state when the last step ends.
  constexpr int kPagesPerStep = 256;
  int rc = SQLITE_OK;
  while (backup && (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)) {
    {
      std::lock_guard<std::mutex> hold(mu);
      rc = sqlite3_backup_step(backup, kPagesPerStep);
    }
    std::this_thread::yield();  // a call waiting for the connection goes first
  }
  if (backup) {
    std::lock_guard<std::mutex> hold(mu);  // it unhooks the backup from the source
    if (sqlite3_backup_finish(backup) != SQLITE_OK || rc != SQLITE_DONE) {
      error = sqlite3_errmsg(dest);
    }
  }
  if (sqlite3_close(dest) != SQLITE_OK && error.empty()) error = "closing the copy failed";
  return error;
}

Status SqliteStore::Snapshot(const std::string& target) {
  std::lock_guard<std::mutex> one_at_a_time(impl_->snapshot_mu);
  Status s = CheckSnapshotTarget(target);
  if (!s.ok()) return s;
  std::string temporary;
  s = CreateTemporaryBeside(target, &temporary);
  if (!s.ok()) return s;
  TemporaryFile copy(temporary);  // removed on every way out but a successful rename
  const std::string error = impl_->BackupInto(temporary);
  if (!error.empty()) return SnapshotFailed(target, error);
  return Publish(copy, target);
}

}  // namespace shmock
