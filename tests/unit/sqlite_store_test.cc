// SqliteStore, the store the server runs on: what it keeps, what it undoes, and what it refuses.
#include "shmock/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace shmock {
namespace {

std::unique_ptr<SqliteStore> OpenInMemory() {
  std::unique_ptr<SqliteStore> store;
  Status s = SqliteStore::Open(":memory:", &store);
  EXPECT_TRUE(s.ok()) << s.message();
  return store;
}

// A fresh directory for a file database, removed with everything in it when the test ends.
class TempDir {
 public:
  TempDir() {
    char templ[] = "/tmp/shmock-store-XXXXXX";
    if (!mkdtemp(templ)) throw std::runtime_error("mkdtemp");
    path_ = templ;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A second, plain SQLite connection to a store's file, to look behind the store's back.
class RawConnection {
 public:
  explicit RawConnection(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
      throw std::runtime_error(sqlite3_errmsg(db_));
    }
  }
  ~RawConnection() { sqlite3_close(db_); }
  void Exec(const std::string& sql) {
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sql << ": " << sqlite3_errmsg(db_);
  }
  // The first column of every row of `sql`, as text.
  std::vector<std::string> Column(const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
      return out;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

Hub SomeHub() {
  Hub hub;
  hub.region = "us-east-1";
  hub.account_id = "111111111111";
  hub.subscribed_at = 1634902308385;
  return hub;
}

std::optional<Hub> FindHub(Store& store, const Hub& hub) {
  std::optional<Hub> found;
  Status s = store.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    found = tx.FindHub(hub.region, hub.account_id);
    return Status::OK();
  });
  EXPECT_TRUE(s.ok()) << s.message();
  return found;
}

TEST(SqliteStore, AnExceptionFromTheBodyRollsBackAndLeavesTheStoreUsable) {
  auto store = OpenInMemory();
  const Hub hub = SomeHub();
  Status s = store->Run(Store::Access::kWrite, [&](StoreTransaction& tx) -> Status {
    tx.PutHub(hub);
    throw std::logic_error("a bug in the domain");
  });
  EXPECT_EQ(s.code(), ErrorCode::kInternal);
  EXPECT_EQ(s.message(), "internal error: a bug in the domain");
  EXPECT_FALSE(FindHub(*store, hub).has_value()) << "the write before the exception was kept";

  s = store->Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    tx.PutHub(hub);
    return Status::OK();
  });
  ASSERT_TRUE(s.ok()) << "the transaction was left open: " << s.message();
  EXPECT_TRUE(FindHub(*store, hub).has_value());
}

// JSON may carry "\u0000" inside a string; the store keeps such a string whole.
TEST(SqliteStore, StringsWithNulBytesRoundTripByteForByte) {
  auto store = OpenInMemory();
  using namespace std::string_literals;
  Hub hub = SomeHub();
  hub.control_finding_generator = "SECURITY\0CONTROL"s;
  hub.tags = {{"k\0ey"s, "va\0lue"s}};
  Relationship r;
  r.region = "us-east-1";
  r.administrator_id = "111111111111";
  r.member_id = "222222222222";
  r.email = "a\0b@example.com"s;
  r.invitation_id = "inv\0itation"s;
  r.updated_at = 1634902308385;
  ASSERT_TRUE(store
                  ->Run(Store::Access::kWrite,
                        [&](StoreTransaction& tx) {
                          tx.PutHub(hub);
                          tx.PutRelationship(r);
                          return Status::OK();
                        })
                  .ok());

  std::optional<Hub> found_hub = FindHub(*store, hub);
  ASSERT_TRUE(found_hub.has_value());
  EXPECT_EQ(found_hub->control_finding_generator, hub.control_finding_generator);
  EXPECT_EQ(found_hub->tags, hub.tags);
  std::optional<Relationship> found;
  std::vector<Relationship> listed;
  ASSERT_TRUE(store
                  ->Run(Store::Access::kRead,
                        [&](StoreTransaction& tx) {
                          found = tx.FindRelationship(r.region, r.administrator_id, r.member_id);
                          RelationshipQuery query;
                          query.region = r.region;
                          query.member_id = r.member_id;
                          listed = tx.FindRelationships(query);
                          return Status::OK();
                        })
                  .ok());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->email, r.email);
  EXPECT_EQ(found->invitation_id, r.invitation_id);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].email, r.email);
}

