// The relationships part of MemoryStore: the plain selection every SQLite query must match
// (sqlite_store_test.cc, EveryRelationshipQueryAnswersAsTheMemoryStoreDoes).
#include <algorithm>

#include "memory_store.h"

namespace shmock {

std::optional<Relationship> MemoryRelationshipRecords::Find(const std::string& region,
                                                            const std::string& admin,
                                                            const std::string& member) {
  auto it = relationships_.find({region, admin, member});
  if (it == relationships_.end()) return std::nullopt;
  return it->second;
}

std::vector<Relationship> MemoryRelationshipRecords::Query(const RelationshipQuery& q) {
  const bool by_admin = q.administrator_id.has_value();
  auto other = [&](const Relationship& r) { return by_admin ? r.member_id : r.administrator_id; };
  std::vector<Relationship> out;
  for (const auto& [key, r] : relationships_) {
    if (r.region != q.region) continue;
    const std::string& party = by_admin ? r.administrator_id : r.member_id;
    if (party != (by_admin ? *q.administrator_id : *q.member_id)) continue;
    if (!q.statuses.empty() &&
        std::find(q.statuses.begin(), q.statuses.end(), r.status) == q.statuses.end()) continue;
    if (q.open_invitations_only && !r.has_open_invitation()) continue;
    if (!(other(r) > q.after)) continue;
    out.push_back(r);
  }
  std::sort(out.begin(), out.end(),
            [&](const Relationship& a, const Relationship& b) { return other(a) < other(b); });
  if (q.limit > 0 && out.size() > static_cast<size_t>(q.limit)) out.resize(q.limit);
  return out;
}

void MemoryRelationshipRecords::Put(const Relationship& r) {
  relationships_[{r.region, r.administrator_id, r.member_id}] = r;
}

void MemoryRelationshipRecords::Delete(const std::string& region, const std::string& admin,
                                       const std::string& member) {
  relationships_.erase({region, admin, member});
}

std::vector<Relationship> MemoryRelationshipRecords::All() {
  std::vector<Relationship> out;
  for (const auto& [key, r] : relationships_) out.push_back(r);
  return out;
}

}  // namespace shmock
