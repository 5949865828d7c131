#include "shmock/hubs.h"

#include <vector>

#include "accounts.h"
#include "subscriptions.h"
#include "shmock/store.h"

namespace shmock {
namespace {

// Texts the service answers with (behavior.md Appendix A.1 labels each).
namespace msg {
const char kAlreadySubscribed[] = "Account is already subscribed to Security Hub";
const char kDisableWithMembers[] =
    "Cannot disable Security Hub on an administrator account that has enabled member accounts. "
    "Disassociate the member accounts first.";
const char kDisableAsMember[] =
    "Member account cannot disable Security Hub. Disassociate from the administrator account "
    "first.";
const char kDisableDelegatedAdministrator[] =
    "Cannot disable Security Hub on the Security Hub administrator";  // verified (§3.2)
}  // namespace msg

// DescribeHub's HubArn may only name the caller's own hub. A string that is not a hub ARN is
// InvalidInput; another account's or Region's hub is InvalidAccess.
//
// Decision (the sources are silent): a hub ARN with an empty account field,
// arn:aws:securityhub:<region>::hub/default, is refused as InvalidInput rather than read as
// "the caller's hub". Terraform's provider builds that ARN when skip_requesting_account_id is
// set; an ARN names its owner, AWS validates ARNs rather than completing them, and accepting it
// here would let a configuration pass against the mock that AWS may refuse. The remedy is the
// STS endpoint this server answers (sts.h), which tells Terraform the account.
Status CheckOwnHubArn(const Caller& caller, const std::string& hub_arn) {
  const std::string own = Hubs::HubArn(caller.region, caller.account_id);
  if (hub_arn == own) return Status::OK();
  // arn:<partition>:securityhub:<region>:<account>:hub/default
  std::vector<std::string> fields;
  size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    size_t colon = hub_arn.find(':', start);
    if (colon == std::string::npos) break;
    fields.push_back(hub_arn.substr(start, colon - start));
    start = colon + 1;
  }
  fields.push_back(hub_arn.substr(start));
  if (fields.size() != 6 || fields[0] != "arn" || fields[1].empty() ||
      fields[2] != "securityhub" || fields[5] != "hub/default") {
    return Status::InvalidInput("The HubArn '" + hub_arn + "' is not a valid hub ARN; expected " +
                                own + ", or omit HubArn to describe the caller's own hub.");
  }
  if (fields[4].empty()) {
    return Status::InvalidInput("The HubArn '" + hub_arn + "' has no account ID; a hub ARN names "
                                "the account that owns the hub. Use " + own +
                                ", or omit HubArn to describe the caller's own hub.");
  }
  return Status::InvalidAccess("Account " + caller.account_id +
                               " is not authorized to describe the hub " + hub_arn);
}

}  // namespace

std::string Hubs::HubArn(const std::string& region, const std::string& account_id) {
  return "arn:aws:securityhub:" + region + ":" + account_id + ":hub/default";
}

Status Hubs::EnableSecurityHub(const Caller& caller, const EnableHubInput& input) {
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    if (tx.hubs().Exists(caller.region, caller.account_id)) {
      return Status::Conflict(msg::kAlreadySubscribed);
    }
    Hub hub;
    hub.region = caller.region;
    hub.account_id = caller.account_id;
    hub.subscribed_at = clock_.NowMillis();
    hub.tags = input.tags;
    if (input.control_finding_generator) {
      hub.control_finding_generator = *input.control_finding_generator;
    }
    tx.hubs().Put(hub);
    if (input.enable_default_standards) SubscribeDefaultStandards(tx, caller, hub.subscribed_at);
    return Status::OK();
  });
}

Status Hubs::DisableSecurityHub(const Caller& caller) {
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    if (!tx.hubs().Exists(caller.region, caller.account_id)) {
      return Status::NotFound(NotSubscribedMessage(caller.account_id));
    }
    // §2.4 O9: until the management account removes the designation.
    if (IsDelegatedAdministrator(tx, caller)) {
      return Status::InvalidInput(msg::kDisableDelegatedAdministrator);
    }
    if (HasMembers(tx, caller.region, caller.account_id, {MemberStatus::kEnabled})) {
      return Status::InvalidInput(msg::kDisableWithMembers);
    }
    if (EnabledAdministratorOf(tx, caller.region, caller.account_id)) {
      return Status::InvalidInput(msg::kDisableAsMember);
    }
    // Decision 12: the relationships the caller administers in this Region go with its hub.
    // Those in which it is the member stay: they are its administrators' records, and it sees
    // them again once it enables Security Hub again (docs/behavior.md §2.3 row 9a).
    for (const Relationship& r : MembersOf(tx, caller.region, caller.account_id)) {
      tx.relationships().Delete(r.region, r.administrator_id, r.member_id);
    }
    // [M]: "Any standards that were enabled are disabled"; their control settings go too.
    DropStandards(tx, caller);
    tx.hubs().Delete(caller.region, caller.account_id);
    return Status::OK();
  });
}

Status Hubs::DescribeHub(const Caller& caller, const std::optional<std::string>& hub_arn,
                         Hub* hub) {
  return store_.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    auto found = tx.hubs().Find(caller.region, caller.account_id);
    if (!found) return HubMissing(caller, NoHub::kNotSubscribed);
    if (hub_arn) {
      Status s = CheckOwnHubArn(caller, *hub_arn);
      if (!s.ok()) return s;
    }
    *hub = *found;
    return Status::OK();
  });
}

Status Hubs::UpdateSecurityHubConfiguration(const Caller& caller, const HubSettings& settings) {
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    auto hub = tx.hubs().Find(caller.region, caller.account_id);
    if (!hub) return HubMissing(caller, NoHub::kNotSubscribed);
    if (settings.auto_enable_controls) hub->auto_enable_controls = *settings.auto_enable_controls;
    if (settings.control_finding_generator) {
      hub->control_finding_generator = *settings.control_finding_generator;
    }
    tx.hubs().Put(*hub);
    return Status::OK();
  });
}

}  // namespace shmock
