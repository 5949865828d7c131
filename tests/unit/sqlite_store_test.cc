// SqliteStore, the store the server runs on: what it keeps, what it undoes, and what it refuses.
#include "shmock/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "memory_store.h"
#include "shmock/sessions.h"

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
  // One column (the first, unless told) of every row of `sql`, as text.
  std::vector<std::string> Column(const std::string& sql, int column = 0) {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db_);
      return out;
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, column)));
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
    found = tx.hubs().Find(hub.region, hub.account_id);
    return Status::OK();
  });
  EXPECT_TRUE(s.ok()) << s.message();
  return found;
}

TEST(SqliteStore, AnExceptionFromTheBodyRollsBackAndLeavesTheStoreUsable) {
  auto store = OpenInMemory();
  const Hub hub = SomeHub();
  Status s = store->Run(Store::Access::kWrite, [&](StoreTransaction& tx) -> Status {
    tx.hubs().Put(hub);
    throw std::logic_error("a bug in the domain");
  });
  EXPECT_EQ(s.code(), ErrorCode::kInternal);
  EXPECT_EQ(s.message(), "internal error: a bug in the domain");
  EXPECT_FALSE(FindHub(*store, hub).has_value()) << "the write before the exception was kept";

  s = store->Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    tx.hubs().Put(hub);
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
                          tx.hubs().Put(hub);
                          tx.relationships().Put(r);
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
                          found = tx.relationships().Find(r.region, r.administrator_id, r.member_id);
                          RelationshipQuery query;
                          query.region = r.region;
                          query.member_id = r.member_id;
                          listed = tx.relationships().Query(query);
                          return Status::OK();
                        })
                  .ok());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->email, r.email);
  EXPECT_EQ(found->invitation_id, r.invitation_id);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].email, r.email);
}

// A relationship's every field, to compare two stores' answers.
auto Fields(const Relationship& r) {
  return std::make_tuple(r.region, r.administrator_id, r.member_id, r.email,
                         std::string(MemberStatusName(r.status)), r.invitation_id, r.invited_at,
                         r.updated_at, r.invitation_deleted,
                         std::string(MembershipOriginName(r.origin)));
}

// RelationshipRecords::Query picks its SQL by the shape of the query (which party, which statuses, open
// invitations only); every shape must select exactly what the plain in-memory store selects.
// Every set of statuses is asked for, on both sides, at several keyset positions and limits.
TEST(SqliteStore, EveryRelationshipQueryAnswersAsTheMemoryStoreDoes) {
  auto sqlite = OpenInMemory();
  MemoryStore memory;
  // Eight administrators of the same 21 accounts, in two Regions, so that each account is the
  // member of several administrators; statuses, emails and invitations vary with both.
  std::vector<std::string> admins;
  for (int a = 0; a < 8; ++a) admins.push_back(std::to_string(111111111111LL + 1010101010LL * a));
  std::vector<Relationship> relationships;
  for (size_t a = 0; a < admins.size(); ++a) {
    for (size_t i = 0; i < 3 * kMemberStatusCount; ++i) {
      const size_t k = i + a;
      Relationship r;
      r.region = i % 5 == 4 ? "eu-west-1" : "us-east-1";
      r.administrator_id = admins[a];
      r.member_id = std::to_string(200000000000 + i * 5 % 21);  // not in insertion order
      r.status = static_cast<MemberStatus>(k % kMemberStatusCount);
      if (k % 2) r.email = "m" + std::to_string(k) + "@example.com";
      if (k % 4) {
        r.invitation_id = std::string(32, static_cast<char>('a' + k % 6));
        r.invited_at = 1634902308385 + static_cast<Millis>(k);
      }
      r.invitation_deleted = k % 3 == 1;
      r.updated_at = 1634902308385 + static_cast<Millis>(k * 10);
      r.origin = k % 7 == 3 ? MembershipOrigin::kOrganization : MembershipOrigin::kInvitation;
      relationships.push_back(r);
    }
  }
  for (Store* store : {static_cast<Store*>(sqlite.get()), static_cast<Store*>(&memory)}) {
    ASSERT_TRUE(store->Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
      for (const Relationship& r : relationships) tx.relationships().Put(r);
      return Status::OK();
    }).ok());
  }

  auto find = [](Store& store, const RelationshipQuery& q) {
    std::vector<decltype(Fields(Relationship()))> found;
    Status s = store.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
      for (const Relationship& r : tx.relationships().Query(q)) found.push_back(Fields(r));
      return Status::OK();
    });
    EXPECT_TRUE(s.ok()) << s.message();
    return found;
  };
  size_t queries = 0, rows[2] = {0, 0};  // found by member, by administrator
  for (uint32_t set = 0; set < (1u << kMemberStatusCount); ++set) {
    for (bool by_admin : {true, false}) {
      for (bool open_only : {false, true}) {
        for (const std::string& after :
             {std::string(), std::string(by_admin ? "200000000009" : admins[3])}) {
          for (int limit : {0, 1, 3}) {
            RelationshipQuery q;
            q.region = "us-east-1";
            if (by_admin) q.administrator_id = admins[set % admins.size()];
            else q.member_id = "200000000010";
            for (size_t i = 0; i < kMemberStatusCount; ++i) {
              if (set & (1u << i)) q.statuses.push_back(static_cast<MemberStatus>(i));
            }
            if (set % 3 == 0 && !q.statuses.empty()) q.statuses.push_back(q.statuses.front());
            q.open_invitations_only = open_only;
            q.after = after;
            q.limit = limit;
            const auto expected = find(memory, q);
            ASSERT_EQ(find(*sqlite, q), expected)
                << "statuses " << set << (by_admin ? ", by administrator" : ", by member")
                << (open_only ? ", open invitations only" : "") << ", after '" << after
                << "', limit " << limit;
            ++queries;
            rows[by_admin] += expected.size();
          }
        }
      }
    }
  }
  EXPECT_GT(rows[0], queries / 2) << "the member's queries found too little to prove anything";
  EXPECT_GT(rows[1], queries / 2) << "the administrators' queries found too little to prove anything";
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
                          tx.hubs().Put(SomeHub());
                          tx.relationships().Put(r);
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
                                              "organization_accounts", "relationships", "role_sessions"}))
      << "Reset empties the tables; it keeps the schema";
  for (const std::string& table : tables) {
    EXPECT_EQ(raw.Column("SELECT count(*) FROM " + table), std::vector<std::string>{"0"}) << table;
  }
}

