// STS GetCallerIdentity through the Dispatcher, as Terraform's provider and the SDKs' STS
// clients send it: whole XML replies, with the random RequestId checked for shape and then blanked.
#include "protocol/sts.h"

#include <gtest/gtest.h>

#include <regex>

#include "memory_store.h"
#include "shmock/dispatcher.h"
#include "shmock/ids.h"

namespace shmock {
namespace {

std::string Authorization(const std::string& key, const std::string& service) {
  return "AWS4-HMAC-SHA256 Credential=" + key + "/20261129/eu-west-1/" + service +
         "/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
}

const char kForm[] = "Action=GetCallerIdentity&Version=2011-06-15";

std::string Identity(const std::string& account) {
  return "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
         "  <GetCallerIdentityResult>\n"
         "    <Arn>arn:aws:iam::" + account + ":root</Arn>\n"
         "    <UserId>" + account + "</UserId>\n"
         "    <Account>" + account + "</Account>\n"
         "  </GetCallerIdentityResult>\n"
         "  <ResponseMetadata>\n"
         "    <RequestId>ID</RequestId>\n"
         "  </ResponseMetadata>\n"
         "</GetCallerIdentityResponse>\n";
}

std::string InvalidAction(const std::string& message) {
  return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
         "  <Error>\n"
         "    <Type>Sender</Type>\n"
         "    <Code>InvalidAction</Code>\n"
         "    <Message>" + message + "</Message>\n"
         "  </Error>\n"
         "  <RequestId>ID</RequestId>\n"
         "</ErrorResponse>\n";
}

class StsTest : public ::testing::Test {
 protected:
  HttpReply Call(const std::string& method, const std::string& body,
                 std::optional<std::string> authorization,
                 std::multimap<std::string, std::string> query = {}, const std::string& path = "/") {
    HttpCall call{method, path, std::move(query), "", {}, body, NewRequestId()};
    if (authorization) call.headers.emplace("authorization", *authorization);
    HttpReply r = dispatcher_.Handle(call);
    content_type_.clear();
    for (const auto& [k, v] : r.headers) {
      if (k == "Content-Type") content_type_ = v;
    }
    static const std::regex kRequestId("<RequestId>[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}</RequestId>");
    if (content_type_ == "text/xml") {
      EXPECT_TRUE(std::regex_search(r.body, kRequestId)) << r.body;
    }
    r.body = std::regex_replace(r.body, kRequestId, "<RequestId>ID</RequestId>");
    return r;
  }

  MemoryStore store_;
  FakeClock clock_;
  Hubs hubs_{store_, clock_};
  Membership membership_{store_, clock_};
  Organizations organizations_{store_, clock_};
  Standards standards_{store_, clock_};
  Controls controls_{store_, clock_};
  Findings findings_{store_, clock_};
  Products products_{store_, clock_};
  Insights insights_{store_, clock_};
  Aggregators aggregators_{store_, clock_};
  SecurityHubApi api_{Services{hubs_, membership_, organizations_, standards_, controls_, findings_, products_, insights_, aggregators_}};
  Dispatcher dispatcher_{api_, IdentityConfig{"123456789012", "us-east-1", AccessKeys::Of({{"AKIAMAPPED", {"555555555555", ""}}}), "", false, false}};
  std::string content_type_;
};

TEST_F(StsTest, FormPostWithATwelveDigitKeyAnswersThatAccount) {
  HttpReply r = Call("POST", kForm, Authorization("222222222222", "sts"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(content_type_, "text/xml");
  EXPECT_EQ(r.body, Identity("222222222222"));
  EXPECT_EQ(r.operation, "sts:GetCallerIdentity");
  EXPECT_EQ(r.account, "222222222222");
  EXPECT_EQ(r.region, "eu-west-1");
}

TEST_F(StsTest, OtherKeysAnswerTheMappedOrTheDefaultAccount) {
  EXPECT_EQ(Call("POST", kForm, Authorization("AKIAEXAMPLE", "sts")).body, Identity("123456789012"));
  EXPECT_EQ(Call("POST", kForm, Authorization("AKIAMAPPED", "sts")).body, Identity("555555555555"));
}

TEST_F(StsTest, TheSameAsAGetQuery) {
  HttpReply r = Call("GET", "", Authorization("333333333333", "sts"),
                     {{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, Identity("333333333333"));
}

TEST_F(StsTest, AnUnsignedPostToRootNamingAnActionIsSts) {
  HttpReply r = Call("POST", kForm, std::nullopt);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, Identity("123456789012"));
  // Percent-encoding and '+' in the form body are decoded.
  EXPECT_EQ(Call("POST", "Action=GetCaller%49dentity&Version=2011%2D06%2D15", std::nullopt).body,
            Identity("123456789012"));
}

TEST_F(StsTest, UnknownActionsAndVersionsAreInvalidAction) {
  HttpReply r = Call("POST", "Action=AssumeRole&Version=2011-06-15", Authorization("222222222222", "sts"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(content_type_, "text/xml");
  EXPECT_EQ(r.body, InvalidAction("Could not find operation AssumeRole for version 2011-06-15"));
  r = Call("POST", "Action=GetCallerIdentity", Authorization("222222222222", "sts"));
  EXPECT_EQ(r.body, InvalidAction("Could not find operation GetCallerIdentity for version NO_VERSION_SPECIFIED"));
  r = Call("POST", "Action=%3Cx%3E&Version=1", std::nullopt);
  EXPECT_EQ(r.body, InvalidAction("Could not find operation &lt;x&gt; for version 1"));
  r = Call("POST", "", Authorization("222222222222", "sts"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, InvalidAction("Could not find operation  for version NO_VERSION_SPECIFIED"));
}

TEST_F(StsTest, SecurityHubCallsAreUnaffected) {
  // Unsigned, but no Action: still Security Hub's answer for a path it does not serve.
  HttpReply r = Call("POST", "", std::nullopt);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(content_type_, "application/json");
  EXPECT_EQ(r.body, R"({"Code":"UnknownOperationException","Message":"No Security Hub operation is at POST /."})");
  // Signed for a service this port does not answer.
  r = Call("GET", "", Authorization("222222222222", "guardduty"), {}, "/members");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, R"({"Code":"InvalidSignatureException","Message":"Credential should be scoped to correct service: 'securityhub'."})");
  // Signed for Security Hub, the same query is not STS.
  r = Call("GET", "", Authorization("222222222222", "securityhub"),
           {{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}});
  EXPECT_EQ(r.status, 404);
}

}  // namespace
}  // namespace shmock
