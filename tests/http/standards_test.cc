// Standards and controls on the wire (behavior.md §16): whole bodies of each operation, the
// ARNs in greedy path labels as the SDKs encode them, refusals with AWS's status and code, the
// read cache never serving a status that time has changed, and --standards-delay-ms.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "http_test_support.h"

namespace shmock {
namespace {

const char kA[] = "111111111111";
const char kB[] = "222222222222";

const char kFsbp[] = "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0";
const char kCis[] = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0";
const char kPci[] = "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1";
const char kPciSubscription[] = "arn:aws:securityhub:us-east-1:111111111111:subscription/pci-dss/v/3.2.1";

// The SDKs percent-encode a greedy label's ':' and keep its '/'.
std::string Greedy(const std::string& arn) {
  return std::regex_replace(arn, std::regex(":"), "%3A");
}

std::string RedactAll(std::string body) {
  body = std::regex_replace(
      body, std::regex(R"re("ControlStatusUpdatedAt":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")re"),
      "\"ControlStatusUpdatedAt\":\"<ts>\"");
  return Redact(body);
}

std::string Subscription(const std::string& account, const std::string& path,
                         const std::string& standards_arn, const char* status, bool ready) {
  return R"({"StandardsSubscriptionArn":"arn:aws:securityhub:us-east-1:)" + account +
         ":subscription/" + path + R"(","StandardsArn":")" + standards_arn +
         R"(","StandardsInput":{},"StandardsStatus":")" + status +
         R"(","StandardsControlsUpdatable":")" +
         (ready ? "READY_FOR_UPDATES" : "NOT_READY_FOR_UPDATES") + R"("})";
}

const std::string kFsbpReady = Subscription(
    kA, "aws-foundational-security-best-practices/v/1.0.0", kFsbp, "READY", true);
const std::string kCisReady =
    Subscription(kA, "cis-aws-foundations-benchmark/v/1.2.0", kCis, "READY", true);

class StandardsHttpTest : public HttpTest {};

TEST_F(StandardsHttpTest, SubscriptionsFromEnableToGone) {
  ExpectError("POST", "/standards/get", kA, "{}", 401, "InvalidAccessException",
              "Account 111111111111 is not subscribed to AWS Security Hub");
  ExpectOk("POST", "/accounts", kA, "{}", "{}");
  ExpectOk("POST", "/standards/get", kA, "{}",
           R"({"StandardsSubscriptions":[)" + kFsbpReady + "," + kCisReady + "]}");
  ExpectOk("POST", "/standards/register", kA,
           json{{"StandardsSubscriptionRequests", {{{"StandardsArn", kPci}}}}}.dump(),
           R"({"StandardsSubscriptions":[)" +
               Subscription(kA, "pci-dss/v/3.2.1", kPci, "PENDING", false) + "]}");
  ExpectOk("POST", "/standards/get", kA,
           json{{"StandardsSubscriptionArns", {kPciSubscription}}}.dump(),
           R"({"StandardsSubscriptions":[)" +
               Subscription(kA, "pci-dss/v/3.2.1", kPci, "READY", true) + "]}");
  // Paging: one a page, the token resumes after the last subscription.
  json page = Json("POST", "/standards/get", kA, R"({"MaxResults":1})");
  ASSERT_EQ(page["StandardsSubscriptions"].size(), 1u);
  page = Json("POST", "/standards/get", kA,
              json{{"MaxResults", 5}, {"NextToken", page["NextToken"]}}.dump());
  EXPECT_EQ(page["StandardsSubscriptions"].size(), 2u);
  EXPECT_FALSE(page.contains("NextToken"));
  ExpectError("POST", "/standards/get", kA, R"({"NextToken":"bm9wZQ"})", 400,
              "InvalidInputException",
              "The NextToken 'bm9wZQ' is not valid for GetEnabledStandards. Pass the NextToken "
              "value returned by the previous GetEnabledStandards call, unchanged.");
  ExpectOk("POST", "/standards/deregister", kA,
           json{{"StandardsSubscriptionArns", {kPciSubscription}}}.dump(),
           R"({"StandardsSubscriptions":[)" +
               Subscription(kA, "pci-dss/v/3.2.1", kPci, "DELETING", false) + "]}");
  ExpectOk("POST", "/standards/get", kA,
           json{{"StandardsSubscriptionArns", {kPciSubscription}}}.dump(),
           R"({"StandardsSubscriptions":[]})");
  ExpectError("GET", "/standards/controls/" + Greedy(kPciSubscription), kA, "", 404,
              "ResourceNotFoundException",
              "The standards subscription " + std::string(kPciSubscription) +
                  " does not exist in this account and Region. GetEnabledStandards lists the "
                  "subscriptions that do.");
}

