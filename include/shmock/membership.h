// Membership: the Security Hub administrator/member state machine.
//
// A domain module: it knows Security Hub's rules (docs/behavior.md, its "Decisions" first) and
// nothing of HTTP, JSON or SQL: inputs and outputs are plain structs, failures are a Status,
// and state lives behind the Store port (store.h). Every public call runs in exactly one store
// transaction, so a call either happens completely or changes nothing. Every call but Seed
// needs the caller's hub (decision 12); the hub lifecycle itself is hubs.h.
//
// State is per Region: one Relationship per (Region, administrator, member) from which both
// the administrator's views (ListMembers, GetMembers) and the member's views (ListInvitations,
// GetInvitationsCount, GetAdministratorAccount) are read, so the two sides cannot disagree.
// What it shares with the other modules (an account's administrator, the Region's delegated
// administrator, the hub gate) is server/domain/accounts.h.
#ifndef SHMOCK_MEMBERSHIP_H_
#define SHMOCK_MEMBERSHIP_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "shmock/clock.h"
#include "shmock/page.h"
#include "shmock/records.h"
#include "shmock/status.h"

namespace shmock {

class Store;

struct AccountDetail {
  std::string account_id;
  std::optional<std::string> email;
};

// A per-account failure inside a batch call; the call itself still succeeds.
struct UnprocessedAccount {
  std::string account_id;
  std::string processing_result;
};
using UnprocessedAccounts = std::vector<UnprocessedAccount>;

// A page of relationships, keyed by the other party's account id (page.h).
using RelationshipPage = Page<Relationship>;

class Membership {
 public:
  struct Options {
    // How many entries of one AccountDetails/AccountIds list are processed (decision 3).
    size_t batch_limit = 50;
    // Decision 3 reports entries past the limit as UnprocessedAccounts (the 2021 behaviour).
    // If AWS turns out to reject such calls outright, as GuardDuty does, set this to answer
    // 400 InvalidInputException instead (docs/behavior.md §6.1).
    bool reject_oversized_batches = false;
    // Produces a new 32-hex InvitationId; random unless a test supplies its own.
    std::function<std::string()> new_invitation_id;
  };

  Membership(Store& store, Clock& clock, Options options);
  Membership(Store& store, Clock& clock) : Membership(store, clock, Options()) {}

  // Administrator side. Where the caller is the Region's delegated administrator, the rules of
  // organization members apply (behavior.md §2.4, §12; the facts: server/domain/accounts.h):
  // CreateMembers enables an organization account at once instead of creating it (refusals per
  // account); InviteMembers and DeleteMembers refuse organization members per account.
  Status CreateMembers(const Caller& caller, const std::vector<AccountDetail>& accounts,
                       UnprocessedAccounts* unprocessed);
  Status InviteMembers(const Caller& caller, const std::vector<std::string>& account_ids,
                       UnprocessedAccounts* unprocessed);
  Status ListMembers(const Caller& caller, bool only_associated, const PageRequest& page,
                     RelationshipPage* members);
  Status GetMembers(const Caller& caller, const std::vector<std::string>& account_ids,
                    std::vector<Relationship>* members, UnprocessedAccounts* unprocessed);
  Status DisassociateMembers(const Caller& caller, const std::vector<std::string>& account_ids);
  Status DeleteMembers(const Caller& caller, const std::vector<std::string>& account_ids,
                       UnprocessedAccounts* unprocessed);

  // Member side. `administrator_ids` name the accounts that sent the invitations.
  Status ListInvitations(const Caller& caller, const PageRequest& page,
                         RelationshipPage* invitations);
  Status GetInvitationsCount(const Caller& caller, int64_t* count);
  Status AcceptInvitation(const Caller& caller, const std::string& administrator_id,
                          const std::string& invitation_id);
  Status DeclineInvitations(const Caller& caller, const std::vector<std::string>& administrator_ids,
                            UnprocessedAccounts* unprocessed);
  Status DeleteInvitations(const Caller& caller, const std::vector<std::string>& administrator_ids,
                           UnprocessedAccounts* unprocessed);
  // The caller's current administrator, if it is an Enabled member.
  Status GetAdministrator(const Caller& caller, std::optional<Relationship>* administrator);
  // BadRequest when the caller is not an Enabled member, or is one through its organization
  // (only the administrator disassociates organization members, §2.4 O7).
  Status DisassociateFromAdministrator(const Caller& caller);

  // Writes a prepared state in one transaction (the --fixtures file): hubs, then relationships,
  // each replacing any record with the same key. The hubs are written here, not through
  // hubs.h, because a relationship needs its administrator's hub and a fixture is loaded all
  // or nothing. A relationship past Created gets an
  // InvitationId and InvitedAt if it has none. Refuses, changing nothing, a state the service
  // could not reach: malformed ids, an account that is its own member, an administrator
  // without a hub, or a member Enabled under two administrators in one Region. When it refuses
  // a relationship, `*refused` (if given) is its index in `relationships`, and otherwise
  // relationships.size().
  Status Seed(const std::vector<Hub>& hubs, const std::vector<Relationship>& relationships,
              size_t* refused = nullptr);

 private:
  Store& store_;
  Clock& clock_;
  Options options_;
};

}  // namespace shmock

#endif  // SHMOCK_MEMBERSHIP_H_
