#include "organization_records.h"

namespace shmock {
namespace {

const char kAccountColumns[] = "account_id, management, suspended";
const char kAdministratorColumns[] =
    "region, account_id, status, auto_enable, auto_enable_standards, configuration_type";

OrganizationAccount ReadOrganizationAccount(const Statement& st) {
  OrganizationAccount a;
  a.account_id = st.Text(0);
  a.management = st.Flag(1);
  a.suspended = st.Flag(2);
  return a;
}

DelegatedAdministrator ReadDelegatedAdministrator(const Statement& st) {
  DelegatedAdministrator a;
  a.region = st.Text(0);
  a.account_id = st.Text(1);
  a.status = st.Text(2) == AdminStatusName(AdminStatus::kDisableInProgress)
                 ? AdminStatus::kDisableInProgress : AdminStatus::kEnabled;
  a.configuration.auto_enable = st.Flag(3);
  a.configuration.auto_enable_standards =
      st.Text(4) == AutoEnableStandardsName(AutoEnableStandards::kNone)
          ? AutoEnableStandards::kNone : AutoEnableStandards::kDefault;
  a.configuration.configuration_type =
      st.Text(5) == ConfigurationTypeName(ConfigurationType::kCentral)
          ? ConfigurationType::kCentral : ConfigurationType::kLocal;
  return a;
}

}  // namespace

// --- The organization's accounts ------------------------------------------------------------

std::optional<OrganizationAccount> SqliteOrganizationRecords::FindAccount(
    const std::string& account_id) {
  static const Sql sql(std::string("SELECT ") + kAccountColumns +
                       " FROM organization_accounts WHERE account_id = ?");
  Statement st(connection_, sql);
  st.Bind(1, account_id);
  if (!st.Step()) return std::nullopt;
  return ReadOrganizationAccount(st);
}

std::optional<OrganizationAccount> SqliteOrganizationRecords::FindManagementAccount() {
  static const Sql sql(std::string("SELECT ") + kAccountColumns +
                       " FROM organization_accounts WHERE management = 1 LIMIT 1");
  Statement st(connection_, sql);
  if (!st.Step()) return std::nullopt;
  return ReadOrganizationAccount(st);
}

std::vector<OrganizationAccount> SqliteOrganizationRecords::AllAccounts() {
  static const Sql sql(std::string("SELECT ") + kAccountColumns +
                       " FROM organization_accounts ORDER BY account_id");
  Statement st(connection_, sql);
  std::vector<OrganizationAccount> out;
  while (st.Step()) out.push_back(ReadOrganizationAccount(st));
  return out;
}

void SqliteOrganizationRecords::PutAccount(const OrganizationAccount& a) {
  static const Sql sql(std::string("INSERT OR REPLACE INTO organization_accounts (") +
                       kAccountColumns + ") VALUES (?, ?, ?)");
  Execute(connection_, sql, a.account_id, a.management, a.suspended);
}

void SqliteOrganizationRecords::DeleteAccount(const std::string& account_id) {
  static const Sql sql("DELETE FROM organization_accounts WHERE account_id = ?");
  Statement st(connection_, sql);
  st.Bind(1, account_id);
  st.Run();
}

// --- Each Region's delegated administrator --------------------------------------------------

std::optional<DelegatedAdministrator> SqliteOrganizationRecords::FindDelegatedAdministrator(
    const std::string& region) {
  static const Sql sql(std::string("SELECT ") + kAdministratorColumns +
                       " FROM delegated_administrators WHERE region = ?");
  Statement st(connection_, sql);
  st.Bind(1, region);
  if (!st.Step()) return std::nullopt;
  return ReadDelegatedAdministrator(st);
}

std::vector<DelegatedAdministrator> SqliteOrganizationRecords::AllDelegatedAdministrators() {
  static const Sql sql(std::string("SELECT ") + kAdministratorColumns +
                       " FROM delegated_administrators ORDER BY region");
  Statement st(connection_, sql);
  std::vector<DelegatedAdministrator> out;
  while (st.Step()) out.push_back(ReadDelegatedAdministrator(st));
  return out;
}

void SqliteOrganizationRecords::PutDelegatedAdministrator(const DelegatedAdministrator& a) {
  static const Sql sql(std::string("INSERT OR REPLACE INTO delegated_administrators (") +
                       kAdministratorColumns + ") VALUES (?, ?, ?, ?, ?, ?)");
  Execute(connection_, sql, a.region, a.account_id, AdminStatusName(a.status),
          a.configuration.auto_enable,
          AutoEnableStandardsName(a.configuration.auto_enable_standards),
          ConfigurationTypeName(a.configuration.configuration_type));
}

void SqliteOrganizationRecords::DeleteDelegatedAdministrator(const std::string& region) {
  static const Sql sql("DELETE FROM delegated_administrators WHERE region = ?");
  Statement st(connection_, sql);
  st.Bind(1, region);
  st.Run();
}

}  // namespace shmock
