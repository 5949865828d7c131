// Records: the plain data the services, the store port, identity and fixtures share.
//
// Nothing here has behaviour beyond spelling and checking values: the rules that move a
// record from one status to another live in the domain services (membership.h). Keeping the
// records apart lets the store and identity depend on data, not on a service, and lets a
// second domain service (organizations) sit beside membership over the same records.
#ifndef SHMOCK_RECORDS_H_
#define SHMOCK_RECORDS_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shmock/clock.h"

namespace shmock {

// Who is calling, and where: every call acts on the caller's own account in one Region.
struct Caller {
  std::string account_id;
  std::string region;
};

// Relationship status. Its wire spelling is PascalCase (docs/behavior.md, decision 1).
// AccountSuspended: an organization account that was suspended when its administrator enabled it.
enum class MemberStatus { kCreated, kInvited, kEnabled, kRemoved, kResigned, kDeleted, kAccountSuspended };
// How many statuses there are; a table indexed by status is this long. Keep it after the last.
constexpr size_t kMemberStatusCount = static_cast<size_t>(MemberStatus::kAccountSuspended) + 1;
const char* MemberStatusName(MemberStatus status);
std::optional<MemberStatus> ParseMemberStatus(std::string_view name);

// Security Hub enabled for one account in one Region.
struct Hub {
  std::string region;
  std::string account_id;
  Millis subscribed_at = 0;
  bool auto_enable_controls = true;
  std::string control_finding_generator = "SECURITY_CONTROL";
  std::map<std::string, std::string> tags;
};

// How a relationship was made: the administrator invited the account and it accepted, or the
// organization's delegated administrator enabled an organization account (no invitation, no
// Email). The two differ in what the member may do and see (behavior.md §2.4).
enum class MembershipOrigin { kInvitation, kOrganization };
const char* MembershipOriginName(MembershipOrigin origin);  // "Invitation" / "Organization"
std::optional<MembershipOrigin> ParseMembershipOrigin(const std::string& name);

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
  MembershipOrigin origin = MembershipOrigin::kInvitation;

  // The member lists the invitation until it deletes it.
  bool has_open_invitation() const { return !invitation_id.empty() && !invitation_deleted; }
};

// An account of the AWS Organizations organization. Cross-Region: an organization is global,
// and so are its accounts and their suspension. No record at all: the account is outside the
// organization (or no organization is declared).
struct OrganizationAccount {
  std::string account_id;
  bool management = false;  // the organization's management account (exactly one)
  bool suspended = false;   // suspended accounts are still members of the organization
};

// The organization configuration the delegated administrator keeps (per Region).
enum class AutoEnableStandards { kDefault, kNone };
enum class ConfigurationType { kLocal, kCentral };
const char* AutoEnableStandardsName(AutoEnableStandards value);  // "DEFAULT" / "NONE"
const char* ConfigurationTypeName(ConfigurationType value);      // "LOCAL" / "CENTRAL"

struct OrganizationConfiguration {
  bool auto_enable = false;
  AutoEnableStandards auto_enable_standards = AutoEnableStandards::kDefault;  // decision 19
  ConfigurationType configuration_type = ConfigurationType::kLocal;
};

// Status of a designation as ListOrganizationAdminAccounts shows it (decision 1: UPPER_SNAKE).
enum class AdminStatus { kEnabled, kDisableInProgress };
const char* AdminStatusName(AdminStatus status);  // "ENABLED" / "DISABLE_IN_PROGRESS"

// The organization's Security Hub delegated administrator in one Region. Per Region, with one
// cross-Region rule the domain enforces: every Region that has one has the same account.
// The organization configuration lives and dies with the designation.
struct DelegatedAdministrator {
  std::string region;
  std::string account_id;
  AdminStatus status = AdminStatus::kEnabled;
  OrganizationConfiguration configuration;
};

// The organization a fixture declares. The management account and suspended accounts are
// members of the organization too.
struct OrganizationSeed {
  std::string management_account_id;
  std::vector<std::string> accounts;
  std::vector<std::string> suspended_accounts;
  std::vector<DelegatedAdministrator> delegated_administrators;  // ENABLED designations
};

