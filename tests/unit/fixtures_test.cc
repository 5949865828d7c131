// The fixture format, both ways: the shipped example seeds the views a user expects, every
// refusal names its JSON pointer (or byte offset), a fixture the service could never reach is
// refused whole, and a dump parses back into the same records without its secrets.
#include "shmock/fixtures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <memory>

#include "memory_store.h"
#include "shmock/hubs.h"
#include "shmock/identity.h"
#include "shmock/membership.h"
#include "shmock/organizations.h"
#include "shmock/sqlite_store.h"

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
  identity.access_keys->Add(fixture.access_keys);
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

TEST(Fixtures, EveryRefusalNamesItsJsonPointerOrByteOffset) {
  struct Case { const char* json; const char* message; };
  const Case cases[] = {
      {R"({"hubs": [}})", "invalid JSON at byte 11 (line 1, column 11): syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal"},
      {"", "invalid JSON at byte 1 (line 1, column 1): syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal"},
      {"[]", "the document must be a JSON object such as {\"hubs\": [...], \"members\": [...]}, not an array"},
      {R"({"hub": []})", "/hub: is not a part of a fixture; the parts are accessKeys, hubs, members, organization, findings, sessions, insights, aggregators"},
      {R"({"hubs": {}})", "/hubs: must be a list"},
      {R"({"hubs": [{"accountId": "111111111111"}, 7]})", "/hubs/1: must be an object"},
      {R"({"hubs": [{"region": "us-east-1"}]})", "/hubs/0/accountId: is required"},
      {R"({"hubs": [{"accountId": "11111111111"}]})", "/hubs/0/accountId: '11111111111' is not a 12-digit account ID"},
      {R"({"hubs": [{"accountId": "111111111111", "subscribedAt": "2021-02-30T00:00:00Z"}]})",
       "/hubs/0/subscribedAt: '2021-02-30T00:00:00Z' is not an ISO 8601 UTC time such as 2021-10-22T11:31:48.385Z"},
      {R"({"hubs": [{"accountId": "111111111111", "autoEnableControls": "yes"}]})", "/hubs/0/autoEnableControls: must be true or false"},
      {R"({"hubs": [{"accountId": "111111111111", "controlFindingGenerator": "ALL"}]})",
       "/hubs/0/controlFindingGenerator: 'ALL' is not one of SECURITY_CONTROL, STANDARD_CONTROL"},
      {R"({"hubs": [{"accountId": "111111111111", "tags": {"a/b": 1}}]})", "/hubs/0/tags/a~1b: must be a string"},
      {R"({"members": [{"administratorId": "111111111111", "accountId": "222222222222"},
                       {"administratorId": "111111111111", "accountId": "333333333333"},
                       {"administratorId": "111111111111", "accountId": "444444444444", "memberStatus": "ENABLED"}]})",
       "/members/2/memberStatus: 'ENABLED' is not one of Created, Invited, Enabled, Removed, Resigned, Deleted"},
      {R"({"members": [{"administratorId": "111111111111", "accountId": "222222222222", "invitationId": "x"}]})",
       "/members/0/invitationId: 'x' is not one of the 32 lowercase hex digits of an InvitationId"},
      {R"({"members": [{"administratorId": "111111111111", "accountId": "111111111111"}]})",
       "/members/0/accountId: an account cannot be a member of itself"},
      {R"({"members": [{"administratorId": "111111111111", "accountId": "222222222222", "memberstatus": "Enabled"}]})",
       "/members/0/memberstatus: is not a member of this entry; the members are region, administratorId, accountId, "
       "email, memberStatus, invitationId, invitedAt, updatedAt, invitationDeleted, origin"},
      {R"({"accessKeys": {"AKIA/X": "12"}})", "/accessKeys/AKIA~1X: '12' is not a 12-digit account ID"},
      {R"({"accessKeys": {"AKIA": {"secretAccessKey": "s"}}})", "/accessKeys/AKIA/accountId: is required"},
      {R"({"members": [{"administratorId": "111111111111", "accountId": "222222222222", "memberStatus": "AccountSuspended"}]})",
       "/members/0/memberStatus: 'AccountSuspended' is not one of Created, Invited, Enabled, Removed, Resigned, Deleted"},
      {R"({"organization": []})", "/organization: must be an object"},
      {R"({"organization": {"accounts": []}})", "/organization/managementAccountId: is required"},
      {R"({"organization": {"managementAccountId": "1"}})", "/organization/managementAccountId: '1' is not a 12-digit account ID"},
      {R"({"organization": {"managementAccountId": "100000000001", "suspendedAccounts": "x"}})",
       "/organization/suspendedAccounts: must be a list of 12-digit account IDs"},
      {R"({"organization": {"managementAccountId": "100000000001", "accounts": ["100000000002", 7]}})",
       "/organization/accounts/1: must be a 12-digit account ID"},
      {R"({"organization": {"managementAccountId": "100000000001", "suspendedAccounts": ["100000000001"]}})",
       "/organization/suspendedAccounts: the management account 100000000001 cannot be suspended"},
      {R"({"organization": {"managementAccountId": "100000000001", "members": []}})",
       "/organization/members: is not a member of this entry; the members are managementAccountId, accounts, suspendedAccounts, delegatedAdministrators"},
  };
  for (const Case& c : cases) {
    Fixture fixture;
    Status s = ParseFixture(c.json, "us-east-1", &fixture);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidInput) << c.json;
    EXPECT_EQ(s.message(), c.message) << c.json;
  }
}