// The schemas as shipped, each for the migrations after it: version 1 (hubs and relationships),
// 2 (with the page indexes) and 3 (with organizations), built from their shared parts.
const std::string kHubsTable = R"sql(
  CREATE TABLE hubs (region TEXT NOT NULL, account_id TEXT NOT NULL,
    subscribed_at INTEGER NOT NULL, auto_enable_controls INTEGER NOT NULL,
    control_finding_generator TEXT NOT NULL, tags TEXT NOT NULL,
    PRIMARY KEY (region, account_id)) WITHOUT ROWID;)sql";
// The relationships table and its member index; `origin_column` is empty before version 3.
std::string RelationshipsTable(const std::string& origin_column) {
  return R"sql(
  CREATE TABLE relationships (region TEXT NOT NULL, administrator_id TEXT NOT NULL,
    member_id TEXT NOT NULL, email TEXT, status TEXT NOT NULL, invitation_id TEXT NOT NULL,
    invited_at INTEGER, updated_at INTEGER NOT NULL, invitation_deleted INTEGER NOT NULL,)sql" +
         origin_column + R"sql(
    PRIMARY KEY (region, administrator_id, member_id)) WITHOUT ROWID;
  CREATE INDEX relationships_by_member ON relationships (region, member_id, administrator_id);)sql";
}
const std::string kPageIndexes = R"sql(
  CREATE INDEX relationships_by_administrator_status
    ON relationships (region, administrator_id, status, member_id);
  CREATE INDEX relationships_by_member_status
    ON relationships (region, member_id, status, administrator_id);)sql";
const std::string kOrganizationTables = R"sql(
  CREATE TABLE organization_accounts (account_id TEXT NOT NULL PRIMARY KEY,
    management INTEGER NOT NULL, suspended INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE delegated_administrators (region TEXT NOT NULL PRIMARY KEY,
    account_id TEXT NOT NULL, status TEXT NOT NULL, auto_enable INTEGER NOT NULL,
    auto_enable_standards TEXT NOT NULL, configuration_type TEXT NOT NULL) WITHOUT ROWID;)sql";
const std::string kSchemaVersion1 = kHubsTable + RelationshipsTable("") + "PRAGMA user_version = 1;";
const std::string kSchemaVersion2 = kHubsTable + RelationshipsTable("") + kPageIndexes + "PRAGMA user_version = 2;";
const std::string kSchemaVersion3 = kHubsTable +
                                    RelationshipsTable("\n    origin TEXT NOT NULL DEFAULT 'Invitation',") +
                                    kPageIndexes + kOrganizationTables + "PRAGMA user_version = 3;";

