#include "shmock/membership.h"

#include <algorithm>
#include <map>
#include <set>

#include "accounts.h"
#include "shmock/ids.h"
#include "shmock/store.h"

namespace shmock {
namespace {

// Texts the service answers with. Where a real string is known it is reproduced exactly; the
// rest follow the GuardDuty framework's wording (docs/behavior.md §6.6; Appendix A labels each).
namespace msg {
const char kAlreadyMember[] =
    "The request is rejected because the given account ID is already a member or associated "
    "member of the current account.";
const char kMaxResultsExceeded[] = "Maximum number of results exceeded";
const char kInvalidAccountId[] =
    "The request is rejected because the given account ID is not a valid 12-digit AWS account ID.";
const char kMemberOfItself[] =
    "The request is rejected because an account cannot become a member of itself.";
const char kCannotCreateAsMember[] =
    "The request is rejected because the current account cannot create members since it is "
    "already an associated member of another master account.";
const char kAlreadyInvited[] =
    "The request is rejected because the current account has already invited or is already the "
    "SecurityHub master of the given member account ID.";
const char kCannotInviteItself[] =
    "The request is rejected because the current account cannot invite itself.";
const char kCannotInviteAsMember[] =
    "The request is rejected because the current account cannot invite other accounts since it "
    "is already an associated member of another master account.";
const char kNotAMember[] =
    "The request is rejected because the given account ID is not a member of the current account.";
const char kDeleteStillAssociated[] =
    "The request is rejected because the current account cannot delete the given member account "
    "ID since it is still associated to it.";
const char kNoPendingInvitation[] =
    "The request is rejected because the current account has no pending invitation from the "
    "given master account ID or is already an associated member of another master account.";
const char kAcceptWhileMember[] =
    "The request is rejected because the current account cannot accept invitations since it is "
    "already an associated member of some master account.";
const char kAcceptWithMembers[] =
    "The request is rejected because the current account cannot accept invitations since it "
    "still has created, invited or associated members.";
const char kDeclineNoInvitation[] =
    "The request is rejected because the current account has no pending invitation from the "
    "given master account ID.";
const char kDeclineStillAssociated[] =
    "The request is rejected because the current account cannot decline the invitation from "
    "the given master account ID since it is still associated to it.";
const char kDeleteInvitationNoInvitation[] =
    "The request is rejected because the current account has no invitation from the given "
    "master account ID.";
const char kDeleteInvitationStillAssociated[] =
    "The request is rejected because the current account cannot delete the invitation from the "
    "given master account ID since it is still associated to it.";
const char kNotAssociated[] =
    "The request is rejected because the current account is not associated to a master account";
const char kEmptyAccountList[] = "The request must name at least one account ID.";
const char kDeleteOrganizationMember[] =
    "You can't invoke this API to delete accounts that belong to an Organizations organization.";
const char kInviteOrganizationMember[] =
    "The request is rejected because the given account ID is an organization member account. "
    "Organization accounts are enabled with CreateMembers, not invited.";
const char kLeaveOrganization[] =
    "The request is rejected because the current account is a member through its organization. "
    "Only the Security Hub administrator account can disassociate it.";
}  // namespace msg


// The refusal of a whole account list longer than the batch limit.
Status TooManyAccounts(size_t count, size_t limit) {
  return Status::InvalidInput("The request is rejected because it names " + std::to_string(count) +
                              " accounts; the maximum is " + std::to_string(limit) + ".");
}

// Handles one entry of a batch; returns the ProcessingResult of a refused entry, or nothing.
using EntryHandler = std::function<std::optional<std::string>(size_t index, const std::string& id)>;

// The rules every AccountIds/AccountDetails list shares (decision 3): the list must not be
// empty; entries past the batch limit and malformed ids are reported, not processed; a
// duplicate id is handled once. `handle` decides everything else.
Status ProcessBatch(const Membership::Options& options, const std::vector<std::string>& ids,
                    UnprocessedAccounts* unprocessed, const EntryHandler& handle) {
  unprocessed->clear();
  if (ids.empty()) return Status::InvalidInput(msg::kEmptyAccountList);
  if (ids.size() > options.batch_limit && options.reject_oversized_batches) {
    return TooManyAccounts(ids.size(), options.batch_limit);
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < ids.size(); ++i) {
    const std::string& id = ids[i];
    std::optional<std::string> refusal;
    if (i >= options.batch_limit) {
      refusal = msg::kMaxResultsExceeded;
    } else if (!seen.insert(id).second) {
      continue;
    } else if (!IsAccountId(id)) {
      refusal = msg::kInvalidAccountId;
    } else {
      refusal = handle(i, id);
    }
    if (refusal) unprocessed->push_back({id, *refusal});
  }
  return Status::OK();
}

// Runs `body` as one transaction, once the caller's hub is known to exist. Without one, a
// membership operation answers "no such resource found" (decision 12, behavior.md §6.7).
Status InHub(Store& store, const Caller& caller, Store::Access access,
             const std::function<Status(StoreTransaction&)>& body) {
  return RunWithHub(store, caller, access, NoHub::kNoSuchResource, body);
}

// Decides one entry of a batch call: a ProcessingResult to refuse it, or nothing when done.
using BatchEntryHandler = std::function<std::optional<std::string>(
    StoreTransaction& tx, size_t index, const std::string& account_id)>;

// InHub, then the rules every account list shares (ProcessBatch), then `handle` per entry.
Status BatchInHub(Store& store, const Membership::Options& options, const Caller& caller,
                  Store::Access access, const std::vector<std::string>& ids,
                  UnprocessedAccounts* unprocessed, const BatchEntryHandler& handle) {
  return InHub(store, caller, access, [&](StoreTransaction& tx) {
    return ProcessBatch(options, ids, unprocessed,
                        [&](size_t index, const std::string& id) { return handle(tx, index, id); });
  });
}

// The administrator's record of `member_id`, unless the administrator deleted it.
std::optional<Relationship> FindMember(StoreTransaction& tx, const Caller& admin,
                                       const std::string& member_id) {
  auto r = tx.relationships().Find(admin.region, admin.account_id, member_id);
  if (!r || r->status == MemberStatus::kDeleted) return std::nullopt;
  return r;
}

// The invitation `admin_id` sent the caller, unless the caller deleted it.
std::optional<Relationship> FindInvitation(StoreTransaction& tx, const Caller& member,
                                           const std::string& admin_id) {
  auto r = tx.relationships().Find(member.region, admin_id, member.account_id);
  if (!r || !r->has_open_invitation()) return std::nullopt;
  return r;
}

// One page of a query, asking for one extra row to learn whether another page follows.
RelationshipPage ReadPage(StoreTransaction& tx, RelationshipQuery q, const PageRequest& page,
                          bool keyed_by_member) {
  q.after = page.after;
  q.limit = page.max_results + 1;
  RelationshipPage out;
  out.items = tx.relationships().Query(q);
  if (static_cast<int>(out.items.size()) > page.max_results) {
    out.items.resize(page.max_results);
    const Relationship& last = out.items.back();
    out.next_after = keyed_by_member ? last.member_id : last.administrator_id;
  }
  return out;
}

}  // namespace

Membership::Membership(Store& store, Clock& clock, Options options)
    : store_(store), clock_(clock), options_(std::move(options)) {
  if (!options_.new_invitation_id) options_.new_invitation_id = NewInvitationId;
}

// ---------------------------------------------------------------------------------------------
// Seeding

Status Membership::Seed(const std::vector<Hub>& hubs, const std::vector<Relationship>& relationships,
                        size_t* refused) {
  const Millis now = clock_.NowMillis();
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    if (refused) *refused = relationships.size();  // none
    for (Hub hub : hubs) {
      if (!IsAccountId(hub.account_id)) {
        return Status::InvalidInput("hub account '" + hub.account_id + "' is not a 12-digit account ID");
      }
      if (hub.subscribed_at == 0) hub.subscribed_at = now;
      tx.hubs().Put(hub);
    }
    for (size_t i = 0; i < relationships.size(); ++i) {
      if (refused) *refused = i;
      Relationship r = relationships[i];
      const std::string what = "member " + r.member_id + " of " + r.administrator_id + " in " + r.region;
      if (!IsAccountId(r.administrator_id) || !IsAccountId(r.member_id)) {
        return Status::InvalidInput(what + ": account IDs must be 12 digits");
      }
      if (r.administrator_id == r.member_id) {
        return Status::InvalidInput(what + ": an account cannot be a member of itself");
      }
      if (!tx.hubs().Exists(r.region, r.administrator_id)) {
        return Status::InvalidInput(what + ": the administrator has no hub in " + r.region);
      }
      if (r.status == MemberStatus::kEnabled) {
        auto current = EnabledAdministratorOf(tx, r.region, r.member_id);
        if (current && current->administrator_id != r.administrator_id) {
          return Status::InvalidInput(what + ": already Enabled under " + current->administrator_id);
        }
      }
      if (r.status != MemberStatus::kCreated && r.origin == MembershipOrigin::kInvitation) {
        if (r.invitation_id.empty()) r.invitation_id = options_.new_invitation_id();
        if (!r.invited_at) r.invited_at = now;
      }
      if (r.updated_at == 0) r.updated_at = r.invited_at.value_or(now);
      tx.relationships().Put(r);
    }
    if (refused) *refused = relationships.size();
    return Status::OK();
  });
}

