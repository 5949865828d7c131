// Organizations-managed membership through the domain API (behavior.md §2.4 rows O1-O9 and
// decisions 17-20), on both stores. The table walks one organization through the landing-zone
// flow; after each row the state of the Region is compared as one line (Snapshot).
#include "shmock/organizations.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "memory_store.h"
#include "shmock/hubs.h"
#include "shmock/membership.h"

namespace shmock {
namespace {

// The organization: management account M; accounts A (the future delegated administrator),
// O2, OA (an invitation administrator), O5 (OA's member) and suspended S. X and Y are outside.
const std::map<std::string, std::string> kNames = {
    {"100000000001", "M"},  {"111111111111", "A"},  {"222222222222", "O2"},
    {"333333333333", "S"},  {"444444444444", "OA"}, {"555555555555", "O5"},
    {"666666666666", "Y"},  {"777777777777", "N"},  {"888888888888", "P"},
    {"999999999999", "X"}};
const char M[] = "100000000001", A[] = "111111111111", O2[] = "222222222222",
           S[] = "333333333333", OA[] = "444444444444", O5[] = "555555555555",
           Y[] = "666666666666", N[] = "777777777777", P[] = "888888888888",
           X[] = "999999999999";
const char kRegion[] = "us-east-1";
const char kOtherRegion[] = "eu-west-1";

Caller As(const std::string& account, const std::string& region = kRegion) { return {account, region}; }
std::string Name(const std::string& id) {
  auto it = kNames.find(id);
  return it == kNames.end() ? id : it->second;
}

class OrganizationsTest : public ::testing::TestWithParam<std::string> {
 public:
  void SetUp() override {
    store_ = NewTestStore(GetParam());
    ASSERT_NE(store_, nullptr) << GetParam();
    hubs_ = std::make_unique<Hubs>(*store_, clock_);
    membership_ = std::make_unique<Membership>(*store_, clock_);
    organizations_ = std::make_unique<Organizations>(*store_, clock_);
  }

  void DeclareOrganization() {
    ASSERT_TRUE(organizations_->Seed({M, {A, O2, OA, O5}, {S}, {}}).ok());
  }
  void Enable(const std::string& account, const std::string& region = kRegion) {
    ASSERT_TRUE(hubs_->EnableSecurityHub(As(account, region), {}).ok());
  }
  // `admin` adds, invites and `member` accepts: an invitation-based Enabled member.
  void Associate(const std::string& admin, const std::string& member) {
    UnprocessedAccounts u;
    ASSERT_TRUE(membership_->CreateMembers(As(admin), {{member, "m@example.com"}}, &u).ok());
    ASSERT_TRUE(membership_->InviteMembers(As(admin), {member}, &u).ok());
    ASSERT_TRUE(u.empty());
    RelationshipPage invitations;
    ASSERT_TRUE(membership_->ListInvitations(As(member), {}, &invitations).ok());
    ASSERT_EQ(invitations.items.size(), 1u);
    ASSERT_TRUE(membership_->AcceptInvitation(As(member), admin, invitations.items[0].invitation_id).ok());
  }