TEST(Fixtures, AFileRefusalStartsWithThePath) {
  Fixture fixture;
  Status s = ReadFixtureFile("/nonexistent/f.json", "us-east-1", &fixture);
  EXPECT_EQ(s.message(), "/nonexistent/f.json: cannot read the fixture file");
}

TEST(Fixtures, StatesTheServiceCouldNotReachAreRefusedWhole) {
  struct Case { const char* json; const char* message; };
  const Case seed_errors[] = {
      {R"({"members":[{"administratorId":"111111111111","accountId":"222222222222"}]})", "has no hub"},
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
    Hubs hubs(store, clock);
    Status s = membership.Seed(fixture.hubs, fixture.relationships);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidInput) << c.json;
    EXPECT_NE(s.message().find(c.message), std::string::npos) << s.message();
    Hub hub;
    EXPECT_FALSE(hubs.DescribeHub({"111111111111", "us-east-1"}, std::nullopt, &hub).ok())
        << "a refused fixture leaves nothing behind";
  }
}

// A state with every field away from its default.
Fixture EveryField() {
  Fixture f;
  f.access_keys["AKIAPLAIN"] = {"111111111111", ""};
  f.access_keys["AKIASECRET"] = {"222222222222", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"};
  Hub hub;
  hub.region = "eu-west-1";
  hub.account_id = "111111111111";
  hub.subscribed_at = 1634902308385;
  hub.auto_enable_controls = false;
  hub.control_finding_generator = "STANDARD_CONTROL";
  hub.tags = {{"team", "sec"}, {"quote", "a \"b\" \\ c"}};
  f.hubs.push_back(hub);
  Relationship r;
  r.region = "eu-west-1";
  r.administrator_id = "111111111111";
  r.member_id = "222222222222";
  r.email = "m@example.com";
  r.status = MemberStatus::kResigned;
  r.invitation_id = "0123456789abcdef0123456789abcdef";
  r.invited_at = 1634902309000;
  r.updated_at = 1634902310001;
  r.invitation_deleted = true;
  f.relationships.push_back(r);
  Relationship created;
  created.region = "eu-west-1";
  created.administrator_id = "111111111111";
  created.member_id = "333333333333";
  created.updated_at = 1634902308385;
  f.relationships.push_back(created);
  return f;
}

TEST(Fixtures, TheDumpIsOneEntryPerLineWithEveryFieldAndNoSecret) {
  EXPECT_EQ(DumpFixture(EveryField()),
            "{\n"
            "  \"accessKeys\": {\"AKIAPLAIN\":\"111111111111\",\"AKIASECRET\":\"222222222222\"},\n"
            "  \"hubs\": [\n"
            "    {\"accountId\":\"111111111111\",\"region\":\"eu-west-1\",\"subscribedAt\":\"2021-10-22T11:31:48.385Z\","
            "\"autoEnableControls\":false,\"controlFindingGenerator\":\"STANDARD_CONTROL\","
            "\"tags\":{\"quote\":\"a \\\"b\\\" \\\\ c\",\"team\":\"sec\"}}\n"
            "  ],\n"
            "  \"members\": [\n"
            "    {\"region\":\"eu-west-1\",\"administratorId\":\"111111111111\",\"accountId\":\"222222222222\","
            "\"email\":\"m@example.com\",\"memberStatus\":\"Resigned\",\"invitationId\":\"0123456789abcdef0123456789abcdef\","
            "\"invitedAt\":\"2021-10-22T11:31:49.000Z\",\"updatedAt\":\"2021-10-22T11:31:50.001Z\",\"invitationDeleted\":true},\n"
            "    {\"region\":\"eu-west-1\",\"administratorId\":\"111111111111\",\"accountId\":\"333333333333\","
            "\"memberStatus\":\"Created\",\"updatedAt\":\"2021-10-22T11:31:48.385Z\",\"invitationDeleted\":false}\n"
            "  ]\n"
            "}\n");
  EXPECT_EQ(DumpFixture(Fixture()), "{\n  \"accessKeys\": {},\n  \"hubs\": [],\n  \"members\": []\n}\n");
}

TEST(Fixtures, ADumpParsesBackIntoTheSameRecords) {
  const Fixture original = EveryField();
  Fixture parsed;
  Status s = ParseFixture(DumpFixture(original), "us-west-2", &parsed);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(DumpFixture(parsed), DumpFixture(original));
  const Relationship& r = parsed.relationships.at(0);
  EXPECT_EQ(r.email, "m@example.com");
  EXPECT_EQ(r.invited_at, 1634902309000);
  EXPECT_EQ(r.updated_at, 1634902310001);
  EXPECT_TRUE(r.invitation_deleted);
  EXPECT_FALSE(parsed.relationships.at(1).invited_at.has_value());
  EXPECT_EQ(parsed.hubs.at(0).tags, original.hubs.at(0).tags);
  EXPECT_EQ(parsed.access_keys.at("AKIASECRET").account_id, "222222222222");
  EXPECT_EQ(parsed.access_keys.at("AKIASECRET").secret_access_key, "") << "the dump carries no secret";
}

TEST(Fixtures, AnAccessKeyMayCarryItsSecret) {
  Fixture fixture;
  ASSERT_TRUE(ParseFixture(R"({"accessKeys": {"AKIAX": {"accountId": "111111111111", "secretAccessKey": "s3cr3t"}}})",
                           "us-east-1", &fixture).ok());
  EXPECT_EQ(fixture.access_keys.at("AKIAX").account_id, "111111111111");
  EXPECT_EQ(fixture.access_keys.at("AKIAX").secret_access_key, "s3cr3t");
  EXPECT_EQ(DumpFixture(fixture).find("s3cr3t"), std::string::npos);

  const std::pair<const char*, const char*> errors[] = {
      {R"({"accessKeys":{"AKIA":{"secretAccessKey":"s"}}})", "/accessKeys/AKIA/accountId: is required"},
      {R"({"accessKeys":{"AKIA":{"accountId":"222222222222","secretAccessKey":7}}})", "/accessKeys/AKIA/secretAccessKey: must be a string"},
      {R"({"accessKeys":{"AKIA":{"accountId":"222222222222","secretAccessKey":""}}})", "/accessKeys/AKIA/secretAccessKey: must not be empty"},
      {R"({"accessKeys":{"AKIA":["222222222222"]}})", "/accessKeys/AKIA: must be a 12-digit account ID or"},
  };
  for (const auto& [text, message] : errors) {
    Status s = ParseFixture(text, "us-east-1", &fixture);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidInput) << text;
    EXPECT_EQ(s.message().rfind(message, 0), 0u) << s.message();
  }
}

