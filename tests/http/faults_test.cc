// Fault injection on the wire: arming, listing and clearing rules under /_mock/faults (whole
// bodies), what a faulted call answers, that it changes nothing, and how rules select calls.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "test_server.h"

namespace shmock {
namespace {

using nlohmann::json;

const char kA[] = "111111111111";
const char kB[] = "222222222222";
const char kRateRule[] =
    R"({"operation": "ListMembers", "account": "111111111111", "region": "us-east-1", "count": 2,)"
    R"( "error": {"status": 429, "code": "LimitExceededException", "message": "Rate exceeded"}})";

class FaultsTest : public ::testing::Test {
 protected:
  FaultsTest() : client_("127.0.0.1", server_.port()) {}

  httplib::Result Arm(const std::string& rule) {
    return client_.Post("/_mock/faults", rule, "application/json");
  }
  std::string Rules() { return client_.Get("/_mock/faults")->body; }
  httplib::Result Call(const std::string& method, const std::string& path, const std::string& account,
                       const std::string& body = "", const std::string& region = "us-east-1") {
    return method == "GET" ? client_.Get(path.c_str(), As(account, region))
                           : client_.Post(path.c_str(), As(account, region), body, "application/json");
  }
  void ExpectRefused(const std::string& rule, const std::string& message) {
    auto r = Arm(rule);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << rule;
    EXPECT_EQ(r->get_header_value("x-amzn-ErrorType"), "InvalidInputException");
    EXPECT_EQ(r->body, json({{"Code", "InvalidInputException"}, {"Message", "Invalid fault rule: " + message}}).dump()) << rule;
  }

  TestServer server_;
  httplib::Client client_;
};

TEST_F(FaultsTest, ArmListAndClearWholeBodies) {
  auto r = Arm(kRateRule);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body,
            R"({"id":"fault-1","operation":"ListMembers","account":"111111111111","region":"us-east-1",)"
            R"("count":2,"remaining":2,"error":{"status":429,"code":"LimitExceededException","message":"Rate exceeded"},)"
            R"("matched":0,"applied":0})");
  r = Arm(R"({"operation": "*", "probability": 0.1, "delayMs": 250})");
  EXPECT_EQ(r->body, R"({"id":"fault-2","operation":"*","probability":0.1,"delayMs":250,"matched":0,"applied":0})");
  EXPECT_EQ(Rules(),
            R"({"rules":[{"id":"fault-1","operation":"ListMembers","account":"111111111111","region":"us-east-1",)"
            R"("count":2,"remaining":2,"error":{"status":429,"code":"LimitExceededException","message":"Rate exceeded"},)"
            R"("matched":0,"applied":0},{"id":"fault-2","operation":"*","probability":0.1,"delayMs":250,"matched":0,"applied":0}]})");
  r = client_.Delete("/_mock/faults");
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "{}");
  EXPECT_EQ(Rules(), R"({"rules":[]})");
  // Ids are never reused, so a stale id cannot be mistaken for a new rule.
  EXPECT_EQ(json::parse(Arm(kRateRule)->body)["id"], "fault-3");
}

TEST_F(FaultsTest, ACountedRuleAnswersItsErrorThenLetsCallsThrough) {
  ASSERT_EQ(Call("POST", "/accounts", kA, "{}")->status, 200);
  ASSERT_EQ(Arm(kRateRule)->status, 200);
  for (int i = 0; i < 2; ++i) {
    auto r = Call("GET", "/members", kA);
    EXPECT_EQ(r->status, 429);
    EXPECT_EQ(r->get_header_value("x-amzn-ErrorType"), "LimitExceededException");
    EXPECT_FALSE(r->get_header_value("x-amzn-RequestId").empty());
    EXPECT_EQ(r->body, R"({"Code":"LimitExceededException","Message":"Rate exceeded"})");
  }
  auto r = Call("GET", "/members", kA);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"Members":[]})");
  // Another account, Region or operation is not the rule's and is not counted.
  EXPECT_EQ(Call("GET", "/members", kB)->status, 400);  // no hub: the real answer, not the fault
  EXPECT_EQ(Call("GET", "/members", kA, "", "eu-west-1")->status, 400);
  EXPECT_EQ(Call("GET", "/accounts", kA)->status, 200);
  json rule = json::parse(Rules())["rules"][0];
  EXPECT_EQ(rule["remaining"], 0);
  EXPECT_EQ(rule["matched"], 3);  // every attempt the rule saw, the passing one too
  EXPECT_EQ(rule["applied"], 2);
}

