// The role sessions domain (sessions.h) on both stores: what AssumeRole issues and keeps, how
// STS's validation reads, expiry, role chaining, and fixtures' sessions.
#include "shmock/sessions.h"

#include <gtest/gtest.h>

#include <regex>

#include "memory_store.h"

namespace shmock {
namespace {

const char kRole[] = "arn:aws:iam::222222222222:role/OrganizationAccountAccessRole";

AssumeRoleInput Input(std::optional<std::string> arn, std::optional<std::string> name) {
  AssumeRoleInput in;
  in.role_arn = std::move(arn);
  in.role_session_name = std::move(name);
  return in;
}

class SessionsTest : public ::testing::TestWithParam<std::string> {
 public:
  void SetUp() override {
    store_ = NewTestStore(GetParam());
    ASSERT_NE(store_, nullptr) << GetParam();
    sessions_ = std::make_unique<Sessions>(*store_, clock_);
  }

  // The refusal of an AssumeRole by the root of 111111111111; nothing may have been stored.
  Status Refusal(const AssumeRoleInput& in) {
    AssumedRole assumed;
    Status s = sessions_->AssumeRole("111111111111", nullptr, in, &assumed);
    EXPECT_FALSE(s.ok());
    EXPECT_TRUE(Stored().empty());
    return s;
  }
  std::vector<RoleSession> Stored() {
    std::vector<RoleSession> all;
    EXPECT_TRUE(store_->Run(Store::Access::kRead, [&](StoreTransaction& tx) {
      all = tx.sessions().All();
      return Status::OK();
    }).ok());
    return all;
  }

