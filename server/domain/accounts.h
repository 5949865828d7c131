// Accounts: what the domain modules know about an account in one Region, read inside the
// caller's transaction, and the steps more than one of them takes.
//
// Membership, organizations and hubs (and, after them, findings and standards) stand on this
// module; it stands on the store port and the records alone. So they share one answer to "does
// this account have a hub, an administrator, members, a place in the organization?" without
// reaching into one another: no domain module includes another module's header. Internal to
// server/domain/; the public contracts are membership.h, organizations.h and hubs.h.
#ifndef SHMOCK_DOMAIN_ACCOUNTS_H_
#define SHMOCK_DOMAIN_ACCOUNTS_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "shmock/clock.h"
#include "shmock/records.h"
#include "shmock/status.h"
#include "shmock/store.h"

namespace shmock {

// --- The hub gate: the caller must have a hub in its Region -------------------------------

// How a call is refused when it does not (decision 12; behavior.md §3.2, §6.7): a membership
// operation as GuardDuty's framework does, 400 BadRequestException "The request is rejected
// since no such resource found."; every other operation that needs a hub as DescribeHub does,
// 401 InvalidAccessException "Account <id> is not subscribed to AWS Security Hub".
enum class NoHub { kNoSuchResource, kNotSubscribed };

// OK when the caller has a hub in its Region; otherwise HubMissing.
Status RequireHub(StoreTransaction& tx, const Caller& caller, NoHub no_hub);
// The refusal `no_hub` names, for a call that found no hub of the caller's by other means.
Status HubMissing(const Caller& caller, NoHub no_hub);
// RequireHub, then `body`, as one transaction.
Status RunWithHub(Store& store, const Caller& caller, Store::Access access, NoHub no_hub,
                  const std::function<Status(StoreTransaction&)>& body);
// "Account <id> is not subscribed to AWS Security Hub", which also refuses DisableSecurityHub
// without a hub (with 404).
std::string NotSubscribedMessage(const std::string& account_id);

// Enables Security Hub for `account_id` in `region` with the default settings, and the default
// standards when `default_standards` is set, unless it has a hub there already (the
// organization enables its administrator's and members' hubs; decision 54).
void EnsureHub(StoreTransaction& tx, const std::string& region, const std::string& account_id,
               Millis now, bool default_standards);

// --- Relationships ------------------------------------------------------------------------

// The administrator `member_id` is an Enabled member of in `region`, if any (at most one).
std::optional<Relationship> EnabledAdministratorOf(StoreTransaction& tx, const std::string& region,
                                                   const std::string& member_id);
// The same for the caller as the member.
inline std::optional<Relationship> EnabledAdministratorOf(StoreTransaction& tx,
                                                          const Caller& member) {
  return EnabledAdministratorOf(tx, member.region, member.account_id);
}
// Whether `administrator_id` has a member in one of `statuses` in `region`.
bool HasMembers(StoreTransaction& tx, const std::string& region,
                const std::string& administrator_id, std::vector<MemberStatus> statuses);
// The same for the caller as the administrator.
inline bool HasMembers(StoreTransaction& tx, const Caller& admin,
                       std::vector<MemberStatus> statuses) {
  return HasMembers(tx, admin.region, admin.account_id, std::move(statuses));
}
// Every relationship `administrator_id` keeps in `region`, in any status.
std::vector<Relationship> MembersOf(StoreTransaction& tx, const std::string& region,
                                    const std::string& administrator_id);

// --- The organization ---------------------------------------------------------------------

// The Region's delegated administrator, if designated and not being removed.
std::optional<DelegatedAdministrator> ActiveDelegatedAdministrator(StoreTransaction& tx,
                                                                   const std::string& region);
bool IsDelegatedAdministrator(StoreTransaction& tx, const Caller& caller);

// Turns `r` into an organization membership in `status`: no invitation, no Email (§2.4 O3).
void MakeOrganizationMember(Relationship* r, MemberStatus status, Millis now);

// Makes `account`, an account of the organization, an organization member of `admin` (the
// Region's delegated administrator), replacing any record `admin` has of it: Enabled at once
// with its hub enabled (with the default standards if the organization configuration's
// AutoEnableStandards is DEFAULT and the hub is new), or AccountSuspended for a suspended account; no invitation, no Email.
// Returns the ProcessingResult of a refusal, changing nothing: the account is an Enabled
// member of another administrator, is an administrator with members of its own, or is the
// management account without a hub. Membership's CreateMembers (by the delegated
// administrator) and the organization's AddAccount (with AutoEnable) both take this step.
std::optional<std::string> EnableOrganizationMember(StoreTransaction& tx, const Caller& admin,
                                                    const OrganizationAccount& account, Millis now);

}  // namespace shmock

#endif  // SHMOCK_DOMAIN_ACCOUNTS_H_
