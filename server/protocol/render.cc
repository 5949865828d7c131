#include "shmock/render.h"

#include <nlohmann/json.hpp>

namespace shmock {
namespace render {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

std::string Dump(const ordered_json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The administrator's view of a relationship (shape Member).
ordered_json MemberJson(const Relationship& r) {
  ordered_json j;
  j["AccountId"] = r.member_id;
  if (r.email) j["Email"] = *r.email;
  j["MasterId"] = r.administrator_id;
  j["AdministratorId"] = r.administrator_id;
  j["MemberStatus"] = MemberStatusName(r.status);
  if (r.invited_at) j["InvitedAt"] = FormatIso8601Millis(*r.invited_at);
  j["UpdatedAt"] = FormatIso8601Millis(r.updated_at);
  return j;
}

// The member's view of a relationship (shape Invitation). An organization membership had no
// invitation, so it has no InvitationId (behavior.md §6.10).
ordered_json InvitationJson(const Relationship& r) {
  ordered_json j;
  j["AccountId"] = r.administrator_id;
  if (!r.invitation_id.empty()) j["InvitationId"] = r.invitation_id;
  if (r.invited_at) j["InvitedAt"] = FormatIso8601Millis(*r.invited_at);
  j["MemberStatus"] = MemberStatusName(r.status);
  return j;
}

ordered_json UnprocessedJson(const UnprocessedAccounts& unprocessed) {
  ordered_json list = ordered_json::array();
  for (const auto& u : unprocessed) {
    list.push_back({{"AccountId", u.account_id}, {"ProcessingResult", u.processing_result}});
  }
  return list;
}

std::string Page(const char* key, const std::vector<Relationship>& items,
                 ordered_json (*item_json)(const Relationship&), const std::string& next_token) {
  ordered_json list = ordered_json::array();
  for (const Relationship& r : items) list.push_back(item_json(r));
  ordered_json out;
  out[key] = std::move(list);
  if (!next_token.empty()) out["NextToken"] = next_token;
  return Dump(out);
}

}  // namespace

std::string Empty() { return "{}"; }

std::string Error(const char* code, const std::string& message) {
  return Dump(ordered_json{{"Code", code}, {"Message", message}});
}

std::string HubDescription(const Hub& hub) {
  return Dump(ordered_json{{"HubArn", Membership::HubArn(hub.region, hub.account_id)},
                           {"SubscribedAt", FormatIso8601Millis(hub.subscribed_at)},
                           {"AutoEnableControls", hub.auto_enable_controls},
                           {"ControlFindingGenerator", hub.control_finding_generator}});
}

std::string UnprocessedOnly(const UnprocessedAccounts& unprocessed) {
  return Dump(ordered_json{{"UnprocessedAccounts", UnprocessedJson(unprocessed)}});
}

std::string MemberPage(const std::vector<Relationship>& members, const std::string& next_token) {
  return Page("Members", members, MemberJson, next_token);
}

std::string MembersAndUnprocessed(const std::vector<Relationship>& members,
                                  const UnprocessedAccounts& unprocessed) {
  ordered_json list = ordered_json::array();
  for (const Relationship& r : members) list.push_back(MemberJson(r));
  return Dump(ordered_json{{"Members", std::move(list)},
                           {"UnprocessedAccounts", UnprocessedJson(unprocessed)}});
}

std::string InvitationPage(const std::vector<Relationship>& invitations,
                           const std::string& next_token) {
  return Page("Invitations", invitations, InvitationJson, next_token);
}

std::string InvitationsCount(int64_t count) {
  return Dump(ordered_json{{"InvitationsCount", count}});
}

std::string AdministratorOf(const char* member_name,
                            const std::optional<Relationship>& administrator) {
  if (!administrator) return Empty();
  ordered_json out;
  out[member_name] = InvitationJson(*administrator);
  return Dump(out);
}

std::string EnabledAdminAccount(const std::string& admin_account_id, const std::string& feature) {
  return Dump(ordered_json{{"AdminAccountId", admin_account_id}, {"Feature", feature}});
}

std::string AdminAccountPage(const std::vector<DelegatedAdministrator>& admins,
                             const std::string& next_token) {
  ordered_json list = ordered_json::array();
  for (const DelegatedAdministrator& a : admins) {
    list.push_back({{"AccountId", a.account_id}, {"Status", AdminStatusName(a.status)}});
  }
  ordered_json out{{"AdminAccounts", std::move(list)}};
  if (!next_token.empty()) out["NextToken"] = next_token;
  return Dump(out);
}

std::string OrganizationConfigurationOf(const OrganizationConfiguration& c) {
  // No member quota is modeled, so the limit is never reached. Both configuration types take
  // effect at once (decision 19), so the status is always ENABLED.
  return Dump(ordered_json{
      {"AutoEnable", c.auto_enable},
      {"MemberAccountLimitReached", false},
      {"AutoEnableStandards", AutoEnableStandardsName(c.auto_enable_standards)},
      {"OrganizationConfiguration",
       {{"ConfigurationType", ConfigurationTypeName(c.configuration_type)}, {"Status", "ENABLED"}}}});
}

}  // namespace render
}  // namespace shmock
