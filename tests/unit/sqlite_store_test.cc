// SqliteStore, the store the server runs on: what it keeps, what it undoes, and what it refuses.
#include "shmock/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "memory_store.h"
#include "store_files.h"
#include "shmock/sessions.h"

namespace shmock {
namespace {

std::unique_ptr<SqliteStore> OpenInMemory() {
  std::unique_ptr<SqliteStore> store;
  Status s = SqliteStore::Open(":memory:", &store);
  EXPECT_TRUE(s.ok()) << s.message();
  return store;
}

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
  EXPECT_EQ(tables, (std::vector<std::string>{"added_later", "control_associations",
                                              "delegated_administrators", "finding_aggregators",
                                              "finding_history",
                                              "finding_value_counts", "finding_values", "findings",
                                              "hubs", "insights", "organization_accounts",
                                              "product_subscriptions", "relationships",
                                              "role_sessions", "security_controls",
                                              "standards_subscriptions"}))
      << "Reset empties the tables; it keeps the schema";
  for (const std::string& table : tables) {
    EXPECT_EQ(raw.Column("SELECT count(*) FROM " + table), std::vector<std::string>{"0"}) << table;
  }
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

// A scan's streams read their index in key order, a range per (account, value): no sort, so a
// page stops after the rows it needs (design.md, "Findings storage").
TEST(SqliteStore, FindingStreamsWalkTheirIndexInOrder) {
  TempDir dir;
  const std::string db = dir.File("state.db");
  std::unique_ptr<SqliteStore> store;
  ASSERT_TRUE(SqliteStore::Open(db, &store).ok());
  RawConnection raw(db);
  for (const char* query :
       {"SELECT updated_at, number FROM finding_values WHERE region = 'r' AND account_id = 'a' AND "
        "attribute = 'SeverityLabel' AND value = 'HIGH' AND (updated_at, number) < (5, 6) "
        "ORDER BY updated_at DESC, number DESC LIMIT 16",
        "SELECT updated_at, number FROM findings INDEXED BY findings_by_account WHERE region = 'r' "
        "AND account_id = 'a' AND (updated_at, number) > (5, 6) ORDER BY updated_at, number LIMIT 16"}) {
    const std::vector<std::string> plan = raw.Column(std::string("EXPLAIN QUERY PLAN ") + query, 3);
    ASSERT_EQ(plan.size(), 1u) << query;  // a sort would be a second line (TEMP B-TREE)
    EXPECT_EQ(plan[0].find("SEARCH"), 0u) << plan[0];
    EXPECT_NE(plan[0].find("updated_at"), std::string::npos) << "a range, not a scan: " << plan[0];
  }
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
  EXPECT_EQ(s.message(), "cannot open database '" + db + "': its directory '" + dir.File("missing") +
                             "' does not exist; create it, or use another database file");
  EXPECT_FALSE(std::filesystem::exists(dir.File("missing"))) << "nothing is made on the way out";
}


// --- Group commit ------------------------------------------------------------------------------

Hub HubOf(const std::string& region, long long account) {
  Hub hub = SomeHub();
  hub.region = region;
  hub.account_id = std::to_string(account);
  return hub;
}

// Concurrent writes are committed together: each call's body runs in a savepoint of the group's
// one transaction, so a call that fails (with an error, or an exception) undoes its own writes
// and no other call's, and every call that succeeded is seen by every read after it returns.
TEST(SqliteStore, WritesCommittedTogetherAreEachAllOrNothing) {
  TempDir dir;
  SqliteStore::Options options;
  options.durability = Durability::kPower;  // a commit waits for the disk: writers pile up
  std::unique_ptr<SqliteStore> store;
  ASSERT_TRUE(SqliteStore::Open(dir.File("state.db"), options, &store).ok());
  constexpr int kThreads = 8, kCalls = 40;
  std::atomic<int> announced{0}, run_by_another{0}, failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      if (t > 0) ++announced;
      for (int i = 0; i < kCalls; ++i) {
        const long long account = 100000000000LL + t * 1000 + i;
        const int kind = (t + i) % 6;  // 1: refused, 4: throws, otherwise kept
        const std::thread::id caller = std::this_thread::get_id();
        Status s = store->Run(Store::Access::kWrite, [&](StoreTransaction& tx) -> Status {
          if (std::this_thread::get_id() != caller) ++run_by_another;
          tx.hubs().Put(HubOf("us-east-1", account));
          tx.hubs().Put(HubOf("eu-west-1", account));
          if (t == 0 && i == 0) {
            // The first call holds its group open until every other writer has come, so that
            // the next group surely holds several calls.
            while (announced < kThreads - 1) std::this_thread::yield();
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
          }
          if (kind == 1) return Status::InvalidInput("refused");
          if (kind == 4) throw std::logic_error("a bug");
          return Status::OK();
        });
        const std::string expected = kind == 1 ? "refused" : kind == 4 ? "internal error: a bug" : "";
        if (s.message() != expected) ++failures;
        if (kind != 1 && kind != 4) {  // acknowledged: every read from now on sees it
          if (!FindHub(*store, HubOf("eu-west-1", account)).has_value()) ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(run_by_another.load(), 0) << "no call was committed in another's group";

  std::vector<Hub> hubs;
  ASSERT_TRUE(store->Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    hubs = tx.hubs().All();
    return Status::OK();
  }).ok());
  std::set<std::string> found, expected;
  for (const Hub& hub : hubs) found.insert(hub.region + " " + hub.account_id);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kCalls; ++i) {
      if ((t + i) % 6 == 1 || (t + i) % 6 == 4) continue;
      for (const char* region : {"eu-west-1", "us-east-1"}) {
        expected.insert(std::string(region) + " " + std::to_string(100000000000LL + t * 1000 + i));
      }
    }
  }
  EXPECT_EQ(found, expected);
}

