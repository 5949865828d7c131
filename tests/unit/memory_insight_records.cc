// The custom insights part of MemoryStore.
#include "memory_store.h"

namespace shmock {

std::optional<InsightRecord> MemoryInsightRecords::Find(const std::string& region,
                                                        const std::string& account_id,
                                                        const std::string& id) {
  for (const auto& [key, insight] : insights_) {
    if (insight.region == region && insight.account_id == account_id && insight.id == id) {
      return insight;
    }
  }
  return std::nullopt;
}

std::vector<InsightRecord> MemoryInsightRecords::OfAccount(const std::string& region,
                                                           const std::string& account_id) {
  std::vector<InsightRecord> out;
  for (const auto& [key, insight] : insights_) {
    if (insight.region == region && insight.account_id == account_id) out.push_back(insight);
  }
  return out;
}

void MemoryInsightRecords::Put(const InsightRecord& insight) {
  Delete(insight.region, insight.account_id, insight.id);  // a replace may move its created_at
  insights_[{insight.region, insight.account_id, insight.created_at, insight.id}] = insight;
}

void MemoryInsightRecords::Delete(const std::string& region, const std::string& account_id,
                                  const std::string& id) {
  for (auto it = insights_.begin(); it != insights_.end(); ++it) {
    if (it->second.region == region && it->second.account_id == account_id &&
        it->second.id == id) {
      insights_.erase(it);
      return;
    }
  }
}

std::vector<InsightRecord> MemoryInsightRecords::All() {
  std::vector<InsightRecord> out;
  for (const auto& [key, insight] : insights_) out.push_back(insight);
  return out;
}

}  // namespace shmock