// /_mock/reset must not depend on someone remembering to list a new table.
TEST(SqliteStore, ResetEmptiesEveryTableIncludingOneAddedLater) {
  TempDir dir;
  const std::string db = dir.File("state.db");
  std::unique_ptr<SqliteStore> store;
  ASSERT_TRUE(SqliteStore::Open(db, &store).ok());
  Relationship r;
  r.region = "us-east-1";
  r.administrator_id = "111111111111";
  r.member_id = "222222222222";
  ASSERT_TRUE(store
                  ->Run(Store::Access::kWrite,
                        [&](StoreTransaction& tx) {
                          tx.PutHub(SomeHub());
                          tx.PutRelationship(r);
                          return Status::OK();
                        })
                  .ok());
  RawConnection raw(db);
  raw.Exec("CREATE TABLE added_later (x TEXT); INSERT INTO added_later VALUES ('kept?')");

  Status s = store->Reset();
  ASSERT_TRUE(s.ok()) << s.message();

  const std::vector<std::string> tables = raw.Column(
      "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  EXPECT_EQ(tables, (std::vector<std::string>{"added_later", "delegated_administrators", "hubs",
                                              "organization_accounts", "relationships"}))
      << "Reset empties the tables; it keeps the schema";
  for (const std::string& table : tables) {
    EXPECT_EQ(raw.Column("SELECT count(*) FROM " + table), std::vector<std::string>{"0"}) << table;
  }
}

// A database written before organizations existed (schema version 1, as shipped) opens with
// every relationship kept, each one an invitation (migration 3 adds relationships.origin).
TEST(SqliteStore, ADatabaseFromBeforeOrganizationsKeepsItsRelationships) {
  TempDir dir;
  const std::string db = dir.File("v1.db");
  {
    RawConnection raw(db);
    raw.Exec(R"sql(
      CREATE TABLE hubs (region TEXT NOT NULL, account_id TEXT NOT NULL,
        subscribed_at INTEGER NOT NULL, auto_enable_controls INTEGER NOT NULL,
        control_finding_generator TEXT NOT NULL, tags TEXT NOT NULL,
        PRIMARY KEY (region, account_id)) WITHOUT ROWID;
      CREATE TABLE relationships (region TEXT NOT NULL, administrator_id TEXT NOT NULL,
        member_id TEXT NOT NULL, email TEXT, status TEXT NOT NULL, invitation_id TEXT NOT NULL,
        invited_at INTEGER, updated_at INTEGER NOT NULL, invitation_deleted INTEGER NOT NULL,
        PRIMARY KEY (region, administrator_id, member_id)) WITHOUT ROWID;
      CREATE INDEX relationships_by_member ON relationships (region, member_id, administrator_id);
      INSERT INTO relationships VALUES ('us-east-1', '111111111111', '222222222222',
        'm@example.com', 'Enabled', '0123456789abcdef0123456789abcdef', 5, 6, 0);
      PRAGMA user_version = 1;)sql");
  }
  std::unique_ptr<SqliteStore> store;
  Status s = SqliteStore::Open(db, &store);
  ASSERT_TRUE(s.ok()) << s.message();
  std::optional<Relationship> r;
  ASSERT_TRUE(store->Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    r = tx.FindRelationship("us-east-1", "111111111111", "222222222222");
    EXPECT_FALSE(tx.FindManagementAccount().has_value());
    return Status::OK();
  }).ok());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, MemberStatus::kEnabled);
  EXPECT_EQ(r->email, "m@example.com");
  EXPECT_EQ(r->origin, MembershipOrigin::kInvitation);
}