TEST_F(FaultsTest, AFaultedWriteChangesNothing) {
  ASSERT_EQ(Call("POST", "/accounts", kA, "{}")->status, 200);
  ASSERT_EQ(Arm(R"({"operation": "CreateMembers", "count": 1, "error": {"status": 500, "code": "InternalException", "message": "Internal failure"}})")->status, 200);
  const std::string create = R"({"AccountDetails": [{"AccountId": "222222222222"}]})";
  auto r = Call("POST", "/members", kA, create);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body, R"({"Code":"InternalException","Message":"Internal failure"})");
  EXPECT_EQ(Call("GET", "/members?OnlyAssociated=false", kA)->body, R"({"Members":[]})");
  // The retry a client would send then succeeds, once: the first attempt left no member behind.
  r = Call("POST", "/members", kA, create);
  EXPECT_EQ(r->body, R"({"UnprocessedAccounts":[]})");
  EXPECT_EQ(json::parse(Call("GET", "/members?OnlyAssociated=false", kA)->body)["Members"].size(), 1u);
}

TEST_F(FaultsTest, TheEmptyMessageBadRequestAwsSendsUnderConcurrentAccepts) {
  ASSERT_EQ(Arm(R"({"operation": "ListInvitations", "count": 1, "error": {"status": 400, "code": "BadRequestException", "message": ""}})")->status, 200);
  auto r = Call("GET", "/invitations", kB);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->get_header_value("x-amzn-ErrorType"), "BadRequestException");
  EXPECT_EQ(r->body, R"({"Code":"BadRequestException","Message":""})");
}

TEST_F(FaultsTest, TheFirstRuleThatAppliesDecidesAndEveryMatchingRuleCounts) {
  ASSERT_EQ(Call("POST", "/accounts", kA, "{}")->status, 200);
  Arm(R"({"operation": "*", "account": "111111111111", "count": 1, "error": {"status": 503, "code": "ServiceUnavailableException", "message": "first"}})");
  Arm(R"({"operation": "DescribeHub", "probability": 1, "error": {"status": 429, "code": "TooManyRequestsException", "message": "second"}})");
  EXPECT_EQ(Call("GET", "/accounts", kA)->body, R"({"Code":"ServiceUnavailableException","Message":"first"})");
  EXPECT_EQ(Call("GET", "/accounts", kA)->body, R"({"Code":"TooManyRequestsException","Message":"second"})");
  json rules = json::parse(Rules())["rules"];
  EXPECT_EQ(rules[0]["matched"], 2);
  EXPECT_EQ(rules[0]["applied"], 1);
  EXPECT_EQ(rules[1]["matched"], 2);
  EXPECT_EQ(rules[1]["applied"], 1);
}

TEST_F(FaultsTest, ADelayRuleWaitsThenRunsTheCall) {
  ASSERT_EQ(Arm(R"({"operation": "EnableSecurityHub", "count": 1, "delayMs": 200})")->status, 200);
  const auto start = std::chrono::steady_clock::now();
  auto r = Call("POST", "/accounts", kA, "{}");
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "{}");
  EXPECT_GE(waited, std::chrono::milliseconds(200));  // a lower bound: the delay happened
  EXPECT_EQ(Call("GET", "/accounts", kA)->status, 200);  // and the call did run
}

TEST_F(FaultsTest, ResetClearsTheRules) {
  Arm(kRateRule);
  EXPECT_EQ(client_.Post("/_mock/reset", "", "application/json")->status, 200);
  EXPECT_EQ(Rules(), R"({"rules":[]})");
}

