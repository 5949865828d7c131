// Organizations: Security Hub membership managed through AWS Organizations.
//
// The domain module beside membership (membership.h), over the same records and the same
// Store port. The organization's management account designates a delegated administrator per
// Region; that administrator keeps the Region's organization configuration and enables
// organization accounts as members without invitations. An organization member is still one
// Relationship, marked MembershipOrigin::kOrganization (behavior.md §2.4, decisions 17-20).
//
// What is where: the organization and its accounts are cross-Region (OrganizationAccount);
// the delegated administrator and its configuration are per Region (DelegatedAdministrator),
// with one cross-Region rule: every Region that has one has the same account.
//
// What membership and this module both read or do inside a transaction (the Region's delegated
// administrator, an account's administrator, enabling an organization member) is in
// server/domain/accounts.h, below both: neither module includes the other. Every public call
// runs in one store transaction and either happens completely or changes nothing.
#ifndef SHMOCK_ORGANIZATIONS_H_
#define SHMOCK_ORGANIZATIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "shmock/clock.h"
#include "shmock/page.h"
#include "shmock/records.h"
#include "shmock/status.h"

namespace shmock {

class Store;
class StoreTransaction;

// A page of delegated administrators, keyed by account id (page.h).
using AdminAccountPage = Page<DelegatedAdministrator>;

// UpdateOrganizationConfiguration's input; an absent optional keeps the current value.
struct OrganizationConfigurationUpdate {
  bool auto_enable = false;
  std::optional<AutoEnableStandards> auto_enable_standards;
  std::optional<ConfigurationType> configuration_type;
};

class Organizations {
 public:
  Organizations(Store& store, Clock& clock);

  // --- The management account's operations. They need no hub in the management account
  // (decision 17). Refusals, changing nothing: no organization, or a caller outside it:
  // AccessDenied "Your account is not a member of an organization."; a caller in the
  // organization that is not its management account: AccessDenied.

  // Designates `admin_account_id` in the caller's Region and enables its hub there; its
  // Enabled members that belong to the organization become organization members. Also
  // refused: a malformed id, an account outside the organization or suspended, or a member of
  // another administrator (InvalidInput); the account already designated here (Conflict,
  // decision 18); another account designated in any Region (InvalidInput, decision 18).
  Status EnableAdminAccount(const Caller& caller, const std::string& admin_account_id);
  // Moves the designation to DISABLE_IN_PROGRESS (ListAdminAccounts shows that once, then the
  // entry is gone), drops the Region's organization configuration, and disassociates the
  // administrator's organization members, who keep their hubs. Invitation members stay.
  // Refused: an account that is not the Region's delegated administrator (ResourceNotFound).
  // Disabling an entry already DISABLE_IN_PROGRESS is a no-op.
  Status DisableAdminAccount(const Caller& caller, const std::string& admin_account_id);
  // The Region's designation, if any. An entry shown as DISABLE_IN_PROGRESS is then removed.
  Status ListAdminAccounts(const Caller& caller, const PageRequest& page, AdminAccountPage* out);

  // --- The delegated administrator's operations. Refused: no hub in the caller's Region
  // (InvalidAccess "not subscribed", decision 12); any caller but the Region's delegated
  // administrator (InvalidAccess "Account <id> is not an administrator for this organization").

  Status DescribeConfiguration(const Caller& caller, OrganizationConfiguration* configuration);
  // Also refused (InvalidInput): AutoEnable true or AutoEnableStandards DEFAULT while the
  // configuration type requested in the same call (or kept) is CENTRAL (decision 19).
  Status UpdateConfiguration(const Caller& caller, const OrganizationConfigurationUpdate& update);

  // --- The organization itself (fixtures, /_mock/organization/accounts).

  // Declares the organization in one transaction. Refused (InvalidInput), changing nothing:
  // malformed ids, a management account that is also listed as suspended.
  Status Seed(const OrganizationSeed& organization);
  // Adds an account to the organization. In every Region whose delegated administrator has
  // AutoEnable on, it becomes an Enabled organization member with its hub enabled; those
  // Regions are returned. Refused: no organization (InvalidInput), a malformed id
  // (InvalidInput), an account already in it (Conflict).
  Status AddAccount(const std::string& account_id, std::vector<std::string>* auto_enabled_regions);
  // Removes an account from the organization; its organization memberships end (it keeps its
  // hubs). Refused: an account not in it (ResourceNotFound); the management account or a
  // delegated administrator (InvalidInput).
  Status RemoveAccount(const std::string& account_id);

 private:
  Store& store_;
  Clock& clock_;
};

// The organization as a fixture declares it, for the state snapshot (read inside the
// snapshot's transaction); nothing without one.
std::optional<OrganizationSeed> DeclaredOrganization(StoreTransaction& tx);

}  // namespace shmock

#endif  // SHMOCK_ORGANIZATIONS_H_