// --- Snapshots ---------------------------------------------------------------------------------

std::vector<Hub> AllHubs(Store& store) {
  std::vector<Hub> hubs;
  EXPECT_TRUE(store.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    hubs = tx.hubs().All();
    return Status::OK();
  }).ok());
  return hubs;
}

// The copy is one state of the database, though writes go on while it is made: hubs are written
// one call each, in order of account, so any consistent state holds a prefix of them.
TEST(SqliteStore, ASnapshotTakenDuringWritesIsOneStateAndOpensAsAStore) {
  TempDir dir;
  std::unique_ptr<SqliteStore> store;
  ASSERT_TRUE(SqliteStore::Open(dir.File("state.db"), &store).ok());
  std::atomic<long long> next{0};
  auto write_next = [&] {
    Hub hub = HubOf("us-east-1", 100000000000LL + next.load());
    hub.tags = {{"padding", std::string(3000, 'x')}};  // a page each: the copy takes many steps
    return store->Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
      tx.hubs().Put(hub);
      ++next;
      return Status::OK();
    });
  };
  for (int i = 0; i < 1500; ++i) ASSERT_TRUE(write_next().ok());
  std::atomic<bool> writing{true};
  std::thread writer([&] {
    while (writing) ASSERT_TRUE(write_next().ok());
  });
  while (next < 1510) std::this_thread::yield();  // the writer is under way
  const long long before = next;
  Status s = store->Snapshot(dir.File("copy.db"));
  const long long during = next - before;
  writing = false;
  writer.join();
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_GT(during, 0) << "no write went on while the copy was made";

  std::unique_ptr<SqliteStore> copy;
  s = SqliteStore::Open(dir.File("copy.db"), &copy);
  ASSERT_TRUE(s.ok()) << s.message();
  const std::vector<Hub> hubs = AllHubs(*copy);
  ASSERT_GE(hubs.size(), 1500u);
  for (size_t i = 0; i < hubs.size(); ++i) {
    ASSERT_EQ(hubs[i].account_id, std::to_string(100000000000LL + static_cast<long long>(i)))
        << "the copy holds hub " << hubs.back().account_id << " but not the one before it";
    ASSERT_EQ(hubs[i].tags, (std::map<std::string, std::string>{{"padding", std::string(3000, 'x')}}));
  }
  copy.reset();  // its -wal and -shm go with it
  std::set<std::string> files;
  for (const auto& [name, bytes] : DirectoryContents(dir.path())) files.insert(name);
  EXPECT_EQ(files, (std::set<std::string>{"copy.db", "copy.db.lock", "state.db", "state.db-shm",
                                          "state.db-wal", "state.db.lock"}))
      << "a temporary file of the snapshot was left behind";
}

