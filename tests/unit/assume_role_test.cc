// STS AssumeRole through the Dispatcher, and what the credentials it issues do afterwards in
// both faces: whole XML and JSON replies, with the random values read back and checked for shape.
#include <gtest/gtest.h>

#include <ctime>
#include <regex>

#include "base/time.h"
#include "memory_store.h"
#include "shmock/dispatcher.h"
#include "shmock/ids.h"
#include "shmock/sessions.h"

namespace shmock {
namespace {

const char kNs[] = "https://sts.amazonaws.com/doc/2011-06-15/";
const char kRole[] = "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole";

std::string Authorization(const std::string& key, const std::string& service) {
  return "AWS4-HMAC-SHA256 Credential=" + key + "/20261129/eu-west-1/" + service +
         "/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";
}

std::string Form(const std::string& action, const std::string& rest = "") {
  return "Action=" + action + "&Version=2011-06-15" + rest;
}

std::string StsErrorXml(const std::string& code, const std::string& message) {
  return std::string("<ErrorResponse xmlns=\"") + kNs + "\">\n"
         "  <Error>\n"
         "    <Type>Sender</Type>\n"
         "    <Code>" + code + "</Code>\n"
         "    <Message>" + message + "</Message>\n"
         "  </Error>\n"
         "  <RequestId>ID</RequestId>\n"
         "</ErrorResponse>\n";
}

std::string Between(const std::string& body, const std::string& tag) {
  const size_t open = body.find("<" + tag + ">");
  const size_t close = body.find("</" + tag + ">");
  if (open == std::string::npos || close == std::string::npos) return "";
  return body.substr(open + tag.size() + 2, close - open - tag.size() - 2);
}

struct Credentials {
  std::string key, secret, token;
};

class AssumeRoleTest : public ::testing::Test {
 protected:
  IdentityConfig Config(bool strict) {
    IdentityConfig config;
    config.strict_auth = strict;
    config.default_secret = "x";
    config.sessions = &sessions_;
    return config;
  }

  HttpReply Call(Dispatcher& dispatcher, const std::string& method, const std::string& path, const std::string& body,
                 const std::multimap<std::string, std::string>& headers) {
    HttpCall call{method, path, {}, "", headers, body, NewRequestId(), path};
    HttpReply r = dispatcher.Handle(call);
    static const std::regex kRequestId("<RequestId>[0-9a-f-]{36}</RequestId>");
    r.body = std::regex_replace(r.body, kRequestId, "<RequestId>ID</RequestId>");
    return r;
  }
  HttpReply Sts(const std::string& body, const std::string& key) {
    return Call(lenient_, "POST", "/", body, {{"authorization", Authorization(key, "sts")}});
  }

  // AssumeRole of kRole as `key`; the credentials from a 200 answer.
  Credentials Assume(const std::string& key, const std::string& session = "EnableSecurityHub") {
    HttpReply r = Sts(Form("AssumeRole", "&RoleArn=" + std::string(kRole) + "&RoleSessionName=" + session), key);
    EXPECT_EQ(r.status, 200) << r.body;
    return {Between(r.body, "AccessKeyId"), Between(r.body, "SecretAccessKey"), Between(r.body, "SessionToken")};
  }

  // A request signed as AWS clients sign it, now, with the session token among the headers.
  HttpReply Signed(const Credentials& c, const std::string& secret, bool with_token) {
    const std::string body = Form("GetCallerIdentity");
    const std::string amz_date = FormatAmzDate(std::time(nullptr));
    std::multimap<std::string, std::string> headers = {{"host", "127.0.0.1"}, {"x-amz-date", amz_date}};
    std::string signed_headers = "host;x-amz-date";
    if (with_token) {
      headers.emplace("x-amz-security-token", c.token);
      signed_headers += ";x-amz-security-token";
    }
    SigV4Credential cred{c.key, amz_date.substr(0, 8), "eu-west-1", "sts", signed_headers, ""};
    const std::string path = "/", query;
    const SignedRequest request{"POST", path, query, headers, body};
    const std::string signature =
        Sign(secret, cred, StringToSign(amz_date, cred, CanonicalRequest(request, signed_headers)));
    headers.emplace("authorization", "AWS4-HMAC-SHA256 Credential=" + c.key + "/" + cred.date +
                                         "/eu-west-1/sts/aws4_request, SignedHeaders=" + signed_headers +
                                         ", Signature=" + signature);
    return Call(strict_, "POST", "/", body, headers);
  }

