// SqliteOrganizationRecords: the organization part of the state (store.h), cross-Region, in the
// tables `organization_accounts` (one row per account) and `delegated_administrators` (one row
// per Region, with the Region's organization configuration).
#ifndef SHMOCK_STORE_ORGANIZATION_RECORDS_H_
#define SHMOCK_STORE_ORGANIZATION_RECORDS_H_

#include "shmock/store.h"
#include "statements.h"

namespace shmock {

class SqliteOrganizationRecords : public OrganizationRecords {
 public:
  explicit SqliteOrganizationRecords(Connection& connection) : connection_(connection) {}

  std::optional<OrganizationAccount> FindAccount(const std::string& account_id) override;
  std::optional<OrganizationAccount> FindManagementAccount() override;
  std::vector<OrganizationAccount> AllAccounts() override;
  void PutAccount(const OrganizationAccount& account) override;
  void DeleteAccount(const std::string& account_id) override;

  std::optional<DelegatedAdministrator> FindDelegatedAdministrator(
      const std::string& region) override;
  std::vector<DelegatedAdministrator> AllDelegatedAdministrators() override;
  void PutDelegatedAdministrator(const DelegatedAdministrator& admin) override;
  void DeleteDelegatedAdministrator(const std::string& region) override;

 private:
  Connection& connection_;
};

}  // namespace shmock

#endif  // SHMOCK_STORE_ORGANIZATION_RECORDS_H_