TEST_F(FaultsTest, BadRulesAreRefusedNamingTheMember) {
  ExpectRefused("[]", R"(the body must be one JSON object, such as {"operation": "ListMembers", "count": 2, "error": {"status": 429, "code": "LimitExceededException", "message": "Rate exceeded"}}.)");
  ExpectRefused(R"({"operation": "ListMembers", "count": 1, "delay_ms": 5})",
                "'delay_ms' is not a member of a rule; its members are operation, account, region, count, probability, delayMs and error.");
  ExpectRefused(R"({"count": 1, "delayMs": 5})",
                R"('operation' is required: an operation name such as ListMembers, or "*" for every operation.)");
  ExpectRefused(R"({"operation": "ListMembers", "account": "1111", "count": 1, "delayMs": 5})",
                R"('account' must be a 12-digit account ID as a string, such as "111111111111".)");
  ExpectRefused(R"({"operation": "ListMembers", "region": "US East", "count": 1, "delayMs": 5})",
                R"('region' must be a Region name such as "us-east-1".)");
  const std::string one_of = "give exactly one of 'count' (how many matching calls the rule applies to) and "
                             "'probability' (the chance, above 0 and at most 1, that it applies to each matching call).";
  ExpectRefused(R"({"operation": "ListMembers", "delayMs": 5})", one_of);
  ExpectRefused(R"({"operation": "ListMembers", "count": 1, "probability": 0.5, "delayMs": 5})", one_of);
  ExpectRefused(R"({"operation": "ListMembers", "count": 0, "delayMs": 5})", "'count' must be an integer from 1 to 1000000.");
  ExpectRefused(R"({"operation": "ListMembers", "count": 1.5, "delayMs": 5})", "'count' must be an integer from 1 to 1000000.");
  ExpectRefused(R"({"operation": "ListMembers", "count": 18446744073709551615, "delayMs": 5})", "'count' must be an integer from 1 to 1000000.");
  ExpectRefused(R"({"operation": "ListMembers", "probability": 0, "delayMs": 5})", "'probability' must be a number above 0 and at most 1.");
  ExpectRefused(R"({"operation": "ListMembers", "count": 1, "delayMs": 10001})", "'delayMs' must be an integer from 0 to 10000.");
  ExpectRefused(R"({"operation": "ListMembers", "count": 1})",
                "a rule needs 'error' (answer an error instead of running the call), 'delayMs' (wait before running it), or both.");
  ExpectRefused(R"({"operation": "ListMembers", "count": 1, "error": {"status": 200, "code": "X"}})",
                "'error.status' must be an integer from 400 to 599.");
  ExpectRefused(R"({"operation": "ListMembers", "count": 1, "error": {"status": 400, "code": "Bad\r\nX-Injected: 1"}})",
                "'error.code' is required: the error code to answer, such as LimitExceededException (letters, digits and . _ : -, at most 128).");
  ExpectRefused(R"({"operation": "ListMembers", "count": 1, "error": {"status": 400, "code": "X", "Message": "m"}})",
                "'error.Message' is not a member of an error; its members are status, code and message.");
  auto r = Arm(R"({"operation": "ListMember", "count": 1, "delayMs": 5})");
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(json::parse(r->body)["Message"].get<std::string>().find(
                "'operation' is 'ListMember', which is not an operation securityhub-mock implements"),
            std::string::npos);
  EXPECT_EQ(Rules(), R"({"rules":[]})");  // nothing refused was armed
}

TEST_F(FaultsTest, AtMostAHundredRules) {
  for (int i = 0; i < 100; ++i) ASSERT_EQ(Arm(R"({"operation": "*", "count": 1, "delayMs": 0})")->status, 200);
  ExpectRefused(R"({"operation": "*", "count": 1, "delayMs": 0})",
                "at most 100 rules can be armed at once; DELETE /_mock/faults clears them.");
}

TEST_F(FaultsTest, ControlEndpointRefusesOtherMethods) {
  auto r = client_.Put("/_mock/faults", "{}", "application/json");
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, R"({"Code":"UnknownOperationException","Message":"/_mock/faults takes POST (arm a rule), GET (list the rules) and DELETE (clear them), not PUT."})");
}

}  // namespace
}  // namespace shmock
