#include "shmock/read_cache.h"

namespace shmock {
namespace {
// Per-entry bookkeeping of an unordered_map node, counted against the bound.
constexpr size_t kEntryOverhead = 64;
}  // namespace

ReadCache::ReadCache(std::function<uint64_t()> version, size_t max_bytes)
    : version_(std::move(version)), max_bytes_(max_bytes) {}

std::string ReadCache::Key(const Caller& caller, const std::string& operation, const std::string& raw_path,
                           const std::string& raw_query, const std::string& body) {
  // '\n' cannot occur in an account id, Region, operation, path or query as sent (a request
  // line ends at a newline), so only the body, last, may hold one, and the key is unambiguous.
  std::string key;
  key.reserve(caller.region.size() + caller.account_id.size() + operation.size() + raw_path.size() +
              raw_query.size() + body.size() + 5);
  for (const std::string* part : {&caller.region, &caller.account_id, &operation, &raw_path, &raw_query}) {
    key += *part;
    key += '\n';
  }
  key += body;
  return key;
}

ReadCache::Lookup ReadCache::Find(const std::string& key, std::string* body) {
  Lookup lookup;
  lookup.version = version_();
  std::lock_guard<std::mutex> lock(mu_);
  if (lookup.version != entries_version_) {
    // Only forwards: a lookup that read the version just before a write's bump is concurrent
    // with that write and may simply miss.
    if (lookup.version > entries_version_) {
      ClearLocked();
      entries_version_ = lookup.version;
    }
    return lookup;
  }
  auto it = entries_.find(key);
  if (it == entries_.end()) return lookup;
  *body = it->second;
  lookup.hit = true;
  return lookup;
}

void ReadCache::Put(const std::string& key, uint64_t version, const std::string& body) {
  const size_t size = key.size() + body.size() + kEntryOverhead;
  if (size > max_bytes_) return;
  std::lock_guard<std::mutex> lock(mu_);
  // Read under the lock, so no Find can move entries_version_ between this check and the insert.
  if (version_() != version) return;  // a write committed while the body was computed
  if (version > entries_version_) {
    ClearLocked();
    entries_version_ = version;
  }
  if (bytes_ + size > max_bytes_) ClearLocked();
  if (entries_.emplace(key, body).second) bytes_ += size;
}

size_t ReadCache::bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return bytes_;
}

void ReadCache::ClearLocked() {
  entries_.clear();
  bytes_ = 0;
}

}  // namespace shmock
