// What a hostile web page, a wrong secret or a stranger on the control API gets from a running
// server: cross-site requests, DNS rebinding, form posts to /_mock/, strict SigV4, the control
// token and --no-control-api, each as a whole response on the wire, and state left unchanged.
#include <gtest/gtest.h>
#include <httplib.h>

#include <ctime>
#include <memory>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "shmock/app.h"
#include "shmock/log.h"
#include "shmock/sigv4.h"
#include "test_server.h"

namespace shmock {
namespace {

using nlohmann::json;

// A server wired by App as main() wires it, with the settings under test and 4 workers.
Config WithFourWorkers(Config config) {
  config.threads = 4;
  return config;
}
class Server : public TestServer {
 public:
  explicit Server(Config config) : TestServer(WithFourWorkers(std::move(config))) {}
};

const char kA[] = "111111111111";

// Access keys come from fixtures, which the server loads into its own table at run time.
void LoadAccessKeys(httplib::Client& c, const std::string& keys) {
  auto r = c.Post("/_mock/fixtures", "{\"accessKeys\": " + keys + "}", "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
}

std::string Error(const std::string& code, const std::string& message) {
  return json({{"Code", code}, {"Message", message}}).dump();
}

void ExpectRefused(const httplib::Result& r, int status, const std::string& code, const std::string& message) {
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, status);
  EXPECT_EQ(r->get_header_value("x-amzn-ErrorType"), code);
  EXPECT_EQ(r->body, Error(code, message));
}

const char kCrossSiteOrigin[] =
    "The request comes from a web page of another site (Origin 'http://evil.example'); securityhub-mock answers only "
    "pages it serves itself and pages of this machine. AWS clients send no Origin.";

TEST(Guard, ACrossSitePageCannotCreateMembers) {
  Server server{Config()};
  httplib::Client c("127.0.0.1", server.port());
  ASSERT_EQ(c.Post("/accounts", As(kA), "{}", "application/json")->status, 200);
  const std::string body = R"({"AccountDetails":[{"AccountId":"222222222222"}]})";

  httplib::Headers evil = As(kA);
  evil.emplace("Origin", "http://evil.example");
  ExpectRefused(c.Post("/members", evil, body, "text/plain"), 403, "AccessDeniedException", kCrossSiteOrigin);
  httplib::Headers fetch = As(kA);
  fetch.emplace("Sec-Fetch-Site", "cross-site");
  ExpectRefused(c.Post("/members", fetch, body, "text/plain"), 403, "AccessDeniedException",
                "The request comes from a web page of another site (Sec-Fetch-Site: cross-site); securityhub-mock "
                "answers only pages it serves itself and pages of this machine.");
  httplib::Headers opaque = As(kA);
  opaque.emplace("Origin", "null");  // a sandboxed frame or a file: page
  EXPECT_EQ(c.Post("/members", opaque, body, "text/plain")->status, 403);

  EXPECT_EQ(c.Get("/members?OnlyAssociated=false", As(kA))->body, R"({"Members":[]})");
}

TEST(Guard, APageOfThisMachineAndTheServersOwnPagesPass) {
  Server server{Config()};
  httplib::Client c("127.0.0.1", server.port());
  const std::pair<const char*, std::string> allowed[] = {
      {"Origin", "http://" + server.authority()},  // same origin: a page /_mock/ serves
      {"Origin", "http://localhost:3000"},         // a developer's page on this machine
      {"Origin", "http://[::1]:8080"},
      {"Sec-Fetch-Site", "same-origin"},
      {"Sec-Fetch-Site", "same-site"},
      {"Sec-Fetch-Site", "none"},  // typed into the address bar
  };
  for (const auto& [name, value] : allowed) {
    auto r = c.Get("/_mock/health", httplib::Headers{{name, value}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << name << ": " << value << " " << r->body;
  }
  auto r = c.Post("/accounts", {{"Origin", "http://" + server.authority()}}, "{}", "application/json");
  EXPECT_EQ(r->status, 200) << r->body;
}

TEST(Guard, AHostThatIsNotThisServersNameIsRefused) {
  Config config;
  config.allowed_hosts = {"mock.internal"};
  Server server{config};
  httplib::Client c("127.0.0.1", server.port());
  const std::string port = std::to_string(server.port());
  for (const std::string& host : std::vector<std::string>{"localhost:" + port, "LOCALHOST", "127.0.0.1:" + port, "127.1.2.3", "[::1]:" + port,
                                 "app.localhost", "10.1.2.3:" + port, "mock.internal:" + port, "Mock.Internal."}) {
    auto r = c.Get("/_mock/health", httplib::Headers{{"Host", host}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << host << ": " << r->body;
  }
  // A page whose DNS name now points here (DNS rebinding) still sends its name.
  ExpectRefused(c.Post("/accounts", httplib::Headers{{"Host", "rebind.evil.example:" + port}}, "{}", "application/json"),
                403, "AccessDeniedException",
                "The Host 'rebind.evil.example:" + port +
                    "' is not a name of this server, so the request is refused (a web page can rebind its own name "
                    "to this machine). Use localhost or an IP address, or start the server with --allowed-host "
                    "rebind.evil.example.");
  EXPECT_EQ(c.Get("/accounts", As(kA))->status, 401) << "no hub was enabled";
  // Origin names count the same way.
  EXPECT_EQ(c.Get("/_mock/health", httplib::Headers{{"Origin", "http://mock.internal:8080"}})->status, 200);
  EXPECT_EQ(c.Get("/_mock/health", httplib::Headers{{"Origin", "http://10.1.2.3:8080"}})->status, 403)
      << "another address is another site";
}

TEST(Guard, TheControlApiTakesJsonOrNoBody) {
  Server server{Config()};
  httplib::Client c("127.0.0.1", server.port());
  ASSERT_EQ(c.Post("/accounts", As(kA), "{}", "application/json")->status, 200);
  // What an HTML form can send.
  ExpectRefused(c.Post("/_mock/reset", "x=1", "application/x-www-form-urlencoded"), 415, "UnsupportedMediaTypeException",
                "The control API takes a JSON body (Content-Type: application/json) or none, not Content-Type "
                "'application/x-www-form-urlencoded'.");
  EXPECT_EQ(c.Post("/_mock/reset", "", "text/plain")->status, 415);
  EXPECT_EQ(c.Post("/_mock/reset", "{}", "multipart/form-data; boundary=x")->status, 415);
  EXPECT_EQ(c.Get("/accounts", As(kA))->status, 200) << "nothing was reset";

  EXPECT_EQ(c.Post("/_mock/reset", "{}", "application/json; charset=utf-8")->status, 200);
  ASSERT_EQ(c.Post("/accounts", As(kA), "{}", "application/json")->status, 200);
  EXPECT_EQ(c.Post("/_mock/reset")->status, 200) << "bodiless";
  EXPECT_EQ(c.Get("/accounts", As(kA))->status, 401);
}

TEST(Guard, NoControlApiAnswersAsIfThereWereNone) {
  Config config;
  config.control_api = false;
  Server server{config};
  httplib::Client c("127.0.0.1", server.port());
  ASSERT_EQ(c.Post("/accounts", As(kA), "{}", "application/json")->status, 200);
  ExpectRefused(c.Get("/_mock/health"), 404, "UnknownOperationException",
                "No Security Hub operation is at GET /_mock/health.");
  ExpectRefused(c.Post("/_mock/reset", "{}", "application/json"), 404, "UnknownOperationException",
                "No Security Hub operation is at POST /_mock/reset.");
  EXPECT_EQ(c.Get("/accounts", As(kA))->status, 200) << "nothing was reset";
}

TEST(Guard, TheControlTokenGuardsTheControlApi) {
  Config config;
  config.db = ":memory:";
  config.control_token = "t0ken";
  Server server{config};
  httplib::Client c("127.0.0.1", server.port());
  ASSERT_EQ(c.Post("/accounts", As(kA), "{}", "application/json")->status, 200);

  ExpectRefused(c.Post("/_mock/reset"), 403, "AccessDeniedException",
                "The control API needs the header 'Authorization: Bearer <token>', with the token given to "
                "--control-token.");
  ExpectRefused(c.Post("/_mock/reset", {{"Authorization", "Bearer t0ken2"}}, "", "application/json"), 403,
                "AccessDeniedException",
                "The Authorization header does not carry the control token: send 'Authorization: Bearer <token>', "
                "with the token given to --control-token.");
  EXPECT_EQ(c.Get("/accounts", As(kA))->status, 200) << "nothing was reset";

  // Health answers anyone, but names the database only to the token's holders.
  json open = json::parse(c.Get("/_mock/health")->body);
  EXPECT_EQ(open["status"], "ok");
  EXPECT_FALSE(open.contains("database")) << open;
  json full = json::parse(c.Get("/_mock/health", {{"Authorization", "Bearer t0ken"}})->body);
  EXPECT_EQ(full["database"], "in-memory");

  EXPECT_EQ(c.Post("/_mock/reset", {{"Authorization", "Bearer t0ken"}}, "", "application/json")->status, 200);
  EXPECT_EQ(c.Get("/accounts", As(kA))->status, 401);
}

// Since the merge with main: the state, fixture and web view endpoints take the token too.
// The page itself does not (a browser cannot add a header to a navigation, and it carries no
// state); it sends the token from its URL on its own fetches. Neither health needs it.
TEST(Guard, TheControlTokenGuardsTheStateFixturesAndWebView) {
  Config config;
  config.control_token = "t0ken";
  Server server{config};
  httplib::Client c("127.0.0.1", server.port());
  const httplib::Headers bearer = {{"Authorization", "Bearer t0ken"}};
  const std::string needs = "The control API needs the header 'Authorization: Bearer <token>', with the token given to "
                            "--control-token.";
  for (const char* path : {"/_mock/state", "/_mock/state/version", "/_mock/requests",
                           "/_mock/views?account=111111111111", "/_mock/console/settings"}) {
    ExpectRefused(c.Get(path), 403, "AccessDeniedException", needs);
    auto r = c.Get(path, bearer);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << path << ": " << r->body;
  }
  const std::string keys = R"({"accessKeys": {"AKIAX": "222222222222"}})";
  ExpectRefused(c.Post("/_mock/fixtures", keys, "application/json"), 403, "AccessDeniedException", needs);
  EXPECT_EQ(json::parse(c.Get("/_mock/state", bearer)->body)["accessKeys"], json::object()) << "nothing was loaded";
  EXPECT_EQ(c.Post("/_mock/fixtures", bearer, keys, "application/json")->status, 200);
  EXPECT_EQ(json::parse(c.Get("/_mock/state", bearer)->body)["accessKeys"], json({{"AKIAX", "222222222222"}}));
  ExpectRefused(c.Post("/_mock/reset?fixtures=1"), 403, "AccessDeniedException", needs);

  auto page = c.Get("/_mock/ui");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("Authorization: \"Bearer \" + TOKEN"), std::string::npos) << "the page sends the token";
  page = c.Get("/_mock/console?account=111111111111");  // the console, like the web view's page
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("Authorization: \"Bearer \" + TOKEN"), std::string::npos) << "the console sends the token";
  EXPECT_EQ(c.Get("/_localstack/health")->status, 200);
  EXPECT_EQ(c.Get("/_mock/health")->status, 200);
}

// Since the merge with orgs: the organization's control endpoints are control endpoints like
// the others: they take the token and a JSON body or none, and a refusal changes nothing.
TEST(Guard, TheOrganizationEndpointsTakeTheTokenAndJsonOnly) {
  Config config;
  config.control_token = "t0ken";
  Server server{config};
  httplib::Client c("127.0.0.1", server.port());
  const httplib::Headers bearer = {{"Authorization", "Bearer t0ken"}};
  ASSERT_EQ(c.Post("/_mock/fixtures", bearer,
                   R"({"organization": {"managementAccountId": "100000000001", "accounts": ["100000000002"]}})",
                   "application/json")->status, 200);
  const std::string needs = "The control API needs the header 'Authorization: Bearer <token>', with the token given to "
                            "--control-token.";
  const std::string join = R"({"AccountId":"100000000005"})";
  ExpectRefused(c.Post("/_mock/organization/accounts", join, "application/json"), 403, "AccessDeniedException", needs);
  ExpectRefused(c.Delete("/_mock/organization/accounts/100000000002"), 403, "AccessDeniedException", needs);
  ExpectRefused(c.Post("/_mock/organization/accounts", bearer, "AccountId=100000000005",
                       "application/x-www-form-urlencoded"),
                415, "UnsupportedMediaTypeException",
                "The control API takes a JSON body (Content-Type: application/json) or none, not Content-Type "
                "'application/x-www-form-urlencoded'.");
  EXPECT_EQ(json::parse(c.Get("/_mock/state", bearer)->body)["organization"]["accounts"], json({"100000000002"}))
      << "nothing joined or left";

  auto r = c.Post("/_mock/organization/accounts", bearer, join, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  r = c.Delete("/_mock/organization/accounts/100000000002", bearer);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(c.Get("/_mock/state", bearer)->body)["organization"]["accounts"], json({"100000000005"}));
}

TEST(Guard, NoControlApiTurnsOffTheWebViewAndTheStateEndpoints) {
  Config config;
  config.control_api = false;
  Server server{config};
  httplib::Client c("127.0.0.1", server.port());
  for (const char* path : {"/_mock/ui", "/_mock/state", "/_mock/state/version", "/_mock/requests", "/_localstack/health"}) {
    ExpectRefused(c.Get(path), 404, "UnknownOperationException",
                  std::string("No Security Hub operation is at GET ") + path + ".");
  }
  ExpectRefused(c.Post("/_mock/fixtures", R"({"hubs": [{"accountId": "111111111111"}]})", "application/json"), 404,
                "UnknownOperationException", "No Security Hub operation is at POST /_mock/fixtures.");
  EXPECT_EQ(c.Get("/accounts", As(kA))->status, 401) << "nothing was loaded";
}

TEST(Guard, TheBrowserChecksCoverTheStateFixturesAndWebView) {
  Server server{Config{}};
  httplib::Client c("127.0.0.1", server.port());
  const std::string doc = R"({"hubs": [{"accountId": "111111111111"}]})";
  ExpectRefused(c.Post("/_mock/fixtures", doc, "text/plain"), 415, "UnsupportedMediaTypeException",
                "The control API takes a JSON body (Content-Type: application/json) or none, not Content-Type "
                "'text/plain'.");
  EXPECT_EQ(c.Post("/_localstack/health", "x=1", "application/x-www-form-urlencoded")->status, 415);
  for (const char* path : {"/_mock/ui", "/_mock/state", "/_mock/state/version", "/_mock/requests", "/_localstack/health"}) {
    ExpectRefused(c.Get(path, {{"Origin", "http://evil.example"}}), 403, "AccessDeniedException", kCrossSiteOrigin);
    EXPECT_EQ(c.Get(path, {{"Sec-Fetch-Site", "cross-site"}})->status, 403) << path;
  }
  EXPECT_EQ(c.Post("/_mock/fixtures", {{"Origin", "http://evil.example"}}, doc, "application/json")->status, 403);
  EXPECT_EQ(c.Get("/accounts", As(kA))->status, 401) << "nothing was loaded";
  // The page's own fetches: same origin.
  EXPECT_EQ(c.Get("/_mock/state/version", {{"Origin", "http://" + server.authority()},
                                           {"Sec-Fetch-Site", "same-origin"}})->status, 200);
}

// Signs a request the way AWS clients do, at `when`.
httplib::Headers Signed(const std::string& method, const std::string& path, const std::string& query,
                        const std::string& body, const std::string& authority, const std::string& key,
                        const std::string& secret, std::time_t when, const std::string& service = "securityhub") {
  char amz_date[20];
  std::tm tm{};
  gmtime_r(&when, &tm);
  std::strftime(amz_date, sizeof amz_date, "%Y%m%dT%H%M%SZ", &tm);
  SigV4Credential credential{key, std::string(amz_date, 8), "eu-west-1", service, "host;x-amz-date", ""};
  const std::multimap<std::string, std::string> headers = {{"host", authority}, {"x-amz-date", amz_date}};
  const std::string signature =
      Sign(secret, credential,
           StringToSign(amz_date, credential,
                        CanonicalRequest(SignedRequest{method, path, query, headers, body}, "host;x-amz-date")));
  return {{"X-Amz-Date", amz_date},
          {"Authorization", "AWS4-HMAC-SHA256 Credential=" + key + "/" + credential.date + "/eu-west-1/" + service +
                                "/aws4_request, SignedHeaders=host;x-amz-date, Signature=" + signature}};
}

TEST(Guard, StrictAuthChecksEverySignature) {
  Config config;
  config.identity.strict_auth = true;
  config.identity.default_secret = "right";
  Server server{config};
  httplib::Client c("127.0.0.1", server.port());
  LoadAccessKeys(c, R"({"AKIAMEMBER": {"accountId": "222222222222", "secretAccessKey": "member-secret"}})");
  const std::string at = server.authority();
  const std::time_t now = std::time(nullptr);

  auto r = c.Post("/accounts", Signed("POST", "/accounts", "", "{}", at, kA, "right", now), "{}", "application/json");
  EXPECT_EQ(r->status, 200) << r->body;
  r = c.Get("/accounts?HubArn=arn%3Aaws%3Asecurityhub%3Aeu-west-1%3A111111111111%3Ahub%2Fdefault",
            Signed("GET", "/accounts", "HubArn=arn%3Aaws%3Asecurityhub%3Aeu-west-1%3A111111111111%3Ahub%2Fdefault", "",
                   at, kA, "right", now));
  EXPECT_EQ(r->status, 200) << r->body;
  r = c.Post("/accounts", Signed("POST", "/accounts", "", "{}", at, "AKIAMEMBER", "member-secret", now), "{}",
             "application/json");
  EXPECT_EQ(r->status, 200) << "a fixture key signs with its own secret: " << r->body;

  const std::string body = R"({"AccountDetails":[{"AccountId":"333333333333"}]})";
  ExpectRefused(c.Post("/members", Signed("POST", "/members", "", body, at, kA, "wrong", now), body, "application/json"),
                403, "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
                "Access Key and signing method. Consult the service documentation for details.");
  ExpectRefused(c.Post("/members", Signed("POST", "/members", "", "{}", at, kA, "right", now), body, "application/json"),
                403, "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret "
                "Access Key and signing method. Consult the service documentation for details.");
  ExpectRefused(c.Post("/members", body, "application/json"), 403, "MissingAuthenticationTokenException",
                "Request is missing Authentication Token");
  ExpectRefused(c.Post("/members", Signed("POST", "/members", "", body, at, "AKIASTRANGER", "right", now), body,
                       "application/json"),
                403, "UnrecognizedClientException", "The security token included in the request is invalid.");
  r = c.Post("/members", Signed("POST", "/members", "", body, at, kA, "right", now - 16 * 60), body, "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(json::parse(r->body)["Message"].get<std::string>().rfind("Signature expired: ", 0), 0u) << r->body;

  r = c.Get("/members?OnlyAssociated=false", Signed("GET", "/members", "OnlyAssociated=false", "", at, kA, "right", now));
  EXPECT_EQ(r->body, R"({"Members":[]})") << "no refused call created a member";

  // STS is verified too, and refuses in its own XML.
  const std::string form = "Action=GetCallerIdentity&Version=2011-06-15";
  r = c.Post("/", Signed("POST", "/", "", form, at, kA, "right", now, "sts"), form, "application/x-www-form-urlencoded");
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_NE(r->body.find("<Account>111111111111</Account>"), std::string::npos) << r->body;
  r = c.Post("/", Signed("POST", "/", "", form, at, kA, "wrong", now, "sts"), form, "application/x-www-form-urlencoded");
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/xml");
  EXPECT_NE(r->body.find("<Code>SignatureDoesNotMatch</Code>"), std::string::npos) << r->body;
  r = c.Post("/", form, "application/x-www-form-urlencoded");
  EXPECT_EQ(r->status, 403);
  EXPECT_NE(r->body.find("<Code>MissingAuthenticationToken</Code>"), std::string::npos) << r->body;
}

TEST(Guard, StrictIdentityRefusesKeysThatNameNoAccount) {
  Config config;
  config.identity.strict_identity = true;
  Server server{config};
  httplib::Client c("127.0.0.1", server.port());
  LoadAccessKeys(c, R"({"AKIAMAPPED": "222222222222"})");
  ExpectRefused(c.Post("/accounts", As("AKIASTRANGER"), "{}", "application/json"), 403, "UnrecognizedClientException",
                "The security token included in the request is invalid.");
  EXPECT_EQ(c.Post("/accounts", As("AKIAMAPPED"), "{}", "application/json")->status, 200);
  EXPECT_EQ(c.Post("/accounts", As(kA), "{}", "application/json")->status, 200);
  EXPECT_EQ(c.Get("/accounts", As("123456789012"))->status, 401) << "the stranger enabled no default hub";
}

}  // namespace
}  // namespace shmock
