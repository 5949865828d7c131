// Seed state: the shipped example parses and seeds into the views a user expects, and a
// fixture the service could never reach is refused whole.
#include "shmock/fixtures.h"

#include <gtest/gtest.h>

#include "memory_store.h"
#include "shmock/identity.h"
#include "shmock/membership.h"
#include "shmock/organizations.h"

namespace shmock {
namespace {

TEST(Fixtures, TheExampleSeedsHubsMembersAndAccessKeys) {
  Fixture fixture;
  Status s = ReadFixtureFile(std::string(SHMOCK_FIXTURES_DIR) + "/example.json", "us-east-1", &fixture);
  ASSERT_TRUE(s.ok()) << s.message();
  MemoryStore store;
  FakeClock clock;
  Membership membership(store, clock);
  ASSERT_TRUE(membership.Seed(fixture.hubs, fixture.relationships).ok());

  const Caller admin{"111111111111", "us-east-1"}, member{"222222222222", "us-east-1"};
  RelationshipPage page;
  ASSERT_TRUE(membership.ListMembers(admin, /*only_associated=*/false, {}, &page).ok());
  ASSERT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.items[0].status, MemberStatus::kEnabled);
  EXPECT_EQ(page.items[0].email, "member@example.com");
  EXPECT_EQ(page.items[1].status, MemberStatus::kInvited);
  EXPECT_EQ(page.items[1].invitation_id.size(), 32u);
  EXPECT_EQ(page.items[2].status, MemberStatus::kCreated);
  EXPECT_FALSE(page.items[2].invited_at.has_value());
  std::optional<Relationship> administrator;
  ASSERT_TRUE(membership.GetAdministrator(member, &administrator).ok());
  ASSERT_TRUE(administrator.has_value());
  EXPECT_EQ(administrator->administrator_id, "111111111111");

  IdentityConfig identity;
  identity.access_keys = fixture.access_keys;
  Caller caller;
  ASSERT_TRUE(ResolveCaller("AWS4-HMAC-SHA256 Credential=AKIAMEMBEREXAMPLE/20261129/us-east-1/securityhub/aws4_request, SignedHeaders=host, Signature=00",
                            identity, &caller).ok());
  EXPECT_EQ(caller.account_id, "222222222222");
}

TEST(Fixtures, TheOrganizationExampleDeclaresAnOrganization) {
  Fixture fixture;
  Status s = ReadFixtureFile(std::string(SHMOCK_FIXTURES_DIR) + "/organization.json", "us-east-1", &fixture);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_TRUE(fixture.organization.has_value());
  EXPECT_EQ(fixture.organization->management_account_id, "100000000001");
  EXPECT_EQ(fixture.organization->accounts,
            (std::vector<std::string>{"100000000002", "100000000003", "100000000004"}));
  EXPECT_EQ(fixture.organization->suspended_accounts, std::vector<std::string>{"100000000009"});
  MemoryStore store;
  FakeClock clock;
  Organizations organizations(store, clock);
  ASSERT_TRUE(organizations.Seed(*fixture.organization).ok());
  ASSERT_TRUE(organizations.EnableAdminAccount({"100000000001", "us-east-1"}, "100000000002").ok());
  EXPECT_EQ(organizations.EnableAdminAccount({"100000000001", "us-east-1"}, "100000000009").code(),
            ErrorCode::kInvalidInput) << "suspended accounts are in the organization, and suspended";

  Fixture none;
  ASSERT_TRUE(ParseFixture("{}", "us-east-1", &none).ok());
  EXPECT_FALSE(none.organization.has_value()) << "no organization unless one is declared";
}

TEST(Fixtures, ImpossibleStatesAreRefusedWhole) {
  struct Case { const char* json; const char* message; };
  const Case parse_errors[] = {
      {"[]", "is not a JSON object"},
      {R"({"hubs":[{"region":"us-east-1"}]})", "hubs[0].accountId: is required"},
      {R"({"members":[{"administratorId":"111111111111","accountId":"222222222222","memberStatus":"ENABLED"}]})", "members[0].memberStatus"},
      {R"({"accessKeys":{"AKIA":"12"}})", "accessKeys.AKIA"},
      {R"({"members":[{"administratorId":"111111111111","accountId":"222222222222","memberStatus":"AccountSuspended"}]})", "members[0].memberStatus"},
      {R"({"organization":[]})", "organization: must be an object"},
      {R"({"organization":{"accounts":[]}})", "organization.managementAccountId: is required"},
      {R"({"organization":{"managementAccountId":"1"}})", "organization.managementAccountId: must be a 12-digit"},
      {R"({"organization":{"managementAccountId":"100000000001","suspendedAccounts":"x"}})", "organization.suspendedAccounts: must be a list"},
      {R"({"organization":{"managementAccountId":"100000000001","accounts":["100000000002",7]}})", "organization.accounts[1]: must be a 12-digit"},
  };
  for (const Case& c : parse_errors) {
    Fixture fixture;
    Status s = ParseFixture(c.json, "us-east-1", &fixture);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidInput) << c.json;
    EXPECT_NE(s.message().find(c.message), std::string::npos) << s.message();
  }
  const Case seed_errors[] = {
      {R"({"members":[{"administratorId":"111111111111","accountId":"222222222222"}]})", "has no hub"},
      {R"({"hubs":[{"accountId":"111111111111"}],"members":[{"administratorId":"111111111111","accountId":"111111111111"}]})", "member of itself"},
      {R"({"hubs":[{"accountId":"111111111111"},{"accountId":"333333333333"}],"members":[
           {"administratorId":"111111111111","accountId":"222222222222","memberStatus":"Enabled"},
           {"administratorId":"333333333333","accountId":"222222222222","memberStatus":"Enabled"}]})", "already Enabled under 111111111111"},
  };
  for (const Case& c : seed_errors) {
    Fixture fixture;
    ASSERT_TRUE(ParseFixture(c.json, "us-east-1", &fixture).ok()) << c.json;
    MemoryStore store;
    FakeClock clock;
    Membership membership(store, clock);
    Status s = membership.Seed(fixture.hubs, fixture.relationships);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidInput) << c.json;
    EXPECT_NE(s.message().find(c.message), std::string::npos) << s.message();
    Hub hub;
    EXPECT_FALSE(membership.DescribeHub({"111111111111", "us-east-1"}, std::nullopt, &hub).ok())
        << "a refused fixture leaves nothing behind";
  }
}

}  // namespace
}  // namespace shmock