  // The Region's organization state in one line: the designation and its configuration as
  // stored, A's members as ListMembers(OnlyAssociated=false) shows them (id:Status:origin,
  // +email when stored), and O2's member-side views and hub.
  std::string Snapshot(const std::string& region = kRegion) {
    std::string out;
    store_->Run(Store::Access::kRead, [&](StoreTransaction& tx) {
      auto admin = tx.organization().FindDelegatedAdministrator(region);
      if (!admin) {
        out = "admin=-";
      } else {
        const OrganizationConfiguration& c = admin->configuration;
        out = "admin=" + Name(admin->account_id) + ":" + AdminStatusName(admin->status) +
              " config=" + (c.auto_enable ? "on," : "off,") +
              AutoEnableStandardsName(c.auto_enable_standards) + "," +
              ConfigurationTypeName(c.configuration_type);
      }
      return Status::OK();
    });
    out += " | A:";
    RelationshipPage members;
    if (membership_->ListMembers(As(A, region), false, {}, &members).ok()) {
      for (const Relationship& r : members.items) {
        out += std::string(" ") + Name(r.member_id) + ":" + MemberStatusName(r.status) + ":" +
               (r.origin == MembershipOrigin::kOrganization ? "org" : "inv") +
               (r.email ? "+email" : "");
      }
    } else {
      out += " nohub";
    }
    out += " | O2:";
    std::optional<Relationship> administrator;
    int64_t count = -1;
    if (membership_->GetAdministrator(As(O2, region), &administrator).ok() &&
        membership_->GetInvitationsCount(As(O2, region), &count).ok()) {
      out += " admin=" + (administrator ? Name(administrator->administrator_id) : "-") +
             " invitations=" + std::to_string(count);
    } else {
      out += " nohub";
    }
    return out;
  }

  // ListOrganizationAdminAccounts as `caller`, as "A:ENABLED" entries.
  std::string ListAdmins(const std::string& caller = M, const std::string& region = kRegion) {
    AdminAccountPage page;
    Status s = organizations_->ListAdminAccounts(As(caller, region), {}, &page);
    if (!s.ok()) return ErrorCodeName(s.code());
    std::string out;
    for (const auto& a : page.items) out += Name(a.account_id) + ":" + AdminStatusName(a.status) + " ";
    return out.empty() ? "-" : out.substr(0, out.size() - 1);
  }

  FakeClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Hubs> hubs_;
  std::unique_ptr<Membership> membership_;
  std::unique_ptr<Organizations> organizations_;
};

// One step of the flow: what it does, how the call as a whole ends, the single
// ProcessingResult it reports (a substring, "" for none), and the Region's state after it.
struct Row {
  const char* what;
  std::function<Status(OrganizationsTest&, std::string* refusal)> act;
  ErrorCode code;
  const char* refusal;
  const char* snapshot;
};

using Act = std::function<Status(OrganizationsTest&, std::string* refusal)>;

Act Create(const char* caller, const char* id, std::optional<std::string> email = std::nullopt) {
  return [=](OrganizationsTest& t, std::string* refusal) {
    UnprocessedAccounts u;
    Status s = t.membership_->CreateMembers(As(caller), {{id, email}}, &u);
    if (!u.empty()) *refusal = u[0].processing_result;
    return s;
  };
}
using BatchCall = Status (Membership::*)(const Caller&, const std::vector<std::string>&,
                                         UnprocessedAccounts*);
Act Batch(BatchCall call, const char* caller, const char* id) {
  return [=](OrganizationsTest& t, std::string* refusal) {
    UnprocessedAccounts u;
    Status s = (t.membership_.get()->*call)(As(caller), {id}, &u);
    if (!u.empty()) *refusal = u[0].processing_result;
    return s;
  };
}
Act Designate(const char* caller, const char* id, const char* region = kRegion) {
  return [=](OrganizationsTest& t, std::string*) {
    return t.organizations_->EnableAdminAccount(As(caller, region), id);
  };
}
Act Undesignate(const char* caller, const char* id) {
  return [=](OrganizationsTest& t, std::string*) {
    return t.organizations_->DisableAdminAccount(As(caller), id);
  };
}
Act Configure(const char* caller, bool auto_enable,
              std::optional<AutoEnableStandards> standards = std::nullopt,
              std::optional<ConfigurationType> type = std::nullopt) {
  return [=](OrganizationsTest& t, std::string*) {
    return t.organizations_->UpdateConfiguration(As(caller), {auto_enable, standards, type});
  };
}
// Adds `id` to the organization; the refusal column holds the auto-enabled Regions.
Act Join(const char* id) {
  return [=](OrganizationsTest& t, std::string* regions) {
    std::vector<std::string> enabled;
    Status s = t.organizations_->AddAccount(id, &enabled);
    for (const auto& r : enabled) *regions += r;
    return s;
  };
}

TEST_P(OrganizationsTest, EveryRowOfTheOrganizationsTable) {
  DeclareOrganization();
  Enable(A);
  Enable(O2);
  Enable(OA);
  Enable(O5);
  Associate(A, O2);  // A is an invitation administrator of O2 before the designation
  Associate(OA, O5);
  UnprocessedAccounts u;
  ASSERT_TRUE(membership_->CreateMembers(As(A), {{X, std::nullopt}}, &u).ok());
  ASSERT_TRUE(membership_->InviteMembers(As(A), {X}, &u).ok());

  const ErrorCode ok = ErrorCode::kOk, input = ErrorCode::kInvalidInput,
                  denied = ErrorCode::kAccessDenied, access = ErrorCode::kInvalidAccess,
                  bad = ErrorCode::kBadRequest;
  const char kBefore[] = "admin=- | A: O2:Enabled:inv+email X:Invited:inv | O2: admin=A invitations=0";
  const char kDesignated[] = "admin=A:ENABLED config=off,DEFAULT,LOCAL | A: O2:Enabled:org X:Invited:inv | O2: admin=A invitations=0";
  const char kAuto[] = "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: O2:Enabled:org X:Invited:inv | O2: admin=A invitations=0";

  const std::vector<Row> rows = {
      {"decision 17: only the management account lists administrators", [](OrganizationsTest& t, std::string*) {
         AdminAccountPage page;
         return t.organizations_->ListAdminAccounts(As(A), {}, &page);
       }, denied, "", kBefore},
      {"refused: a call from the wrong account", Designate(A, A), denied, "", kBefore},
      {"refused: designating an account outside the organization", Designate(M, X), input, "", kBefore},
      {"refused: a malformed account id", Designate(M, "12345"), input, "", kBefore},
      {"refused: a suspended account", Designate(M, S), input, "", kBefore},
      {"refused: an Enabled member of another administrator", Designate(M, O5), input, "", kBefore},
      {"refused: the configuration before any designation", Configure(A, true), access, "", kBefore},
      {"O1 designation; A's organization member becomes an organization member", Designate(M, A), ok, "", kDesignated},
      {"O1a the same account again: conflict (decision 18)", Designate(M, A), ErrorCode::kResourceConflict, "", kDesignated},
      {"decision 18: a second administrator in the Region", Designate(M, OA), input, "", kDesignated},
      {"decision 18: a different administrator in another Region", Designate(M, OA, kOtherRegion), input, "", kDesignated},
      {"the same administrator in another Region", Designate(M, A, kOtherRegion), ok, "", kDesignated},
      {"refused: configuration by another account (401)", Configure(OA, true), access, "", kDesignated},
      {"O4 AutoEnable on", Configure(A, true), ok, "", kAuto},
      {"decision 19: CENTRAL with AutoEnable is refused", Configure(A, true, std::nullopt, ConfigurationType::kCentral), input, "", kAuto},
      {"decision 19: CENTRAL with DEFAULT standards is refused", Configure(A, false, AutoEnableStandards::kDefault, ConfigurationType::kCentral), input, "", kAuto},
      {"CENTRAL: AutoEnable off, standards NONE", Configure(A, false, std::nullopt, ConfigurationType::kCentral), ok, "",
       "admin=A:ENABLED config=off,NONE,CENTRAL | A: O2:Enabled:org X:Invited:inv | O2: admin=A invitations=0"},
      {"under CENTRAL AutoEnable stays off", Configure(A, true), input, "",
       "admin=A:ENABLED config=off,NONE,CENTRAL | A: O2:Enabled:org X:Invited:inv | O2: admin=A invitations=0"},
      {"decision 19: back to LOCAL with AutoEnable in one call", Configure(A, true, AutoEnableStandards::kDefault, ConfigurationType::kLocal), ok, "", kAuto},
      {"refused: an organization account that administers members of its own", Create(A, OA), ok,
       "is an administrator account that still has created, invited or associated members", kAuto},
      {"O3a a suspended account becomes AccountSuspended", Create(A, S), ok, "",
       "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: O2:Enabled:org S:AccountSuspended:org X:Invited:inv | O2: admin=A invitations=0"},
      {"O3 the management account without a hub is refused", Create(A, M), ok, "must enable Security Hub itself", 
       "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: O2:Enabled:org S:AccountSuspended:org X:Invited:inv | O2: admin=A invitations=0"},
      {"O3b an account of another administrator is refused", Create(A, O5), ok, "already a member of another administrator account",
       "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: O2:Enabled:org S:AccountSuspended:org X:Invited:inv | O2: admin=A invitations=0"},
      {"1a an organization member again", Create(A, O2), ok, "already a member or associated member",
       "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: O2:Enabled:org S:AccountSuspended:org X:Invited:inv | O2: admin=A invitations=0"},
      {"O3 an organization account is Enabled at once, without its Email", [](OrganizationsTest& t, std::string* refusal) {
         t.Enable(M);
         return Create(A, M, "m@example.com")(t, refusal);
       }, ok, "", "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: M:Enabled:org O2:Enabled:org S:AccountSuspended:org X:Invited:inv | O2: admin=A invitations=0"},
      {"an account outside the organization follows the invitation lifecycle", Create(A, Y, "y@example.com"), ok, "",
       "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: M:Enabled:org O2:Enabled:org S:AccountSuspended:org Y:Created:inv+email X:Invited:inv | O2: admin=A invitations=0"},
      {"O6 DeleteMembers refuses an organization member", Batch(&Membership::DeleteMembers, A, O2), ok,
       "You can't invoke this API to delete accounts that belong to an Organizations organization.",
       "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: M:Enabled:org O2:Enabled:org S:AccountSuspended:org Y:Created:inv+email X:Invited:inv | O2: admin=A invitations=0"},
      {"O7 an organization member cannot disassociate itself", [](OrganizationsTest& t, std::string*) {
         return t.membership_->DisassociateFromAdministrator(As(O2));
       }, bad, "", "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: M:Enabled:org O2:Enabled:org S:AccountSuspended:org Y:Created:inv+email X:Invited:inv | O2: admin=A invitations=0"},
      {"an organization member cannot disable its hub", [](OrganizationsTest& t, std::string*) {
         return t.hubs_->DisableSecurityHub(As(O2));
       }, input, "", "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: M:Enabled:org O2:Enabled:org S:AccountSuspended:org Y:Created:inv+email X:Invited:inv | O2: admin=A invitations=0"},
      {"O9 the delegated administrator cannot disable its hub", [](OrganizationsTest& t, std::string*) {
         Status s = t.hubs_->DisableSecurityHub(As(A));
         EXPECT_EQ(s.message(), "Cannot disable Security Hub on the Security Hub administrator");
         return s;
       }, input, "", "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: M:Enabled:org O2:Enabled:org S:AccountSuspended:org Y:Created:inv+email X:Invited:inv | O2: admin=A invitations=0"},
      {"O5 DisassociateMembers: Removed", [](OrganizationsTest& t, std::string*) {
         return t.membership_->DisassociateMembers(As(A), {O2});
       }, ok, "", "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: M:Enabled:org O2:Removed:org S:AccountSuspended:org Y:Created:inv+email X:Invited:inv | O2: admin=- invitations=0"},
      {"decision 20: DeleteMembers still refused once Removed", Batch(&Membership::DeleteMembers, A, O2), ok, "belong to an Organizations organization",
       "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: M:Enabled:org O2:Removed:org S:AccountSuspended:org Y:Created:inv+email X:Invited:inv | O2: admin=- invitations=0"},
      {"an organization member is not invited", Batch(&Membership::InviteMembers, A, O2), ok, "enabled with CreateMembers, not invited",
       "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: M:Enabled:org O2:Removed:org S:AccountSuspended:org Y:Created:inv+email X:Invited:inv | O2: admin=- invitations=0"},
      {"O5 CreateMembers enables it again", Create(A, O2), ok, "",
       "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: M:Enabled:org O2:Enabled:org S:AccountSuspended:org Y:Created:inv+email X:Invited:inv | O2: admin=A invitations=0"},
      {"O4 an account joining is enabled where AutoEnable is on", Join(N), ok, "us-east-1",
       "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: M:Enabled:org O2:Enabled:org S:AccountSuspended:org Y:Created:inv+email N:Enabled:org X:Invited:inv | O2: admin=A invitations=0"},
      {"refused: adding an account already in the organization", Join(N), ErrorCode::kResourceConflict, "",
       "admin=A:ENABLED config=on,DEFAULT,LOCAL | A: M:Enabled:org O2:Enabled:org S:AccountSuspended:org Y:Created:inv+email N:Enabled:org X:Invited:inv | O2: admin=A invitations=0"},
      {"AutoEnable off", Configure(A, false), ok, "",
       "admin=A:ENABLED config=off,DEFAULT,LOCAL | A: M:Enabled:org O2:Enabled:org S:AccountSuspended:org Y:Created:inv+email N:Enabled:org X:Invited:inv | O2: admin=A invitations=0"},
      {"without AutoEnable a joining account stays outside", Join(P), ok, "",
       "admin=A:ENABLED config=off,DEFAULT,LOCAL | A: M:Enabled:org O2:Enabled:org S:AccountSuspended:org Y:Created:inv+email N:Enabled:org X:Invited:inv | O2: admin=A invitations=0"},
      {"refused: removal by another account", Undesignate(A, A), denied, "",
       "admin=A:ENABLED config=off,DEFAULT,LOCAL | A: M:Enabled:org O2:Enabled:org S:AccountSuspended:org Y:Created:inv+email N:Enabled:org X:Invited:inv | O2: admin=A invitations=0"},
      {"refused: removing an account that is not the administrator", Undesignate(M, OA), ErrorCode::kResourceNotFound, "",
       "admin=A:ENABLED config=off,DEFAULT,LOCAL | A: M:Enabled:org O2:Enabled:org S:AccountSuspended:org Y:Created:inv+email N:Enabled:org X:Invited:inv | O2: admin=A invitations=0"},
      {"O2 removal: organization members go, invitation members stay", Undesignate(M, A), ok, "",
       "admin=A:DISABLE_IN_PROGRESS config=off,DEFAULT,LOCAL | A: Y:Created:inv+email X:Invited:inv | O2: admin=- invitations=0"},
      {"O2 the entry shows DISABLE_IN_PROGRESS once", [](OrganizationsTest& t, std::string*) {
         EXPECT_EQ(t.ListAdmins(), "A:DISABLE_IN_PROGRESS");
         return Status::OK();
       }, ok, "", "admin=- | A: Y:Created:inv+email X:Invited:inv | O2: admin=- invitations=0"},
      {"then it is gone", [](OrganizationsTest& t, std::string*) {
         EXPECT_EQ(t.ListAdmins(), "-");
         return Status::OK();
       }, ok, "", "admin=- | A: Y:Created:inv+email X:Invited:inv | O2: admin=- invitations=0"},
      {"the former administrator's configuration is refused", Configure(A, true), access, "",
       "admin=- | A: Y:Created:inv+email X:Invited:inv | O2: admin=- invitations=0"},
      {"O9 after the removal A may disable its hub", [](OrganizationsTest& t, std::string*) {
         return t.hubs_->DisableSecurityHub(As(A));
       }, ok, "", "admin=- | A: nohub | O2: admin=- invitations=0"},
  };

  for (const Row& row : rows) {
    SCOPED_TRACE(row.what);
    std::string refusal;
    Status s = row.act(*this, &refusal);
    EXPECT_EQ(s.code(), row.code) << s.message();
    if (*row.refusal == '\0') {
      EXPECT_EQ(refusal, "");
    } else {
      EXPECT_NE(refusal.find(row.refusal), std::string::npos) << refusal;
    }
    EXPECT_EQ(Snapshot(), row.snapshot);
    clock_.Advance(1000);
  }

  // The former members keep their hubs (O2), and the other Region kept its own designation.
  Hub hub;
  EXPECT_TRUE(hubs_->DescribeHub(As(O2), std::nullopt, &hub).ok());
  EXPECT_TRUE(hubs_->DescribeHub(As(N), std::nullopt, &hub).ok());
  EXPECT_EQ(ListAdmins(M, kOtherRegion), "A:ENABLED");
}

TEST_P(OrganizationsTest, OrganizationMembersHaveNoInvitationAndNoEmail) {
  DeclareOrganization();
  ASSERT_TRUE(organizations_->EnableAdminAccount(As(M), A).ok());
  Hub hub;
  ASSERT_TRUE(hubs_->DescribeHub(As(A), std::nullopt, &hub).ok()) << "designation enables the hub";
  EXPECT_EQ(hubs_->DescribeHub(As(O2), std::nullopt, &hub).code(), ErrorCode::kInvalidAccess);
  UnprocessedAccounts u;
  const Millis now = clock_.NowMillis();
  ASSERT_TRUE(membership_->CreateMembers(As(A), {{O2, "o2@example.com"}}, &u).ok());
  EXPECT_TRUE(u.empty());
  ASSERT_TRUE(hubs_->DescribeHub(As(O2), std::nullopt, &hub).ok()) << "the member's hub is enabled";
  EXPECT_EQ(hub.subscribed_at, now);
  std::vector<Relationship> members;
  ASSERT_TRUE(membership_->GetMembers(As(A), {O2}, &members, &u).ok());
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].status, MemberStatus::kEnabled);
  EXPECT_EQ(members[0].email, std::nullopt);
  EXPECT_EQ(members[0].invited_at, std::nullopt);
  EXPECT_EQ(members[0].invitation_id, "");
  RelationshipPage invitations;
  ASSERT_TRUE(membership_->ListInvitations(As(O2), {}, &invitations).ok());
  EXPECT_TRUE(invitations.items.empty()) << "O8: no invitation for organization membership";
  std::optional<Relationship> administrator;
  ASSERT_TRUE(membership_->GetAdministrator(As(O2), &administrator).ok());
  ASSERT_TRUE(administrator.has_value());
  EXPECT_EQ(administrator->administrator_id, A);
  EXPECT_EQ(administrator->status, MemberStatus::kEnabled);

