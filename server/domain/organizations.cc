#include "shmock/organizations.h"

#include <set>

#include "accounts.h"
#include "shmock/store.h"

namespace shmock {
namespace {

// Texts the service answers with. Quoted strings of behavior.md are reproduced exactly
// (decision 17, §3.2); the rest are this mock's, written to say what to do next.
namespace msg {
const char kNotInOrganization[] = "Your account is not a member of an organization.";  // decision 17
const char kCentralForbidsAutoEnable[] =
    "An organization configuration of type CENTRAL requires AutoEnable false and "
    "AutoEnableStandards NONE: configuration policies decide what member accounts enable.";
const char kNoOrganizationDeclared[] =
    "No organization is declared. Start the server with a --fixtures file that has an "
    "\"organization\" part.";

std::string NotManagement(const std::string& id) {
  return "Account " + id + " is not the management account of its organization. Only the "
         "management account can manage the Security Hub administrator account.";
}
std::string InvalidAccountId(const std::string& what, const std::string& id) {
  return "The " + what + " '" + id + "' is not a valid 12-digit AWS account ID.";
}
std::string NotAnAdministrator(const std::string& id) {  // verified quote (§3.2)
  return "Account " + id + " is not an administrator for this organization";
}
}  // namespace msg

// The management account's operations share one gate: an organization, and the caller its
// management account.
Status RequireManagementAccount(StoreTransaction& tx, const Caller& caller) {
  auto management = tx.organization().FindManagementAccount();
  if (!management || !tx.organization().FindAccount(caller.account_id)) {
    return Status::AccessDenied(msg::kNotInOrganization);
  }
  if (management->account_id != caller.account_id) {
    return Status::AccessDenied(msg::NotManagement(caller.account_id));
  }
  return Status::OK();
}

// The delegated administrator's operations share the other: a hub, and the designation.
Status RequireDelegatedAdministrator(StoreTransaction& tx, const Caller& caller,
                                     DelegatedAdministrator* admin) {
  Status s = RequireHub(tx, caller, NoHub::kNotSubscribed);  // decision 12
  if (!s.ok()) return s;
  auto found = ActiveDelegatedAdministrator(tx, caller.region);
  if (!found || found->account_id != caller.account_id) {
    return Status::InvalidAccess(msg::NotAnAdministrator(caller.account_id));
  }
  *admin = *found;
  return Status::OK();
}

}  // namespace

std::optional<OrganizationSeed> DeclaredOrganization(StoreTransaction& tx) {
  auto management = tx.organization().FindManagementAccount();
  if (!management) return std::nullopt;
  OrganizationSeed seed;
  seed.management_account_id = management->account_id;
  for (const OrganizationAccount& a : tx.organization().AllAccounts()) {
    if (a.management) continue;
    (a.suspended ? seed.suspended_accounts : seed.accounts).push_back(a.account_id);
  }
  for (const DelegatedAdministrator& d : tx.organization().AllDelegatedAdministrators()) {
    if (d.status == AdminStatus::kEnabled) seed.delegated_administrators.push_back(d);
  }
  return seed;
}

Organizations::Organizations(Store& store, Clock& clock) : store_(store), clock_(clock) {}

// ---------------------------------------------------------------------------------------------
// The management account's operations

Status Organizations::EnableAdminAccount(const Caller& caller, const std::string& admin_id) {
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    Status s = RequireManagementAccount(tx, caller);
    if (!s.ok()) return s;
    if (!IsAccountId(admin_id)) {
      return Status::InvalidInput(msg::InvalidAccountId("AdminAccountId", admin_id));
    }
    auto account = tx.organization().FindAccount(admin_id);
    if (!account) {
      return Status::InvalidInput("Account " + admin_id + " is not a member of this organization. "
                                  "Only an organization account can be the Security Hub "
                                  "administrator account.");
    }
    if (account->suspended) {
      return Status::InvalidInput("Account " + admin_id + " is suspended and cannot be the "
                                  "Security Hub administrator account.");
    }
    for (const DelegatedAdministrator& other : tx.organization().AllDelegatedAdministrators()) {
      if (other.status != AdminStatus::kEnabled) continue;  // on its way out: no longer counts
      if (other.account_id == admin_id && other.region == caller.region) {
        return Status::Conflict("Account " + admin_id + " is already the Security Hub "
                                "administrator account for this organization in " +
                                caller.region + ".");
      }
      if (other.account_id != admin_id) {
        return Status::InvalidInput(
            "Account " + other.account_id + " is the Security Hub administrator account in " +
            other.region + ". An organization has the same administrator account in every "
            "Region; remove that designation first.");
      }
    }
    if (auto current = EnabledAdministratorOf(tx, caller.region, admin_id)) {
      return Status::InvalidInput("Account " + admin_id + " is a member of administrator account " +
                                  current->administrator_id + ". Disassociate it before making "
                                  "it the Security Hub administrator account.");
    }
    const Millis now = clock_.NowMillis();
    DelegatedAdministrator admin;
    admin.region = caller.region;
    admin.account_id = admin_id;
    tx.organization().PutDelegatedAdministrator(admin);
    // Decision 54: as EnableSecurityHub without arguments would, with the default standards.
    EnsureHub(tx, caller.region, admin_id, now, /*default_standards=*/true);
    // §2.4 O1: an invitation administrator's associated members that belong to the
    // organization become organization members.
    for (Relationship r : MembersOf(tx, caller.region, admin_id)) {
      if (r.status != MemberStatus::kEnabled || r.origin == MembershipOrigin::kOrganization) continue;
      if (!tx.organization().FindAccount(r.member_id)) continue;
      MakeOrganizationMember(&r, MemberStatus::kEnabled, now);
      tx.relationships().Put(r);
    }
    return Status::OK();
  });
}