// --- Standards and controls (behavior.md §16) -------------------------------------------

// A standard enabled for one account in one Region. The status clients see (PENDING, READY,
// DELETING, gone) is computed when it is read, from `requested_at` and the server's transition
// delay (decision 51), so no read ever writes.
struct StandardsSubscriptionRecord {
  std::string region;
  std::string account_id;
  std::string standard_id;  // the standard's resource, "standards/pci-dss/v/3.2.1"
  std::map<std::string, std::string> standards_input;  // as BatchEnableStandards gave it
  Millis requested_at = 0;   // when it was last enabled, or when its disabling was asked for
  bool deleting = false;     // BatchDisableStandards asked for it; gone once the delay is over
  std::string status_reason;  // a StatusReasonCode: the subscription is INCOMPLETE (fixtures)
};

// A subscription's status as clients see it (StandardsStatus; decision 1: UPPER_SNAKE).
enum class StandardsStatus { kPending, kReady, kIncomplete, kDeleting, kFailed };
const char* StandardsStatusName(StandardsStatus status);

// Whether a control is enabled in one enabled standard, for one account in one Region, when
// it was set by a call (an association without a record has its standard's default status).
struct ControlAssociationRecord {
  std::string region;
  std::string account_id;
  std::string standard_id;
  std::string control_id;  // the security control id, "S3.1"
  bool enabled = true;
  std::string updated_reason;  // DisabledReason / UpdatedReason; empty when none was given
  Millis updated_at = 0;
};

// A control parameter's value (the ParameterValue union of the API).
enum class ParameterType { kInteger, kIntegerList, kDouble, kString, kStringList, kBoolean, kEnum, kEnumList };
const char* ParameterTypeName(ParameterType type);  // "Integer", "IntegerList", ...
std::optional<ParameterType> ParseParameterType(std::string_view name);
// Whether values of `type` are lists.
bool IsListType(ParameterType type);

struct ParameterValue {
  ParameterType type = ParameterType::kString;
  std::vector<int64_t> integers;     // Integer (one), IntegerList
  double number = 0;                 // Double
  std::vector<std::string> strings;  // String and Enum (one), StringList and EnumList
  bool boolean = false;              // Boolean
  bool operator==(const ParameterValue& o) const {
    return type == o.type && integers == o.integers && number == o.number &&
           strings == o.strings && boolean == o.boolean;
  }
};

// One security control's settings for one account in one Region: the parameters set to a
// custom value (the others have their default), and the last update's reason and time.
struct SecurityControlRecord {
  std::string region;
  std::string account_id;
  std::string control_id;
  std::map<std::string, ParameterValue> parameters;  // CUSTOM values only
  std::string last_update_reason;
  Millis updated_at = 0;
};

// Temporary credentials STS AssumeRole issued, and the role session they stand for. Global, as
// STS credentials are: they sign calls in every Region. Calls signed with them act as the
// role's account (docs/behavior.md §15).
struct RoleSession {
  std::string access_key_id;      // "ASIA" and 16 upper-case letters and digits
  std::string secret_access_key;  // what --strict-auth checks their signatures with
  std::string session_token;      // sent as X-Amz-Security-Token
  std::string role_arn;           // arn:<partition>:iam::<account>:role/<path><name>
  std::string account_id;         // the role's account, from role_arn
  std::string role_name;          // the last element of role_arn's resource
  std::string role_session_name;
  std::string role_id;            // "AROA" and 17 characters: the role's unique id
  Millis expiration = 0;
  bool chained = false;  // assumed with role credentials (role chaining: at most 1 hour)
};

// Exactly 12 ASCII digits: the form of an AWS account ID.
bool IsAccountId(const std::string& s);
// 1 to 64 lowercase letters, digits and dashes: the form of a Region name ("us-east-1",
// "cn-north-1"), and of a SigV4 scope's service name.
bool IsRegionName(std::string_view s);

}  // namespace shmock

#endif  // SHMOCK_RECORDS_H_