// The one relationship the version 1 and 2 tests write, in the columns of those versions.
const char kHistoricRelationship[] = R"sql(
  INSERT INTO relationships VALUES ('us-east-1', '111111111111', '222222222222',
    'm@example.com', 'Enabled', '0123456789abcdef0123456789abcdef', 5, 6, 0);)sql";

// Opens (and so migrates) `db` and reads kHistoricRelationship back; checks that the database
// declares no organization. The store is closed again on return.
std::optional<Relationship> OpenAndFindTheHistoricRelationship(const std::string& db) {
  std::unique_ptr<SqliteStore> store;
  Status s = SqliteStore::Open(db, &store);
  EXPECT_TRUE(s.ok()) << s.message();
  if (!s.ok()) return std::nullopt;
  std::optional<Relationship> r;
  EXPECT_TRUE(store->Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    r = tx.relationships().Find("us-east-1", "111111111111", "222222222222");
    EXPECT_FALSE(tx.organization().FindManagementAccount().has_value());
    return Status::OK();
  }).ok());
  return r;
}

// A database written before organizations existed (schema version 1, as shipped) opens with
// every relationship kept, each one an invitation (migration 3 adds relationships.origin).
TEST(SqliteStore, ADatabaseFromBeforeOrganizationsKeepsItsRelationships) {
  TempDir dir;
  const std::string db = dir.File("v1.db");
  RawConnection(db).Exec(kSchemaVersion1 + kHistoricRelationship);
  std::optional<Relationship> r = OpenAndFindTheHistoricRelationship(db);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, MemberStatus::kEnabled);
  EXPECT_EQ(r->email, "m@example.com");
  EXPECT_EQ(r->origin, MembershipOrigin::kInvitation);
}

// A database written by the release with the page indexes (schema version 2, as shipped before
// organizations) opens with its relationships kept and the organization tables added: the
// organization migration comes after it (3), never in its place. (Migration 4 then replaces
// the page indexes.)
TEST(SqliteStore, ADatabaseWithThePageIndexesGainsTheOrganizationTables) {
  TempDir dir;
  const std::string db = dir.File("v2.db");
  RawConnection(db).Exec(kSchemaVersion2 + kHistoricRelationship);
  std::optional<Relationship> r = OpenAndFindTheHistoricRelationship(db);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, MemberStatus::kEnabled);
  EXPECT_EQ(r->origin, MembershipOrigin::kInvitation);

  RawConnection raw(db);
  EXPECT_EQ(raw.Column("PRAGMA user_version"), std::vector<std::string>{"7"});
  EXPECT_EQ(raw.Column("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"),
            (std::vector<std::string>{"delegated_administrators", "hubs", "organization_accounts",
                                      "relationships", "role_sessions"}));
}

