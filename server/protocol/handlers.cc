#include "protocol/handlers.h"

#include "protocol/next_token.h"
#include "protocol/input.h"
#include "protocol/render.h"

namespace shmock {
namespace {

using nlohmann::json;
using namespace input;  // the readers of protocol/input.h

// --- Reading inputs (already validated against the model) ---------------------------------

std::vector<std::string> AccountIds(const json& in) {
  return Optional<std::vector<std::string>>(in, "AccountIds").value_or(std::vector<std::string>{});
}

constexpr int kDefaultPageSize = 50;  // decision 13

Status ReadPageRequest(const std::string& operation, const json& in, PageRequest* page) {
  page->max_results = Optional<int>(in, "MaxResults").value_or(kDefaultPageSize);
  const std::string token = Optional<std::string>(in, "NextToken").value_or("");
  PageKey after;
  // These lists resume after an account ID.
  if (!token.empty() && (!DecodeNextToken(operation, token, &after) || after.size() != 1 || !IsAccountId(after[0]))) {
    return Status::InvalidInput("The NextToken '" + token + "' is not valid for " + operation +
                                ". Pass the NextToken value returned by the previous " +
                                operation + " call, unchanged.");
  }
  if (!after.empty()) page->after = after[0];
  return Status::OK();
}

// The page key of a list that resumes after an account ID; empty: no further page.
PageKey AccountKey(const std::string& account) { return account.empty() ? PageKey{} : PageKey{account}; }

// The batch operations that take AccountIds and answer {"UnprocessedAccounts": [...]}.
using BatchCall = Status (Membership::*)(const Caller&, const std::vector<std::string>&,
                                         UnprocessedAccounts*);
Status Batch(BatchCall call, Services& sv, const Caller& c, const json& in, std::string* body) {
  UnprocessedAccounts unprocessed;
  Status s = (sv.membership.*call)(c, AccountIds(in), &unprocessed);
  *body = render::UnprocessedOnly(unprocessed);
  return s;
}

}  // namespace

namespace handlers {

// --- Hub lifecycle ----------------------------------------------------------------------------

Status EnableSecurityHub(Services& sv, const Caller& c, const json& in, std::string* body) {
  EnableHubInput input;
  input.tags = Optional<std::map<std::string, std::string>>(in, "Tags").value_or(
      std::map<std::string, std::string>{});
  input.control_finding_generator = Optional<std::string>(in, "ControlFindingGenerator");
  input.enable_default_standards = Optional<bool>(in, "EnableDefaultStandards").value_or(true);
  *body = render::Empty();
  return sv.hubs.EnableSecurityHub(c, input);
}

Status DisableSecurityHub(Services& sv, const Caller& c, const json&, std::string* body) {
  *body = render::Empty();
  return sv.hubs.DisableSecurityHub(c);
}

Status DescribeHub(Services& sv, const Caller& c, const json& in, std::string* body) {
  Hub hub;
  Status s = sv.hubs.DescribeHub(c, Optional<std::string>(in, "HubArn"), &hub);
  if (s.ok()) *body = render::HubDescription(hub);
  return s;
}

Status UpdateSecurityHubConfiguration(Services& sv, const Caller& c, const json& in,
                                      std::string* body) {
  HubSettings settings;
  settings.auto_enable_controls = Optional<bool>(in, "AutoEnableControls");
  settings.control_finding_generator = Optional<std::string>(in, "ControlFindingGenerator");
  *body = render::Empty();
  return sv.hubs.UpdateSecurityHubConfiguration(c, settings);
}

// --- Administrator side -------------------------------------------------------------------------

Status CreateMembers(Services& sv, const Caller& c, const json& in, std::string* body) {
  std::vector<AccountDetail> accounts;
  for (const auto& d : in["AccountDetails"]) {
    accounts.push_back({d["AccountId"].get<std::string>(), Optional<std::string>(d, "Email")});
  }
  UnprocessedAccounts unprocessed;
  Status s = sv.membership.CreateMembers(c, accounts, &unprocessed);
  *body = render::UnprocessedOnly(unprocessed);
  return s;
}

Status InviteMembers(Services& sv, const Caller& c, const json& in, std::string* body) {
  return Batch(&Membership::InviteMembers, sv, c, in, body);
}

Status ListMembers(Services& sv, const Caller& c, const json& in, std::string* body) {
  PageRequest page;
  Status s = ReadPageRequest("ListMembers", in, &page);
  if (!s.ok()) return s;
  RelationshipPage members;
  // The API's default is OnlyAssociated=true, and clients omit the parameter unless set.
  s = sv.membership.ListMembers(c, Optional<bool>(in, "OnlyAssociated").value_or(true), page,
                                &members);
  if (s.ok()) {
    *body = render::MemberPage(members.items, EncodeNextToken("ListMembers", AccountKey(members.next_after)));
  }
  return s;
}

Status GetMembers(Services& sv, const Caller& c, const json& in, std::string* body) {
  std::vector<Relationship> members;
  UnprocessedAccounts unprocessed;
  Status s = sv.membership.GetMembers(c, AccountIds(in), &members, &unprocessed);
  *body = render::MembersAndUnprocessed(members, unprocessed);
  return s;
}

Status DisassociateMembers(Services& sv, const Caller& c, const json& in, std::string* body) {
  *body = render::Empty();
  return sv.membership.DisassociateMembers(c, AccountIds(in));
}

Status DeleteMembers(Services& sv, const Caller& c, const json& in, std::string* body) {
  return Batch(&Membership::DeleteMembers, sv, c, in, body);
}

// --- Member side ----------------------------------------------------------------------------------

Status ListInvitations(Services& sv, const Caller& c, const json& in, std::string* body) {
  PageRequest page;
  Status s = ReadPageRequest("ListInvitations", in, &page);
  if (!s.ok()) return s;
  RelationshipPage invitations;
  s = sv.membership.ListInvitations(c, page, &invitations);
  if (s.ok()) {
    *body = render::InvitationPage(invitations.items,
                                   EncodeNextToken("ListInvitations", AccountKey(invitations.next_after)));
  }
  return s;
}

Status GetInvitationsCount(Services& sv, const Caller& c, const json&, std::string* body) {
  int64_t count = 0;
  Status s = sv.membership.GetInvitationsCount(c, &count);
  *body = render::InvitationsCount(count);
  return s;
}

Status DeclineInvitations(Services& sv, const Caller& c, const json& in, std::string* body) {
  return Batch(&Membership::DeclineInvitations, sv, c, in, body);
}

Status DeleteInvitations(Services& sv, const Caller& c, const json& in, std::string* body) {
  return Batch(&Membership::DeleteInvitations, sv, c, in, body);
}

namespace {

// The deprecated Master* operations are exact twins of the Administrator ones; only the name
// of one member differs.
Status Accept(const char* administrator_member, Services& sv, const Caller& c, const json& in,
              std::string* body) {
  *body = render::Empty();
  return sv.membership.AcceptInvitation(c, in[administrator_member].get<std::string>(),
                                        in["InvitationId"].get<std::string>());
}

Status GetAdministrator(const char* output_member, Services& sv, const Caller& c,
                        std::string* body) {
  std::optional<Relationship> administrator;
  Status s = sv.membership.GetAdministrator(c, &administrator);
  if (s.ok()) *body = render::AdministratorOf(output_member, administrator);
  return s;
}

}  // namespace

Status AcceptAdministratorInvitation(Services& sv, const Caller& c, const json& in,
                                     std::string* body) {
  return Accept("AdministratorId", sv, c, in, body);
}

Status AcceptInvitation(Services& sv, const Caller& c, const json& in, std::string* body) {
  return Accept("MasterId", sv, c, in, body);
}

Status GetAdministratorAccount(Services& sv, const Caller& c, const json&, std::string* body) {
  return GetAdministrator("Administrator", sv, c, body);
}

Status GetMasterAccount(Services& sv, const Caller& c, const json&, std::string* body) {
  return GetAdministrator("Master", sv, c, body);
}

Status DisassociateFromAdministratorAccount(Services& sv, const Caller& c, const json&,
                                            std::string* body) {
  *body = render::Empty();
  return sv.membership.DisassociateFromAdministrator(c);
}

// --- Organizations ----------------------------------------------------------------------------

namespace {

// The model's Feature enum also has SecurityHubV2, a different product this mock does not
// model; an unknown value never gets here (the model's enum validation refuses it).
Status ReadFeature(const std::string& operation, const json& in, std::string* feature) {
  *feature = Optional<std::string>(in, "Feature").value_or("SecurityHub");
  if (*feature == "SecurityHub") return Status::OK();
  return Status::Error(ErrorCode::kNotImplemented,
                       operation + " with Feature " + *feature + " is not implemented by "
                       "securityhub-mock; it models the SecurityHub feature only.");
}

}  // namespace

Status EnableOrganizationAdminAccount(Services& sv, const Caller& c, const json& in,
                                      std::string* body) {
  std::string feature;
  Status s = ReadFeature("EnableOrganizationAdminAccount", in, &feature);
  if (!s.ok()) return s;
  const std::string admin = in["AdminAccountId"].get<std::string>();
  s = sv.organizations.EnableAdminAccount(c, admin);
  if (s.ok()) *body = render::EnabledAdminAccount(admin, feature);
  return s;
}

Status DisableOrganizationAdminAccount(Services& sv, const Caller& c, const json& in,
                                       std::string* body) {
  std::string feature;
  Status s = ReadFeature("DisableOrganizationAdminAccount", in, &feature);
  if (!s.ok()) return s;
  *body = render::Empty();
  return sv.organizations.DisableAdminAccount(c, in["AdminAccountId"].get<std::string>());
}

Status ListOrganizationAdminAccounts(Services& sv, const Caller& c, const json& in,
                                     std::string* body) {
  std::string feature;
  Status s = ReadFeature("ListOrganizationAdminAccounts", in, &feature);
  if (!s.ok()) return s;
  PageRequest page;
  s = ReadPageRequest("ListOrganizationAdminAccounts", in, &page);
  if (!s.ok()) return s;
  if (!Has(in, "MaxResults")) page.max_results = 10;  // decision 13: this operation's maximum
  AdminAccountPage admins;
  s = sv.organizations.ListAdminAccounts(c, page, &admins);
  if (s.ok()) {
    *body = render::AdminAccountPage(
        admins.items, EncodeNextToken("ListOrganizationAdminAccounts", AccountKey(admins.next_after)));
  }
  return s;
}

Status DescribeOrganizationConfiguration(Services& sv, const Caller& c, const json&,
                                         std::string* body) {
  OrganizationConfiguration configuration;
  Status s = sv.organizations.DescribeConfiguration(c, &configuration);
  if (s.ok()) *body = render::OrganizationConfigurationOf(configuration);
  return s;
}

Status UpdateOrganizationConfiguration(Services& sv, const Caller& c, const json& in,
                                       std::string* body) {
  OrganizationConfigurationUpdate update;
  update.auto_enable = in["AutoEnable"].get<bool>();
  if (auto standards = Optional<std::string>(in, "AutoEnableStandards")) {
    update.auto_enable_standards =
        *standards == "NONE" ? AutoEnableStandards::kNone : AutoEnableStandards::kDefault;
  }
  if (Has(in, "OrganizationConfiguration")) {
    if (auto type = Optional<std::string>(in["OrganizationConfiguration"], "ConfigurationType")) {
      update.configuration_type =
          *type == "CENTRAL" ? ConfigurationType::kCentral : ConfigurationType::kLocal;
    }
  }
  *body = render::Empty();
  return sv.organizations.UpdateConfiguration(c, update);
}

}  // namespace handlers
}  // namespace shmock