Status Organizations::DisableAdminAccount(const Caller& caller, const std::string& admin_id) {
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    Status s = RequireManagementAccount(tx, caller);
    if (!s.ok()) return s;
    if (!IsAccountId(admin_id)) {
      return Status::InvalidInput(msg::InvalidAccountId("AdminAccountId", admin_id));
    }
    auto admin = tx.organization().FindDelegatedAdministrator(caller.region);
    if (!admin || admin->account_id != admin_id) {
      return Status::NotFound("Account " + admin_id + " is not the Security Hub administrator "
                              "account for this organization in " + caller.region + ".");
    }
    if (admin->status == AdminStatus::kDisableInProgress) return Status::OK();
    admin->status = AdminStatus::kDisableInProgress;
    admin->configuration = OrganizationConfiguration();  // auto-enable ends with the designation
    tx.organization().PutDelegatedAdministrator(*admin);
    // §2.4 O2: organization members become standalone accounts and keep their hubs.
    for (const Relationship& r : MembersOf(tx, caller.region, admin_id)) {
      if (r.origin == MembershipOrigin::kOrganization) {
        tx.relationships().Delete(r.region, r.administrator_id, r.member_id);
      }
    }
    return Status::OK();
  });
}

Status Organizations::ListAdminAccounts(const Caller& caller, const PageRequest& page,
                                        AdminAccountPage* out) {
  *out = AdminAccountPage();
  // A write: the call that shows a DISABLE_IN_PROGRESS entry also completes its removal.
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    Status s = RequireManagementAccount(tx, caller);
    if (!s.ok()) return s;
    auto admin = tx.organization().FindDelegatedAdministrator(caller.region);
    // One Region has at most one entry, so a page never needs a successor.
    if (admin && admin->account_id > page.after && page.max_results > 0) {
      out->items.push_back(*admin);
      if (admin->status == AdminStatus::kDisableInProgress) {
        tx.organization().DeleteDelegatedAdministrator(caller.region);
      }
    }
    return Status::OK();
  });
}

// ---------------------------------------------------------------------------------------------
// The delegated administrator's operations

Status Organizations::DescribeConfiguration(const Caller& caller,
                                            OrganizationConfiguration* configuration) {
  return store_.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    DelegatedAdministrator admin;
    Status s = RequireDelegatedAdministrator(tx, caller, &admin);
    if (s.ok()) *configuration = admin.configuration;
    return s;
  });
}

