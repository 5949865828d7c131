#include "shmock/records.h"

#include <algorithm>

namespace shmock {

namespace {
constexpr MemberStatus kAllStatuses[] = {MemberStatus::kCreated, MemberStatus::kInvited,
                                         MemberStatus::kEnabled, MemberStatus::kRemoved,
                                         MemberStatus::kResigned, MemberStatus::kDeleted,
                                         MemberStatus::kAccountSuspended};
static_assert(sizeof(kAllStatuses) / sizeof(kAllStatuses[0]) == kMemberStatusCount,
              "every status is listed");
}  // namespace

const char* MemberStatusName(MemberStatus status) {
  switch (status) {
    case MemberStatus::kCreated: return "Created";
    case MemberStatus::kInvited: return "Invited";
    case MemberStatus::kEnabled: return "Enabled";
    case MemberStatus::kRemoved: return "Removed";
    case MemberStatus::kResigned: return "Resigned";
    case MemberStatus::kDeleted: return "Deleted";
    case MemberStatus::kAccountSuspended: return "AccountSuspended";
  }
  return "Created";
}

std::optional<MemberStatus> ParseMemberStatus(std::string_view name) {
  for (MemberStatus s : kAllStatuses) {
    if (name == MemberStatusName(s)) return s;
  }
  return std::nullopt;
}

const char* MembershipOriginName(MembershipOrigin origin) {
  return origin == MembershipOrigin::kOrganization ? "Organization" : "Invitation";
}

std::optional<MembershipOrigin> ParseMembershipOrigin(const std::string& name) {
  for (MembershipOrigin o : {MembershipOrigin::kInvitation, MembershipOrigin::kOrganization}) {
    if (name == MembershipOriginName(o)) return o;
  }
  return std::nullopt;
}

const char* AutoEnableStandardsName(AutoEnableStandards value) {
  return value == AutoEnableStandards::kNone ? "NONE" : "DEFAULT";
}

const char* ConfigurationTypeName(ConfigurationType value) {
  return value == ConfigurationType::kCentral ? "CENTRAL" : "LOCAL";
}

const char* AdminStatusName(AdminStatus status) {
  return status == AdminStatus::kDisableInProgress ? "DISABLE_IN_PROGRESS" : "ENABLED";
}

bool IsAccountId(const std::string& s) {
  return s.size() == 12 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsRegionName(std::string_view s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

}  // namespace shmock
