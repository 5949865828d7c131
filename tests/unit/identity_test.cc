#include "shmock/identity.h"

#include <gtest/gtest.h>

namespace shmock {
namespace {

const IdentityConfig kConfig;  // default account 123456789012, Region us-east-1

std::string Header(const std::string& credential) {
  return "AWS4-HMAC-SHA256 Credential=" + credential +
         ", SignedHeaders=host;x-amz-date, Signature=" + std::string(64, 'a');
}

TEST(Identity, TwelveDigitAccessKeyIsTheAccountAndScopeIsTheRegion) {
  Caller c;
  ASSERT_TRUE(ResolveCaller(Header("222222222222/20261129/eu-west-1/securityhub/aws4_request"), kConfig, &c).ok());
  EXPECT_EQ(c.account_id, "222222222222");
  EXPECT_EQ(c.region, "eu-west-1");
}

TEST(Identity, OtherKeysMapToTheDefaultAccount) {
  Caller c;
  ASSERT_TRUE(ResolveCaller(Header("AKIAEXAMPLE/20261129/us-west-2/securityhub/aws4_request"), kConfig, &c).ok());
  EXPECT_EQ(c.account_id, "123456789012");
  EXPECT_EQ(c.region, "us-west-2");
  // Clients accept any key id, even with '/' and spaces in it: split from the right.
  SigV4Credential cred;
  ASSERT_TRUE(ParseAuthorization(Header("my key/with:odd chars/20261129/ap-south-1/securityhub/aws4_request"), &cred).ok());
  EXPECT_EQ(cred.access_key_id, "my key/with:odd chars");
  EXPECT_EQ(cred.region, "ap-south-1");
  ASSERT_TRUE(ParseAuthorization(Header("/20261129/us-east-1/securityhub/aws4_request"), &cred).ok());
  EXPECT_EQ(cred.access_key_id, "");
}

TEST(Identity, TheCredentialScopeNamesTheService) {
  Identity id;
  ASSERT_TRUE(ResolveIdentity(Header("222222222222/20261129/eu-west-1/sts/aws4_request"), kConfig, &id).ok());
  EXPECT_EQ(id.service, "sts");
  EXPECT_EQ(id.caller.account_id, "222222222222");
  EXPECT_EQ(id.caller.region, "eu-west-1");
  EXPECT_TRUE(RequireService(id, "sts").ok());
  Status s = RequireService(id, "securityhub");
  EXPECT_EQ(s.code(), ErrorCode::kInvalidSignature);
  EXPECT_EQ(s.message(), "Credential should be scoped to correct service: 'securityhub'.");
  // Unsigned requests are for whichever service they reach.
  ASSERT_TRUE(ResolveIdentity(std::nullopt, kConfig, &id).ok());
  EXPECT_EQ(id.service, "");
  EXPECT_TRUE(RequireService(id, "securityhub").ok());
  // A Security Hub caller must not come from a credential for another service.
  Caller c;
  EXPECT_EQ(ResolveCaller(Header("222222222222/20261129/eu-west-1/sts/aws4_request"), kConfig, &c).code(),
            ErrorCode::kInvalidSignature);
}

TEST(Identity, UnsignedRequestsUseTheDefaults) {
  Caller c;
  ASSERT_TRUE(ResolveCaller(std::nullopt, kConfig, &c).ok());
  EXPECT_EQ(c.account_id, "123456789012");
  EXPECT_EQ(c.region, "us-east-1");
}

TEST(Identity, MalformedHeadersAreRejectedWithAwsCodes) {
  Caller c;
  struct Case { std::string header; ErrorCode code; const char* message_part; };
  const Case cases[] = {
      {"", ErrorCode::kIncompleteSignature, "AWS4-HMAC-SHA256"},
      {"Bearer abc", ErrorCode::kIncompleteSignature, "AWS4-HMAC-SHA256"},
      {"AWS4-HMAC-SHA256", ErrorCode::kIncompleteSignature, "AWS4-HMAC-SHA256"},
      {"AWS4-HMAC-SHA256 SignedHeaders=host, Signature=ab", ErrorCode::kIncompleteSignature, "'Credential'"},
      {"AWS4-HMAC-SHA256 Credential=a/b/c/securityhub/aws4_request, Signature=ab", ErrorCode::kIncompleteSignature, "'SignedHeaders'"},
      {"AWS4-HMAC-SHA256 Credential=a/b/c/securityhub/aws4_request, SignedHeaders=host", ErrorCode::kIncompleteSignature, "'Signature'"},
      {Header("111111111111/us-east-1/securityhub/aws4_request"), ErrorCode::kIncompleteSignature, "form"},
      {Header("111111111111/20261129/us-east-1/securityhub/aws5"), ErrorCode::kIncompleteSignature, "terminator"},
      {Header("111111111111/20261129/US East/securityhub/aws4_request"), ErrorCode::kIncompleteSignature, "region"},
      {Header("111111111111/20261129/us-east-1/guardduty/aws4_request"), ErrorCode::kInvalidSignature, "'securityhub'"},
      {Header("111111111111/20261129/us-east-1//aws4_request"), ErrorCode::kIncompleteSignature, "service"},
      {Header("111111111111/20261129/us-east-1/Security Hub/aws4_request"), ErrorCode::kIncompleteSignature, "service"},
  };
  for (const Case& k : cases) {
    SCOPED_TRACE(k.header);
    Status s = ResolveCaller(k.header, kConfig, &c);
    EXPECT_EQ(s.code(), k.code);
    EXPECT_NE(s.message().find(k.message_part), std::string::npos) << s.message();
  }
}

TEST(Identity, StrictIdentityRefusesKeysThatNameNoAccount) {
  IdentityConfig config;
  config.strict_identity = true;
  config.access_keys->Add({{"AKIAMAPPED", {"555555555555", ""}}});
  Identity id;
  Status s = ResolveIdentity(Header("AKIAEXAMPLE/20261129/us-west-2/sts/aws4_request"), config, &id);
  EXPECT_EQ(s.code(), ErrorCode::kUnrecognizedClient);
  EXPECT_EQ(s.message(), "The security token included in the request is invalid.");
  EXPECT_EQ(id.service, "sts") << "so STS can refuse in its own protocol";
  ASSERT_TRUE(ResolveIdentity(Header("AKIAMAPPED/20261129/us-west-2/securityhub/aws4_request"), config, &id).ok());
  EXPECT_EQ(id.caller.account_id, "555555555555");
  ASSERT_TRUE(ResolveIdentity(Header("222222222222/20261129/us-west-2/securityhub/aws4_request"), config, &id).ok());
  EXPECT_EQ(id.caller.account_id, "222222222222");
  ASSERT_TRUE(ResolveIdentity(std::nullopt, config, &id).ok()) << "only keys are refused, not unsigned calls";
  EXPECT_EQ(id.caller.account_id, "123456789012");
}

}  // namespace
}  // namespace shmock