  OrganizationConfiguration c;
  ASSERT_TRUE(organizations_->DescribeConfiguration(As(A), &c).ok());
  EXPECT_FALSE(c.auto_enable);
  EXPECT_EQ(c.auto_enable_standards, AutoEnableStandards::kDefault);
  EXPECT_EQ(c.configuration_type, ConfigurationType::kLocal);
  Status s = organizations_->DescribeConfiguration(As(O2), &c);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidAccess);
  EXPECT_EQ(s.message(), "Account 222222222222 is not an administrator for this organization");
  s = organizations_->DescribeConfiguration(As(OA), &c);
  EXPECT_EQ(s.message(), "Account 444444444444 is not subscribed to AWS Security Hub");
}

// §2.4 O3a: suspension does not change a member that is already Enabled. Here S was an
// invitation member of A before A's designation; it stays Enabled as an organization member.
TEST_P(OrganizationsTest, ASuspendedAccountAlreadyEnabledStaysEnabled) {
  DeclareOrganization();
  Enable(A);
  Enable(S);
  Associate(A, S);
  ASSERT_TRUE(organizations_->EnableAdminAccount(As(M), A).ok());
  std::vector<Relationship> members;
  UnprocessedAccounts u;
  ASSERT_TRUE(membership_->GetMembers(As(A), {S}, &members, &u).ok());
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].status, MemberStatus::kEnabled);
  EXPECT_EQ(members[0].origin, MembershipOrigin::kOrganization);
  EXPECT_EQ(members[0].email, std::nullopt) << "organization members carry no Email";
}

