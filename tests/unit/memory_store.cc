#include "memory_store.h"

#include <algorithm>

#include "shmock/sqlite_store.h"

namespace shmock {
namespace {

class MemoryTransaction : public StoreTransaction {
 public:
  explicit MemoryTransaction(MemoryStore::State& s) : s_(s) {}

  std::optional<Hub> FindHub(const std::string& region, const std::string& account_id) override {
    auto it = s_.hubs.find({region, account_id});
    if (it == s_.hubs.end()) return std::nullopt;
    return it->second;
  }
  bool HubExists(const std::string& region, const std::string& account_id) override {
    return s_.hubs.count({region, account_id}) != 0;
  }
  void PutHub(const Hub& hub) override { s_.hubs[{hub.region, hub.account_id}] = hub; }
  void DeleteHub(const std::string& region, const std::string& account_id) override {
    s_.hubs.erase({region, account_id});
  }
  std::optional<Relationship> FindRelationship(const std::string& region, const std::string& admin,
                                               const std::string& member) override {
    auto it = s_.relationships.find({region, admin, member});
    if (it == s_.relationships.end()) return std::nullopt;
    return it->second;
  }
  void PutRelationship(const Relationship& r) override {
    s_.relationships[{r.region, r.administrator_id, r.member_id}] = r;
  }
  void DeleteRelationship(const std::string& region, const std::string& admin,
                          const std::string& member) override {
    s_.relationships.erase({region, admin, member});
  }
  std::vector<Relationship> FindRelationships(const RelationshipQuery& q) override {
    const bool by_admin = q.administrator_id.has_value();
    auto other = [&](const Relationship& r) { return by_admin ? r.member_id : r.administrator_id; };
    std::vector<Relationship> out;
    for (const auto& [key, r] : s_.relationships) {
      if (r.region != q.region) continue;
      if (by_admin ? r.administrator_id != *q.administrator_id : r.member_id != *q.member_id) continue;
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
  std::vector<Hub> AllHubs() override {
    std::vector<Hub> out;
    for (const auto& [key, hub] : s_.hubs) out.push_back(hub);
    return out;
  }
  std::vector<Relationship> AllRelationships() override {
    std::vector<Relationship> out;
    for (const auto& [key, r] : s_.relationships) out.push_back(r);
    return out;
  }

  std::optional<OrganizationAccount> FindOrganizationAccount(const std::string& id) override {
    auto it = s_.organization_accounts.find(id);
    if (it == s_.organization_accounts.end()) return std::nullopt;
    return it->second;
  }
  std::optional<OrganizationAccount> FindManagementAccount() override {
    for (const auto& [id, account] : s_.organization_accounts) {
      if (account.management) return account;
    }
    return std::nullopt;
  }
  std::vector<OrganizationAccount> AllOrganizationAccounts() override {
    std::vector<OrganizationAccount> out;
    for (const auto& [id, account] : s_.organization_accounts) out.push_back(account);
    return out;
  }
  void PutOrganizationAccount(const OrganizationAccount& a) override {
    s_.organization_accounts[a.account_id] = a;
  }
  void DeleteOrganizationAccount(const std::string& id) override {
    s_.organization_accounts.erase(id);
  }
  std::optional<DelegatedAdministrator> FindDelegatedAdministrator(const std::string& region) override {
    auto it = s_.delegated_administrators.find(region);
    if (it == s_.delegated_administrators.end()) return std::nullopt;
    return it->second;
  }
  std::vector<DelegatedAdministrator> FindDelegatedAdministrators() override {
    std::vector<DelegatedAdministrator> out;
    for (const auto& [region, admin] : s_.delegated_administrators) out.push_back(admin);
    return out;
  }
  void PutDelegatedAdministrator(const DelegatedAdministrator& admin) override {
    s_.delegated_administrators[admin.region] = admin;
  }
  void DeleteDelegatedAdministrator(const std::string& region) override {
    s_.delegated_administrators.erase(region);
  }

 private:
  MemoryStore::State& s_;
};

}  // namespace

Status MemoryStore::Run(Access, const std::function<Status(StoreTransaction&)>& body) {
  std::lock_guard<std::mutex> lock(mu_);
  State before = state_;
  MemoryTransaction tx(state_);
  Status s = body(tx);
  if (!s.ok()) state_ = std::move(before);
  return s;
}

Status MemoryStore::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  state_ = State();
  return Status::OK();
}

std::unique_ptr<Store> NewTestStore(const std::string& kind) {
  if (kind == "memory") return std::make_unique<MemoryStore>();
  std::unique_ptr<SqliteStore> sqlite;
  if (kind != "sqlite" || !SqliteStore::Open(":memory:", &sqlite).ok()) return nullptr;
  return sqlite;
}

}  // namespace shmock