// A database at version 3 has its status indexes, which held every relationship, replaced by
// indexes of the Enabled relationships alone (migration 4), and its default pages read from
// them: the administrator's Enabled members and the member's Enabled administrator.
TEST(SqliteStore, ADatabaseWithStatusIndexesGetsIndexesOfEnabledRelationshipsOnly) {
  TempDir dir;
  const std::string db = dir.File("v3.db");
  {
    RawConnection raw(db);
    raw.Exec(kSchemaVersion3);
    // The administrator's members in every status, in reverse order of account id; the first
    // member is Enabled under another administrator too.
    for (size_t i = 0; i < kMemberStatusCount; ++i) {
      raw.Exec("INSERT INTO relationships VALUES ('us-east-1', '111111111111', '20000000000" +
               std::to_string(kMemberStatusCount - i) + "', NULL, '" +
               MemberStatusName(static_cast<MemberStatus>(i)) +
               "', '0123456789abcdef0123456789abcdef', 5, 6, 0, 'Invitation')");
    }
    raw.Exec("INSERT INTO relationships VALUES ('us-east-1', '333333333333', '200000000001', "
             "'m@example.com', 'Enabled', 'fedcba9876543210fedcba9876543210', 7, 8, 0, 'Invitation')");
  }
  std::unique_ptr<SqliteStore> store;
  Status s = SqliteStore::Open(db, &store);
  ASSERT_TRUE(s.ok()) << s.message();
  std::vector<Relationship> admin_enabled, member_enabled, admin_all;
  ASSERT_TRUE(store->Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    RelationshipQuery q;
    q.region = "us-east-1";
    q.administrator_id = "111111111111";
    admin_all = tx.relationships().Query(q);
    q.statuses = {MemberStatus::kEnabled};
    admin_enabled = tx.relationships().Query(q);
    RelationshipQuery m;
    m.region = "us-east-1";
    m.member_id = "200000000005";  // the Enabled member of 111111111111
    m.statuses = {MemberStatus::kEnabled};
    member_enabled = tx.relationships().Query(m);
    return Status::OK();
  }).ok());
  EXPECT_EQ(admin_all.size(), kMemberStatusCount);
  ASSERT_EQ(admin_enabled.size(), 1u);
  EXPECT_EQ(admin_enabled[0].member_id, "200000000005");
  EXPECT_EQ(admin_enabled[0].status, MemberStatus::kEnabled);
  EXPECT_EQ(admin_enabled[0].invitation_id, "0123456789abcdef0123456789abcdef");
  ASSERT_EQ(member_enabled.size(), 1u);
  EXPECT_EQ(member_enabled[0].administrator_id, "111111111111");

  RawConnection raw(db);
  EXPECT_EQ(raw.Column("PRAGMA user_version"), std::vector<std::string>{"7"});
  EXPECT_EQ(raw.Column("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE "
                       "'sqlite_autoindex%' ORDER BY name"),
            (std::vector<std::string>{"relationships_by_member",
                                      "relationships_enabled_by_administrator",
                                      "relationships_enabled_by_member"}));
  // Each holds the two Enabled relationships, and nothing else.
  EXPECT_EQ(raw.Column("SELECT count(*) FROM relationships INDEXED BY "
                       "relationships_enabled_by_administrator WHERE status = 'Enabled'"),
            std::vector<std::string>{"2"});
  EXPECT_EQ(raw.Column("SELECT count(*) FROM relationships INDEXED BY "
                       "relationships_enabled_by_member WHERE status = 'Enabled'"),
            std::vector<std::string>{"2"});
}

// The administrator's default page (ListMembers with OnlyAssociated) reads its rows from the
// index alone: the index holds every column, so the page costs the same at any table size.
TEST(SqliteStore, TheAdministratorsEnabledIndexCoversEveryColumn) {
  TempDir dir;
  const std::string db = dir.File("state.db");
  std::unique_ptr<SqliteStore> store;
  ASSERT_TRUE(SqliteStore::Open(db, &store).ok());
  RawConnection raw(db);
  const std::vector<std::string> plan = raw.Column(
      "EXPLAIN QUERY PLAN SELECT * FROM relationships INDEXED BY "
      "relationships_enabled_by_administrator WHERE region = 'us-east-1' AND administrator_id = "
      "'111111111111' AND member_id > '' AND status = 'Enabled' ORDER BY member_id LIMIT 51",
      /*column=*/3);  // detail
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_NE(plan[0].find("COVERING INDEX relationships_enabled_by_administrator"), std::string::npos)
      << plan[0];
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
                     tx.hubs().Put(SomeHub());
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

namespace shmock {
namespace {

// A role session AssumeRole issued is still there, whole, after the database file is reopened
// (decision 46), and so is its expiry.
TEST(SqliteStore, RoleSessionsSurviveAReopen) {
  TempDir dir;
  const std::string db = dir.File("sessions.db");
  FakeClock clock;
  AssumedRole assumed;
  {
    std::unique_ptr<SqliteStore> store;
    ASSERT_TRUE(SqliteStore::Open(db, &store).ok());
    Sessions sessions(*store, clock);
    AssumeRoleInput in;
    in.role_arn = "arn:aws:iam::222222222222:role/Admin";
    in.role_session_name = "restart";
    ASSERT_TRUE(sessions.AssumeRole("111111111111", nullptr, in, &assumed).ok());
  }
  std::unique_ptr<SqliteStore> store;
  ASSERT_TRUE(SqliteStore::Open(db, &store).ok());
  Sessions sessions(*store, clock);
  std::optional<RoleSession> found;
  ASSERT_TRUE(sessions.Find(assumed.session.access_key_id, &found).ok());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->secret_access_key, assumed.session.secret_access_key);
  EXPECT_EQ(found->session_token, assumed.session.session_token);
  EXPECT_EQ(CallerArn(found->account_id, &*found), "arn:aws:sts::222222222222:assumed-role/Admin/restart");
  EXPECT_EQ(found->expiration, assumed.session.expiration);
  clock.Advance(3600 * 1000);
  EXPECT_EQ(sessions.Find(assumed.session.access_key_id, &found).code(), ErrorCode::kExpiredToken);
}

}  // namespace
}  // namespace shmock