// ---------------------------------------------------------------------------------------------
// Administrator side

Status Membership::CreateMembers(const Caller& caller, const std::vector<AccountDetail>& accounts,
                                 UnprocessedAccounts* unprocessed) {
  std::vector<std::string> ids;
  for (const auto& a : accounts) ids.push_back(a.account_id);
  const Millis now = clock_.NowMillis();
  std::optional<bool> caller_is_member;  // the same for every entry: looked up once
  std::optional<bool> caller_is_delegated_administrator;
  return BatchInHub(store_, options_, caller, Store::Access::kWrite, ids, unprocessed,
                    [&](StoreTransaction& tx, size_t i, const std::string& id) -> std::optional<std::string> {
    if (!caller_is_member) {
      caller_is_member = EnabledAdministratorOf(tx, caller).has_value();
      caller_is_delegated_administrator = IsDelegatedAdministrator(tx, caller);
    }
    if (*caller_is_member) return msg::kCannotCreateAsMember;
    if (id == caller.account_id) return msg::kMemberOfItself;
    auto existing = FindMember(tx, caller, id);
    if (*caller_is_delegated_administrator) {
      // §2.4 O3: the delegated administrator enables organization accounts without an
      // invitation; a disassociated organization member (O5) is enabled again.
      if (auto account = tx.organization().FindAccount(id)) {
        const bool removed_organization_member =
            existing && existing->origin == MembershipOrigin::kOrganization &&
            existing->status == MemberStatus::kRemoved;
        if (existing && !removed_organization_member) return msg::kAlreadyMember;
        return EnableOrganizationMember(tx, caller, *account, now);
      }
    }
    if (existing) return msg::kAlreadyMember;
    // A record the administrator deleted starts over; the member's old invitation goes.
    Relationship r;
    r.region = caller.region;
    r.administrator_id = caller.account_id;
    r.member_id = id;
    r.email = accounts[i].email;
    r.status = MemberStatus::kCreated;
    r.updated_at = now;
    tx.relationships().Put(r);
    return std::nullopt;
  });
}