  MemoryStore store_;
  FakeClock clock_;  // 2021-10-22T11:31:48.385Z
  Hubs hubs_{store_, clock_};
  Membership membership_{store_, clock_};
  Organizations organizations_{store_, clock_};
  Sessions sessions_{store_, clock_};
  Standards standards_{store_, clock_};
  Controls controls_{store_, clock_};
  Findings findings_{store_, clock_};
  Products products_{store_, clock_};
  Insights insights_{store_, clock_};
  Aggregators aggregators_{store_, clock_};
  SecurityHubApi api_{
      Services{hubs_, membership_, organizations_, standards_, controls_, findings_, products_, insights_, aggregators_}};
  Dispatcher lenient_{api_, Config(false)};
  Dispatcher strict_{api_, Config(true)};
};

TEST_F(AssumeRoleTest, AnswersTheCredentialsAndTheAssumedRoleUser) {
  HttpReply r = Sts(Form("AssumeRole", "&RoleArn=" + std::string(kRole) + "&RoleSessionName=EnableSecurityHub"),
                    "111111111111");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string key = Between(r.body, "AccessKeyId"), secret = Between(r.body, "SecretAccessKey"),
                    token = Between(r.body, "SessionToken"), user = Between(r.body, "AssumedRoleId");
  EXPECT_TRUE(std::regex_match(key, std::regex("ASIA[A-Z2-7]{16}"))) << key;
  EXPECT_TRUE(std::regex_match(secret, std::regex("[A-Za-z0-9+/]{40}"))) << secret;
  EXPECT_TRUE(std::regex_match(token, std::regex("[A-Za-z0-9+/]{256}"))) << token;
  EXPECT_TRUE(std::regex_match(user, std::regex("AROA[A-Z2-7]{17}:EnableSecurityHub"))) << user;
  EXPECT_EQ(r.body, std::string("<AssumeRoleResponse xmlns=\"") + kNs + "\">\n"
                    "  <AssumeRoleResult>\n"
                    "    <AssumedRoleUser>\n"
                    "      <AssumedRoleId>" + user + "</AssumedRoleId>\n"
                    "      <Arn>arn:aws:sts::222222222222:assumed-role/OrganizationAccountAccessRole/EnableSecurityHub</Arn>\n"
                    "    </AssumedRoleUser>\n"
                    "    <Credentials>\n"
                    "      <AccessKeyId>" + key + "</AccessKeyId>\n"
                    "      <SecretAccessKey>" + secret + "</SecretAccessKey>\n"
                    "      <SessionToken>" + token + "</SessionToken>\n"
                    "      <Expiration>2021-10-22T12:31:48Z</Expiration>\n"
                    "    </Credentials>\n"
                    "  </AssumeRoleResult>\n"
                    "  <ResponseMetadata>\n"
                    "    <RequestId>ID</RequestId>\n"
                    "  </ResponseMetadata>\n"
                    "</AssumeRoleResponse>\n");
  EXPECT_EQ(r.operation, "sts:AssumeRole");
  EXPECT_EQ(r.account, "111111111111");

  // The credentials act as the role's account, and GetCallerIdentity names the assumed role.
  r = Sts(Form("GetCallerIdentity"), key);
  EXPECT_EQ(r.body, std::string("<GetCallerIdentityResponse xmlns=\"") + kNs + "\">\n"
                    "  <GetCallerIdentityResult>\n"
                    "    <Arn>arn:aws:sts::222222222222:assumed-role/OrganizationAccountAccessRole/EnableSecurityHub</Arn>\n"
                    "    <UserId>" + user + "</UserId>\n"
                    "    <Account>222222222222</Account>\n"
                    "  </GetCallerIdentityResult>\n"
                    "  <ResponseMetadata>\n"
                    "    <RequestId>ID</RequestId>\n"
                    "  </ResponseMetadata>\n"
                    "</GetCallerIdentityResponse>\n");
}

TEST_F(AssumeRoleTest, SecurityHubCallsActAsTheRolesAccountInTheScopesRegion) {
  const Credentials c = Assume("111111111111");
  HttpReply r = Call(lenient_, "POST", "/accounts", "{}", {{"authorization", Authorization(c.key, "securityhub")}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.account, "222222222222");
  Hub hub;
  EXPECT_TRUE(store_.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    return tx.hubs().Exists("eu-west-1", "222222222222") ? Status::OK() : Status::NotFound("no hub");
  }).ok());
}

TEST_F(AssumeRoleTest, ExpiredCredentialsAreRefusedInEachFacesProtocol) {
  const Credentials c = Assume("111111111111");
  clock_.Advance(3600 * 1000);
  HttpReply r = Sts(Form("GetCallerIdentity"), c.key);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, StsErrorXml("ExpiredToken", "The security token included in the request is expired"));
  r = Call(lenient_, "GET", "/accounts", "", {{"authorization", Authorization(c.key, "securityhub")}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, R"({"Code":"ExpiredTokenException","Message":"The security token included in the request is expired"})");
}

TEST_F(AssumeRoleTest, RefusalsInStsXml) {
  HttpReply r = Sts(Form("AssumeRole", "&RoleArn=" + std::string(kRole) + "&RoleSessionName=a%3Ab"), "111111111111");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, StsErrorXml("ValidationError",
                                "1 validation error detected: Value 'a:b' at 'roleSessionName' failed to satisfy "
                                "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"));
  r = Sts(Form("AssumeRole", "&RoleArn=arn:aws:iam::222222222222:user/Bob&RoleSessionName=s1"), "111111111111");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, StsErrorXml("AccessDenied", "User: arn:aws:iam::111111111111:root is not authorized to perform: "
                                                "sts:AssumeRole on resource: arn:aws:iam::222222222222:user/Bob"));
  r = Sts(Form("AssumeRole", "&RoleArn=" + std::string(kRole) + "&RoleSessionName=s1&Policy=%7B%22a%22%3A"),
          "111111111111");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, StsErrorXml("MalformedPolicyDocument", "The policy is not in the valid JSON format."));
  r = Sts(Form("AssumeRole", "&RoleArn=%3Cx%3E&RoleSessionName=s1"), "111111111111");
  EXPECT_EQ(r.body, StsErrorXml("ValidationError",
                                "1 validation error detected: Value '&lt;x&gt;' at 'roleArn' failed to satisfy "
                                "constraint: Member must have length greater than or equal to 20"));
  // Nothing was issued.
  EXPECT_TRUE(store_.Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    return tx.sessions().All().empty() ? Status::OK() : Status::Internal("a session was stored");
  }).ok());
}