TEST(Fixtures, OmittedFieldsTakeTheirDefaults) {
  Fixture fixture;
  ASSERT_TRUE(ParseFixture(R"({"hubs": [{"accountId": "111111111111"}],
                               "members": [{"administratorId": "111111111111", "accountId": "222222222222",
                                            "invitedAt": "2021-10-22T11:31:48Z"}]})",
                           "ap-south-1", &fixture).ok());
  const Hub& hub = fixture.hubs.at(0);
  EXPECT_EQ(hub.region, "ap-south-1");
  EXPECT_EQ(hub.subscribed_at, 0) << "0: Seed stamps the load time";
  EXPECT_TRUE(hub.auto_enable_controls);
  EXPECT_EQ(hub.control_finding_generator, "SECURITY_CONTROL");
  const Relationship& r = fixture.relationships.at(0);
  EXPECT_EQ(r.region, "ap-south-1");
  EXPECT_EQ(r.status, MemberStatus::kCreated);
  EXPECT_EQ(r.invited_at, 1634902308000) << "a time without milliseconds is accepted";
  EXPECT_FALSE(r.email.has_value());
}

// The hand-written shipped fixtures are in the snapshot's own form, field for field and line
// for line, so GET /_mock/state after loading one answers the file itself.
TEST(Fixtures, TheShippedFixturesAreSnapshots) {
  for (const char* name : {"walkthrough-start.json", "mid-flow.json"}) {
    const std::string path = std::string(SHMOCK_FIXTURES_DIR) + "/" + name;
    std::ifstream in(path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Fixture fixture;
    ASSERT_TRUE(ParseFixture(text, "us-east-1", &fixture).ok()) << name;
    EXPECT_EQ(DumpFixture(fixture), text) << name;
  }
}

// What GET /_mock/state reads: every record, in key order, from either store.
TEST(Fixtures, BothStoresReadASeededStateBackInKeyOrder) {
  Fixture shipped;
  ASSERT_TRUE(ReadFixtureFile(std::string(SHMOCK_FIXTURES_DIR) + "/mid-flow.json", "us-east-1", &shipped).ok());
  Fixture reversed = shipped;  // seeded in reverse, read back in key order
  std::reverse(reversed.hubs.begin(), reversed.hubs.end());
  std::reverse(reversed.relationships.begin(), reversed.relationships.end());
  MemoryStore memory;
  std::unique_ptr<SqliteStore> sqlite;
  ASSERT_TRUE(SqliteStore::Open(":memory:", &sqlite).ok());
  for (Store* store : {static_cast<Store*>(&memory), static_cast<Store*>(sqlite.get())}) {
    FakeClock clock;
    Membership membership(*store, clock);
    ASSERT_TRUE(membership.Seed(reversed.hubs, reversed.relationships).ok());
    Fixture read;
    read.access_keys = shipped.access_keys;
    ASSERT_TRUE(store->Run(Store::Access::kRead, [&](StoreTransaction& tx) {
      read.hubs = tx.hubs().All();
      read.relationships = tx.relationships().All();
      return Status::OK();
    }).ok());
    EXPECT_EQ(DumpFixture(read), DumpFixture(shipped));
  }
}

TEST(Timestamps, ParseIsTheInverseOfFormatAndRefusesOtherShapes) {
  Millis t = 0;
  ASSERT_TRUE(ParseIso8601Millis("2021-10-22T11:31:48.385Z", &t));
  EXPECT_EQ(t, 1634902308385);
  EXPECT_EQ(FormatIso8601Millis(t), "2021-10-22T11:31:48.385Z");
  ASSERT_TRUE(ParseIso8601Millis("2024-02-29T23:59:59Z", &t));
  EXPECT_EQ(FormatIso8601Millis(t), "2024-02-29T23:59:59.000Z");
  for (const char* bad : {"2021-10-22T11:31:48.385", "2021-10-22 11:31:48Z", "2021-10-22T11:31:48.38Z",
                          "2021-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2021-10-22T24:00:00Z",
                          "2021-10-22T11:31:60Z", "2021-10-22T11:31:48+00:00", "+021-10-22T11:31:48Z", ""}) {
    EXPECT_FALSE(ParseIso8601Millis(bad, &t)) << bad;
  }
}

}  // namespace
}  // namespace shmock

