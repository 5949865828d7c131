// The findings and product subscription parts of MemoryStore: plain maps, scanned whole. The
// SQLite part must give the same answers (the store tests run on both).
#include <algorithm>
#include <tuple>

#include "memory_store.h"

namespace shmock {

std::optional<FindingRecord> MemoryFindingRecords::Find(const std::string& region,
                                                        const std::string& account_id,
                                                        const std::string& product_arn,
                                                        const std::string& id) {
  auto it = findings_.find({region, product_arn, id, account_id});
  if (it == findings_.end()) return std::nullopt;
  return it->second;
}

std::vector<FindingRecord> MemoryFindingRecords::FindByIdentifier(const std::string& region,
                                                                  const std::string& product_arn,
                                                                  const std::string& id) {
  std::vector<FindingRecord> out;
  for (const auto& [key, r] : findings_) {
    if (r.region == region && r.product_arn == product_arn && r.id == id) out.push_back(r);
  }
  return out;  // the map's order is by account within a Region
}

void MemoryFindingRecords::Put(FindingRecord* record) {
  auto it = findings_.find({record->region, record->product_arn, record->id, record->account_id});
  record->number = it != findings_.end() ? it->second.number : next_number_++;
  findings_[{record->region, record->product_arn, record->id, record->account_id}] = *record;
}

void MemoryFindingRecords::Scan(const FindingScan& scan,
                                const std::function<bool(FindingRecord&&)>& visit) {
  auto meets = [&scan](const FindingRecord& r) {
    const bool in_view = std::any_of(scan.view.begin(), scan.view.end(), [&r](const auto& owner) {
      return owner.first == r.region && owner.second == r.account_id;
    });
    if (!in_view) return false;
    return std::all_of(
        scan.conditions.begin(), scan.conditions.end(), [&r](const IndexCondition& c) {
          return std::any_of(c.values.begin(), c.values.end(), [&](const std::string& v) {
            return std::find(r.index_values.begin(), r.index_values.end(),
                             std::make_pair(c.attribute, v)) != r.index_values.end();
          });
        });
  };
  std::vector<const FindingRecord*> selected;
  for (const auto& [key, r] : findings_) {
    if (meets(r)) selected.push_back(&r);
  }
  auto first = [&scan](const FindingRecord* a, const FindingRecord* b) {
    const auto x = std::make_pair(a->updated_at, a->number),
               y = std::make_pair(b->updated_at, b->number);
    return scan.ascending ? x < y : y < x;
  };
  std::sort(selected.begin(), selected.end(), first);
  for (const FindingRecord* r : selected) {
    if (scan.after) {
      const auto x = std::make_pair(r->updated_at, r->number);
      const auto after = std::make_pair(scan.after->updated_at, scan.after->number);
      if (scan.ascending ? !(after < x) : !(x < after)) continue;
    }
    FindingRecord copy = *r;
    if (!visit(std::move(copy))) return;
  }
}

std::vector<std::pair<std::string, int64_t>> MemoryFindingRecords::CountBySeverity(
    const std::string& region, const std::string& account_id, const std::string& record_state) {
  std::map<std::string, int64_t> counts;
  for (const auto& [key, r] : findings_) {
    if (r.region == region && r.account_id == account_id && r.record_state == record_state) {
      ++counts[r.severity_label];
    }
  }
  return {counts.begin(), counts.end()};
}

void MemoryFindingRecords::All(const std::function<void(FindingRecord&&)>& visit) {
  for (const auto& [key, r] : findings_) {
    FindingRecord copy = r;
    visit(std::move(copy));
  }
}

void MemoryFindingRecords::AddHistory(FindingHistoryEntry* entry) {
  entry->sequence = next_sequence_++;
  history_.push_back(*entry);
}

std::vector<FindingHistoryEntry> MemoryFindingRecords::History(
    int64_t finding, Millis from, Millis to, const std::optional<std::pair<Millis, int64_t>>& after,
    size_t limit) {
  std::vector<FindingHistoryEntry> out;
  for (const FindingHistoryEntry& e : history_) {
    if (e.finding != finding || e.time < from || e.time > to) continue;
    if (after && !(std::make_pair(e.time, e.sequence) < *after)) continue;
    out.push_back(e);
  }
  std::sort(out.begin(), out.end(), [](const FindingHistoryEntry& a, const FindingHistoryEntry& b) {
    return std::make_pair(a.time, a.sequence) > std::make_pair(b.time, b.sequence);
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

void MemoryFindingRecords::ClearHistory(int64_t finding) {
  history_.erase(
      std::remove_if(history_.begin(), history_.end(),
                     [finding](const FindingHistoryEntry& e) { return e.finding == finding; }),
      history_.end());
}

void MemoryFindingRecords::AllHistory(const std::function<void(FindingHistoryEntry&&)>& visit) {
  std::vector<FindingHistoryEntry> sorted = history_;
  std::sort(sorted.begin(), sorted.end(),
            [](const FindingHistoryEntry& a, const FindingHistoryEntry& b) {
              return std::make_tuple(a.finding, a.time, a.sequence) <
                     std::make_tuple(b.finding, b.time, b.sequence);
            });
  for (FindingHistoryEntry& e : sorted) visit(std::move(e));
}

std::optional<ProductSubscription> MemoryProductSubscriptionRecords::Find(
    const std::string& region, const std::string& account_id, const std::string& product) {
  auto it = subscriptions_.find({region, account_id, product});
  if (it == subscriptions_.end()) return std::nullopt;
  return it->second;
}

void MemoryProductSubscriptionRecords::Put(const ProductSubscription& s) {
  subscriptions_[{s.region, s.account_id, s.product}] = s;
}

std::vector<ProductSubscription> MemoryProductSubscriptionRecords::OfAccount(
    const std::string& region, const std::string& account_id) {
  std::vector<ProductSubscription> out;
  for (const auto& [key, s] : subscriptions_) {
    if (s.region == region && s.account_id == account_id) out.push_back(s);
  }
  return out;
}

std::vector<ProductSubscription> MemoryProductSubscriptionRecords::All() {
  std::vector<ProductSubscription> out;
  for (const auto& [key, s] : subscriptions_) out.push_back(s);
  return out;
}

}  // namespace shmock
