// The standards part of MemoryStore.
#include "memory_store.h"

namespace shmock {
namespace {

// The values of `map` whose key starts with (Region, account), in key order.
template <typename Map>
auto OfAccount(const Map& map, const std::string& region, const std::string& account_id) {
  std::vector<typename Map::mapped_type> out;
  for (const auto& [key, value] : map) {
    if (std::get<0>(key) == region && std::get<1>(key) == account_id) out.push_back(value);
  }
  return out;
}

template <typename Map>
auto Values(const Map& map) {
  std::vector<typename Map::mapped_type> out;
  for (const auto& [key, value] : map) out.push_back(value);
  return out;
}

template <typename Map, typename Predicate>
void EraseIf(Map& map, Predicate drop) {
  for (auto it = map.begin(); it != map.end();) it = drop(it->first) ? map.erase(it) : std::next(it);
}

}  // namespace

std::vector<StandardsSubscriptionRecord> MemoryStandardsRecords::Subscriptions(
    const std::string& region, const std::string& account_id) {
  return OfAccount(subscriptions_, region, account_id);
}

void MemoryStandardsRecords::PutSubscription(const StandardsSubscriptionRecord& s) {
  subscriptions_[{s.region, s.account_id, s.standard_id}] = s;
}

void MemoryStandardsRecords::DeleteSubscription(const std::string& region,
                                                const std::string& account_id,
                                                const std::string& standard_id) {
  subscriptions_.erase({region, account_id, standard_id});
}

std::vector<ControlAssociationRecord> MemoryStandardsRecords::Associations(
    const std::string& region, const std::string& account_id) {
  return OfAccount(associations_, region, account_id);
}

void MemoryStandardsRecords::PutAssociation(const ControlAssociationRecord& a) {
  associations_[{a.region, a.account_id, a.standard_id, a.control_id}] = a;
}

void MemoryStandardsRecords::DeleteAssociations(const std::string& region,
                                                const std::string& account_id,
                                                const std::string& standard_id) {
  EraseIf(associations_, [&](const Key4& k) {
    return std::get<0>(k) == region && std::get<1>(k) == account_id &&
           std::get<2>(k) == standard_id;
  });
}

std::optional<SecurityControlRecord> MemoryStandardsRecords::FindControl(
    const std::string& region, const std::string& account_id, const std::string& control_id) {
  auto it = controls_.find({region, account_id, control_id});
  if (it == controls_.end()) return std::nullopt;
  return it->second;
}

void MemoryStandardsRecords::PutControl(const SecurityControlRecord& c) {
  controls_[{c.region, c.account_id, c.control_id}] = c;
}

void MemoryStandardsRecords::DeleteControl(const std::string& region,
                                           const std::string& account_id,
                                           const std::string& control_id) {
  controls_.erase({region, account_id, control_id});
}

void MemoryStandardsRecords::DeleteAccount(const std::string& region,
                                           const std::string& account_id) {
  auto of_account = [&](const auto& k) {
    return std::get<0>(k) == region && std::get<1>(k) == account_id;
  };
  EraseIf(subscriptions_, of_account);
  EraseIf(associations_, of_account);
  EraseIf(controls_, of_account);
}

std::vector<StandardsSubscriptionRecord> MemoryStandardsRecords::AllSubscriptions() {
  return Values(subscriptions_);
}

std::vector<ControlAssociationRecord> MemoryStandardsRecords::AllAssociations() {
  return Values(associations_);
}

std::vector<SecurityControlRecord> MemoryStandardsRecords::AllControls() {
  return Values(controls_);
}

}  // namespace shmock