TEST_P(OrganizationsTest, WithoutAnOrganizationEveryAccountIsOutsideOne) {
  Enable(A);
  for (const char* caller : {M, A}) {
    AdminAccountPage page;
    Status s = organizations_->ListAdminAccounts(As(caller), {}, &page);
    EXPECT_EQ(s.code(), ErrorCode::kAccessDenied);
    EXPECT_EQ(s.message(), "Your account is not a member of an organization.");
    EXPECT_EQ(organizations_->EnableAdminAccount(As(caller), A).code(), ErrorCode::kAccessDenied);
    EXPECT_EQ(organizations_->DisableAdminAccount(As(caller), A).code(), ErrorCode::kAccessDenied);
  }
  OrganizationConfiguration c;
  EXPECT_EQ(organizations_->DescribeConfiguration(As(A), &c).code(), ErrorCode::kInvalidAccess);
  std::vector<std::string> regions;
  EXPECT_EQ(organizations_->AddAccount(N, &regions).code(), ErrorCode::kInvalidInput);
  // An account outside the organization, asking the organization's management account.
  DeclareOrganization();
  AdminAccountPage page;
  EXPECT_EQ(organizations_->ListAdminAccounts(As(X), {}, &page).message(),
            "Your account is not a member of an organization.");
  EXPECT_TRUE(organizations_->ListAdminAccounts(As(M), {}, &page).ok()) << "decision 17: no hub needed";
}