  std::unique_ptr<Store> store_;
  FakeClock clock_;  // 2021-10-22T11:31:48.385Z
  std::unique_ptr<Sessions> sessions_;
};

TEST_P(SessionsTest, AssumeRoleIssuesTemporaryCredentialsOfTheRolesAccount) {
  AssumedRole assumed;
  ASSERT_TRUE(sessions_->AssumeRole("111111111111", nullptr, Input(kRole, "EnableSecurityHub"), &assumed).ok());
  const RoleSession& s = assumed.session;
  EXPECT_TRUE(std::regex_match(s.access_key_id, std::regex("ASIA[A-Z2-7]{16}"))) << s.access_key_id;
  EXPECT_TRUE(std::regex_match(s.secret_access_key, std::regex("[A-Za-z0-9+/]{40}")));
  EXPECT_EQ(s.session_token.size(), 256u);
  EXPECT_TRUE(std::regex_match(s.role_id, std::regex("AROA[A-Z2-7]{17}"))) << s.role_id;
  EXPECT_EQ(s.account_id, "222222222222");
  EXPECT_EQ(s.role_name, "OrganizationAccountAccessRole");
  EXPECT_EQ(s.role_session_name, "EnableSecurityHub");
  EXPECT_EQ(FormatIso8601Millis(s.expiration), "2021-10-22T12:31:48.000Z");  // 3600 s, whole seconds
  EXPECT_FALSE(s.chained);
  EXPECT_FALSE(assumed.packed_policy_size);
  EXPECT_EQ(CallerArn(s.account_id, &s),
            "arn:aws:sts::222222222222:assumed-role/OrganizationAccountAccessRole/EnableSecurityHub");
  EXPECT_EQ(CallerUserId(s.account_id, &s), s.role_id + ":EnableSecurityHub");
  EXPECT_EQ(CallerArn("111111111111", nullptr), "arn:aws:iam::111111111111:root");
  EXPECT_EQ(CallerUserId("111111111111", nullptr), "111111111111");

  std::optional<RoleSession> found;
  ASSERT_TRUE(sessions_->Find(s.access_key_id, &found).ok());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->secret_access_key, s.secret_access_key);
  EXPECT_EQ(found->session_token, s.session_token);
  EXPECT_EQ(found->role_arn, kRole);
  EXPECT_EQ(found->expiration, s.expiration);
  ASSERT_TRUE(sessions_->Find("ASIAUNKNOWNKEY00000", &found).ok());
  EXPECT_FALSE(found);
}

TEST_P(SessionsTest, ARoleKeepsItsIdAndEachSessionGetsNewCredentials) {
  AssumedRole a, b, other;
  ASSERT_TRUE(sessions_->AssumeRole("111111111111", nullptr, Input(kRole, "one"), &a).ok());
  ASSERT_TRUE(sessions_->AssumeRole("333333333333", nullptr, Input(kRole, "two"), &b).ok());
  ASSERT_TRUE(sessions_->AssumeRole("111111111111", nullptr,
                                    Input("arn:aws:iam::222222222222:role/path/to/Other", "one"), &other).ok());
  EXPECT_EQ(a.session.role_id, b.session.role_id);
  EXPECT_NE(a.session.role_id, other.session.role_id);
  EXPECT_EQ(other.session.role_name, "Other");  // the path is not part of the assumed-role ARN
  EXPECT_NE(a.session.access_key_id, b.session.access_key_id);
  EXPECT_NE(a.session.secret_access_key, b.session.secret_access_key);
  EXPECT_EQ(Stored().size(), 3u);
}

TEST_P(SessionsTest, ExpiredCredentialsAreRefused) {
  AssumeRoleInput in = Input(kRole, "short");
  in.duration_seconds = "900";
  AssumedRole assumed;
  ASSERT_TRUE(sessions_->AssumeRole("111111111111", nullptr, in, &assumed).ok());
  std::optional<RoleSession> found;
  clock_.Advance(899 * 1000);  // 899.615 s after the whole second it was issued in
  ASSERT_TRUE(sessions_->Find(assumed.session.access_key_id, &found).ok());
  clock_.Advance(1000);
  Status s = sessions_->Find(assumed.session.access_key_id, &found);
  EXPECT_EQ(s.code(), ErrorCode::kExpiredToken);
  EXPECT_EQ(s.message(), "The security token included in the request is expired");
}

TEST_P(SessionsTest, ChainingIsLimitedToOneHour) {
  AssumedRole first, second;
  ASSERT_TRUE(sessions_->AssumeRole("111111111111", nullptr, Input(kRole, "first"), &first).ok());
  AssumeRoleInput in = Input("arn:aws:iam::333333333333:role/Auditor", "second");
  in.duration_seconds = "3601";
  Status s = sessions_->AssumeRole(first.session.account_id, &first.session, in, &second);
  EXPECT_EQ(s.code(), ErrorCode::kValidationError);
  EXPECT_EQ(s.message(), "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  in.duration_seconds = "3600";
  ASSERT_TRUE(sessions_->AssumeRole(first.session.account_id, &first.session, in, &second).ok());
  EXPECT_TRUE(second.session.chained);
  EXPECT_EQ(second.session.account_id, "333333333333");
  // Without chaining, up to 12 hours (decision 41).
  in.duration_seconds = "43200";
  ASSERT_TRUE(sessions_->AssumeRole("111111111111", nullptr, in, &second).ok());
  EXPECT_EQ(FormatIso8601Millis(second.session.expiration), "2021-10-22T23:31:48.000Z");
}

TEST_P(SessionsTest, ValidationReadsAsStsWritesIt) {
  Status s = Refusal(Input("", "x"));
  EXPECT_EQ(s.code(), ErrorCode::kValidationError);
  EXPECT_EQ(s.message(),
            "3 validation errors detected: Value '' at 'roleArn' failed to satisfy constraint: Member must satisfy "
            "regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD"
            "\\u10000-\\u10FFFF]+; Value '' at 'roleArn' failed to satisfy constraint: Member must have length "
            "greater than or equal to 20; Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must "
            "have length greater than or equal to 2");
  EXPECT_EQ(Refusal(Input(kRole, "Session1:2")).message(),
            "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: "
            "Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  EXPECT_EQ(Refusal(Input(kRole, std::string(65, 'a'))).message(),
            "1 validation error detected: Value '" + std::string(65, 'a') +
                "' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64");
  EXPECT_EQ(Refusal(Input(std::nullopt, std::nullopt)).message(),
            "2 validation errors detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be "
            "null; Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  AssumeRoleInput in = Input(kRole, "s1");
  in.duration_seconds = "600";
  EXPECT_EQ(Refusal(in).message(),
            "1 validation error detected: Value '600' at 'durationSeconds' failed to satisfy constraint: Member must "
            "have value greater than or equal to 900");
  in.duration_seconds = "43201";
  EXPECT_EQ(Refusal(in).message(),
            "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must "
            "have value less than or equal to 43200");
  in.duration_seconds = "1h";
  EXPECT_EQ(Refusal(in).message(),
            "1 validation error detected: Value '1h' at 'durationSeconds' failed to satisfy constraint: Member must "
            "be an integer");
  in = Input(kRole, "s1");
  in.external_id = "a b";
  EXPECT_EQ(Refusal(in).message(),
            "1 validation error detected: Value 'a b' at 'externalId' failed to satisfy constraint: Member must "
            "satisfy regular expression pattern: [\\w+=,.@:\\/-]*");
  in.external_id = "urn:ext/id-1";
  in.policy = std::string("{\"Version\":\"2012-10-17\"}\x01");
  EXPECT_EQ(Refusal(in).code(), ErrorCode::kValidationError);
  in.policy = "{\"a\":\"" + std::string(2100, 'x') + "\"}";
  EXPECT_NE(Refusal(in).message().find("Member must have length less than or equal to 2048"), std::string::npos);
}

TEST_P(SessionsTest, ArnsThatAreNoRoleAreInvalidOrDenied) {
  Status s = Refusal(Input("nothing-valid-in-here", "s1"));
  EXPECT_EQ(s.code(), ErrorCode::kValidationError);
  EXPECT_EQ(s.message(), "nothing-valid-in-here is invalid");
  EXPECT_EQ(Refusal(Input("arn::b:::something/test-role", "s1")).message(), "arn::b:::something/test-role is invalid");
  EXPECT_EQ(Refusal(Input("arn:a:a::aaaaaaaaaa:", "s1")).message(), "arn:a:a::aaaaaaaaaa: is invalid");
  for (const char* arn : {"arn:aws:s3:::my-bucket/role/x", "arn:aws:iam::22222222222:role/Admin",
                          "arn:aws:iam::222222222222:user/Admin", "arn:aws:iam::222222222222:role/"}) {
    s = Refusal(Input(arn, "s1"));
    EXPECT_EQ(s.code(), ErrorCode::kAccessDenied) << arn;
    EXPECT_EQ(s.message(), std::string("User: arn:aws:iam::111111111111:root is not authorized to perform: "
                                       "sts:AssumeRole on resource: ") + arn);
  }
}

TEST_P(SessionsTest, APolicyMustBeAJsonDocumentAndIsMeasured) {
  AssumeRoleInput in = Input(kRole, "s1");
  in.policy_is_document = [](const std::string& p) { return p.front() == '{'; };
  in.policy = "not json";
  Status s = Refusal(in);
  EXPECT_EQ(s.code(), ErrorCode::kMalformedPolicyDocument);
  EXPECT_EQ(s.message(), "The policy is not in the valid JSON format.");
  in.policy = "{" + std::string(203, ' ') + "}";  // 205 characters: 10.01% of 2048
  AssumedRole assumed;
  ASSERT_TRUE(sessions_->AssumeRole("111111111111", nullptr, in, &assumed).ok());
  EXPECT_EQ(assumed.packed_policy_size, 11);
}

TEST_P(SessionsTest, SeedCompletesSessionsFromTheirRole) {
  RoleSession s;
  s.access_key_id = "ASIASEEDEDEXAMPLE000";
  s.secret_access_key = "secret";
  s.session_token = "token";
  s.role_arn = "arn:aws:iam::444444444444:role/team/Deployer";
  s.role_session_name = "ci";
  s.expiration = clock_.NowMillis() + 1000;
  size_t refused = 99;
  ASSERT_TRUE(sessions_->Seed({s}, &refused).ok());
  std::optional<RoleSession> found;
  ASSERT_TRUE(sessions_->Find("ASIASEEDEDEXAMPLE000", &found).ok());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->account_id, "444444444444");
  EXPECT_EQ(found->role_name, "Deployer");
  EXPECT_TRUE(std::regex_match(found->role_id, std::regex("AROA[A-Z2-7]{17}")));
  s.role_arn = "arn:aws:iam::444444444444:user/Deployer";
  EXPECT_EQ(sessions_->Seed({s}, &refused).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(refused, 0u);
}

INSTANTIATE_TEST_SUITE_P(Stores, SessionsTest, ::testing::Values("memory", "sqlite"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace shmock
