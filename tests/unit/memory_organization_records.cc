// The organization part of MemoryStore.
#include "memory_store.h"

namespace shmock {

std::optional<OrganizationAccount> MemoryOrganizationRecords::FindAccount(const std::string& id) {
  auto it = accounts_.find(id);
  if (it == accounts_.end()) return std::nullopt;
  return it->second;
}

std::optional<OrganizationAccount> MemoryOrganizationRecords::FindManagementAccount() {
  for (const auto& [id, account] : accounts_) {
    if (account.management) return account;
  }
  return std::nullopt;
}

std::vector<OrganizationAccount> MemoryOrganizationRecords::AllAccounts() {
  std::vector<OrganizationAccount> out;
  for (const auto& [id, account] : accounts_) out.push_back(account);
  return out;
}

void MemoryOrganizationRecords::PutAccount(const OrganizationAccount& a) {
  accounts_[a.account_id] = a;
}

void MemoryOrganizationRecords::DeleteAccount(const std::string& id) { accounts_.erase(id); }

std::optional<DelegatedAdministrator> MemoryOrganizationRecords::FindDelegatedAdministrator(
    const std::string& region) {
  auto it = delegated_administrators_.find(region);
  if (it == delegated_administrators_.end()) return std::nullopt;
  return it->second;
}

std::vector<DelegatedAdministrator> MemoryOrganizationRecords::AllDelegatedAdministrators() {
  std::vector<DelegatedAdministrator> out;
  for (const auto& [region, admin] : delegated_administrators_) out.push_back(admin);
  return out;
}

void MemoryOrganizationRecords::PutDelegatedAdministrator(const DelegatedAdministrator& admin) {
  delegated_administrators_[admin.region] = admin;
}

void MemoryOrganizationRecords::DeleteDelegatedAdministrator(const std::string& region) {
  delegated_administrators_.erase(region);
}

}  // namespace shmock
