// The finding aggregators part of MemoryStore.
#include "memory_store.h"

namespace shmock {

std::optional<AggregatorRecord> MemoryAggregatorRecords::Find(const std::string& account_id) {
  auto it = aggregators_.find(account_id);
  if (it == aggregators_.end()) return std::nullopt;
  return it->second;
}

void MemoryAggregatorRecords::Put(const AggregatorRecord& a) { aggregators_[a.account_id] = a; }

void MemoryAggregatorRecords::Delete(const std::string& account_id) { aggregators_.erase(account_id); }

std::vector<AggregatorRecord> MemoryAggregatorRecords::All() {
  std::vector<AggregatorRecord> out;
  for (const auto& [key, a] : aggregators_) out.push_back(a);
  return out;
}

}  // namespace shmock