Status Membership::InviteMembers(const Caller& caller, const std::vector<std::string>& account_ids,
                                 UnprocessedAccounts* unprocessed) {
  const Millis now = clock_.NowMillis();
  std::optional<bool> caller_is_member;  // the same for every entry: looked up once
  return BatchInHub(store_, options_, caller, Store::Access::kWrite, account_ids, unprocessed,
                    [&](StoreTransaction& tx, size_t, const std::string& id) -> std::optional<std::string> {
    if (!caller_is_member) caller_is_member = EnabledAdministratorOf(tx, caller).has_value();
    if (*caller_is_member) return msg::kCannotInviteAsMember;
    if (id == caller.account_id) return msg::kCannotInviteItself;
    auto r = FindMember(tx, caller, id);
    if (!r) return msg::kNotAMember;
    if (r->status == MemberStatus::kInvited || r->status == MemberStatus::kEnabled) {
      return msg::kAlreadyInvited;
    }
    if (r->origin == MembershipOrigin::kOrganization) return msg::kInviteOrganizationMember;
    r->status = MemberStatus::kInvited;
    r->invitation_id = options_.new_invitation_id();
    r->invitation_deleted = false;
    r->invited_at = now;
    r->updated_at = now;
    tx.relationships().Put(*r);
    return std::nullopt;
  });
}

Status Membership::ListMembers(const Caller& caller, bool only_associated, const PageRequest& page,
                               RelationshipPage* members) {
  return InHub(store_, caller, Store::Access::kRead, [&](StoreTransaction& tx) {
    RelationshipQuery q;
    q.region = caller.region;
    q.administrator_id = caller.account_id;
    if (only_associated) {
      q.statuses = {MemberStatus::kEnabled};
    } else {
      q.statuses = {MemberStatus::kCreated, MemberStatus::kInvited, MemberStatus::kEnabled,
                    MemberStatus::kRemoved, MemberStatus::kResigned, MemberStatus::kAccountSuspended};
    }
    *members = ReadPage(tx, q, page, /*keyed_by_member=*/true);
    return Status::OK();
  });
}

