// The server binary and the database files it is pointed at: every start-up refusal leaves the
// file, its -wal and -shm and its lock file byte for byte as they were (compared by SHA-256
// before and after), and makes no file beside them.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "server_process.h"

namespace {

using shmock::ServerProcess;

const httplib::Headers kAdmin = {
    {"Authorization", "AWS4-HMAC-SHA256 Credential=111111111111/20261129/us-east-1/securityhub/"
                      "aws4_request, SignedHeaders=host, Signature=00"}};

// Whom the server runs as in the permission tests. File modes do not bind root, so as root (CI
// runs as root in a container) the server runs as "nobody"; chattr +i would bind root too, but
// needs a capability (CAP_LINUX_IMMUTABLE) containers are seldom given.
uid_t Unprivileged() { return geteuid() == 0 ? 65534 : geteuid(); }

std::string Sha256(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &n, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < n; ++i) {
    static const char kHex[] = "0123456789abcdef";
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

// Every file in `dir` by name, with the SHA-256 of its bytes.
std::map<std::string, std::string> Digests(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    out[entry.path().filename()] = Sha256(bytes.str());
  }
  return out;
}

// How a server run by StartAndStop ended.
struct Outcome {
  int code = -1;          // exit status, or -signal
  bool listened = false;  // it printed its "listening" line, and was then stopped with SIGTERM
  std::string errors;     // everything it wrote to stderr
};

// Runs the server as `user`: one that starts is stopped with SIGTERM as soon as it listens, one
// that refuses to start just exits. Either way the call returns within about ten seconds.
Outcome StartAndStop(std::vector<std::string> args, uid_t user = geteuid()) {
  args.insert(args.begin(), {"--log-level", "error"});
  ServerProcess server(std::move(args), ServerProcess::Expect::kAnyOutcome, user);
  Outcome outcome;
  outcome.listened = server.listening();
  // SIGKILL when it did not listen: it exited (and is only reaped) or it hangs.
  outcome.code = server.Signal(outcome.listened ? SIGTERM : SIGKILL).code;
  outcome.errors = server.Stderr();
  return outcome;
}

// A fresh directory that Unprivileged() owns, holding a database it wrote: closed cleanly (no
// -wal or -shm beside it), or, `killed`, left by a server killed with SIGKILL after a write (its
// -wal and -shm, and its lock file naming a process that is gone). Removed when the test ends.
class DirWithDatabase {
 public:
  enum class Left { kClosed, kKilled };
  explicit DirWithDatabase(Left left = Left::kClosed) {
    char templ[] = "/tmp/shmock-files-XXXXXX";
    if (!mkdtemp(templ) || chown(templ, Unprivileged(), Unprivileged()) != 0) {
      throw std::runtime_error("cannot make a directory for the unprivileged user");
    }
    path_ = templ;
    db_ = path_ + "/state.db";
    if (left == Left::kClosed) {
      Outcome created = StartAndStop({"--db", db_}, Unprivileged());
      if (created.code != 0) throw std::runtime_error("cannot create " + db_ + ": " + created.errors);
      return;
    }
    ServerProcess server({"--log-level", "error", "--db", db_}, ServerProcess::Expect::kListening,
                         Unprivileged());
    httplib::Client c("127.0.0.1", server.port());
    auto r = c.Post("/accounts", kAdmin, "{}", "application/json");
    if (!r || r->status != 200) throw std::runtime_error("cannot write to " + db_);
    server.Kill();
    if (!std::filesystem::exists(db_ + "-wal")) throw std::runtime_error("no -wal after SIGKILL");
  }
  ~DirWithDatabase() {
    chmod(path_.c_str(), 0700);
    std::filesystem::remove_all(path_);
  }
  const std::string& path() const { return path_; }
  const std::string& db() const { return db_; }