TEST_F(StandardsHttpTest, RefusalsChangeNothing) {
  ExpectOk("POST", "/accounts", kA, "{}", "{}");
  const std::string unknown = "arn:aws:securityhub:us-east-1::standards/nope/v/1";
  ExpectError("POST", "/standards/register", kA,
              json{{"StandardsSubscriptionRequests", {{{"StandardsArn", unknown}}}}}.dump(), 400,
              "InvalidInputException",
              "Invalid StandardsSubscriptionRequest(s): [{\"StandardsArn\":\"" + unknown + "\"}]");
  json many = json::array();
  for (int i = 0; i < 26; ++i) many.push_back({{"StandardsArn", kPci}});
  auto r = Send("POST", "/standards/register", kA,
                json{{"StandardsSubscriptionRequests", many}}.dump());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->get_header_value("x-amzn-ErrorType"), "InvalidInputException");
  ExpectError("POST", "/standards/deregister", kA,
              R"({"StandardsSubscriptionArns":["arn:aws:securityhub:us-east-1:222222222222:subscription/pci-dss/v/3.2.1"]})",
              400, "InvalidInputException",
              "Invalid StandardsSubscriptionArn(s): "
              "[\"arn:aws:securityhub:us-east-1:222222222222:subscription/pci-dss/v/3.2.1\"]");
  ExpectOk("POST", "/standards/get", kA, "{}",
           R"({"StandardsSubscriptions":[)" + kFsbpReady + "," + kCisReady + "]}");
}

TEST_F(StandardsHttpTest, ControlsOfAStandardThroughTheGreedyLabel) {
  ExpectOk("POST", "/accounts", kB, "{}", "{}");
  const std::string subscription =
      "arn:aws:securityhub:us-east-1:222222222222:subscription/cis-aws-foundations-benchmark/v/1.2.0";
  const std::string control =
      "arn:aws:securityhub:us-east-1:222222222222:control/cis-aws-foundations-benchmark/v/1.2.0/1.1";
  auto r = Send("GET", "/standards/controls/" + Greedy(subscription) + "?MaxResults=1", kB);
  ASSERT_EQ(r->status, 200) << r->body;
  ASSERT_TRUE(json::parse(r->body).contains("NextToken"));
  const std::string body = std::regex_replace(r->body, std::regex(R"re(,"NextToken":"[^"]+")re"), "");
  EXPECT_EQ(RedactAll(body),
            R"({"Controls":[{"StandardsControlArn":")" + control +
                R"(","ControlStatus":"ENABLED","ControlStatusUpdatedAt":"<ts>","ControlId":"1.1","Title":"A log metric filter and alarm should exist for usage of the \"root\" user","Description":"A log metric filter and alarm should exist for usage of the \"root\" user.","RemediationUrl":"https://docs.aws.amazon.com/console/securityhub/CloudWatch.1/remediation","SeverityRating":"LOW","RelatedRequirements":["CIS AWS Foundations Benchmark v1.2.0/1.1","CIS AWS Foundations Benchmark v1.2.0/3.3"]}]})");
  // Terraform enables with an empty DisabledReason (decision 58).
  ExpectOk("PATCH", "/standards/control/" + Greedy(control), kB,
           R"({"ControlStatus":"ENABLED","DisabledReason":""})", "{}");
  ExpectError("PATCH", "/standards/control/" + Greedy(control), kB,
              R"({"ControlStatus":"DISABLED","DisabledReason":"  "})", 400, "InvalidInputException",
              "DisabledReason is required to disable a control: say why it is disabled.");
  ExpectError("PATCH", "/standards/control/" + Greedy(control), kB, R"({})", 400,
              "InvalidInputException",
              "ControlStatus is required: ENABLED, or DISABLED with a DisabledReason.");
  ExpectOk("PATCH", "/standards/control/" + Greedy(control), kB,
           R"({"ControlStatus":"DISABLED","DisabledReason":"Organization trail"})", "{}");
  json page = Json("GET", "/standards/controls/" + Greedy(subscription) + "?MaxResults=1", kB);
  EXPECT_EQ(page["Controls"][0]["ControlStatus"], "DISABLED");
  EXPECT_EQ(page["Controls"][0]["DisabledReason"], "Organization trail");
  // A standards ARN where the control ARN belongs: AWS's 403.
  const std::string standards_arn = std::string(kFsbp) + "/S3.1";
  ExpectError("PATCH", "/standards/control/" + Greedy(standards_arn), kB,
              R"({"ControlStatus":"DISABLED","DisabledReason":"x"})", 403, "AccessDeniedException",
              "Account id 222222222222 is not authorized to perform action on resource: " +
                  standards_arn);
}

