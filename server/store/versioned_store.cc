#include "shmock/versioned_store.h"

namespace shmock {

Status VersionedStore::Run(Access access, const std::function<Status(StoreTransaction&)>& body) {
  Status s = inner_.Run(access, body);
  // An OK write has committed; a refused one rolled back and changed nothing.
  if (s.ok() && access == Access::kWrite) version_.fetch_add(1, std::memory_order_release);
  return s;
}

Status VersionedStore::Reset() {
  Status s = inner_.Reset();
  if (s.ok()) version_.fetch_add(1, std::memory_order_release);
  return s;
}

}  // namespace shmock