Status Organizations::UpdateConfiguration(const Caller& caller,
                                          const OrganizationConfigurationUpdate& update) {
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    DelegatedAdministrator admin;
    Status s = RequireDelegatedAdministrator(tx, caller, &admin);
    if (!s.ok()) return s;
    OrganizationConfiguration& c = admin.configuration;
    // Decision 19: the CENTRAL rule is judged against the type this call asks for.
    c.configuration_type = update.configuration_type.value_or(c.configuration_type);
    if (c.configuration_type == ConfigurationType::kCentral) {
      if (update.auto_enable || update.auto_enable_standards == AutoEnableStandards::kDefault) {
        return Status::InvalidInput(msg::kCentralForbidsAutoEnable);
      }
      c.auto_enable_standards = AutoEnableStandards::kNone;
    } else if (update.auto_enable_standards) {
      c.auto_enable_standards = *update.auto_enable_standards;
    }
    c.auto_enable = update.auto_enable;
    tx.organization().PutDelegatedAdministrator(admin);
    return Status::OK();
  });
}

// ---------------------------------------------------------------------------------------------
// The organization itself

Status Organizations::Seed(const OrganizationSeed& organization) {
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    std::set<std::string> suspended(organization.suspended_accounts.begin(),
                                    organization.suspended_accounts.end());
    std::vector<std::string> all = organization.accounts;
    all.insert(all.end(), suspended.begin(), suspended.end());
    all.push_back(organization.management_account_id);
    for (const std::string& id : all) {
      if (!IsAccountId(id)) {
        return Status::InvalidInput("organization account '" + id + "' is not a 12-digit account ID");
      }
    }
    if (suspended.count(organization.management_account_id)) {
      return Status::InvalidInput("organization: the management account " +
                                  organization.management_account_id + " cannot be suspended");
    }
    // One organization: a new one replaces it.
    if (auto previous = tx.organization().FindManagementAccount()) {
      previous->management = false;
      tx.organization().PutAccount(*previous);
    }
    for (const std::string& id : all) {
      tx.organization().PutAccount(
          {id, id == organization.management_account_id, suspended.count(id) > 0});
    }
    for (const DelegatedAdministrator& d : organization.delegated_administrators) {
      tx.organization().PutDelegatedAdministrator(d);
    }
    return Status::OK();
  });
}

Status Organizations::AddAccount(const std::string& account_id,
                                 std::vector<std::string>* auto_enabled_regions) {
  auto_enabled_regions->clear();
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    if (!tx.organization().FindManagementAccount()) {
      return Status::InvalidInput(msg::kNoOrganizationDeclared);
    }
    if (!IsAccountId(account_id)) return Status::InvalidInput(msg::InvalidAccountId("AccountId", account_id));
    if (tx.organization().FindAccount(account_id)) {
      return Status::Conflict("Account " + account_id + " is already in the organization.");
    }
    const OrganizationAccount account{account_id, false, false};
    tx.organization().PutAccount(account);
    // §2.4 O4: only accounts that join after AutoEnable was turned on are enrolled.
    const Millis now = clock_.NowMillis();
    for (const DelegatedAdministrator& admin : tx.organization().AllDelegatedAdministrators()) {
      if (admin.status != AdminStatus::kEnabled || !admin.configuration.auto_enable) continue;
      auto existing = tx.relationships().Find(admin.region, admin.account_id, account_id);
      if (existing && existing->status == MemberStatus::kEnabled) continue;
      if (!EnableOrganizationMember(tx, {admin.account_id, admin.region}, account, now)) {
        auto_enabled_regions->push_back(admin.region);
      }
    }
    return Status::OK();
  });
}

Status Organizations::RemoveAccount(const std::string& account_id) {
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    auto account = tx.organization().FindAccount(account_id);
    if (!account) {
      return Status::NotFound("Account " + account_id + " is not in the organization.");
    }
    if (account->management) {
      return Status::InvalidInput("Account " + account_id + " is the management account; it "
                                  "cannot leave its organization.");
    }
    const auto admins = tx.organization().AllDelegatedAdministrators();
    for (const DelegatedAdministrator& admin : admins) {
      if (admin.account_id == account_id && admin.status == AdminStatus::kEnabled) {
        return Status::InvalidInput("Account " + account_id + " is the Security Hub administrator "
                                    "account in " + admin.region + "; remove that designation "
                                    "first.");
      }
    }
    tx.organization().DeleteAccount(account_id);
    // Organization members exist only under a delegated administrator, so these are all of
    // the account's organization memberships.
    for (const DelegatedAdministrator& admin : admins) {
      auto r = tx.relationships().Find(admin.region, admin.account_id, account_id);
      if (r && r->origin == MembershipOrigin::kOrganization) {
        tx.relationships().Delete(r->region, r->administrator_id, r->member_id);
      }
    }
    return Status::OK();
  });
}

}  // namespace shmock
