// ReadCache: the rendered bodies of read operations, so a repeated read (a paginator, a
// Terraform refresh, a polling loop) skips the store and the renderer. Which operations are
// cached is the operations table's (operations.h): the rows marked kRead.
//
// An entry is keyed by Region, caller, operation and the input as sent (path, query string,
// body), so a hit is found before the input is parsed or validated: parsing a ListMembers
// query into JSON costs more than the rest of a cached read. Two spellings of one input (the
// query's parameters in another order) are two entries; an SDK sends one. A reply is stored
// only after its input passed validation, so a refused input never hits. An entry is valid for one
// value of the store's write version (versioned_store.h), which every committed write bumps.
// The cache keeps entries of the current version only: the first lookup after a write finds
// the version moved and drops them all, so a read that starts after a write was acknowledged
// never sees a body rendered before it. A body is stored only if the version did not move while
// it was computed. The cache is bounded in bytes (keys and bodies): when an entry would not
// fit, it is emptied (clear-on-full, not LRU: reads between two writes are few distinct pages,
// and dropping all is O(1) bookkeeping). Safe to use from every server thread.
#ifndef SHMOCK_READ_CACHE_H_
#define SHMOCK_READ_CACHE_H_

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include "shmock/records.h"

namespace shmock {

class ReadCache {
 public:
  // `version` reads the store's write version; `max_bytes` bounds what the cache holds.
  ReadCache(std::function<uint64_t()> version, size_t max_bytes);

  // The key of a call: what the reply depends on besides the store's state.
  static std::string Key(const Caller& caller, const std::string& operation, const std::string& raw_path,
                         const std::string& raw_query, const std::string& body);

  // A lookup, and the version to hand to Put if it missed.
  struct Lookup {
    bool hit = false;
    uint64_t version = 0;
  };
  Lookup Find(const std::string& key, std::string* body);
  // Stores `body`, computed after Find returned `version`, unless a write committed since.
  void Put(const std::string& key, uint64_t version, const std::string& body);

  size_t bytes() const;

 private:
  void ClearLocked();

  const std::function<uint64_t()> version_;
  const size_t max_bytes_;
  mutable std::mutex mu_;
  uint64_t entries_version_ = 0;
  std::unordered_map<std::string, std::string> entries_;
  size_t bytes_ = 0;
};

}  // namespace shmock

#endif  // SHMOCK_READ_CACHE_H_