TEST_F(StandardsHttpTest, SecurityControlsAndTheirParameters) {
  ExpectOk("POST", "/accounts", kA, "{}", "{}");
  const std::string acm_definition =
      R"({"SecurityControlId":"ACM.1","Title":"Imported and ACM-issued certificates should be renewed after a specified time period","Description":"Imported and ACM-issued certificates should be renewed after a specified time period. Evaluated on AWS::ACM::Certificate resources when they change.","RemediationUrl":"https://docs.aws.amazon.com/console/securityhub/ACM.1/remediation","SeverityRating":"MEDIUM","CurrentRegionAvailability":"AVAILABLE","CustomizableProperties":["Parameters"],"ParameterDefinitions":{"daysToExpiration":{"Description":"Number of days within which the ACM certificate must be renewed","ConfigurationOptions":{"Integer":{"Min":14,"Max":365,"DefaultValue":30}}}}})";
  ExpectOk("GET", "/securityControl/definition?SecurityControlId=ACM.1", kA, "",
           R"({"SecurityControlDefinition":)" + acm_definition + "}");
  auto first = Send("GET", "/securityControls/definitions?MaxResults=1", kA);
  EXPECT_EQ(first->body.substr(0, first->body.find(",\"NextToken\"")),
            R"({"SecurityControlDefinitions":[)" + acm_definition + "]");
  ExpectError("GET", "/securityControl/definition?SecurityControlId=Nope.1", kA, "", 404,
              "ResourceNotFoundException",
              "There is no security control Nope.1; ListSecurityControlDefinitions lists the "
              "SecurityControlId of each.");

  const std::string acm_control =
      R"("SecurityControlId":"ACM.1","SecurityControlArn":"arn:aws:securityhub:us-east-1:111111111111:security-control/ACM.1","Title":"Imported and ACM-issued certificates should be renewed after a specified time period","Description":"Imported and ACM-issued certificates should be renewed after a specified time period. Evaluated on AWS::ACM::Certificate resources when they change.","RemediationUrl":"https://docs.aws.amazon.com/console/securityhub/ACM.1/remediation","SeverityRating":"MEDIUM","SecurityControlStatus":"ENABLED","UpdateStatus":"READY",)";
  ExpectOk("POST", "/securityControls/batchGet", kA, R"({"SecurityControlIds":["ACM.1","Nope.1"]})",
           R"({"SecurityControls":[{)" + acm_control +
               R"("Parameters":{"daysToExpiration":{"ValueType":"DEFAULT","Value":{"Integer":30}}}}],"UnprocessedIds":[{"SecurityControlId":"Nope.1","ErrorCode":"RESOURCE_NOT_FOUND","ErrorReason":"There is no security control Nope.1; ListSecurityControlDefinitions lists the SecurityControlId of each."}]})");
  ExpectError("PATCH", "/securityControl/update", kA,
              R"({"SecurityControlId":"ACM.1","Parameters":{"daysToExpiration":{"ValueType":"CUSTOM","Value":{"Integer":30,"String":"x"}}}})",
              400, "InvalidInputException",
              "Parameters['daysToExpiration'].Value sets 2 members; a ParameterValue sets exactly "
              "one (Integer, IntegerList, Double, String, StringList, Boolean, Enum or EnumList).");
  ExpectError("PATCH", "/securityControl/update", kA,
              R"({"SecurityControlId":"ACM.1","Parameters":{"daysToExpiration":{"ValueType":"CUSTOM","Value":{"Integer":400}}}})",
              400, "InvalidInputException",
              "Parameter daysToExpiration of control ACM.1: 400 is above the maximum 365.");
  ExpectOk("PATCH", "/securityControl/update", kA,
           R"({"SecurityControlId":"ACM.1","Parameters":{"daysToExpiration":{"ValueType":"CUSTOM","Value":{"Integer":45}}},"LastUpdateReason":"Team window"})",
           "{}");
  ExpectOk("POST", "/securityControls/batchGet", kA,
           R"({"SecurityControlIds":["arn:aws:securityhub:us-east-1:111111111111:security-control/ACM.1"]})",
           R"({"SecurityControls":[{)" + acm_control +
               R"("Parameters":{"daysToExpiration":{"ValueType":"CUSTOM","Value":{"Integer":45}}},"LastUpdateReason":"Team window"}],"UnprocessedIds":[]})");
}