// A database written by the release with the page indexes (schema version 2, as shipped before
// organizations) opens with its relationships and indexes kept and the organization tables added:
// the organization migration comes after it (3), never in its place.
TEST(SqliteStore, ADatabaseWithThePageIndexesGainsTheOrganizationTables) {
  TempDir dir;
  const std::string db = dir.File("v2.db");
  {
    RawConnection raw(db);
    raw.Exec(R"sql(
      CREATE TABLE hubs (region TEXT NOT NULL, account_id TEXT NOT NULL,
        subscribed_at INTEGER NOT NULL, auto_enable_controls INTEGER NOT NULL,
        control_finding_generator TEXT NOT NULL, tags TEXT NOT NULL,
        PRIMARY KEY (region, account_id)) WITHOUT ROWID;
      CREATE TABLE relationships (region TEXT NOT NULL, administrator_id TEXT NOT NULL,
        member_id TEXT NOT NULL, email TEXT, status TEXT NOT NULL, invitation_id TEXT NOT NULL,
        invited_at INTEGER, updated_at INTEGER NOT NULL, invitation_deleted INTEGER NOT NULL,
        PRIMARY KEY (region, administrator_id, member_id)) WITHOUT ROWID;
      CREATE INDEX relationships_by_member ON relationships (region, member_id, administrator_id);
      CREATE INDEX relationships_by_administrator_status
        ON relationships (region, administrator_id, status, member_id);
      CREATE INDEX relationships_by_member_status
        ON relationships (region, member_id, status, administrator_id);
      INSERT INTO relationships VALUES ('us-east-1', '111111111111', '222222222222',
        'm@example.com', 'Enabled', '0123456789abcdef0123456789abcdef', 5, 6, 0);
      PRAGMA user_version = 2;)sql");
  }
  {
    std::unique_ptr<SqliteStore> store;
    Status s = SqliteStore::Open(db, &store);
    ASSERT_TRUE(s.ok()) << s.message();
    std::optional<Relationship> r;
    ASSERT_TRUE(store->Run(Store::Access::kRead, [&](StoreTransaction& tx) {
      r = tx.FindRelationship("us-east-1", "111111111111", "222222222222");
      EXPECT_FALSE(tx.FindManagementAccount().has_value());
      return Status::OK();
    }).ok());
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, MemberStatus::kEnabled);
    EXPECT_EQ(r->origin, MembershipOrigin::kInvitation);
  }
  RawConnection raw(db);
  EXPECT_EQ(raw.Column("PRAGMA user_version"), std::vector<std::string>{"3"});
  EXPECT_EQ(raw.Column("SELECT count(*) FROM sqlite_master WHERE name IN ('relationships_by_administrator_status', "
                       "'relationships_by_member_status', 'organization_accounts', 'delegated_administrators')"),
            std::vector<std::string>{"4"});
}

// Two servers on one file would each wipe the other's state on /_mock/reset.
TEST(SqliteStore, AFileIsOpenedByOneStoreAtATime) {
  TempDir dir;
  const std::string db = dir.File("state.db");
  std::unique_ptr<SqliteStore> first, second;
  ASSERT_TRUE(SqliteStore::Open(db, &first).ok());

  Status s = SqliteStore::Open(db, &second);
  EXPECT_EQ(s.code(), ErrorCode::kInternal);
  EXPECT_EQ(s.message(), "database '" + db + "' is in use by another securityhub-mock (process " +
                             std::to_string(getpid()) + " holds '" + db +
                             ".lock'); stop that server, or use another database file");
  EXPECT_EQ(second, nullptr);
  ASSERT_TRUE(first->Run(Store::Access::kWrite, [](StoreTransaction& tx) {
                     tx.PutHub(SomeHub());
                     return Status::OK();
                   }).ok()) << "the refused store disturbed the first";

  first.reset();
  s = SqliteStore::Open(db, &second);
  ASSERT_TRUE(s.ok()) << "the lock outlived the store that held it: " << s.message();
  EXPECT_TRUE(FindHub(*second, SomeHub()).has_value());
}

TEST(SqliteStore, InMemoryDatabasesTakeNoLock) {
  std::unique_ptr<SqliteStore> first = OpenInMemory(), second = OpenInMemory();
  EXPECT_NE(second, nullptr);
  EXPECT_FALSE(std::filesystem::exists(":memory:.lock"));
}

TEST(SqliteStore, ADatabaseInADirectoryThatDoesNotExistIsRefusedWithTheCause) {
  TempDir dir;
  const std::string db = dir.File("missing/state.db");
  std::unique_ptr<SqliteStore> store;
  Status s = SqliteStore::Open(db, &store);
  EXPECT_EQ(s.code(), ErrorCode::kInternal);
  EXPECT_EQ(s.message(), "cannot open database '" + db +
                             "': unable to open database file; its directory must exist and be "
                             "writable by this user");
}

}  // namespace
}  // namespace shmock