Status Membership::GetMembers(const Caller& caller, const std::vector<std::string>& account_ids,
                              std::vector<Relationship>* members, UnprocessedAccounts* unprocessed) {
  members->clear();
  members->reserve(std::min(account_ids.size(), options_.batch_limit));
  return BatchInHub(store_, options_, caller, Store::Access::kRead, account_ids, unprocessed,
                    [&](StoreTransaction& tx, size_t, const std::string& id) -> std::optional<std::string> {
    auto r = FindMember(tx, caller, id);
    if (!r) return msg::kNotAMember;
    members->push_back(std::move(*r));
    return std::nullopt;
  });
}

Status Membership::DisassociateMembers(const Caller& caller,
                                       const std::vector<std::string>& account_ids) {
  return InHub(store_, caller, Store::Access::kWrite, [&](StoreTransaction& tx) {
    // This operation has no UnprocessedAccounts to report a single account in, so any bad
    // entry fails the whole call before anything changes.
    if (account_ids.empty()) return Status::InvalidInput(msg::kEmptyAccountList);
    if (account_ids.size() > options_.batch_limit) {
      return TooManyAccounts(account_ids.size(), options_.batch_limit);
    }
    std::map<std::string, Relationship> to_remove;  // by member id: a repeated id counts once
    for (const std::string& id : account_ids) {
      if (!IsAccountId(id)) {
        return Status::InvalidInput("The account ID '" + id + "' is not a valid 12-digit AWS account ID.");
      }
      auto r = FindMember(tx, caller, id);
      if (!r) return Status::NotFound("The request is rejected because the account ID " + id +
                                      " is not a member of the current account.");
      // Decision 8: only an associated member changes; for the rest this is a no-op. An
      // organization member counts as associated also while AccountSuspended (§2.4 O5).
      if (r->status == MemberStatus::kEnabled || r->status == MemberStatus::kAccountSuspended) {
        to_remove.emplace(id, *r);
      }
    }
    const Millis now = clock_.NowMillis();
    for (auto& [id, r] : to_remove) {
      r.status = MemberStatus::kRemoved;
      r.updated_at = now;
      tx.relationships().Put(r);
    }
    return Status::OK();
  });
}

Status Membership::DeleteMembers(const Caller& caller, const std::vector<std::string>& account_ids,
                                 UnprocessedAccounts* unprocessed) {
  const Millis now = clock_.NowMillis();
  return BatchInHub(store_, options_, caller, Store::Access::kWrite, account_ids, unprocessed,
                    [&](StoreTransaction& tx, size_t, const std::string& id) -> std::optional<std::string> {
    auto r = FindMember(tx, caller, id);
    if (!r) return msg::kNotAMember;
    // Decision 20: refused in every status, also once disassociated.
    if (r->origin == MembershipOrigin::kOrganization) return msg::kDeleteOrganizationMember;
    if (r->status == MemberStatus::kEnabled) return msg::kDeleteStillAssociated;
    if (r->has_open_invitation()) {
      // Decision 10: gone from the administrator's views; the member sees "Deleted".
      r->status = MemberStatus::kDeleted;
      r->updated_at = now;
      tx.relationships().Put(*r);
    } else {
      tx.relationships().Delete(r->region, r->administrator_id, r->member_id);
    }
    return std::nullopt;
  });
}

// ---------------------------------------------------------------------------------------------
// Member side

Status Membership::ListInvitations(const Caller& caller, const PageRequest& page,
                                   RelationshipPage* invitations) {
  return InHub(store_, caller, Store::Access::kRead, [&](StoreTransaction& tx) {
    RelationshipQuery q;
    q.region = caller.region;
    q.member_id = caller.account_id;
    q.open_invitations_only = true;
    *invitations = ReadPage(tx, q, page, /*keyed_by_member=*/false);
    return Status::OK();
  });
}

Status Membership::GetInvitationsCount(const Caller& caller, int64_t* count) {
  return InHub(store_, caller, Store::Access::kRead, [&](StoreTransaction& tx) {
    RelationshipQuery q;
    q.region = caller.region;
    q.member_id = caller.account_id;
    q.open_invitations_only = true;
    q.statuses = {MemberStatus::kInvited, MemberStatus::kRemoved, MemberStatus::kResigned,
                  MemberStatus::kDeleted};  // decision 11: all but the accepted one
    *count = static_cast<int64_t>(tx.relationships().Query(q).size());
    return Status::OK();
  });
}