TEST_F(StandardsHttpTest, AssociationsFollowTheEnabledStandards) {
  ExpectOk("POST", "/accounts", kA, "{}", "{}");
  const std::string iam1 =
      R"("SecurityControlId":"IAM.1","SecurityControlArn":"arn:aws:securityhub:us-east-1:111111111111:security-control/IAM.1",)";
  const std::string texts =
      R"("StandardsControlTitle":"IAM policies should not allow full \"*\" administrative privileges","StandardsControlDescription":"IAM policies should not allow full \"*\" administrative privileges. Evaluated on AWS::IAM::Policy resources when they change.")";
  const std::string fsbp_summary = R"({"StandardsArn":")" + std::string(kFsbp) + R"(",)" + iam1 +
                                   R"("AssociationStatus":"ENABLED","RelatedRequirements":[],"UpdatedAt":"<ts>",)" + texts;
  const std::string cis_summary = R"({"StandardsArn":")" + std::string(kCis) + R"(",)" + iam1 +
                                  R"("AssociationStatus":"ENABLED","RelatedRequirements":["CIS AWS Foundations Benchmark v1.2.0/1.22"],"UpdatedAt":"<ts>",)" + texts;
  // Ordered by standards ARN: CIS 1.2.0's has no Region, so it comes first (decision 52).
  auto r = Send("GET", "/associations?SecurityControlId=IAM.1", kA);
  EXPECT_EQ(Redact(r->body), R"({"StandardsControlAssociationSummaries":[)" + cis_summary + "}," +
                                 fsbp_summary + "}]}");
  ExpectOk("PATCH", "/associations", kA,
           json{{"StandardsControlAssociationUpdates",
                 {{{"StandardsArn", kFsbp}, {"SecurityControlId", "IAM.1"},
                   {"AssociationStatus", "DISABLED"}, {"UpdatedReason", "Landing zone"}},
                  {{"StandardsArn", kCis}, {"SecurityControlId", "IAM.1"},
                   {"AssociationStatus", "DISABLED"}},
                  {{"StandardsArn", kPci}, {"SecurityControlId", "IAM.1"},
                   {"AssociationStatus", "ENABLED"}}}}}.dump(),
           R"({"UnprocessedAssociationUpdates":[{"StandardsControlAssociationUpdate":{"StandardsArn":")" +
               std::string(kCis) +
               R"(","SecurityControlId":"IAM.1","AssociationStatus":"DISABLED"},"ErrorCode":"INVALID_INPUT","ErrorReason":"UpdatedReason is required to disable a control in a standard: say why it is disabled."},{"StandardsControlAssociationUpdate":{"StandardsArn":")" +
               kPci +
               R"(","SecurityControlId":"IAM.1","AssociationStatus":"ENABLED"},"ErrorCode":"RESOURCE_NOT_FOUND","ErrorReason":"Control IAM.1 is not in the standard )" +
               kPci +
               R"(, or that standard is not enabled and ready in this account and Region."}]})");
  r = Send("POST", "/associations/batchGet", kA,
           json{{"StandardsControlAssociationIds",
                 {{{"StandardsArn", kFsbp}, {"SecurityControlId", "IAM.1"}},
                  {{"StandardsArn", kPci}, {"SecurityControlId", "IAM.1"}}}}}.dump());
  EXPECT_EQ(Redact(r->body),
            R"({"StandardsControlAssociationDetails":[{"StandardsArn":")" + std::string(kFsbp) +
                R"(",)" + iam1 +
                R"("AssociationStatus":"DISABLED","RelatedRequirements":[],"UpdatedAt":"<ts>","UpdatedReason":"Landing zone",)" +
                texts +
                R"(,"StandardsControlArns":["arn:aws:securityhub:us-east-1:111111111111:control/aws-foundational-security-best-practices/v/1.0.0/IAM.1"]}],"UnprocessedAssociations":[{"StandardsControlAssociationId":{"SecurityControlId":"IAM.1","StandardsArn":")" +
                kPci +
                R"("},"ErrorCode":"RESOURCE_NOT_FOUND","ErrorReason":"Control IAM.1 is not in the standard )" +
                kPci +
                R"(, or that standard is not enabled and ready in this account and Region."}]})");
  // Still enabled in CIS 1.2.0, so the security control is ENABLED.
  json controls = Json("POST", "/securityControls/batchGet", kA, R"({"SecurityControlIds":["IAM.1"]})");
  EXPECT_EQ(controls["SecurityControls"][0]["SecurityControlStatus"], "ENABLED");
}