TEST_F(AssumeRoleTest, APolicyAddsPackedPolicySize) {
  HttpReply r = Sts(Form("AssumeRole", "&RoleArn=" + std::string(kRole) +
                                           "&RoleSessionName=s1&Policy=%7B%22Version%22%3A%222012-10-17%22%7D"),
                    "111111111111");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("    </Credentials>\n    <PackedPolicySize>2</PackedPolicySize>\n  </AssumeRoleResult>"),
            std::string::npos)
      << r.body;
}

TEST_F(AssumeRoleTest, ChainedAssumptionIsLimitedToAnHour) {
  const Credentials first = Assume("111111111111");
  HttpReply r = Sts(Form("AssumeRole", "&RoleArn=arn:aws:iam::333333333333:role/Auditor&RoleSessionName=s2"
                                       "&DurationSeconds=7200"), first.key);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, StsErrorXml("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for "
                                                   "roles assumed by role chaining."));
  r = Sts(Form("AssumeRole", "&RoleArn=arn:aws:iam::333333333333:role/Auditor&RoleSessionName=s2"), first.key);
  ASSERT_EQ(r.status, 200) << r.body;
  r = Sts(Form("GetCallerIdentity"), Between(r.body, "AccessKeyId"));
  EXPECT_EQ(Between(r.body, "Arn"), "arn:aws:sts::333333333333:assumed-role/Auditor/s2");
}

TEST_F(AssumeRoleTest, StrictAuthChecksTheSessionsSecretAndToken) {
  const Credentials c = Assume("111111111111");
  HttpReply r = Signed(c, c.secret, /*with_token=*/true);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Between(r.body, "Account"), "222222222222");
  r = Signed(c, c.secret + "x", true);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Between(r.body, "Code"), "SignatureDoesNotMatch");
  r = Signed(c, c.secret, /*with_token=*/false);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, StsErrorXml("InvalidClientTokenId", "The security token included in the request is invalid."));
  Credentials wrong_token = c;
  wrong_token.token += "x";
  EXPECT_EQ(Signed(wrong_token, c.secret, true).status, 403);
}

}  // namespace
}  // namespace shmock
