// The membership state machine through the domain API, with a fake clock. Every test runs on
// both stores (the in-memory map and SQLite), which must behave identically.
#include "shmock/membership.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>

#include "memory_store.h"
#include "shmock/hubs.h"

namespace shmock {
namespace {

const char kAdmin[] = "111111111111";
const char kMember[] = "222222222222";
const char kOtherAdmin[] = "333333333333";
const char kNoHub[] = "444444444444";
const char kRegion[] = "us-east-1";

Caller As(const std::string& account, const std::string& region = kRegion) { return {account, region}; }

// What a member-side view shows while the member has no hub (decision 12).
const char kHubNotEnabledView[] = "(hub not enabled)";
bool HubNotEnabled(const Status& s) {
  return s.code() == ErrorCode::kBadRequest &&
         s.message() == "The request is rejected since no such resource found.";
}

// Every field of a relationship, so that two snapshots compare as wholes.
std::string Describe(const Relationship& r) {
  return r.region + " " + r.administrator_id + "->" + r.member_id + " " + MemberStatusName(r.status) +
         " email=" + r.email.value_or("-") + " invitation=" + r.invitation_id +
         " invited_at=" + (r.invited_at ? std::to_string(*r.invited_at) : "-") +
         " updated_at=" + std::to_string(r.updated_at) +
         " deleted=" + (r.invitation_deleted ? "yes" : "no");
}

class MembershipTest : public ::testing::TestWithParam<std::string> {
 public:  // the rows of the lifecycle table call the view helpers
  void SetUp() override {
    store_ = NewTestStore(GetParam());
    ASSERT_NE(store_, nullptr) << GetParam();
    Membership::Options options;
    options.new_invitation_id = [this] {
      char buf[33];
      std::snprintf(buf, sizeof buf, "%032x", ++invitations_);
      return std::string(buf);
    };
    hubs_ = std::make_unique<Hubs>(*store_, clock_);
    membership_ = std::make_unique<Membership>(*store_, clock_, options);
  }

  void Enable(const std::string& account, const std::string& region = kRegion) {
    ASSERT_TRUE(hubs_->EnableSecurityHub(As(account, region), {}).ok());
  }

  // The administrator's record of `member`, as ListMembers(OnlyAssociated=false) shows it.
  std::string AdminView(const std::string& admin, const std::string& member) {
    RelationshipPage page;
    EXPECT_TRUE(membership_->ListMembers(As(admin), false, {}, &page).ok());
    for (const auto& r : page.items) {
      if (r.member_id == member) return MemberStatusName(r.status);
    }
    return "-";
  }
  // The member's invitation from `admin`, as ListInvitations shows it.
  std::string MemberView(const std::string& member, const std::string& admin) {
    RelationshipPage page;
    Status s = membership_->ListInvitations(As(member), {}, &page);
    if (HubNotEnabled(s)) return kHubNotEnabledView;
    EXPECT_TRUE(s.ok()) << s.message();
    for (const auto& r : page.items) {
      if (r.administrator_id == admin) return MemberStatusName(r.status);
    }
    return "-";
  }
  std::string Administrator(const std::string& member) {
    std::optional<Relationship> r;
    Status s = membership_->GetAdministrator(As(member), &r);
    if (HubNotEnabled(s)) return kHubNotEnabledView;
    EXPECT_TRUE(s.ok()) << s.message();
    return r ? r->administrator_id : "-";
  }
  int64_t Count(const std::string& member) {  // -1 while the member has no hub
    int64_t n = -1;
    Status s = membership_->GetInvitationsCount(As(member), &n);
    if (HubNotEnabled(s)) return -1;
    EXPECT_TRUE(s.ok()) << s.message();
    return n;
  }
  // Everything `account` sees on the member side, and every record its administrators keep of
  // it, in full.
  std::vector<std::string> MemberSnapshot(const std::string& member) {
    std::vector<std::string> out;
    RelationshipPage page;
    EXPECT_TRUE(membership_->ListInvitations(As(member), {}, &page).ok());
    for (const auto& r : page.items) out.push_back("invitation " + Describe(r));
    int64_t n = -1;
    EXPECT_TRUE(membership_->GetInvitationsCount(As(member), &n).ok());
    out.push_back("count " + std::to_string(n));
    return out;
  }
  std::vector<std::string> AdminRecords(const std::string& admin, const std::string& member) {
    std::vector<Relationship> members;
    UnprocessedAccounts u;
    EXPECT_TRUE(membership_->GetMembers(As(admin), {member}, &members, &u).ok());
    std::vector<std::string> out;
    for (const auto& r : members) out.push_back(Describe(r));
    for (const auto& e : u) out.push_back("unprocessed " + e.processing_result);
    return out;
  }
  std::string InvitationId(const std::string& member, const std::string& admin) {
    RelationshipPage page;
    EXPECT_TRUE(membership_->ListInvitations(As(member), {}, &page).ok());
    for (const auto& r : page.items) {
      if (r.administrator_id == admin) return r.invitation_id;
    }
    return "";
  }

  FakeClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Hubs> hubs_;
  std::unique_ptr<Membership> membership_;
  unsigned invitations_ = 0;
};

// Runs a batch call and returns its single ProcessingResult ("" when the account succeeded).
template <typename Fn>
std::string Batch(Fn fn, Status* status = nullptr) {
  UnprocessedAccounts unprocessed;
  Status s = fn(&unprocessed);
  if (status) *status = s;
  EXPECT_TRUE(s.ok()) << s.message();
  EXPECT_LE(unprocessed.size(), 1u);
  return unprocessed.empty() ? "" : unprocessed[0].processing_result;
}

// One row of docs/behavior.md §2.3 (or a decision), and what both sides see after it.
struct Row {
  const char* what;
  std::function<Status(MembershipTest&, Membership&, std::string* refusal)> act;
  ErrorCode code;           // of the call as a whole
  const char* refusal;      // substring of the single ProcessingResult, "" for none
  const char* admin_view;   // A's record of M ("-": not listed)
  const char* member_view;  // M's invitation from A ("-": not listed)
  const char* administrator;  // M's GetAdministratorAccount
  int64_t count;            // M's GetInvitationsCount
};

std::vector<std::string> Ids(const char* id) { return {id}; }

TEST_P(MembershipTest, EveryTransitionOfTheInvitationLifecycle) {
  Enable(kAdmin);
  Enable(kMember);
  Enable(kOtherAdmin);
  std::string invitation;  // the current invitation id from A

  auto create = [](const char* caller, const char* id) {
    return [=](MembershipTest&, Membership& m, std::string* refusal) {
      UnprocessedAccounts u;
      Status s = m.CreateMembers(As(caller), {{id, std::nullopt}}, &u);
      if (!u.empty()) *refusal = u[0].processing_result;
      return s;
    };
  };
  using BatchCall = Status (Membership::*)(const Caller&, const std::vector<std::string>&,
                                           UnprocessedAccounts*);
  auto batch = [](BatchCall call, const char* caller, const char* id) {
    return [=](MembershipTest&, Membership& m, std::string* refusal) {
      UnprocessedAccounts u;
      Status s = (m.*call)(As(caller), Ids(id), &u);
      if (!u.empty()) *refusal = u[0].processing_result;
      return s;
    };
  };
  auto accept = [&invitation](const char* caller, const char* admin, const char* id = nullptr) {
    return [=, &invitation](MembershipTest&, Membership& m, std::string*) {
      return m.AcceptInvitation(As(caller), admin, id ? id : invitation);
    };
  };
  auto remember_invitation = [&invitation](BatchCall call, const char* caller, const char* id) {
    return [=, &invitation](MembershipTest& t, Membership& m, std::string* refusal) {
      UnprocessedAccounts u;
      Status s = (m.*call)(As(caller), Ids(id), &u);
      if (!u.empty()) *refusal = u[0].processing_result;
      std::string fresh = t.InvitationId(kMember, kAdmin);
      EXPECT_NE(fresh, invitation) << "each InviteMembers issues a new InvitationId";
      invitation = fresh;
      return s;
    };
  };
  auto disassociate = [](const char* caller, const char* id) {
    return [=](MembershipTest&, Membership& m, std::string*) {
      return m.DisassociateMembers(As(caller), Ids(id));
    };
  };
  auto leave = [](const char* caller) {
    return [=](MembershipTest&, Membership& m, std::string*) {
      return m.DisassociateFromAdministrator(As(caller));
    };
  };
  auto disable_hub = [](const char* caller) {
    return [=](MembershipTest& t, Membership&, std::string*) {
      return t.hubs_->DisableSecurityHub(As(caller));
    };
  };
  auto enable_hub = [](const char* caller) {
    return [=](MembershipTest& t, Membership&, std::string*) {
      return t.hubs_->EnableSecurityHub(As(caller), {});
    };
  };
  const ErrorCode ok = ErrorCode::kOk, bad = ErrorCode::kBadRequest;
  const char* no_hub = kHubNotEnabledView;

  const std::vector<Row> rows = {
      {"1 CreateMembers", create(kAdmin, kMember), ok, "", "Created", "-", "-", 0},
      {"1a CreateMembers again", create(kAdmin, kMember), ok, "already a member or associated member", "Created", "-", "-", 0},
      {"DisassociateMembers on Created is a no-op", disassociate(kAdmin, kMember), ok, "", "Created", "-", "-", 0},
      {"2 InviteMembers", remember_invitation(&Membership::InviteMembers, kAdmin, kMember), ok, "", "Invited", "Invited", "-", 1},
      {"2a InviteMembers on Invited", batch(&Membership::InviteMembers, kAdmin, kMember), ok, "has already invited or is already the SecurityHub master", "Invited", "Invited", "-", 1},
      {"6a DisassociateMembers on Invited is a no-op", disassociate(kAdmin, kMember), ok, "", "Invited", "Invited", "-", 1},
      {"9a an Invited member disables its hub: the administrator's record stays", disable_hub(kMember), ok, "", "Invited", no_hub, no_hub, -1},
      {"decision 12: enabled again, it sees the same invitation", enable_hub(kMember), ok, "", "Invited", "Invited", "-", 1},
      {"4 DeclineInvitations", batch(&Membership::DeclineInvitations, kMember, kAdmin), ok, "", "Resigned", "Resigned", "-", 1},
      {"3a accept after declining", accept(kMember, kAdmin), ok, "", "Enabled", "Enabled", kAdmin, 0},
      {"decision 5: accepting again is a no-op", accept(kMember, kAdmin), ok, "", "Enabled", "Enabled", kAdmin, 0},
      {"accept with a wrong InvitationId", accept(kMember, kAdmin, "00000000000000000000000000000000"), bad, "", "Enabled", "Enabled", kAdmin, 0},
      {"5 DeleteInvitations refused while Enabled", batch(&Membership::DeleteInvitations, kMember, kAdmin), ok, "since it is still associated to it", "Enabled", "Enabled", kAdmin, 0},
      {"Decline refused while Enabled", batch(&Membership::DeclineInvitations, kMember, kAdmin), ok, "since it is still associated to it", "Enabled", "Enabled", kAdmin, 0},
      {"8a DeleteMembers refused while Enabled", batch(&Membership::DeleteMembers, kAdmin, kMember), ok, "since it is still associated to it", "Enabled", "Enabled", kAdmin, 0},
      {"2a InviteMembers on Enabled", batch(&Membership::InviteMembers, kAdmin, kMember), ok, "has already invited", "Enabled", "Enabled", kAdmin, 0},
      {"a member cannot create members", create(kMember, "555555555555"), ok, "cannot create members since it is already an associated member", "Enabled", "Enabled", kAdmin, 0},
      {"a member cannot invite", batch(&Membership::InviteMembers, kMember, "555555555555"), ok, "cannot invite other accounts", "Enabled", "Enabled", kAdmin, 0},
      {"7 DisassociateFromAdministratorAccount", leave(kMember), ok, "", "Resigned", "Resigned", "-", 1},
      {"7 again: not associated", leave(kMember), bad, "", "Resigned", "Resigned", "-", 1},
      {"9a a Resigned member disables its hub", disable_hub(kMember), ok, "", "Resigned", no_hub, no_hub, -1},
      {"9a while it has no hub it cannot accept", accept(kMember, kAdmin), bad, "", "Resigned", no_hub, no_hub, -1},
      {"decision 12: enabled again, Resigned as before", enable_hub(kMember), ok, "", "Resigned", "Resigned", "-", 1},
      {"decision 9: accept the same invitation again", accept(kMember, kAdmin), ok, "", "Enabled", "Enabled", kAdmin, 0},
      {"6 DisassociateMembers", disassociate(kAdmin, kMember), ok, "", "Removed", "Removed", "-", 1},
      {"a Removed invitation cannot be accepted", accept(kMember, kAdmin), bad, "", "Removed", "Removed", "-", 1},
      {"6a DisassociateMembers on Removed is a no-op", disassociate(kAdmin, kMember), ok, "", "Removed", "Removed", "-", 1},
      {"9a a Removed member disables its hub", disable_hub(kMember), ok, "", "Removed", no_hub, no_hub, -1},
      {"decision 12: enabled again, Removed as before", enable_hub(kMember), ok, "", "Removed", "Removed", "-", 1},
      {"decision 8: re-invite a Removed member", remember_invitation(&Membership::InviteMembers, kAdmin, kMember), ok, "", "Invited", "Invited", "-", 1},
      {"3 AcceptAdministratorInvitation", accept(kMember, kAdmin), ok, "", "Enabled", "Enabled", kAdmin, 0},
      {"another administrator invites the member", [](MembershipTest&, Membership& m, std::string* refusal) {
         UnprocessedAccounts u;
         Status s = m.CreateMembers(As(kOtherAdmin), {{kMember, std::nullopt}}, &u);
         if (s.ok()) s = m.InviteMembers(As(kOtherAdmin), Ids(kMember), &u);
         if (!u.empty()) *refusal = u[0].processing_result;
         return s;
       }, ok, "", "Enabled", "Enabled", kAdmin, 1},
      {"one administrator per member", [](MembershipTest& t, Membership& m, std::string*) {
         return m.AcceptInvitation(As(kMember), kOtherAdmin, t.InvitationId(kMember, kOtherAdmin));
       }, bad, "", "Enabled", "Enabled", kAdmin, 1},
      {"an administrator with members cannot accept", [](MembershipTest& t, Membership& m, std::string*) {
         UnprocessedAccounts u;
         EXPECT_TRUE(m.CreateMembers(As(kOtherAdmin), {{kAdmin, std::nullopt}}, &u).ok());
         EXPECT_TRUE(m.InviteMembers(As(kOtherAdmin), Ids(kAdmin), &u).ok());
         return m.AcceptInvitation(As(kAdmin), kOtherAdmin, t.InvitationId(kAdmin, kOtherAdmin));
       }, bad, "", "Enabled", "Enabled", kAdmin, 1},
      {"6 DisassociateMembers before deleting", disassociate(kAdmin, kMember), ok, "", "Removed", "Removed", "-", 2},
      {"8 DeleteMembers: the member sees Deleted", batch(&Membership::DeleteMembers, kAdmin, kMember), ok, "", "-", "Deleted", "-", 2},
      {"9a the member of a deleted record disables its hub", disable_hub(kMember), ok, "", "-", no_hub, no_hub, -1},
      {"decision 12: enabled again, still Deleted", enable_hub(kMember), ok, "", "-", "Deleted", "-", 2},
      {"GetMembers of a deleted member", [](MembershipTest&, Membership& m, std::string* refusal) {
         std::vector<Relationship> members;
         UnprocessedAccounts u;
         Status s = m.GetMembers(As(kAdmin), Ids(kMember), &members, &u);
         EXPECT_TRUE(members.empty());
         if (!u.empty()) *refusal = u[0].processing_result;
         return s;
       }, ok, "is not a member of the current account", "-", "Deleted", "-", 2},
      {"InviteMembers of a deleted member", batch(&Membership::InviteMembers, kAdmin, kMember), ok, "is not a member of the current account", "-", "Deleted", "-", 2},
      {"DeleteInvitations of the Deleted invitation", batch(&Membership::DeleteInvitations, kMember, kAdmin), ok, "", "-", "-", "-", 1},
      {"DeleteInvitations with no invitation", batch(&Membership::DeleteInvitations, kMember, kAdmin), ok, "has no invitation from the given master account ID", "-", "-", "-", 1},
      {"DeclineInvitations with no invitation", batch(&Membership::DeclineInvitations, kMember, kAdmin), ok, "has no pending invitation", "-", "-", "-", 1},
      {"Decline the other administrator's invitation", batch(&Membership::DeclineInvitations, kMember, kOtherAdmin), ok, "", "-", "-", "-", 1},
      {"decision 7: delete it; its administrator keeps Resigned", [](MembershipTest& t, Membership& m, std::string* refusal) {
         UnprocessedAccounts u;
         Status s = m.DeleteInvitations(As(kMember), Ids(kOtherAdmin), &u);
         if (!u.empty()) *refusal = u[0].processing_result;
         EXPECT_EQ(t.AdminView(kOtherAdmin, kMember), "Resigned");
         return s;
       }, ok, "", "-", "-", "-", 0},
      {"an account cannot add itself", create(kAdmin, kAdmin), ok, "cannot become a member of itself", "-", "-", "-", 0},
      {"an account cannot invite itself", batch(&Membership::InviteMembers, kAdmin, kAdmin), ok, "cannot invite itself", "-", "-", "-", 0},
      {"1 again after deletion starts over", create(kAdmin, kMember), ok, "", "Created", "-", "-", 0},
  };

  for (const Row& row : rows) {
    SCOPED_TRACE(row.what);
    std::string refusal;
    Status s = row.act(*this, *membership_, &refusal);
    EXPECT_EQ(s.code(), row.code) << s.message();
    if (*row.refusal == '\0') {
      EXPECT_EQ(refusal, "");
    } else {
      EXPECT_NE(refusal.find(row.refusal), std::string::npos) << refusal;
    }
    EXPECT_EQ(AdminView(kAdmin, kMember), row.admin_view);
    EXPECT_EQ(MemberView(kMember, kAdmin), row.member_view);
    EXPECT_EQ(Administrator(kMember), row.administrator);
    EXPECT_EQ(Count(kMember), row.count);
    clock_.Advance(1000);
  }
}

TEST_P(MembershipTest, ExactTextsOfRefusals) {
  Enable(kAdmin);
  Enable(kMember);
  UnprocessedAccounts u;
  ASSERT_TRUE(membership_->CreateMembers(As(kAdmin), {{kMember, "m@example.com"}}, &u).ok());
  EXPECT_EQ(Batch([&](UnprocessedAccounts* out) {
              return membership_->CreateMembers(As(kAdmin), {{kMember, std::nullopt}}, out);
            }),
            "The request is rejected because the given account ID is already a member or "
            "associated member of the current account.");
  Status s = membership_->DisassociateFromAdministrator(As(kMember));
  EXPECT_EQ(s.code(), ErrorCode::kBadRequest);
  EXPECT_EQ(s.message(),
            "The request is rejected because the current account is not associated to a master "
            "account");
  s = membership_->AcceptInvitation(As(kMember), kAdmin, "nope");
  EXPECT_EQ(s.message(),
            "The request is rejected because the current account has no pending invitation from "
            "the given master account ID or is already an associated member of another master "
            "account.");
}

TEST_P(MembershipTest, TimestampsFollowTheClock) {
  Enable(kAdmin);
  Enable(kMember);
  UnprocessedAccounts u;
  const Millis created = clock_.NowMillis();
  ASSERT_TRUE(membership_->CreateMembers(As(kAdmin), {{kMember, std::nullopt}}, &u).ok());
  std::vector<Relationship> members;
  ASSERT_TRUE(membership_->GetMembers(As(kAdmin), Ids(kMember), &members, &u).ok());
  ASSERT_EQ(members.size(), 1u);
  EXPECT_EQ(members[0].updated_at, created);
  EXPECT_FALSE(members[0].invited_at.has_value()) << "a Created member has no InvitedAt";
  EXPECT_EQ(members[0].email, std::nullopt);

  clock_.Advance(1500);
  const Millis invited = clock_.NowMillis();
  ASSERT_TRUE(membership_->InviteMembers(As(kAdmin), Ids(kMember), &u).ok());
  ASSERT_TRUE(membership_->GetMembers(As(kAdmin), Ids(kMember), &members, &u).ok());
  EXPECT_EQ(members[0].invited_at, invited);
  EXPECT_EQ(members[0].updated_at, invited) << "InvitedAt == UpdatedAt right after InviteMembers";

  clock_.Advance(2500);
  ASSERT_TRUE(membership_->AcceptInvitation(As(kMember), kAdmin, InvitationId(kMember, kAdmin)).ok());
  ASSERT_TRUE(membership_->GetMembers(As(kAdmin), Ids(kMember), &members, &u).ok());
  EXPECT_EQ(members[0].invited_at, invited);
  EXPECT_EQ(members[0].updated_at, invited + 2500) << "UpdatedAt moves on every status change";
  EXPECT_EQ(FormatIso8601Millis(invited), "2021-10-22T11:31:49.885Z");
}

TEST_P(MembershipTest, BatchRules) {
  Enable(kAdmin);
  std::vector<AccountDetail> details;
  for (int i = 0; i < 52; ++i) details.push_back({std::to_string(500000000000LL + i), std::nullopt});
  details.push_back({"500000000000", std::nullopt});  // a duplicate past the limit
  UnprocessedAccounts u;
  ASSERT_TRUE(membership_->CreateMembers(As(kAdmin), details, &u).ok());
  ASSERT_EQ(u.size(), 3u);
  for (const auto& entry : u) EXPECT_EQ(entry.processing_result, "Maximum number of results exceeded");
  EXPECT_EQ(u[0].account_id, "500000000050");

  ASSERT_TRUE(membership_->CreateMembers(As(kAdmin), {{"600000000000", std::nullopt}, {"600000000000", "x@example.com"}, {"12345", std::nullopt}}, &u).ok());
  ASSERT_EQ(u.size(), 1u) << "a duplicate in one request is handled once";
  EXPECT_EQ(u[0].account_id, "12345");
  EXPECT_NE(u[0].processing_result.find("not a valid 12-digit"), std::string::npos);

  EXPECT_EQ(membership_->InviteMembers(As(kAdmin), {}, &u).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(membership_->DisassociateMembers(As(kAdmin), {"999999999999"}).code(), ErrorCode::kResourceNotFound);
  EXPECT_EQ(membership_->DisassociateMembers(As(kAdmin), {"nope"}).code(), ErrorCode::kInvalidInput);

  Membership::Options strict;
  strict.reject_oversized_batches = true;
  Membership rejecting(*store_, clock_, strict);
  EXPECT_EQ(rejecting.CreateMembers(As(kAdmin), details, &u).code(), ErrorCode::kInvalidInput);
}

TEST_P(MembershipTest, KeysetPaginationSeesEveryMemberOnce) {
  Enable(kAdmin);
  UnprocessedAccounts u;
  for (int batch = 0; batch < 3; ++batch) {
    std::vector<AccountDetail> details;
    for (int i = 0; i < 40; ++i) details.push_back({std::to_string(700000000000LL + batch * 40 + i), std::nullopt});
    ASSERT_TRUE(membership_->CreateMembers(As(kAdmin), details, &u).ok());
    ASSERT_TRUE(u.empty());
  }
  PageRequest page;
  std::vector<std::string> seen;
  std::vector<size_t> sizes;
  do {
    RelationshipPage result;
    ASSERT_TRUE(membership_->ListMembers(As(kAdmin), false, page, &result).ok());
    for (const auto& r : result.items) seen.push_back(r.member_id);
    sizes.push_back(result.items.size());
    if (!result.next_after.empty()) {
      EXPECT_GT(result.next_after, page.after) << "tokens advance";
    }
    page.after = result.next_after;
  } while (!page.after.empty());
  EXPECT_EQ(sizes, (std::vector<size_t>{50, 50, 20}));
  ASSERT_EQ(seen.size(), 120u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
}

TEST_P(MembershipTest, HubLifecycleAndPreconditions) {
  const Caller admin = As(kAdmin);
  Hub hub;
  EXPECT_EQ(hubs_->DescribeHub(admin, std::nullopt, &hub).code(), ErrorCode::kInvalidAccess);
  EXPECT_EQ(hubs_->DisableSecurityHub(admin).code(), ErrorCode::kResourceNotFound);
  RelationshipPage page;
  Status s = membership_->ListMembers(admin, true, {}, &page);
  EXPECT_EQ(s.code(), ErrorCode::kBadRequest);
  EXPECT_EQ(s.message(), "The request is rejected since no such resource found.");

  Enable(kAdmin);
  s = hubs_->EnableSecurityHub(admin, {});
  EXPECT_EQ(s.code(), ErrorCode::kResourceConflict);
  EXPECT_EQ(s.message(), "Account is already subscribed to Security Hub");
  ASSERT_TRUE(hubs_->DescribeHub(admin, std::nullopt, &hub).ok());
  EXPECT_EQ(Hubs::HubArn(hub.region, hub.account_id), "arn:aws:securityhub:us-east-1:111111111111:hub/default");
  EXPECT_EQ(hub.subscribed_at, clock_.NowMillis());
  EXPECT_EQ(hub.control_finding_generator, "SECURITY_CONTROL");
  EXPECT_TRUE(hub.auto_enable_controls);
  ASSERT_TRUE(hubs_->DescribeHub(admin, "arn:aws:securityhub:us-east-1:111111111111:hub/default", &hub).ok());
  EXPECT_EQ(hubs_->DescribeHub(admin, "arn:aws:securityhub:us-east-1:999999999999:hub/default", &hub).code(), ErrorCode::kInvalidAccess);
  EXPECT_EQ(hubs_->DescribeHub(admin, "nonsense", &hub).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(hubs_->DescribeHub(admin, "arn:aws:securityhub:eu-west-1:111111111111:hub/default", &hub).code(), ErrorCode::kInvalidAccess);
  // The ARN Terraform builds with skip_requesting_account_id names no account: refused.
  Status empty_account = hubs_->DescribeHub(admin, "arn:aws:securityhub:us-east-1::hub/default", &hub);
  EXPECT_EQ(empty_account.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(empty_account.message(),
            "The HubArn 'arn:aws:securityhub:us-east-1::hub/default' has no account ID; a hub ARN "
            "names the account that owns the hub. Use "
            "arn:aws:securityhub:us-east-1:111111111111:hub/default, or omit HubArn to describe "
            "the caller's own hub.");

  ASSERT_TRUE(hubs_->UpdateSecurityHubConfiguration(admin, {false, "STANDARD_CONTROL"}).ok());
  ASSERT_TRUE(hubs_->DescribeHub(admin, std::nullopt, &hub).ok());
  EXPECT_EQ(hub.control_finding_generator, "STANDARD_CONTROL");
  EXPECT_FALSE(hub.auto_enable_controls);

  // Regions are separate worlds.
  EXPECT_EQ(hubs_->DescribeHub(As(kAdmin, "eu-west-1"), std::nullopt, &hub).code(), ErrorCode::kInvalidAccess);
  Enable(kAdmin, "eu-west-1");
  Enable(kMember);
  UnprocessedAccounts u;
  ASSERT_TRUE(membership_->CreateMembers(admin, {{kMember, std::nullopt}}, &u).ok());
  ASSERT_TRUE(membership_->InviteMembers(admin, Ids(kMember), &u).ok());
  Enable(kMember, "eu-west-1");
  ASSERT_TRUE(membership_->ListInvitations(As(kMember, "eu-west-1"), {}, &page).ok());
  EXPECT_TRUE(page.items.empty());
  ASSERT_TRUE(membership_->ListMembers(As(kAdmin, "eu-west-1"), false, {}, &page).ok());
  EXPECT_TRUE(page.items.empty());

  // Disable: refused for an administrator with Enabled members and for an Enabled member.
  ASSERT_TRUE(membership_->AcceptInvitation(As(kMember), kAdmin, InvitationId(kMember, kAdmin)).ok());
  EXPECT_EQ(hubs_->DisableSecurityHub(admin).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(hubs_->DisableSecurityHub(As(kMember)).code(), ErrorCode::kInvalidInput);
  ASSERT_TRUE(membership_->DisassociateMembers(admin, Ids(kMember)).ok());
  // Decision 12: an administrator's relationships in that Region go with its hub.
  ASSERT_TRUE(hubs_->DisableSecurityHub(admin).ok());
  EXPECT_EQ(MemberView(kMember, kAdmin), "-");
  EXPECT_EQ(membership_->ListMembers(admin, false, {}, &page).code(), ErrorCode::kBadRequest);
  ASSERT_TRUE(hubs_->DescribeHub(As(kAdmin, "eu-west-1"), std::nullopt, &hub).ok());
}

// Decision 12 / §2.3 row 9a: a member that disables its hub loses nothing its administrators
// keep; once it enables Security Hub again it sees exactly the records it saw before. What it
// administered itself goes with its hub.
TEST_P(MembershipTest, MemberDisablingItsHubKeepsItsAdministratorsRecords) {
  const char kThirdAdmin[] = "555555555555";
  for (const char* account : {kAdmin, kMember, kOtherAdmin, kThirdAdmin}) Enable(account);
  UnprocessedAccounts u;
  for (const char* admin : {kAdmin, kOtherAdmin, kThirdAdmin}) {
    ASSERT_TRUE(membership_->CreateMembers(As(admin), {{kMember, "m@example.com"}}, &u).ok());
    clock_.Advance(10);
  }
  ASSERT_TRUE(membership_->InviteMembers(As(kAdmin), Ids(kMember), &u).ok());       // Invited
  ASSERT_TRUE(membership_->InviteMembers(As(kOtherAdmin), Ids(kMember), &u).ok());  // declined below
  clock_.Advance(10);
  ASSERT_TRUE(membership_->DeclineInvitations(As(kMember), Ids(kOtherAdmin), &u).ok());
  // kThirdAdmin's record stays Created: the member does not see it.
  ASSERT_TRUE(membership_->CreateMembers(As(kMember), {{kNoHub, std::nullopt}}, &u).ok());

  const std::vector<std::string> member_before = MemberSnapshot(kMember);
  ASSERT_EQ(member_before.size(), 3u) << "two invitations and the count";
  std::map<std::string, std::vector<std::string>> admins_before;
  for (const char* admin : {kAdmin, kOtherAdmin, kThirdAdmin}) {
    admins_before[admin] = AdminRecords(admin, kMember);
    ASSERT_EQ(admins_before[admin].size(), 1u);
  }

  clock_.Advance(1000);
  ASSERT_TRUE(hubs_->DisableSecurityHub(As(kMember)).ok());
  RelationshipPage page;
  EXPECT_TRUE(HubNotEnabled(membership_->ListInvitations(As(kMember), {}, &page)));
  EXPECT_EQ(Count(kMember), -1);
  EXPECT_EQ(Administrator(kMember), kHubNotEnabledView);
  for (const char* admin : {kAdmin, kOtherAdmin, kThirdAdmin}) {
    EXPECT_EQ(AdminRecords(admin, kMember), admins_before[admin]) << admin;
  }

  clock_.Advance(1000);
  Enable(kMember);
  EXPECT_EQ(MemberSnapshot(kMember), member_before);
  for (const char* admin : {kAdmin, kOtherAdmin, kThirdAdmin}) {
    EXPECT_EQ(AdminRecords(admin, kMember), admins_before[admin]) << admin;
  }
  // The member it had created itself went with its hub.
  ASSERT_TRUE(membership_->ListMembers(As(kMember), false, {}, &page).ok());
  EXPECT_TRUE(page.items.empty());
  // And the kept invitation still works.
  ASSERT_TRUE(membership_->AcceptInvitation(As(kMember), kAdmin, InvitationId(kMember, kAdmin)).ok());
  EXPECT_EQ(Administrator(kMember), kAdmin);
}

TEST_P(MembershipTest, InviteeNeedsNoHubUntilItResponds) {
  Enable(kAdmin);
  UnprocessedAccounts u;
  ASSERT_TRUE(membership_->CreateMembers(As(kAdmin), {{kNoHub, std::nullopt}}, &u).ok());
  ASSERT_TRUE(membership_->InviteMembers(As(kAdmin), Ids(kNoHub), &u).ok());
  EXPECT_TRUE(u.empty());
  EXPECT_EQ(AdminView(kAdmin, kNoHub), "Invited");
  RelationshipPage page;
  EXPECT_EQ(membership_->ListInvitations(As(kNoHub), {}, &page).code(), ErrorCode::kBadRequest);
  EXPECT_EQ(membership_->AcceptInvitation(As(kNoHub), kAdmin, "x").code(), ErrorCode::kBadRequest);
}

INSTANTIATE_TEST_SUITE_P(Stores, MembershipTest, ::testing::Values("memory", "sqlite"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace shmock