TEST(SqliteStore, AnInMemoryDatabaseCanBeSnapshotAndOpenedFromTheCopy) {
  TempDir dir;
  auto store = OpenInMemory();
  ASSERT_TRUE(store->Run(Store::Access::kWrite, [](StoreTransaction& tx) {
    tx.hubs().Put(SomeHub());
    return Status::OK();
  }).ok());
  ASSERT_TRUE(store->Snapshot(dir.File("copy.db")).ok());
  std::unique_ptr<SqliteStore> copy;
  Status s = SqliteStore::Open(dir.File("copy.db"), &copy);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_TRUE(FindHub(*copy, SomeHub()).has_value());
}

// Each refusal names what is wrong, writes nothing, and leaves no file behind.
TEST(SqliteStore, ASnapshotIsRefusedForAPathItMustNotOrCannotWrite) {
  TempDir dir;
  auto store = OpenInMemory();
  std::ofstream(dir.File("taken.db")) << "someone's file";
  std::ofstream(dir.File("a-file")) << "not a folder";
  const std::string snapshot_of = "cannot write the snapshot '";
  const struct {
    std::string path;
    ErrorCode code;
    std::string message;
  } cases[] = {
      {"copy.db", ErrorCode::kInvalidInput,
       "'copy.db' is not an absolute path: give the path of the copy on the server's machine, "
       "such as /tmp/state-copy.db; nothing was written"},
      {"", ErrorCode::kInvalidInput,
       "'' is not an absolute path: give the path of the copy on the server's machine, such as "
       "/tmp/state-copy.db; nothing was written"},
      {dir.File("x") + std::string(1, '\0'), ErrorCode::kInvalidInput,
       "the path contains a NUL byte; nothing was written"},
      {"/" + std::string(4095, 'a'), ErrorCode::kInvalidInput,
       "the path is longer than 4095 bytes; nothing was written"},
      {dir.File("sub/"), ErrorCode::kInvalidInput,
       "'" + dir.File("sub/") + "' names a folder: give the path of a file to create; nothing was "
       "written"},
      {dir.File("missing/copy.db"), ErrorCode::kInvalidInput,
       snapshot_of + dir.File("missing/copy.db") + "': the folder '" + dir.File("missing") +
           "' does not exist; nothing was written"},
      {dir.File("a-file/copy.db"), ErrorCode::kInvalidInput,
       snapshot_of + dir.File("a-file/copy.db") + "': the folder '" + dir.File("a-file") +
           "' does not exist; nothing was written"},
      {dir.File("taken.db"), ErrorCode::kResourceConflict,
       "'" + dir.File("taken.db") + "' exists, and a snapshot never replaces a file: give a path "
       "that does not exist; nothing was written"},
      {dir.path(), ErrorCode::kResourceConflict,
       "'" + dir.path() + "' exists, and a snapshot never replaces a file: give a path that does "
       "not exist; nothing was written"},
  };
  const auto before = DirectoryContents(dir.path());
  for (const auto& c : cases) {
    Status s = store->Snapshot(c.path);
    EXPECT_EQ(s.code(), c.code) << c.path.substr(0, 80);
    EXPECT_EQ(s.message(), c.message);
  }
  EXPECT_EQ(DirectoryContents(dir.path()), before);
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
