// The hubs part of MemoryStore.
#include "memory_store.h"

namespace shmock {

std::optional<Hub> MemoryHubRecords::Find(const std::string& region,
                                          const std::string& account_id) {
  auto it = hubs_.find({region, account_id});
  if (it == hubs_.end()) return std::nullopt;
  return it->second;
}

bool MemoryHubRecords::Exists(const std::string& region, const std::string& account_id) {
  return hubs_.count({region, account_id}) != 0;
}

void MemoryHubRecords::Put(const Hub& hub) { hubs_[{hub.region, hub.account_id}] = hub; }

void MemoryHubRecords::Delete(const std::string& region, const std::string& account_id) {
  hubs_.erase({region, account_id});
}

std::vector<Hub> MemoryHubRecords::All() {
  std::vector<Hub> out;
  for (const auto& [key, hub] : hubs_) out.push_back(hub);
  return out;
}

}  // namespace shmock