 private:
  std::string path_, db_;
};

// Starts the server on `db` as `user`, expects it to refuse with exit code 1 and `refusal`, and
// expects every file in `dir` to be as it was.
void ExpectRefusedAndUntouched(const std::string& dir, const std::string& db,
                               const std::string& refusal, uid_t user = geteuid()) {
  const auto before = Digests(dir);
  Outcome o = StartAndStop({"--db", db}, user);
  EXPECT_FALSE(o.listened);
  EXPECT_EQ(o.code, 1);
  EXPECT_EQ(o.errors, "securityhub-mock: " + refusal + "\n");
  EXPECT_EQ(Digests(dir), before) << "the refused database's files changed";
}

// Runs `sql` on `db` through a plain SQLite connection that leaves the -wal file unchecked and
// in place, as a killed process does.
void WriteAsIfKilled(const std::string& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &handle), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(handle);
  int on = 1;
  sqlite3_file_control(handle, "main", SQLITE_FCNTL_PERSIST_WAL, &on);
  sqlite3_db_config(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  sqlite3_close(handle);
}

std::string SchemaVersionOf(const std::string& db) {
  sqlite3* handle = nullptr;
  sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr);
  std::string version;
  sqlite3_exec(handle, "PRAGMA user_version", [](void* out, int, char** values, char**) {
    *static_cast<std::string*>(out) = values[0];
    return 0;
  }, &version, nullptr);
  sqlite3_close(handle);
  return version;
}

// The file a later build wrote: before this test, the refused server wrote a transaction into
// it (its writability proof) that the close then checkpointed into the file, and rewrote the
// lock file with its own pid.
TEST(DatabaseFiles, ANewerSchemaIsRefusedAndEveryFileLeftAsItWas) {
  DirWithDatabase dir(DirWithDatabase::Left::kKilled);
  const int newer = std::stoi(SchemaVersionOf(dir.db())) + 1;
  WriteAsIfKilled(dir.db(), "CREATE TABLE from_a_later_release (id TEXT); PRAGMA user_version = " +
                                std::to_string(newer));
  ASSERT_TRUE(std::filesystem::exists(dir.db() + "-shm"));
  ASSERT_TRUE(std::filesystem::exists(dir.db() + ".lock"));
  ExpectRefusedAndUntouched(
      dir.path(), dir.db(),
      "cannot use database '" + dir.db() + "': it has schema version " + std::to_string(newer) +
          ", newer than this build's " + std::to_string(newer - 1) +
          ", so it was left as it is; run the securityhub-mock release that wrote it, or use "
          "another database file");
}

TEST(DatabaseFiles, AnotherProgramsDatabaseIsRefusedByItsTablesAndLeftAsItWas) {
  DirWithDatabase dir;
  const std::string shop = dir.path() + "/shop.db";
  WriteAsIfKilled(shop,
                  "PRAGMA journal_mode = WAL; CREATE TABLE invoices (id INTEGER PRIMARY KEY, "
                  "total TEXT); CREATE TABLE customers (name TEXT); INSERT INTO customers "
                  "VALUES ('Ada')");
  ExpectRefusedAndUntouched(dir.path(), shop,
                            "database '" + shop +
                                "' has tables invoices, customers; not a securityhub-mock "
                                "database, so it was left as it is: give --db a new file, or one "
                                "this server wrote");
}

TEST(DatabaseFiles, AFileThatIsNotADatabaseIsRefusedAndLeftAsItWas) {
  DirWithDatabase dir;
  const std::string notes = dir.path() + "/notes.txt";
  std::ofstream(notes) << "buy milk\n";
  ExpectRefusedAndUntouched(dir.path(), notes,
                            "database '" + notes +
                                "' is not an SQLite database (file is not a database), so it was "
                                "left as it is; give --db a database this server wrote, or a new "
                                "file");
}

TEST(DatabaseFiles, ADatabaseTheUserCannotReadIsRefusedAndLeftAsItWas) {
  DirWithDatabase dir;
  ASSERT_EQ(chmod(dir.db().c_str(), 0200), 0);
  ExpectRefusedAndUntouched(dir.path(), dir.db(),
                            "cannot read database '" + dir.db() + "': '" + dir.db() +
                                "': Permission denied; this user must be able to read it",
                            Unprivileged());
}

// SQLite opens a file it may not write read-only, silently: without the check the server
// started and answered every write with 500.
TEST(DatabaseFiles, ADatabaseFileTheUserCannotWriteIsRefusedAndLeftAsItWas) {
  DirWithDatabase dir(DirWithDatabase::Left::kKilled);
  ASSERT_EQ(chmod(dir.db().c_str(), 0444), 0);
  ExpectRefusedAndUntouched(dir.path(), dir.db(),
                            "database '" + dir.db() +
                                "' is read-only for this user; make the file writable, or use "
                                "another database file",
                            Unprivileged());
}

