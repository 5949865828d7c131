// InspectDatabaseFile: it reads a database as SQLite would after recovering its -wal file, and
// changes no byte of the file, its -wal or its -shm, nor makes a file beside it.
#include "../../server/store/database_file.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "store_files.h"

namespace shmock {
namespace {

namespace fs = std::filesystem;

// Runs `sql` on the database at `path` in WAL mode and leaves it as a killed process would.
void WriteAndCrash(const std::string& path, const std::string& sql) {
  RawConnection db(path);
  db.Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF");
  db.Exec(sql);
  db.CloseAsIfKilled();
}

void WriteAndClose(const std::string& path, const std::string& sql) { RawConnection(path).Exec(sql); }

// What plain SQLite reads from a copy of the files (it recovers the copy's -wal, and may change
// the copy as it likes).
DatabaseFileSummary AsSqliteReadsACopy(const std::string& dir, const std::string& name) {
  TempDir copy;
  for (const auto& entry : fs::directory_iterator(dir)) {
    fs::copy_file(entry.path(), copy.path() + "/" + entry.path().filename().string());
  }
  DatabaseFileSummary s;
  s.exists = true;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(copy.File(name).c_str(), &db), SQLITE_OK);
  auto column = [&](const char* sql) {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    while (sqlite3_step(st) == SQLITE_ROW) {
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    }
    sqlite3_finalize(st);
    return out;
  };
  s.application_id = static_cast<uint32_t>(std::stoll(column("PRAGMA application_id").at(0)));
  s.user_version = std::stoll(column("PRAGMA user_version").at(0));
  s.tables = column("SELECT name FROM sqlite_master WHERE type = 'table'");
  sqlite3_close(db);
  return s;
}

void ExpectSame(const DatabaseFileSummary& got, const DatabaseFileSummary& want) {
  EXPECT_EQ(got.exists, want.exists);
  EXPECT_EQ(got.application_id, want.application_id);
  EXPECT_EQ(got.user_version, want.user_version);
  EXPECT_EQ(got.tables, want.tables);
}

// Inspects `name` in `dir`, checks that nothing in `dir` changed, and returns what it read.
DatabaseFileSummary InspectUnchanged(const TempDir& dir, const std::string& name) {
  const auto before = DirectoryContents(dir.path());
  DatabaseFileSummary summary;
  Status s = InspectDatabaseFile(dir.File(name), &summary);
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(DirectoryContents(dir.path()), before) << "the inspection changed or made a file";
  return summary;
}

const char kSomeState[] =
    "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT);"
    "INSERT INTO invoices (total) VALUES ('12.50');"
    "CREATE TABLE customers (name TEXT);"
    "PRAGMA application_id = 1397247307; PRAGMA user_version = 4;";

TEST(InspectDatabaseFile, ReadsWhatOnlyTheWalHoldsAfterACrash) {
  TempDir dir;
  WriteAndCrash(dir.File("db"), kSomeState);
  ASSERT_TRUE(fs::exists(dir.File("db-wal")));
  ASSERT_TRUE(fs::exists(dir.File("db-shm")));
  const DatabaseFileSummary want = AsSqliteReadsACopy(dir.path(), "db");
  EXPECT_EQ(want.tables, (std::vector<std::string>{"invoices", "customers"}));
  ExpectSame(InspectUnchanged(dir, "db"), want);
}

// SQLite's own read-only connection would make -wal and -shm files here.
TEST(InspectDatabaseFile, ReadsACleanlyClosedWalDatabaseWithoutMakingItsWalFiles) {
  TempDir dir;
  WriteAndClose(dir.File("db"), std::string("PRAGMA journal_mode = WAL;") + kSomeState);
  ASSERT_FALSE(fs::exists(dir.File("db-wal")));
  const DatabaseFileSummary want = AsSqliteReadsACopy(dir.path(), "db");
  ExpectSame(InspectUnchanged(dir, "db"), want);
}

TEST(InspectDatabaseFile, ReadsARollbackJournalDatabase) {
  TempDir dir;
  WriteAndClose(dir.File("db"), kSomeState);
  const DatabaseFileSummary want = AsSqliteReadsACopy(dir.path(), "db");
  EXPECT_EQ(want.user_version, 4);
  ExpectSame(InspectUnchanged(dir, "db"), want);
}

// Many transactions, the later ones after a checkpoint restarted the log (new salts): the frames
// of the earlier generation that remain past the new ones must not count.
TEST(InspectDatabaseFile, ReadsTheNewestCommitAcrossCheckpointsAndAGrowingDatabase) {
  TempDir dir;
  std::string sql = "CREATE TABLE t0 (x);";
  for (int i = 0; i < 600; ++i) sql += "INSERT INTO t0 VALUES (randomblob(3000));";
  // The log checkpointed whole but kept: the next writer starts it again from the front.
  WriteAndCrash(dir.File("db"), sql + "PRAGMA wal_checkpoint(PASSIVE);");
  WriteAndCrash(dir.File("db"), "CREATE TABLE t1 (y); PRAGMA user_version = 7;");
  const DatabaseFileSummary want = AsSqliteReadsACopy(dir.path(), "db");
  EXPECT_EQ(want.tables, (std::vector<std::string>{"t0", "t1"}));
  ExpectSame(InspectUnchanged(dir, "db"), want);
}

// The log's last transaction is torn (a crash mid-write, or a bit flipped): like SQLite, the
// inspection reads the state of the last transaction whose frames all check.
TEST(InspectDatabaseFile, IgnoresAFrameWhoseChecksumFailsAndEverythingAfterIt) {
  TempDir dir;
  WriteAndCrash(dir.File("db"), "CREATE TABLE first (x); PRAGMA user_version = 1;");
  WriteAndCrash(dir.File("db"), "BEGIN; CREATE TABLE second (y); PRAGMA user_version = 2; COMMIT;");
  {
    std::fstream wal(dir.File("db-wal"), std::ios::in | std::ios::out | std::ios::binary);
    wal.seekp(-100, std::ios::end);  // inside the last frame's page
    wal.put('\x5a');
  }
  fs::remove(dir.File("db-shm"));  // so the copy's SQLite recovers from the log, as a reader must
  const DatabaseFileSummary want = AsSqliteReadsACopy(dir.path(), "db");
  EXPECT_EQ(want.tables, std::vector<std::string>{"first"});
  EXPECT_EQ(want.user_version, 1);
  ExpectSame(InspectUnchanged(dir, "db"), want);
}

TEST(InspectDatabaseFile, NothingAtThePathIsANewDatabase) {
  TempDir dir;
  DatabaseFileSummary summary = InspectUnchanged(dir, "db");
  EXPECT_FALSE(summary.exists);
  EXPECT_TRUE(DirectoryContents(dir.path()).empty());
}

TEST(InspectDatabaseFile, AnEmptyFileIsAnEmptyDatabase) {
  TempDir dir;
  std::ofstream(dir.File("db")).close();
  DatabaseFileSummary summary = InspectUnchanged(dir, "db");
  EXPECT_TRUE(summary.exists);
  EXPECT_TRUE(summary.tables.empty());
  EXPECT_EQ(summary.user_version, 0);
}

TEST(InspectDatabaseFile, RefusesAFileThatIsNotSqliteAndChangesNothing) {
  for (const std::string& bytes :
       {std::string("name,total\ninvoice-1,12.50\n"), std::string("SQLite format 3") + '\0' +
                                                          std::string(200, '\xff')}) {
    TempDir dir;
    std::ofstream(dir.File("db"), std::ios::binary) << bytes;
    const auto before = DirectoryContents(dir.path());
    DatabaseFileSummary summary;
    Status s = InspectDatabaseFile(dir.File("db"), &summary);
    EXPECT_EQ(s.code(), ErrorCode::kInternal);
    EXPECT_EQ(s.message().rfind("database '" + dir.File("db") + "' is not an SQLite database (", 0),
              0u)
        << s.message();
    EXPECT_EQ(DirectoryContents(dir.path()), before);
  }
}

}  // namespace
}  // namespace shmock
