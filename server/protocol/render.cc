#include "protocol/render.h"

#include "base/json_writer.h"
#include "shmock/hubs.h"

namespace shmock {
namespace render {
namespace {

// Bytes reserved per rendered relationship: a Member with an e-mail and both timestamps is
// about 190, so a page is written without growing its buffer.
constexpr size_t kBytesPerItem = 224;

// The administrator's view of a relationship (shape Member).
void WriteMember(const Relationship& r, JsonWriter& w) {
  w.BeginObject();
  w.Key("AccountId");
  w.String(r.member_id);
  if (r.email) {
    w.Key("Email");
    w.String(*r.email);
  }
  w.Key("MasterId");
  w.String(r.administrator_id);
  w.Key("AdministratorId");
  w.String(r.administrator_id);
  w.Key("MemberStatus");
  w.String(MemberStatusName(r.status));
  if (r.invited_at) {
    w.Key("InvitedAt");
    w.Timestamp(*r.invited_at);
  }
  w.Key("UpdatedAt");
  w.Timestamp(r.updated_at);
  w.EndObject();
}

// The member's view of a relationship (shape Invitation). An organization membership had no
// invitation, so it has no InvitationId (behavior.md §6.10).
void WriteInvitation(const Relationship& r, JsonWriter& w) {
  w.BeginObject();
  w.Key("AccountId");
  w.String(r.administrator_id);
  if (!r.invitation_id.empty()) {
    w.Key("InvitationId");
    w.String(r.invitation_id);
  }
  if (r.invited_at) {
    w.Key("InvitedAt");
    w.Timestamp(*r.invited_at);
  }
  w.Key("MemberStatus");
  w.String(MemberStatusName(r.status));
  w.EndObject();
}

void WriteList(const char* key, const std::vector<Relationship>& items,
               void (*write_item)(const Relationship&, JsonWriter&), JsonWriter& w) {
  w.Key(key);
  w.BeginArray();
  for (const Relationship& r : items) write_item(r, w);
  w.EndArray();
}

void WriteUnprocessed(const UnprocessedAccounts& unprocessed, JsonWriter& w) {
  w.Key("UnprocessedAccounts");
  w.BeginArray();
  for (const auto& u : unprocessed) {
    w.BeginObject();
    w.Key("AccountId");
    w.String(u.account_id);
    w.Key("ProcessingResult");
    w.String(u.processing_result);
    w.EndObject();
  }
  w.EndArray();
}

std::string Page(const char* key, const std::vector<Relationship>& items,
                 void (*write_item)(const Relationship&, JsonWriter&),
                 const std::string& next_token) {
  JsonWriter w(64 + next_token.size() + kBytesPerItem * items.size());
  w.BeginObject();
  WriteList(key, items, write_item, w);
  if (!next_token.empty()) {
    w.Key("NextToken");
    w.String(next_token);
  }
  w.EndObject();
  return w.Take();
}

}  // namespace

std::string Empty() { return "{}"; }

std::string Error(const char* code, const std::string& message) {
  JsonWriter w(32 + message.size());
  w.BeginObject();
  w.Key("Code");
  w.String(code);
  w.Key("Message");
  w.String(message);
  w.EndObject();
  return w.Take();
}

std::string HubDescription(const Hub& hub) {
  JsonWriter w;
  w.BeginObject();
  w.Key("HubArn");
  w.String(Hubs::HubArn(hub.region, hub.account_id));
  w.Key("SubscribedAt");
  w.Timestamp(hub.subscribed_at);
  w.Key("AutoEnableControls");
  w.Bool(hub.auto_enable_controls);
  w.Key("ControlFindingGenerator");
  w.String(hub.control_finding_generator);
  w.EndObject();
  return w.Take();
}

std::string UnprocessedOnly(const UnprocessedAccounts& unprocessed) {
  JsonWriter w(32 + 64 * unprocessed.size());
  w.BeginObject();
  WriteUnprocessed(unprocessed, w);
  w.EndObject();
  return w.Take();
}

std::string MemberPage(const std::vector<Relationship>& members, const std::string& next_token) {
  return Page("Members", members, WriteMember, next_token);
}

std::string MembersAndUnprocessed(const std::vector<Relationship>& members,
                                  const UnprocessedAccounts& unprocessed) {
  JsonWriter w(64 + kBytesPerItem * members.size() + 64 * unprocessed.size());
  w.BeginObject();
  WriteList("Members", members, WriteMember, w);
  WriteUnprocessed(unprocessed, w);
  w.EndObject();
  return w.Take();
}

std::string InvitationPage(const std::vector<Relationship>& invitations,
                           const std::string& next_token) {
  return Page("Invitations", invitations, WriteInvitation, next_token);
}

std::string InvitationsCount(int64_t count) {
  JsonWriter w(32);
  w.BeginObject();
  w.Key("InvitationsCount");
  w.Int(count);
  w.EndObject();
  return w.Take();
}

std::string AdministratorOf(const char* member_name,
                            const std::optional<Relationship>& administrator) {
  if (!administrator) return Empty();
  JsonWriter w;
  w.BeginObject();
  w.Key(member_name);
  WriteInvitation(*administrator, w);
  w.EndObject();
  return w.Take();
}

std::string EnabledAdminAccount(const std::string& admin_account_id, const std::string& feature) {
  JsonWriter w;
  w.BeginObject();
  w.Key("AdminAccountId");
  w.String(admin_account_id);
  w.Key("Feature");
  w.String(feature);
  w.EndObject();
  return w.Take();
}

std::string AdminAccountPage(const std::vector<DelegatedAdministrator>& admins,
                             const std::string& next_token) {
  JsonWriter w;
  w.BeginObject();
  w.Key("AdminAccounts");
  w.BeginArray();
  for (const DelegatedAdministrator& a : admins) {
    w.BeginObject();
    w.Key("AccountId");
    w.String(a.account_id);
    w.Key("Status");
    w.String(AdminStatusName(a.status));
    w.EndObject();
  }
  w.EndArray();
  if (!next_token.empty()) {
    w.Key("NextToken");
    w.String(next_token);
  }
  w.EndObject();
  return w.Take();
}

std::string OrganizationConfigurationOf(const OrganizationConfiguration& c) {
  // No member quota is modeled, so the limit is never reached. Both configuration types take
  // effect at once (decision 19), so the status is always ENABLED.
  JsonWriter w;
  w.BeginObject();
  w.Key("AutoEnable");
  w.Bool(c.auto_enable);
  w.Key("MemberAccountLimitReached");
  w.Bool(false);
  w.Key("AutoEnableStandards");
  w.String(AutoEnableStandardsName(c.auto_enable_standards));
  w.Key("OrganizationConfiguration");
  w.BeginObject();
  w.Key("ConfigurationType");
  w.String(ConfigurationTypeName(c.configuration_type));
  w.Key("Status");
  w.String("ENABLED");
  w.EndObject();
  w.EndObject();
  return w.Take();
}

std::string FindingAggregatorOf(const FindingAggregatorView& a) {
  JsonWriter w(160 + 16 * a.regions.size());
  w.BeginObject();
  w.Key("FindingAggregatorArn");
  w.String(a.arn);
  w.Key("FindingAggregationRegion");
  w.String(a.home_region);
  w.Key("RegionLinkingMode");
  w.String(a.linking_mode);
  if (!a.regions.empty()) {
    w.Key("Regions");
    w.BeginArray();
    for (const std::string& r : a.regions) w.String(r);
    w.EndArray();
  }
  w.EndObject();
  return w.Take();
}

std::string FindingAggregatorList(const std::vector<std::string>& arns) {
  JsonWriter w(64 + 128 * arns.size());
  w.BeginObject();
  w.Key("FindingAggregators");
  w.BeginArray();
  for (const std::string& arn : arns) {
    w.BeginObject();
    w.Key("FindingAggregatorArn");
    w.String(arn);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace render
}  // namespace shmock