// The refusal of a database whose directory, -wal or -shm this user cannot write.
std::string NotWritable(const std::string& db, const std::string& cause) {
  return "database '" + db + "' is not writable (" + cause +
         "): this user must be able to write it, its directory, and the '" + db + "-wal' and '" +
         db + "-shm' beside it; fix that, or use another database file";
}

TEST(DatabaseFiles, ADatabaseInADirectoryTheUserCannotWriteIsRefusedAndLeftAsItWas) {
  DirWithDatabase dir;
  ASSERT_EQ(chmod(dir.path().c_str(), 0555), 0);  // the database may be written, not its -wal made
  ExpectRefusedAndUntouched(
      dir.path(), dir.db(),
      NotWritable(dir.db(), "cannot create files in '" + dir.path() + "': Permission denied"),
      Unprivileged());
}

// Reading works through a -wal file the user cannot write (say, left by a crash under another
// user); SQLite finds that out only at the first write.
TEST(DatabaseFiles, ADatabaseWhoseWalFileTheUserCannotWriteIsRefusedAndLeftAsItWas) {
  DirWithDatabase dir(DirWithDatabase::Left::kKilled);
  const std::string wal = dir.db() + "-wal";
  ASSERT_EQ(chmod(wal.c_str(), 0444), 0);
  ExpectRefusedAndUntouched(dir.path(), dir.db(),
                            NotWritable(dir.db(), "cannot write '" + wal + "': Permission denied"),
                            Unprivileged());
}

TEST(DatabaseFiles, ASecondServerOnTheSameDatabaseIsRefusedAndTheFirstServesOn) {
  DirWithDatabase dir;
  {
    ServerProcess first({"--log-level", "error", "--db", dir.db()});
    httplib::Client c("127.0.0.1", first.port());
    ASSERT_EQ(c.Post("/accounts", kAdmin, "{}", "application/json")->status, 200);

    ExpectRefusedAndUntouched(dir.path(), dir.db(),
                              "database '" + dir.db() +
                                  "' is in use by another securityhub-mock (process " +
                                  std::to_string(first.pid()) + " holds '" + dir.db() +
                                  ".lock'); stop that server, or use another database file");
    auto hub = c.Get("/accounts", kAdmin);
    ASSERT_TRUE(hub);
    EXPECT_EQ(hub->status, 200) << "the first server lost its hub: " << hub->body;
  }
  EXPECT_EQ(StartAndStop({"--db", dir.db()}).code, 0) << "the lock outlived the server that held it";
}

// --- POST /_mock/snapshot ------------------------------------------------------------------------

// The whole state a client can see, as the control API dumps it.
std::string StateOf(int port) {
  httplib::Client c("127.0.0.1", port);
  auto r = c.Get("/_mock/state");
  if (!r || r->status != 200) return "no state";
  return r->body;
}

httplib::Result Snapshot(int port, const std::string& path) {
  httplib::Client c("127.0.0.1", port);
  return c.Post("/_mock/snapshot", nlohmann::json{{"path", path}}.dump(), "application/json");
}

