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

}  // namespace
}  // namespace shmock
