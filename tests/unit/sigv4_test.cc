// SigV4 verification against requests real clients signed (../shared/wire/captures, recorded with
// known secrets), AWS's published "get-vanilla" vector, and each way a request can fail to verify.
#include "shmock/sigv4.h"

#include <gtest/gtest.h>

#include <cctype>
#include <utility>
#include <vector>

#include "shmock/identity.h"

namespace shmock {
namespace {

// One request as a client sent it: its request target, headers in order, body, and the secret
// of the key that signed it.
struct Vector {
  std::string name;
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string secret;
};

const std::vector<Vector>& Captures() {
  static const std::vector<Vector> captures = {
    {"cli2__create-members", "POST", "/members",
     {{"Host", "127.0.0.1:18443"},
      {"Accept-Encoding", "identity"},
      {"Content-Type", "application/json"},
      {"User-Agent", "aws-cli/2.9.19 Python/3.11.2 Linux/6.18.44-fc-v657 source/x86_64.debian.12 prompt/off command/securityhub.create-members"},
      {"X-Amz-Date", "20261129T030635Z"},
      {"Authorization", "AWS4-HMAC-SHA256 Credential=111111111111/20261129/eu-west-1/securityhub/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=50e4fd8a52e7213e21035f98269679b9d225a619316e126d6936c7c5d1841d98"},
      {"Content-Length", "110"}},
     "{\"AccountDetails\": [{\"AccountId\": \"222222222222\", \"Email\": \"m22@example.com\"}, {\"AccountId\": \"333333333333\"}]}", "secret111"},
    {"boto3pip__describe-hub-arn", "GET", "/accounts?HubArn=arn%3Aaws%3Asecurityhub%3Aeu-west-1%3A111111111111%3Ahub%2Fdefault",
     {{"Host", "127.0.0.1:18443"},
      {"Accept-Encoding", "identity"},
      {"User-Agent", "Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v657 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/N,b,e,Z,D cfg/retry-mode#legacy Botocore/1.43.11"},
      {"X-Amz-Date", "20261129T030754Z"},
      {"Authorization", "AWS4-HMAC-SHA256 Credential=111111111111/20261129/eu-west-1/securityhub/aws4_request, SignedHeaders=host;x-amz-date, Signature=4f564b98737d723160dc0a8c74e2ca70a53b3d393c488083e8a8ef418833d5e7"},
      {"amz-sdk-invocation-id", "65f476e4-6d6f-4913-ae60-ef3a65be120e"},
      {"amz-sdk-request", "attempt=1"}},
     "", "secret111"},
    {"js__create-members", "POST", "/members",
     {{"content-type", "application/json"},
      {"content-length", "104"},
      {"x-amz-user-agent", "aws-sdk-js/3.1107.0"},
      {"user-agent", "aws-sdk-js/3.1107.0 ua/2.1 os/linux#6.18.44-fc-v657 lang/js md/nodejs#20.20.2 api/securityhub#3.1107.0 m/N,E,e"},
      {"host", "127.0.0.1:18443"},
      {"amz-sdk-invocation-id", "bc2fc1c0-a032-4012-9b4a-51c7406c926d"},
      {"amz-sdk-request", "attempt=1; max=3"},
      {"x-amz-date", "20261129T030821Z"},
      {"x-amz-content-sha256", "f986451128df9b7739b017647964b4c2a266411d4cf7015f78968622c4af845e"},
      {"authorization", "AWS4-HMAC-SHA256 Credential=111111111111/20261129/eu-west-1/securityhub/aws4_request, SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-content-sha256;x-amz-date;x-amz-user-agent, Signature=f5c1948656c51ffd8dcb9510f2ddb4c8830ab0e844b10e5157dbdda35a73d420"},
      {"Connection", "keep-alive"}},
     "{\"AccountDetails\":[{\"AccountId\":\"222222222222\",\"Email\":\"m22@example.com\"},{\"AccountId\":\"333333333333\"}]}", "secret111"},
    {"qenc__cli2", "GET", "/members?NextToken=a%2Bb%2Fc%3Dd%20e~%25",
     {{"Host", "127.0.0.1:18456"},
      {"Accept-Encoding", "identity"},
      {"User-Agent", "aws-cli/2.9.19 Python/3.11.2 Linux/6.18.44-fc-v657 source/x86_64.debian.12 prompt/off command/securityhub.list-members"},
      {"X-Amz-Date", "20261129T032211Z"},
      {"Authorization", "AWS4-HMAC-SHA256 Credential=111111111111/20261129/us-east-1/securityhub/aws4_request, SignedHeaders=host;x-amz-date, Signature=08419301483a16fadd34bbc728c309222e1c1c18f1cb245b56ca789eaf328842"}},
     "", "x"},
    {"boto3pip__list-members-paginator", "GET", "/members?OnlyAssociated=false&MaxResults=1",
     {{"Host", "127.0.0.1:18443"},
      {"Accept-Encoding", "identity"},
      {"User-Agent", "Boto3/1.43.11 md/Botocore#1.43.11 ua/2.1 os/linux#6.18.44-fc-v657 md/arch#x86_64 lang/python#3.11.7 md/pyimpl#CPython m/N,b,C,e,Z,D cfg/retry-mode#legacy Botocore/1.43.11"},
      {"X-Amz-Date", "20261129T030753Z"},
      {"Authorization", "AWS4-HMAC-SHA256 Credential=111111111111/20261129/eu-west-1/securityhub/aws4_request, SignedHeaders=host;x-amz-date, Signature=5bc67f04699055a518b4839122ff431d4ab77574fca54b9e305191265d54770d"},
      {"amz-sdk-invocation-id", "be872441-1fcf-4ba0-8a6c-b47def99c86b"},
      {"amz-sdk-request", "attempt=1"}},
     "", "secret111"},
      // AWS's SigV4 test suite, get-vanilla.
      {"aws get-vanilla", "GET", "/",
       {{"Host", "example.amazonaws.com"},
        {"X-Amz-Date", "20150830T123600Z"},
        {"Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                          "SignedHeaders=host;x-amz-date, "
                          "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"}},
       "", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"},
  };
  return captures;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A vector as the HTTP adapter hands it on: path and query split, header names lowercased.
struct Request {
  explicit Request(const Vector& v) : method(v.method), body(v.body) {
    const size_t q = v.target.find('?');
    path = v.target.substr(0, q);
    if (q != std::string::npos) query = v.target.substr(q + 1);
    for (const auto& [name, value] : v.headers) headers.emplace(Lower(name), value);
  }
  SignedRequest view() const { return SignedRequest{method, path, query, headers, body}; }
  SigV4Credential credential() const {
    SigV4Credential c;
    EXPECT_TRUE(ParseAuthorization(headers.find("authorization")->second, &c).ok());
    return c;
  }
  std::time_t signed_at() const {
    std::tm tm{};
    strptime(headers.find("x-amz-date")->second.c_str(), "%Y%m%dT%H%M%SZ", &tm);
    return timegm(&tm);
  }

  std::string method, path, query, body;
  std::multimap<std::string, std::string> headers;
};

TEST(SigV4, EveryCapturedClientSignatureVerifies) {
  for (const Vector& v : Captures()) {
    Request r(v);
    EXPECT_TRUE(VerifySignature(r.view(), r.credential(), v.secret, r.signed_at()).ok()) << v.name;
    EXPECT_EQ(VerifySignature(r.view(), r.credential(), v.secret + "x", r.signed_at()).code(),
              ErrorCode::kInvalidSignature)
        << v.name;
  }
}

TEST(SigV4, TheCanonicalRequestEncodesSortsAndHashes) {
  // boto3's paginator sends its query unsorted; the canonical form sorts it.
  Request paginator(Captures()[4]);
  ASSERT_EQ(paginator.query, "OnlyAssociated=false&MaxResults=1");
  EXPECT_EQ(CanonicalRequest(paginator.view(), "host;x-amz-date"),
            "GET\n/members\nMaxResults=1&OnlyAssociated=false\nhost:127.0.0.1:18443\nx-amz-date:20261129T030753Z\n\n"
            "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // The query is decoded, then encoded the one RFC 3986 way: '~' stays, '+' and '/' are escaped.
  Request odd(Captures()[3]);
  EXPECT_NE(CanonicalRequest(odd.view(), "host").find("\nNextToken=a%2Bb%2Fc%3Dd%20e~%25\n"), std::string::npos);
  // A path signs encoded once more, as clients of every service but S3 sign it.
  std::multimap<std::string, std::string> none;
  const std::string method = "GET", path = "/a b/%41", query = "b=2&a=1&a", body;
  EXPECT_EQ(CanonicalRequest(SignedRequest{method, path, query, none, body}, "host"),
            "GET\n/a%20b/%2541\na=&a=1&b=2\nhost:\n\nhost\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(SigV4, HeaderValuesAreTrimmedAndRepeatsJoined) {
  std::multimap<std::string, std::string> headers = {{"x-a", "  one   two "}, {"x-b", "1"}, {"x-b", "2"}};
  const std::string method = "POST", path = "/", query, body = "{}";
  EXPECT_EQ(CanonicalRequest(SignedRequest{method, path, query, headers, body}, "x-a;x-b"),
            "POST\n/\n\nx-a:one two\nx-b:1,2\n\nx-a;x-b\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
}

TEST(SigV4, AnyChangeToWhatIsSignedFailsWithAwsMessage) {
  const Vector& v = Captures()[0];
  const std::string kMismatch =
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access "
      "Key and signing method. Consult the service documentation for details.";
  auto fails = [&](Request r, const std::string& what) {
    Status s = VerifySignature(r.view(), r.credential(), v.secret, r.signed_at());
    EXPECT_EQ(s.code(), ErrorCode::kInvalidSignature) << what;
    EXPECT_EQ(s.message(), kMismatch) << what;
  };
  Request body(v);
  body.body[body.body.size() - 3] = '4';
  fails(body, "body");
  Request path(v);
  path.path = "/members/get";
  fails(path, "path");
  Request query(v);
  query.query = "x=1";
  fails(query, "query");
  Request host(v);
  host.headers.find("host")->second = "evil.example";
  fails(host, "signed header");
  Request missing(v);
  missing.headers.erase("content-type");
  fails(missing, "signed header removed");
  Request unsigned_header(v);
  unsigned_header.headers.emplace("x-extra", "not signed");
  Status s = VerifySignature(unsigned_header.view(), unsigned_header.credential(), v.secret, unsigned_header.signed_at());
  EXPECT_TRUE(s.ok()) << "a header outside SignedHeaders may change: " << s.message();
}

TEST(SigV4, TheDateMustBeWithinFifteenMinutesAndMatchTheScope) {
  Request r(Captures()[0]);  // X-Amz-Date 20261129T030635Z
  const std::time_t t = r.signed_at();
  EXPECT_TRUE(VerifySignature(r.view(), r.credential(), "secret111", t + 15 * 60).ok());
  EXPECT_TRUE(VerifySignature(r.view(), r.credential(), "secret111", t - 15 * 60).ok());
  Status late = VerifySignature(r.view(), r.credential(), "secret111", t + 15 * 60 + 1);
  EXPECT_EQ(late.code(), ErrorCode::kInvalidSignature);
  EXPECT_EQ(late.message(),
            "Signature expired: 20261129T030635Z is now earlier than 20261129T030636Z (20261129T032136Z - 15 min.)");
  Status early = VerifySignature(r.view(), r.credential(), "secret111", t - 15 * 60 - 1);
  EXPECT_EQ(early.code(), ErrorCode::kInvalidSignature);
  EXPECT_EQ(early.message(),
            "Signature not yet current: 20261129T030635Z is still later than 20261129T030634Z (20261129T025134Z + 15 min.)");

  SigV4Credential other_day = r.credential();
  other_day.date = "20261128";
  Status scope = VerifySignature(r.view(), other_day, "secret111", t);
  EXPECT_EQ(scope.code(), ErrorCode::kInvalidSignature);
  EXPECT_EQ(scope.message(),
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261128' != "
            "'20261129', from '20261129T030635Z'.");

  Request no_date(Captures()[0]);
  no_date.headers.erase("x-amz-date");
  Status missing = VerifySignature(no_date.view(), r.credential(), "secret111", t);
  EXPECT_EQ(missing.code(), ErrorCode::kIncompleteSignature);
  EXPECT_EQ(missing.message().rfind("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                                    "Authorization=AWS4-HMAC-SHA256 Credential=111111111111/",
                                    0),
            0u)
      << missing.message();
  Request bad_date(Captures()[0]);
  bad_date.headers.find("x-amz-date")->second = "Sun, 29 Nov 2026 03:06:35 GMT";
  Status malformed = VerifySignature(bad_date.view(), r.credential(), "secret111", t);
  EXPECT_EQ(malformed.code(), ErrorCode::kIncompleteSignature);
  EXPECT_EQ(malformed.message(), "X-Amz-Date 'Sun, 29 Nov 2026 03:06:35 GMT' is not a date of the form yyyymmddTHHMMSSZ (UTC).");
}

// Authenticate: the strict modes of identity.h over the same captures.
TEST(SigV4, StrictAuthFindsTheSecretOfTheKey) {
  Request r(Captures()[0]);  // key 111111111111, secret111
  IdentityConfig config;
  config.strict_auth = true;
  Identity id;
  // A 12-digit key without an entry needs the default secret.
  EXPECT_EQ(Authenticate(r.view(), config, r.signed_at(), &id).code(), ErrorCode::kUnrecognizedClient);
  config.default_secret = "secret111";
  ASSERT_TRUE(Authenticate(r.view(), config, r.signed_at(), &id).ok());
  EXPECT_EQ(id.caller.account_id, "111111111111");
  EXPECT_EQ(id.caller.region, "eu-west-1");
  EXPECT_EQ(id.service, "securityhub");
  // A fixture's own secret wins over the default one.
  config.access_keys->Add({{"111111111111", {"111111111111", "other"}}});
  EXPECT_EQ(Authenticate(r.view(), config, r.signed_at(), &id).code(), ErrorCode::kInvalidSignature);
  config.access_keys->Add({{"111111111111", {"111111111111", "secret111"}}});
  config.default_secret = "";
  EXPECT_TRUE(Authenticate(r.view(), config, r.signed_at(), &id).ok());
  // Unsigned: refused, and no service is named.
  Request bare(Captures()[0]);
  bare.headers.erase("authorization");
  Status s = Authenticate(bare.view(), config, r.signed_at(), &id);
  EXPECT_EQ(s.code(), ErrorCode::kMissingAuthenticationToken);
  EXPECT_EQ(s.message(), "Request is missing Authentication Token");
  EXPECT_EQ(id.service, "");
  // Without strict_auth the signature is not looked at.
  config.strict_auth = false;
  config.access_keys->Clear();
  EXPECT_TRUE(Authenticate(r.view(), config, r.signed_at() + 86400, &id).ok());
}

TEST(SigV4, StrictAuthRefusesKeysWithoutASecret) {
  // Signed by AKIDEXAMPLE, a key that is not 12 digits.
  Request r(Captures().back());
  IdentityConfig config;
  config.strict_auth = true;
  config.default_secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  Identity id;
  Status s = Authenticate(r.view(), config, r.signed_at(), &id);
  EXPECT_EQ(s.code(), ErrorCode::kUnrecognizedClient) << "the default secret is for 12-digit keys only";
  EXPECT_EQ(s.message(), "The security token included in the request is invalid.");
  EXPECT_EQ(id.service, "service") << "the refusal still knows the scope's service";
  // Mapped without a secret of its own: the default secret signs for it.
  config.access_keys->Add({{"AKIDEXAMPLE", {"444444444444", ""}}});
  ASSERT_TRUE(Authenticate(r.view(), config, r.signed_at(), &id).ok());
  EXPECT_EQ(id.caller.account_id, "444444444444");
  // Mapped with one: that one.
  config.default_secret.clear();
  config.access_keys->Add({{"AKIDEXAMPLE", {"444444444444", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}}});
  EXPECT_TRUE(Authenticate(r.view(), config, r.signed_at(), &id).ok());
}

}  // namespace
}  // namespace shmock
