// VersionedStore: the Store every part of the server writes through. It passes every call
// through to the store it wraps and counts the writes that commit, so a reader can tell
// cheaply whether the state may have changed: the web view's version poll (ui.h) and the read
// cache's validity (read_cache.h) both read that count.
#ifndef SHMOCK_VERSIONED_STORE_H_
#define SHMOCK_VERSIONED_STORE_H_

#include <atomic>
#include <cstdint>

#include "shmock/store.h"

namespace shmock {

class VersionedStore : public Store {
 public:
  explicit VersionedStore(Store& inner) : inner_(inner) {}
  Status Run(Access access, const std::function<Status(StoreTransaction&)>& body) override;
  Status Reset() override;
  // Moves whenever a write call commits, or the state is reset; never otherwise.
  uint64_t version() const { return version_.load(std::memory_order_acquire); }

 private:
  Store& inner_;
  std::atomic<uint64_t> version_{0};
};

}  // namespace shmock

#endif  // SHMOCK_VERSIONED_STORE_H_