TEST_P(OrganizationsTest, LeavingTheOrganizationEndsItsMembershipsOnly) {
  DeclareOrganization();
  ASSERT_TRUE(organizations_->EnableAdminAccount(As(M), A).ok());
  ASSERT_TRUE(organizations_->UpdateConfiguration(As(A), {true, std::nullopt, std::nullopt}).ok());
  std::vector<std::string> regions;
  ASSERT_TRUE(organizations_->AddAccount(N, &regions).ok());
  EXPECT_EQ(regions, std::vector<std::string>{kRegion});
  EXPECT_EQ(organizations_->RemoveAccount(A).code(), ErrorCode::kInvalidInput) << "the administrator";
  EXPECT_EQ(organizations_->RemoveAccount(M).code(), ErrorCode::kInvalidInput) << "the management account";
  EXPECT_EQ(organizations_->RemoveAccount(X).code(), ErrorCode::kResourceNotFound);
  ASSERT_TRUE(organizations_->RemoveAccount(N).ok());
  std::optional<Relationship> administrator;
  ASSERT_TRUE(membership_->GetAdministrator(As(N), &administrator).ok()) << "it keeps its hub";
  EXPECT_FALSE(administrator.has_value());
  EXPECT_NE(organizations_->EnableAdminAccount(As(M), N).message().find("is not a member of this organization"),
            std::string::npos);
}

TEST_P(OrganizationsTest, SeedRefusesAnImpossibleOrganization) {
  EXPECT_EQ(organizations_->Seed({"12345", {}, {}, {}}).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(organizations_->Seed({M, {"nope"}, {}, {}}).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(organizations_->Seed({M, {}, {M}, {}}).code(), ErrorCode::kInvalidInput);
  AdminAccountPage page;
  EXPECT_EQ(organizations_->ListAdminAccounts(As(M), {}, &page).code(), ErrorCode::kAccessDenied)
      << "a refused seed changes nothing";
}

INSTANTIATE_TEST_SUITE_P(Stores, OrganizationsTest, ::testing::Values("memory", "sqlite"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace shmock