namespace shmock {
namespace {

// Role sessions (STS AssumeRole) round-trip whole, secrets included (decision 46).
TEST(Fixtures, SessionsRoundTripWithTheirSecrets) {
  const std::string doc = R"({"sessions": [{"accessKeyId": "ASIAEXAMPLEEXAMPLE00", "secretAccessKey": "s3cr3t",
      "sessionToken": "t0k3n", "roleArn": "arn:aws:iam::222222222222:role/path/Admin", "roleSessionName": "ci",
      "roleId": "AROAEXAMPLEEXAMPLE000", "expiration": "2021-10-22T12:31:48.000Z", "chained": true}]})";
  Fixture fixture;
  ASSERT_TRUE(ParseFixture(doc, "us-east-1", &fixture).ok());
  ASSERT_EQ(fixture.sessions.size(), 1u);
  EXPECT_EQ(DumpFixture(fixture),
            "{\n  \"accessKeys\": {},\n  \"hubs\": [],\n  \"members\": [],\n  \"sessions\": [\n    {\"accessKeyId\":\"ASIAEXAMPLEEXAMPLE00\",\"secretAccessKey\":\"s3cr3t\","
            "\"sessionToken\":\"t0k3n\",\"roleArn\":\"arn:aws:iam::222222222222:role/path/Admin\","
            "\"roleSessionName\":\"ci\",\"roleId\":\"AROAEXAMPLEEXAMPLE000\",\"expiration\":\"2021-10-22T12:31:48.000Z\","
            "\"chained\":true}\n  ]\n}\n");
  Fixture again;
  ASSERT_TRUE(ParseFixture(DumpFixture(fixture), "us-east-1", &again).ok());
  EXPECT_EQ(DumpFixture(again), DumpFixture(fixture));

  Status s = ParseFixture(R"({"sessions": [{"accessKeyId": "ASIAX"}]})", "us-east-1", &fixture);
  EXPECT_EQ(s.message(), "/sessions/0/secretAccessKey: is required");
  s = ParseFixture(R"({"sessions": [{"accessKeyId": "A", "secretAccessKey": "s", "sessionToken": "t",
      "roleArn": "arn:aws:iam::222222222222:user/Bob", "roleSessionName": "ci", "expiration": "2021-10-22T12:31:48Z"}]})",
                   "us-east-1", &fixture);
  EXPECT_EQ(s.message(), "/sessions/0/roleArn: 'arn:aws:iam::222222222222:user/Bob' is not an IAM role ARN such as "
                         "arn:aws:iam::111111111111:role/Admin");
}

}  // namespace
}  // namespace shmock