Status Membership::AcceptInvitation(const Caller& caller, const std::string& administrator_id,
                                    const std::string& invitation_id) {
  return InHub(store_, caller, Store::Access::kWrite, [&](StoreTransaction& tx) {
    auto r = FindInvitation(tx, caller, administrator_id);
    if (!r || r->invitation_id != invitation_id) return Status::BadRequest(msg::kNoPendingInvitation);
    if (r->status == MemberStatus::kEnabled) return Status::OK();  // decision 5: idempotent
    // Decision 9 / §2.3 row 3a: a Resigned member may accept the same invitation again.
    if (r->status != MemberStatus::kInvited && r->status != MemberStatus::kResigned) {
      return Status::BadRequest(msg::kNoPendingInvitation);
    }
    if (EnabledAdministratorOf(tx, caller)) return Status::BadRequest(msg::kAcceptWhileMember);
    if (HasMembers(tx, caller, {MemberStatus::kCreated, MemberStatus::kInvited,
                                MemberStatus::kEnabled})) {
      return Status::BadRequest(msg::kAcceptWithMembers);
    }
    r->status = MemberStatus::kEnabled;
    r->updated_at = clock_.NowMillis();
    tx.relationships().Put(*r);
    return Status::OK();
  });
}

Status Membership::DeclineInvitations(const Caller& caller,
                                      const std::vector<std::string>& administrator_ids,
                                      UnprocessedAccounts* unprocessed) {
  const Millis now = clock_.NowMillis();
  return BatchInHub(store_, options_, caller, Store::Access::kWrite, administrator_ids, unprocessed,
                    [&](StoreTransaction& tx, size_t, const std::string& id) -> std::optional<std::string> {
    auto r = FindInvitation(tx, caller, id);
    if (!r) return msg::kDeclineNoInvitation;
    switch (r->status) {
      case MemberStatus::kInvited:
        r->status = MemberStatus::kResigned;  // decision 6: stays listed until deleted
        r->updated_at = now;
        tx.relationships().Put(*r);
        return std::nullopt;
      case MemberStatus::kResigned:
        return std::nullopt;  // already declined
      case MemberStatus::kEnabled:
        return msg::kDeclineStillAssociated;
      default:
        return msg::kDeclineNoInvitation;
    }
  });
}

Status Membership::DeleteInvitations(const Caller& caller,
                                     const std::vector<std::string>& administrator_ids,
                                     UnprocessedAccounts* unprocessed) {
  return BatchInHub(store_, options_, caller, Store::Access::kWrite, administrator_ids, unprocessed,
                    [&](StoreTransaction& tx, size_t, const std::string& id) -> std::optional<std::string> {
    auto r = FindInvitation(tx, caller, id);
    if (!r) return msg::kDeleteInvitationNoInvitation;
    if (r->status == MemberStatus::kEnabled) return msg::kDeleteInvitationStillAssociated;
    if (r->status == MemberStatus::kDeleted) {
      // The administrator already deleted its side: nothing of the record is left to show.
      tx.relationships().Delete(r->region, r->administrator_id, r->member_id);
    } else {
      // Decision 7: the administrator's record keeps its status.
      r->invitation_deleted = true;
      tx.relationships().Put(*r);
    }
    return std::nullopt;
  });
}

Status Membership::GetAdministrator(const Caller& caller, std::optional<Relationship>* administrator) {
  return InHub(store_, caller, Store::Access::kRead, [&](StoreTransaction& tx) {
    *administrator = EnabledAdministratorOf(tx, caller);
    return Status::OK();
  });
}

Status Membership::DisassociateFromAdministrator(const Caller& caller) {
  return InHub(store_, caller, Store::Access::kWrite, [&](StoreTransaction& tx) {
    auto r = EnabledAdministratorOf(tx, caller);
    if (!r) return Status::BadRequest(msg::kNotAssociated);
    if (r->origin == MembershipOrigin::kOrganization) return Status::BadRequest(msg::kLeaveOrganization);
    r->status = MemberStatus::kResigned;  // decision 9: the member may accept again
    r->updated_at = clock_.NowMillis();
    tx.relationships().Put(*r);
    return Status::OK();
  });
}

}  // namespace shmock
