// MemoryStore: a plain in-memory Store for testing the domain without SQLite.
// A transaction works on the live maps and restores a copy taken at its start on rollback.
#ifndef SHMOCK_TESTS_MEMORY_STORE_H_
#define SHMOCK_TESTS_MEMORY_STORE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include "shmock/store.h"

namespace shmock {

class MemoryStore : public Store {
 public:
  Status Run(Access access, const std::function<Status(StoreTransaction&)>& body) override;
  Status Reset() override;

  struct State {
    std::map<std::pair<std::string, std::string>, Hub> hubs;
    std::map<std::tuple<std::string, std::string, std::string>, Relationship> relationships;
    std::map<std::string, OrganizationAccount> organization_accounts;  // cross-Region
    std::map<std::string, DelegatedAdministrator> delegated_administrators;  // by Region
  };

 private:
  std::mutex mu_;
  State state_;
};

// The store a test parameterized on both stores runs on: "memory" (a MemoryStore) or "sqlite"
// (a SqliteStore on ":memory:"); null when SQLite cannot open one.
std::unique_ptr<Store> NewTestStore(const std::string& kind);

// A clock the test moves by hand.
class FakeClock : public Clock {
 public:
  explicit FakeClock(Millis start = 1634902308385) : now_(start) {}  // 2021-10-22T11:31:48.385Z
  Millis NowMillis() override { return now_; }
  void Advance(Millis ms) { now_ += ms; }

 private:
  Millis now_;
};

}  // namespace shmock

#endif  // SHMOCK_TESTS_MEMORY_STORE_H_
