// SqliteStore, the store the server runs on: what it keeps, what it undoes, and what it refuses.
#include "shmock/sqlite_store.h"

#include <gtest/gtest.h>

#include <stdexcept>

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

}  // namespace
}  // namespace shmock
