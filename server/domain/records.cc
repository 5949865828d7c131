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

const char* StandardsStatusName(StandardsStatus status) {
  switch (status) {
    case StandardsStatus::kPending: return "PENDING";
    case StandardsStatus::kReady: return "READY";
    case StandardsStatus::kIncomplete: return "INCOMPLETE";
    case StandardsStatus::kDeleting: return "DELETING";
    case StandardsStatus::kFailed: return "FAILED";
  }
  return "READY";
}

const char* ParameterTypeName(ParameterType type) {
  switch (type) {
    case ParameterType::kInteger: return "Integer";
    case ParameterType::kIntegerList: return "IntegerList";
    case ParameterType::kDouble: return "Double";
    case ParameterType::kString: return "String";
    case ParameterType::kStringList: return "StringList";
    case ParameterType::kBoolean: return "Boolean";
    case ParameterType::kEnum: return "Enum";
    case ParameterType::kEnumList: return "EnumList";
  }
  return "String";
}

std::optional<ParameterType> ParseParameterType(std::string_view name) {
  for (ParameterType t : {ParameterType::kInteger, ParameterType::kIntegerList,
                          ParameterType::kDouble, ParameterType::kString,
                          ParameterType::kStringList, ParameterType::kBoolean,
                          ParameterType::kEnum, ParameterType::kEnumList}) {
    if (name == ParameterTypeName(t)) return t;
  }
  return std::nullopt;
}

bool IsListType(ParameterType type) {
  return type == ParameterType::kIntegerList || type == ParameterType::kStringList ||
         type == ParameterType::kEnumList;
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
