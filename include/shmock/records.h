// Records: the plain data the services, the store port, identity and fixtures share.
//
// Nothing here has behaviour beyond spelling and checking values: the rules that move a
// record from one status to another live in the domain services (membership.h). Keeping the
// records apart lets the store and identity depend on data, not on a service, and lets a
// second domain service (organizations) sit beside membership over the same records.
#ifndef SHMOCK_RECORDS_H_
#define SHMOCK_RECORDS_H_

#include <map>
#include <optional>
#include <string>

#include "shmock/clock.h"

namespace shmock {

// Who is calling, and where: every call acts on the caller's own account in one Region.
struct Caller {
  std::string account_id;
  std::string region;
};

// Relationship status. Its wire spelling is PascalCase (docs/behavior.md, decision 1).
enum class MemberStatus { kCreated, kInvited, kEnabled, kRemoved, kResigned, kDeleted };
const char* MemberStatusName(MemberStatus status);
std::optional<MemberStatus> ParseMemberStatus(const std::string& name);

// Security Hub enabled for one account in one Region.
struct Hub {
  std::string region;
  std::string account_id;
  Millis subscribed_at = 0;
  bool auto_enable_controls = true;
  std::string control_finding_generator = "SECURITY_CONTROL";
  std::map<std::string, std::string> tags;
};

// One administrator-member relationship in one Region: the single record from which both the
// administrator's views and the member's views are read (decision 2).
struct Relationship {
  std::string region;
  std::string administrator_id;
  std::string member_id;
  std::optional<std::string> email;  // only when the administrator gave one
  MemberStatus status = MemberStatus::kCreated;
  std::string invitation_id;          // empty until the first InviteMembers
  std::optional<Millis> invited_at;   // time of the latest invitation
  Millis updated_at = 0;              // moves on every status change
  bool invitation_deleted = false;    // the member deleted the invitation from its views

  // The member lists the invitation until it deletes it.
  bool has_open_invitation() const { return !invitation_id.empty() && !invitation_deleted; }
};

// Exactly 12 ASCII digits: the form of an AWS account ID.
bool IsAccountId(const std::string& s);

}  // namespace shmock

#endif  // SHMOCK_RECORDS_H_
