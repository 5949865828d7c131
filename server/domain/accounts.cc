#include "accounts.h"

#include "subscriptions.h"

namespace shmock {
namespace {

// Texts the service answers with (behavior.md Appendix A.1 and A.8 label each).
namespace msg {
const char kNoSuchResource[] = "The request is rejected since no such resource found.";
const char kOtherAdministrator[] =
    "The request is rejected because the given account ID is already a member of another "
    "administrator account.";
const char kAdministratorWithMembers[] =
    "The request is rejected because the given account ID is an administrator account that "
    "still has created, invited or associated members.";
const char kManagementWithoutHub[] =
    "The request is rejected because the organization management account must enable Security "
    "Hub itself before it can be enabled as a member.";
}  // namespace msg

}  // namespace

// ---------------------------------------------------------------------------------------------
// The hub gate

std::string NotSubscribedMessage(const std::string& account_id) {
  return "Account " + account_id + " is not subscribed to AWS Security Hub";
}

Status HubMissing(const Caller& caller, NoHub no_hub) {
  if (no_hub == NoHub::kNoSuchResource) return Status::BadRequest(msg::kNoSuchResource);
  return Status::InvalidAccess(NotSubscribedMessage(caller.account_id));
}

Status RequireHub(StoreTransaction& tx, const Caller& caller, NoHub no_hub) {
  if (tx.hubs().Exists(caller.region, caller.account_id)) return Status::OK();
  return HubMissing(caller, no_hub);
}

Status RunWithHub(Store& store, const Caller& caller, Store::Access access, NoHub no_hub,
                  const std::function<Status(StoreTransaction&)>& body) {
  return store.Run(access, [&](StoreTransaction& tx) {
    Status s = RequireHub(tx, caller, no_hub);
    return s.ok() ? body(tx) : s;
  });
}

void EnsureHub(StoreTransaction& tx, const std::string& region, const std::string& account_id,
               Millis now, bool default_standards) {
  if (tx.hubs().Exists(region, account_id)) return;
  Hub hub;
  hub.region = region;
  hub.account_id = account_id;
  hub.subscribed_at = now;
  tx.hubs().Put(hub);
  if (default_standards) SubscribeDefaultStandards(tx, {account_id, region}, now);
}

// ---------------------------------------------------------------------------------------------
// Relationships

std::optional<Relationship> EnabledAdministratorOf(StoreTransaction& tx, const std::string& region,
                                                   const std::string& member_id) {
  RelationshipQuery q;
  q.region = region;
  q.member_id = member_id;
  q.statuses = {MemberStatus::kEnabled};
  q.limit = 1;
  auto found = tx.relationships().Query(q);
  if (found.empty()) return std::nullopt;
  return found.front();
}

bool HasMembers(StoreTransaction& tx, const std::string& region,
                const std::string& administrator_id, std::vector<MemberStatus> statuses) {
  RelationshipQuery q;
  q.region = region;
  q.administrator_id = administrator_id;
  q.statuses = std::move(statuses);
  q.limit = 1;
  return !tx.relationships().Query(q).empty();
}

std::vector<Relationship> MembersOf(StoreTransaction& tx, const std::string& region,
                                    const std::string& administrator_id) {
  RelationshipQuery q;
  q.region = region;
  q.administrator_id = administrator_id;
  return tx.relationships().Query(q);
}

// ---------------------------------------------------------------------------------------------
// The organization

std::optional<DelegatedAdministrator> ActiveDelegatedAdministrator(StoreTransaction& tx,
                                                                   const std::string& region) {
  auto admin = tx.organization().FindDelegatedAdministrator(region);
  if (!admin || admin->status != AdminStatus::kEnabled) return std::nullopt;
  return admin;
}

bool IsDelegatedAdministrator(StoreTransaction& tx, const Caller& caller) {
  auto admin = ActiveDelegatedAdministrator(tx, caller.region);
  return admin && admin->account_id == caller.account_id;
}

void MakeOrganizationMember(Relationship* r, MemberStatus status, Millis now) {
  r->origin = MembershipOrigin::kOrganization;
  r->status = status;
  r->email.reset();
  r->invitation_id.clear();
  r->invited_at.reset();
  r->invitation_deleted = false;
  r->updated_at = now;
}

std::optional<std::string> EnableOrganizationMember(StoreTransaction& tx, const Caller& admin,
                                                    const OrganizationAccount& account,
                                                    Millis now) {
  const std::string& id = account.account_id;
  auto current = EnabledAdministratorOf(tx, admin.region, id);
  if (current && current->administrator_id != admin.account_id) return msg::kOtherAdministrator;
  if (HasMembers(tx, admin.region, id,
                 {MemberStatus::kCreated, MemberStatus::kInvited, MemberStatus::kEnabled,
                  MemberStatus::kAccountSuspended})) {
    return msg::kAdministratorWithMembers;
  }
  Relationship r;
  r.region = admin.region;
  r.administrator_id = admin.account_id;
  r.member_id = id;
  if (account.suspended) {
    // §2.4 O3a: a suspended account cannot be enabled; its hub stays as it is.
    MakeOrganizationMember(&r, MemberStatus::kAccountSuspended, now);
  } else {
    // The management account is never enabled on its behalf (§2.4 O3).
    if (account.management && !tx.hubs().Exists(admin.region, id)) {
      return msg::kManagementWithoutHub;
    }
    // Decision 54: AutoEnableStandards DEFAULT gives a hub enabled here the default standards.
    auto designation = tx.organization().FindDelegatedAdministrator(admin.region);
    const bool default_standards =
        !designation ||
        designation->configuration.auto_enable_standards == AutoEnableStandards::kDefault;
    EnsureHub(tx, admin.region, id, now, default_standards);
    MakeOrganizationMember(&r, MemberStatus::kEnabled, now);
  }
  tx.relationships().Put(r);
  return std::nullopt;
}

}  // namespace shmock