// With --standards-delay-ms a subscription reads PENDING, then READY once the delay is over:
// the read cache must not keep answering PENDING, though no write came between.
TEST(StandardsDelay, StatusesChangeWithTimeAlone) {
  Config config;
  config.db = ":memory:";
  config.threads = 2;
  config.standards_delay_ms = 300;
  TestServer server(config);
  httplib::Client client("127.0.0.1", server.port());
  auto call = [&](const char* path, const std::string& body) {
    auto r = client.Post(path, As(kA), body, "application/json");
    EXPECT_TRUE(r);
    return r ? json::parse(r->body) : json();
  };
  ASSERT_TRUE(client.Post("/accounts", As(kA), R"({"EnableDefaultStandards":false})",
                          "application/json"));
  call("/standards/register", json{{"StandardsSubscriptionRequests", {{{"StandardsArn", kPci}}}}}.dump());
  json pending = call("/standards/get", "{}");
  EXPECT_EQ(pending["StandardsSubscriptions"][0]["StandardsStatus"], "PENDING");
  EXPECT_EQ(pending["StandardsSubscriptions"][0]["StandardsControlsUpdatable"], "NOT_READY_FOR_UPDATES");
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  json ready = call("/standards/get", "{}");
  EXPECT_EQ(ready["StandardsSubscriptions"][0]["StandardsStatus"], "READY");
}

}  // namespace
}  // namespace shmock