// A copy taken from a server that serves (here, a file database and an in-memory one) starts a
// server that answers the same state.
TEST(DatabaseFiles, ASnapshotStartsAServerWithTheSameState) {
  DirWithDatabase dir;
  for (const std::string& db : {dir.db(), std::string(":memory:")}) {
    const std::string copy = dir.path() + "/copy-" + (db == ":memory:" ? "memory" : "file") + ".db";
    ServerProcess server({"--log-level", "error", "--db", db, "--fixtures",
                          SHMOCK_FIXTURES_DIR "/mid-flow.json"});
    httplib::Client c("127.0.0.1", server.port());
    const httplib::Headers newcomer = {
        {"Authorization", "AWS4-HMAC-SHA256 Credential=777777777777/20261129/eu-west-1/securityhub/"
                          "aws4_request, SignedHeaders=host, Signature=00"}};
    ASSERT_EQ(c.Post("/accounts", newcomer, "{}", "application/json")->status, 200);  // after the fixture
    const std::string state = StateOf(server.port());
    ASSERT_NE(state.find("777777777777"), std::string::npos);
    auto r = Snapshot(server.port(), copy);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    EXPECT_EQ(r->body, nlohmann::ordered_json({{"path", copy},
                                               {"bytes", std::filesystem::file_size(copy)}}).dump());
    ServerProcess from_copy({"--log-level", "error", "--db", copy});
    // Access keys live in the server's memory, not in its database (§8.5): the copy has the
    // records, and no keys until a fixture document gives them.
    const std::string keys = "\n  \"accessKeys\": {\"AKIAADMINEXAMPLE\":\"111111111111\",\"AKIAMEMBEREXAMPLE\":\"222222222222\"},";
    std::string records = state;
    ASSERT_NE(records.find(keys), std::string::npos) << state;
    records.replace(records.find(keys), keys.size(), "\n  \"accessKeys\": {},");
    EXPECT_EQ(StateOf(from_copy.port()), records) << db;
  }
}

// Each refusal is the API's error, and leaves the folder as it was: no copy, no temporary file.
TEST(DatabaseFiles, ASnapshotIsRefusedForAPathThatExistsOrAFolderItCannotWriteAndLeavesNothing) {
  DirWithDatabase dir;
  const std::string locked = dir.path() + "/read-only";
  ASSERT_EQ(mkdir(locked.c_str(), 0555), 0);
  ASSERT_EQ(chown(locked.c_str(), Unprivileged(), Unprivileged()), 0);
  std::ofstream(dir.path() + "/taken.db") << "someone's file";
  ServerProcess server({"--log-level", "error", "--db", dir.db()}, ServerProcess::Expect::kListening,
                       Unprivileged());
  const struct {
    std::string path;
    int status;
    std::string type, message;
  } cases[] = {
      {dir.path() + "/taken.db", 409, "ResourceConflictException",
       "'" + dir.path() + "/taken.db' exists, and a snapshot never replaces a file: give a path "
       "that does not exist; nothing was written"},
      {dir.path() + "/missing/copy.db", 400, "InvalidInputException",
       "cannot write the snapshot '" + dir.path() + "/missing/copy.db': the folder '" + dir.path() +
           "/missing' does not exist; nothing was written"},
      {locked + "/copy.db", 400, "InvalidInputException",
       "cannot write the snapshot '" + locked + "/copy.db': cannot create a file in the folder '" +
           locked + "' (Permission denied); the server's user must be able to write there"},
      {"copy.db", 400, "InvalidInputException",
       "'copy.db' is not an absolute path: give the path of the copy on the server's machine, "
       "such as /tmp/state-copy.db; nothing was written"},
  };
  for (const auto& c : cases) {
    const auto before = Digests(dir.path());
    const auto locked_before = Digests(locked);
    auto r = Snapshot(server.port(), c.path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, c.status) << c.path;
    EXPECT_EQ(r->get_header_value("x-amzn-ErrorType"), c.type) << c.path;
    EXPECT_EQ(r->body, nlohmann::json({{"Code", c.type},
                                       {"Message", c.message}}).dump()) << c.path;
    EXPECT_EQ(Digests(locked), locked_before) << c.path;
    // The database's own files may change (the server serves), but no file comes or goes.
    std::set<std::string> names_before, names_after;
    for (const auto& [name, digest] : before) names_before.insert(name);
    for (const auto& [name, digest] : Digests(dir.path())) names_after.insert(name);
    EXPECT_EQ(names_after, names_before) << c.path;
  }
  for (const std::string& body : {std::string("{}"), std::string(R"({"path": 7})"),
                                 std::string(R"({"path": "/tmp/x.db", "mode": "fast"})")}) {
    httplib::Client c("127.0.0.1", server.port());
    auto r = c.Post("/_mock/snapshot", body, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << body;
    EXPECT_EQ(r->get_header_value("x-amzn-ErrorType"), "InvalidInputException") << body;
  }
  EXPECT_FALSE(std::filesystem::exists("/tmp/x.db"));
}

}  // namespace
