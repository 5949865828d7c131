#include "memory_store.h"

#include "shmock/sqlite_store.h"

namespace shmock {

Status MemoryStore::Run(Access, const std::function<Status(StoreTransaction&)>& body) {
  std::lock_guard<std::mutex> lock(mu_);
  State before = state_;
  Status s = body(state_);
  if (!s.ok()) state_ = std::move(before);
  return s;
}

Status MemoryStore::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  state_ = State();
  return Status::OK();
}

std::unique_ptr<Store> NewTestStore(const std::string& kind) {
  if (kind == "memory") return std::make_unique<MemoryStore>();
  std::unique_ptr<SqliteStore> sqlite;
  if (kind != "sqlite" || !SqliteStore::Open(":memory:", &sqlite).ok()) return nullptr;
  return sqlite;
}

}  // namespace shmock
