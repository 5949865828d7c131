// Organizations-managed membership on the wire: whole bodies of the five organization
// operations, the membership operations as an organization changes them, the organization
// control endpoints, and the bad input the issue lists (each refused, changing nothing).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "http_test_support.h"

namespace shmock {
namespace {

// fixtures/organization.json: management account M; accounts A, W (no hub) and 100000000004
// (with a hub); suspended 100000000009. 200000000001 is outside the organization.
const char M[] = "100000000001";
const char A[] = "100000000002";
const char W[] = "100000000003";

class OrganizationsHttpTest : public HttpTest {
 protected:
  OrganizationsHttpTest() : HttpTest(std::string(SHMOCK_FIXTURES_DIR) + "/organization.json") {}

  void Designate(const std::string& admin) {
    ExpectOk("POST", "/organization/admin/enable", M, R"({"AdminAccountId":")" + admin + R"("})",
             R"({"AdminAccountId":")" + admin + R"(","Feature":"SecurityHub"})");
  }
};

const char kLocal[] = R"({"AutoEnable":false,"MemberAccountLimitReached":false,"AutoEnableStandards":"DEFAULT","OrganizationConfiguration":{"ConfigurationType":"LOCAL","Status":"ENABLED"}})";
const char kManagementOnly[] = "Account 100000000002 is not the management account of its organization. Only the management account can manage the Security Hub administrator account.";

TEST_F(OrganizationsHttpTest, LandingZoneFlowWholeBodies) {
  ExpectOk("GET", "/organization/admin", M, "", R"({"AdminAccounts":[]})");
  ExpectError("GET", "/organization/admin", A, "", 403, "AccessDeniedException", kManagementOnly);
  Designate(A);
  ExpectOk("GET", "/organization/admin", M, "", R"({"AdminAccounts":[{"AccountId":"100000000002","Status":"ENABLED"}]})");
  ExpectOk("GET", "/organization/configuration", A, "", kLocal);
  ExpectOk("POST", "/organization/configuration", A, R"({"AutoEnable":true})", "{}");
  ExpectOk("GET", "/organization/configuration", A, "", R"({"AutoEnable":true,"MemberAccountLimitReached":false,"AutoEnableStandards":"DEFAULT","OrganizationConfiguration":{"ConfigurationType":"LOCAL","Status":"ENABLED"}})");

  ExpectOk("POST", "/members", A,
           R"({"AccountDetails":[{"AccountId":"100000000003","Email":"w@example.com"},{"AccountId":"100000000009"},{"AccountId":"100000000001"},{"AccountId":"200000000001","Email":"x@example.com"}]})",
           R"({"UnprocessedAccounts":[{"AccountId":"100000000001","ProcessingResult":"The request is rejected because the organization management account must enable Security Hub itself before it can be enabled as a member."}]})");
  ExpectOk("POST", "/members/invite", A, R"({"AccountIds":["200000000001"]})", R"({"UnprocessedAccounts":[]})");
  auto r = Send("GET", "/members?OnlyAssociated=false", A);
  EXPECT_EQ(Redact(r->body), R"({"Members":[)"
            R"({"AccountId":"100000000003","MasterId":"100000000002","AdministratorId":"100000000002","MemberStatus":"Enabled","UpdatedAt":"<ts>"},)"
            R"({"AccountId":"100000000009","MasterId":"100000000002","AdministratorId":"100000000002","MemberStatus":"AccountSuspended","UpdatedAt":"<ts>"},)"
            R"({"AccountId":"200000000001","Email":"x@example.com","MasterId":"100000000002","AdministratorId":"100000000002","MemberStatus":"Invited","InvitedAt":"<ts>","UpdatedAt":"<ts>"}]})");
  ExpectOk("GET", "/members", A, "", Send("GET", "/members?OnlyAssociated=true", A)->body);

  // The organization member's own views: an administrator, no invitation.
  ExpectOk("GET", "/administrator", W, "", R"({"Administrator":{"AccountId":"100000000002","MemberStatus":"Enabled"}})");
  ExpectOk("GET", "/master", W, "", R"({"Master":{"AccountId":"100000000002","MemberStatus":"Enabled"}})");
  ExpectOk("GET", "/invitations", W, "", R"({"Invitations":[]})");
  ExpectOk("GET", "/invitations/count", W, "", R"({"InvitationsCount":0})");
  EXPECT_EQ(Send("GET", "/accounts", W)->status, 200) << "enabling the member enabled its hub";

  // What an organization member and its administrator may not do.
  ExpectOk("POST", "/members/delete", A, R"({"AccountIds":["100000000003"]})",
           R"({"UnprocessedAccounts":[{"AccountId":"100000000003","ProcessingResult":"You can't invoke this API to delete accounts that belong to an Organizations organization."}]})");
  ExpectError("POST", "/administrator/disassociate", W, "", 400, "BadRequestException",
              "The request is rejected because the current account is a member through its organization. Only the Security Hub administrator account can disassociate it.");
  ExpectError("DELETE", "/accounts", A, "", 400, "InvalidInputException", "Cannot disable Security Hub on the Security Hub administrator");

  // Auto-enable: an account joining the organization is a member at once.
  ExpectOk("POST", "/_mock/organization/accounts", M, R"({"AccountId":"100000000005"})",
           R"({"AccountId":"100000000005","AutoEnabledIn":["us-east-1"]})");
  r = Send("POST", "/members/get", A, R"({"AccountIds":["100000000005"]})");
  EXPECT_EQ(Redact(r->body), R"({"Members":[{"AccountId":"100000000005","MasterId":"100000000002","AdministratorId":"100000000002","MemberStatus":"Enabled","UpdatedAt":"<ts>"}],"UnprocessedAccounts":[]})");
  ExpectOk("DELETE", "/_mock/organization/accounts/100000000005", M, "", "{}");
  ExpectOk("GET", "/administrator", "100000000005", "", "{}");

  // Removing the designation: shown DISABLE_IN_PROGRESS once, then gone; organization members
  // are standalone with their hubs, the invited member stays.
  ExpectOk("POST", "/organization/admin/disable", M, R"({"AdminAccountId":"100000000002"})", "{}");
  ExpectOk("GET", "/organization/admin", M, "", R"({"AdminAccounts":[{"AccountId":"100000000002","Status":"DISABLE_IN_PROGRESS"}]})");
  ExpectOk("GET", "/organization/admin", M, "", R"({"AdminAccounts":[]})");
  r = Send("GET", "/members?OnlyAssociated=false", A);
  EXPECT_EQ(Redact(r->body), R"({"Members":[{"AccountId":"200000000001","Email":"x@example.com","MasterId":"100000000002","AdministratorId":"100000000002","MemberStatus":"Invited","InvitedAt":"<ts>","UpdatedAt":"<ts>"}]})");
  ExpectOk("GET", "/administrator", W, "", "{}");
  EXPECT_EQ(Send("GET", "/accounts", W)->status, 200);
  ExpectError("GET", "/organization/configuration", A, "", 401, "InvalidAccessException",
              "Account 100000000002 is not an administrator for this organization");
  ExpectError("POST", "/organization/admin/disable", M, R"({"AdminAccountId":"100000000002"})", 404,
              "ResourceNotFoundException", "Account 100000000002 is not the Security Hub administrator account for this organization in us-east-1.");
  ExpectOk("DELETE", "/accounts", A, "", "{}");
}

TEST_F(OrganizationsHttpTest, BadInputIsRefusedAndChangesNothing) {
  Designate(A);
  ExpectOk("POST", "/organization/configuration", A, R"({"AutoEnable":true})", "{}");
  const std::string admins = R"({"AdminAccounts":[{"AccountId":"100000000002","Status":"ENABLED"}]})";
  const std::string configuration = R"({"AutoEnable":true,"MemberAccountLimitReached":false,"AutoEnableStandards":"DEFAULT","OrganizationConfiguration":{"ConfigurationType":"LOCAL","Status":"ENABLED"}})";

  ExpectError("POST", "/organization/admin/enable", M, R"({"AdminAccountId":"200000000001"})", 400, "InvalidInputException",
              "Account 200000000001 is not a member of this organization. Only an organization account can be the Security Hub administrator account.");
  ExpectError("POST", "/organization/admin/enable", A, R"({"AdminAccountId":"100000000002"})", 403, "AccessDeniedException", kManagementOnly);
  ExpectError("POST", "/organization/admin/enable", M, R"({"AdminAccountId":"100000000002"})", 409, "ResourceConflictException",
              "Account 100000000002 is already the Security Hub administrator account for this organization in us-east-1.");
  ExpectError("POST", "/organization/admin/enable", M, R"({"AdminAccountId":"100000000003"})", 400, "InvalidInputException",
              "Account 100000000002 is the Security Hub administrator account in us-east-1. An organization has the same administrator account in every Region; remove that designation first.");
  ExpectError("POST", "/organization/admin/enable", M, R"({"AdminAccountId":"100000000003"})", 400, "InvalidInputException",
              "Account 100000000002 is the Security Hub administrator account in us-east-1. An organization has the same administrator account in every Region; remove that designation first.",
              "eu-west-1");
  ExpectError("POST", "/organization/admin/enable", M, R"({"AdminAccountId":"100000000002","Feature":"Nope"})", 400, "InvalidInputException",
              "1 validation error detected: Value 'Nope' at 'Feature' failed to satisfy constraint: Member must satisfy enum value set: [SecurityHub, SecurityHubV2]");
  ExpectError("POST", "/organization/admin/enable", M, R"({"AdminAccountId":"12345"})", 400, "InvalidInputException",
              "The AdminAccountId '12345' is not a valid 12-digit AWS account ID.");
  ExpectError("POST", "/organization/admin/enable", M, "{}", 400, "InvalidInputException",
              "1 validation error detected: Value null at 'AdminAccountId' failed to satisfy constraint: Member must not be null");
  ExpectError("POST", "/organization/admin/enable", M, R"({"AdminAccountId":"100000000002","Feature":"SecurityHubV2"})", 501, "NotImplementedException",
              "EnableOrganizationAdminAccount with Feature SecurityHubV2 is not implemented by securityhub-mock; it models the SecurityHub feature only.");
  ExpectError("POST", "/organization/admin/disable", M, R"({"AdminAccountId":"100000000003"})", 404, "ResourceNotFoundException",
              "Account 100000000003 is not the Security Hub administrator account for this organization in us-east-1.");
  ExpectError("GET", "/organization/admin?MaxResults=11", M, "", 400, "InvalidInputException",
              "1 validation error detected: Value '11' at 'MaxResults' failed to satisfy constraint: Member must have value less than or equal to 10");
  ExpectError("GET", "/organization/admin?NextToken=garbage", M, "", 400, "InvalidInputException",
              "The NextToken 'garbage' is not valid for ListOrganizationAdminAccounts. Pass the NextToken value returned by the previous ListOrganizationAdminAccounts call, unchanged.");
  ExpectError("POST", "/organization/configuration", A, R"({"AutoEnable":true,"AutoEnableStandards":"ALL"})", 400, "InvalidInputException",
              "1 validation error detected: Value 'ALL' at 'AutoEnableStandards' failed to satisfy constraint: Member must satisfy enum value set: [NONE, DEFAULT]");
  ExpectError("POST", "/organization/configuration", A, R"({"AutoEnableStandards":"NONE"})", 400, "InvalidInputException",
              "1 validation error detected: Value null at 'AutoEnable' failed to satisfy constraint: Member must not be null");
  ExpectError("POST", "/organization/configuration", A, R"({"AutoEnable":true,"OrganizationConfiguration":{"ConfigurationType":"CENTRAL"}})", 400, "InvalidInputException",
              "An organization configuration of type CENTRAL requires AutoEnable false and AutoEnableStandards NONE: configuration policies decide what member accounts enable.");
  ExpectError("POST", "/organization/configuration", "100000000004", R"({"AutoEnable":false})", 401, "InvalidAccessException",
              "Account 100000000004 is not an administrator for this organization");
  ExpectError("POST", "/organization/configuration", W, R"({"AutoEnable":false})", 401, "InvalidAccessException",
              "Account 100000000003 is not subscribed to AWS Security Hub");
  ExpectError("POST", "/_mock/organization/accounts", M, "{}", 400, "InvalidInputException",
              "POST /_mock/organization/accounts takes a JSON body {\"AccountId\": \"<12 digits>\"}.");
  ExpectError("POST", "/_mock/organization/accounts", M, R"({"AccountId":"12345"})", 400, "InvalidInputException",
              "The AccountId '12345' is not a valid 12-digit AWS account ID.");
  ExpectError("POST", "/_mock/organization/accounts", M, R"({"AccountId":"100000000003"})", 409, "ResourceConflictException",
              "Account 100000000003 is already in the organization.");
  ExpectError("DELETE", "/_mock/organization/accounts/200000000001", M, "", 404, "ResourceNotFoundException",
              "Account 200000000001 is not in the organization.");
  ExpectError("DELETE", "/_mock/organization/accounts/100000000002", M, "", 400, "InvalidInputException",
              "Account 100000000002 is the Security Hub administrator account in us-east-1; remove that designation first.");

  ExpectOk("GET", "/organization/admin", M, "", admins);
  ExpectOk("GET", "/organization/configuration", A, "", configuration);
  ExpectOk("GET", "/members?OnlyAssociated=false", A, "", R"({"Members":[]})");
  ExpectError("GET", "/accounts", W, "", 401, "InvalidAccessException",
              "Account 100000000003 is not subscribed to AWS Security Hub");
}

// The organization is a part of the state documents: the snapshot shows it, reset drops it,
// reset?fixtures=1 brings the start-up one back, and POST /_mock/fixtures loads one.
TEST_F(OrganizationsHttpTest, TheOrganizationIsAPartOfTheStateDocuments) {
  ExpectOk("POST", "/_mock/organization/accounts", M, R"({"AccountId":"100000000005"})",
           R"({"AccountId":"100000000005","AutoEnabledIn":[]})");
  auto r = Send("GET", "/_mock/state", M);
  ASSERT_TRUE(r);
  EXPECT_NE(r->body.find(R"("organization": {"managementAccountId":"100000000001","accounts":["100000000002","100000000003","100000000004","100000000005"],"suspendedAccounts":["100000000009"],"delegatedAdministrators":[]})"),
            std::string::npos) << r->body;
  ExpectOk("POST", "/_mock/reset", M, "", "{}");
  ExpectError("GET", "/organization/admin", M, "", 403, "AccessDeniedException", "Your account is not a member of an organization.");
  ExpectOk("POST", "/_mock/reset?fixtures=1", M, "", R"({"accessKeys":0,"hubs":1,"members":0})");
  ExpectOk("GET", "/organization/admin", M, "", R"({"AdminAccounts":[]})");
  ExpectError("POST", "/_mock/fixtures", M, R"({"organization":{"managementAccountId":"100000000001","suspendedAccounts":["100000000001"]}})",
              400, "InvalidInputException", "/organization/suspendedAccounts: the management account 100000000001 cannot be suspended");
}

TEST_F(HttpTest, AnOrganizationLoadedAtRunTimeIsUsable) {
  ExpectError("GET", "/organization/admin", "100000000001", "", 403, "AccessDeniedException", "Your account is not a member of an organization.");
  ExpectOk("POST", "/_mock/fixtures", "100000000001",
           R"({"organization":{"managementAccountId":"100000000001","accounts":["100000000002"]}})",
           R"({"accessKeys":0,"hubs":0,"members":0})");
  ExpectOk("POST", "/organization/admin/enable", "100000000001", R"({"AdminAccountId":"100000000002"})",
           R"({"AdminAccountId":"100000000002","Feature":"SecurityHub"})");
  auto r = Send("GET", "/_mock/state", "100000000001");
  EXPECT_NE(r->body.find(R"("organization": {"managementAccountId":"100000000001","accounts":["100000000002"],"suspendedAccounts":[],"delegatedAdministrators":[{"region":"us-east-1","accountId":"100000000002","autoEnable":false,"autoEnableStandards":"DEFAULT","configurationType":"LOCAL"}]})"),
            std::string::npos) << r->body;

  // The snapshot carries the designation and the organization members, so it loads back.
  ExpectOk("POST", "/accounts", "100000000001", "{}", "{}");
  ExpectOk("POST", "/members", "100000000002", R"({"AccountDetails":[{"AccountId":"100000000001"}]})", R"({"UnprocessedAccounts":[]})");
  const std::string before = Send("GET", "/_mock/state", "100000000001")->body;
  EXPECT_NE(before.find(R"("origin":"Organization")"), std::string::npos) << before;
  ExpectOk("POST", "/_mock/reset", "100000000001", "", "{}");
  ASSERT_EQ(Send("POST", "/_mock/fixtures", "100000000001", before)->status, 200);
  EXPECT_EQ(Send("GET", "/_mock/state", "100000000001")->body, before);
  ExpectOk("GET", "/administrator", "100000000001", "", R"({"Administrator":{"AccountId":"100000000002","MemberStatus":"Enabled"}})");
  ExpectOk("GET", "/organization/admin", "100000000001", "", R"({"AdminAccounts":[{"AccountId":"100000000002","Status":"ENABLED"}]})");
}

// Without an organization part in the fixtures, every account is outside an organization.
TEST_F(HttpTest, WithoutAnOrganizationTheOrganizationOperationsAnswerAsOutsideOne) {
  const char kNotInOrganization[] = "Your account is not a member of an organization.";
  ExpectError("GET", "/organization/admin", "111111111111", "", 403, "AccessDeniedException", kNotInOrganization);
  ExpectError("POST", "/organization/admin/enable", "111111111111", R"({"AdminAccountId":"111111111111"})", 403, "AccessDeniedException", kNotInOrganization);
  ExpectError("POST", "/organization/admin/disable", "111111111111", R"({"AdminAccountId":"111111111111"})", 403, "AccessDeniedException", kNotInOrganization);
  ExpectError("GET", "/organization/configuration", "111111111111", "", 401, "InvalidAccessException",
              "Account 111111111111 is not subscribed to AWS Security Hub");
  ExpectOk("POST", "/accounts", "111111111111", "{}", "{}");
  ExpectError("GET", "/organization/configuration", "111111111111", "", 401, "InvalidAccessException",
              "Account 111111111111 is not an administrator for this organization");
  ExpectError("POST", "/_mock/organization/accounts", "111111111111", R"({"AccountId":"222222222222"})", 400, "InvalidInputException",
              "No organization is declared. Start the server with a --fixtures file that has an \"organization\" part.");
}

// The organization, the designation, its configuration and the organization members are
// acknowledged writes: a restart on the same database file keeps them all.
TEST(OrganizationPersistence, OrganizationStateSurvivesARestart) {
  const std::string db = "/tmp/shmock-organizations-" + std::to_string(getpid()) + ".db";
  std::remove(db.c_str());
  {
    TestServer server(db, std::string(SHMOCK_FIXTURES_DIR) + "/organization.json");
    httplib::Client c("127.0.0.1", server.port());
    ASSERT_EQ(c.Post("/organization/admin/enable", As(M), R"({"AdminAccountId":"100000000002"})", "application/json")->status, 200);
    ASSERT_EQ(c.Post("/organization/configuration", As(A), R"({"AutoEnable":true,"AutoEnableStandards":"NONE"})", "application/json")->status, 200);
    ASSERT_EQ(c.Post("/members", As(A), R"({"AccountDetails":[{"AccountId":"100000000003"},{"AccountId":"100000000009"}]})", "application/json")->body, R"({"UnprocessedAccounts":[]})");
  }
  {
    TestServer server(db);  // no fixtures: everything comes from the database
    httplib::Client c("127.0.0.1", server.port());
    EXPECT_EQ(c.Get("/organization/admin", As(M))->body, R"({"AdminAccounts":[{"AccountId":"100000000002","Status":"ENABLED"}]})");
    EXPECT_EQ(c.Get("/organization/configuration", As(A))->body, R"({"AutoEnable":true,"MemberAccountLimitReached":false,"AutoEnableStandards":"NONE","OrganizationConfiguration":{"ConfigurationType":"LOCAL","Status":"ENABLED"}})");
    EXPECT_EQ(Redact(c.Get("/members?OnlyAssociated=false", As(A))->body), R"({"Members":[)"
              R"({"AccountId":"100000000003","MasterId":"100000000002","AdministratorId":"100000000002","MemberStatus":"Enabled","UpdatedAt":"<ts>"},)"
              R"({"AccountId":"100000000009","MasterId":"100000000002","AdministratorId":"100000000002","MemberStatus":"AccountSuspended","UpdatedAt":"<ts>"}]})");
    EXPECT_EQ(c.Post("/members/delete", As(A), R"({"AccountIds":["100000000003"]})", "application/json")->body,
              R"({"UnprocessedAccounts":[{"AccountId":"100000000003","ProcessingResult":"You can't invoke this API to delete accounts that belong to an Organizations organization."}]})")
        << "it is still an organization member";
    EXPECT_EQ(c.Post("/_mock/organization/accounts", As(M), R"({"AccountId":"100000000003"})", "application/json")->status, 409)
        << "the organization's accounts are kept";
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((db + suffix).c_str());
}

}  // namespace
}  // namespace shmock
