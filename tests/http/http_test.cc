// The server in-process on an ephemeral port, spoken to over real HTTP: exact status lines,
// headers and whole bodies, the HTTP layer's own errors, persistence and concurrency.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <random>
#include <regex>
#include <tuple>
#include <thread>

#include <nlohmann/json.hpp>

#include "http_test_support.h"
#include "shmock/app.h"
#include "shmock/log.h"

namespace shmock {
namespace {

const char kA[] = "111111111111";
const char kM[] = "222222222222";

TEST_F(HttpTest, HubLifecycleOnTheWire) {
  ExpectError("GET", "/accounts", kA, "", 401, "InvalidAccessException", "Account 111111111111 is not subscribed to AWS Security Hub");
  ExpectOk("POST", "/accounts", kA, R"({"Tags":{"team":"sec"},"EnableDefaultStandards":false})", "{}");
  ExpectError("POST", "/accounts", kA, "{}", 409, "ResourceConflictException", "Account is already subscribed to Security Hub");
  auto r = Send("GET", "/accounts", kA);
  EXPECT_EQ(Redact(r->body), R"({"HubArn":"arn:aws:securityhub:us-east-1:111111111111:hub/default","SubscribedAt":"<ts>","AutoEnableControls":true,"ControlFindingGenerator":"SECURITY_CONTROL"})");
  ExpectOk("PATCH", "/accounts", kA, R"({"AutoEnableControls":false,"ControlFindingGenerator":"STANDARD_CONTROL"})", "{}");
  r = Send("GET", "/accounts?HubArn=arn%3Aaws%3Asecurityhub%3Aus-east-1%3A111111111111%3Ahub%2Fdefault", kA);
  EXPECT_EQ(Redact(r->body), R"({"HubArn":"arn:aws:securityhub:us-east-1:111111111111:hub/default","SubscribedAt":"<ts>","AutoEnableControls":false,"ControlFindingGenerator":"STANDARD_CONTROL"})");
  ExpectOk("DELETE", "/accounts", kA, "", "{}");
  ExpectError("GET", "/accounts", kA, "", 401, "InvalidAccessException", "Account 111111111111 is not subscribed to AWS Security Hub");
  ExpectError("DELETE", "/accounts", kA, "", 404, "ResourceNotFoundException", "Account 111111111111 is not subscribed to AWS Security Hub");
  ExpectError("PATCH", "/accounts", kA, "{}", 401, "InvalidAccessException", "Account 111111111111 is not subscribed to AWS Security Hub");
}

TEST_F(HttpTest, WalkthroughWholeBodies) {
  ExpectOk("POST", "/accounts", kA, "{}", "{}");
  ExpectOk("POST", "/accounts", kM, "{}", "{}");
  ExpectOk("POST", "/members", kA, R"({"AccountDetails": [{"AccountId": "222222222222", "Email": "m@example.com"}, {"AccountId": "333333333333"}]})", R"({"UnprocessedAccounts":[]})");
  ExpectOk("GET", "/members", kA, "", R"({"Members":[]})");
  auto r = Send("GET", "/members?OnlyAssociated=false", kA);
  EXPECT_EQ(Redact(r->body), R"({"Members":[{"AccountId":"222222222222","Email":"m@example.com","MasterId":"111111111111","AdministratorId":"111111111111","MemberStatus":"Created","UpdatedAt":"<ts>"},{"AccountId":"333333333333","MasterId":"111111111111","AdministratorId":"111111111111","MemberStatus":"Created","UpdatedAt":"<ts>"}]})");
  ExpectOk("POST", "/members/invite", kA, R"({"AccountIds":["222222222222"]})", R"({"UnprocessedAccounts":[]})");
  json invitations = Json("GET", "/invitations", kM);
  EXPECT_EQ(Redact(invitations.dump()), R"({"Invitations":[{"AccountId":"111111111111","InvitationId":"<id>","InvitedAt":"<ts>","MemberStatus":"Invited"}]})");
  const std::string id = invitations["Invitations"][0]["InvitationId"];
  ExpectOk("GET", "/invitations/count", kM, "", R"({"InvitationsCount":1})");
  ExpectOk("GET", "/administrator", kM, "", "{}");
  ExpectOk("POST", "/administrator", kM, json{{"AdministratorId", kA}, {"InvitationId", id}}.dump(), "{}");
  json admin = Json("GET", "/administrator", kM);
  json expected = invitations["Invitations"][0];
  expected["MemberStatus"] = "Enabled";
  EXPECT_EQ(admin, json({{"Administrator", expected}}));
  json master = Json("GET", "/master", kM);
  EXPECT_EQ(master["Master"], admin["Administrator"]) << "GetMasterAccount is GetAdministratorAccount under \"Master\"";
  ExpectOk("GET", "/invitations/count", kM, "", R"({"InvitationsCount":0})");
  r = Send("GET", "/members", kA);
  EXPECT_EQ(Redact(r->body), R"({"Members":[{"AccountId":"222222222222","Email":"m@example.com","MasterId":"111111111111","AdministratorId":"111111111111","MemberStatus":"Enabled","InvitedAt":"<ts>","UpdatedAt":"<ts>"}]})");
  EXPECT_EQ(json::parse(r->body)["Members"][0]["InvitedAt"], invitations["Invitations"][0]["InvitedAt"]);
  r = Send("POST", "/members/get", kA, R"({"AccountIds":["222222222222","999999999999"]})");
  EXPECT_EQ(Redact(r->body), R"({"Members":[{"AccountId":"222222222222","Email":"m@example.com","MasterId":"111111111111","AdministratorId":"111111111111","MemberStatus":"Enabled","InvitedAt":"<ts>","UpdatedAt":"<ts>"}],"UnprocessedAccounts":[{"AccountId":"999999999999","ProcessingResult":"The request is rejected because the given account ID is not a member of the current account."}]})");
  ExpectOk("POST", "/members/delete", kA, R"({"AccountIds":["222222222222"]})", R"({"UnprocessedAccounts":[{"AccountId":"222222222222","ProcessingResult":"The request is rejected because the current account cannot delete the given member account ID since it is still associated to it."}]})");
  ExpectOk("POST", "/members/disassociate", kA, R"({"AccountIds":["222222222222"]})", "{}");
  ExpectOk("POST", "/members/delete", kA, R"({"AccountIds":["222222222222"]})", R"({"UnprocessedAccounts":[]})");
  EXPECT_EQ(Json("GET", "/invitations", kM)["Invitations"][0]["MemberStatus"], "Deleted");
  ExpectOk("POST", "/invitations/delete", kM, R"({"AccountIds":["111111111111"]})", R"({"UnprocessedAccounts":[]})");
  ExpectOk("GET", "/invitations", kM, "", R"({"Invitations":[]})");
  ExpectError("POST", "/master/disassociate", kM, "", 400, "BadRequestException", "The request is rejected because the current account is not associated to a master account");
}

TEST_F(HttpTest, MemberSideOperationsAndTheirErrorsOnTheWire) {
  ExpectOk("POST", "/accounts", kA, "{}", "{}");
  ExpectOk("POST", "/accounts", kM, "{}", "{}");
  ExpectOk("POST", "/members", kA, R"({"AccountDetails":[{"AccountId":"222222222222"}]})", R"({"UnprocessedAccounts":[]})");
  ExpectOk("POST", "/members", kA, R"({"AccountDetails":[{"AccountId":"222222222222"},{"AccountId":"12345"}]})",
           R"({"UnprocessedAccounts":[{"AccountId":"222222222222","ProcessingResult":"The request is rejected because the given account ID is already a member or associated member of the current account."},{"AccountId":"12345","ProcessingResult":"The request is rejected because the given account ID is not a valid 12-digit AWS account ID."}]})");
  ExpectOk("POST", "/members/invite", kA, R"({"AccountIds":["222222222222","111111111111","555555555555"]})",
           R"({"UnprocessedAccounts":[{"AccountId":"111111111111","ProcessingResult":"The request is rejected because the current account cannot invite itself."},{"AccountId":"555555555555","ProcessingResult":"The request is rejected because the given account ID is not a member of the current account."}]})");
  ExpectOk("POST", "/invitations/decline", kM, R"({"AccountIds":["111111111111","999999999999"]})",
           R"({"UnprocessedAccounts":[{"AccountId":"999999999999","ProcessingResult":"The request is rejected because the current account has no pending invitation from the given master account ID."}]})");
  EXPECT_EQ(Redact(Json("GET", "/invitations", kM).dump()), R"({"Invitations":[{"AccountId":"111111111111","InvitationId":"<id>","InvitedAt":"<ts>","MemberStatus":"Resigned"}]})");
  ExpectOk("GET", "/invitations/count", kM, "", R"({"InvitationsCount":1})");
  const std::string id = Json("GET", "/invitations", kM)["Invitations"][0]["InvitationId"];
  ExpectError("POST", "/master", kM, R"({"MasterId":"111111111111","InvitationId":"ffffffffffffffffffffffffffffffff"})", 400, "BadRequestException",
              "The request is rejected because the current account has no pending invitation from the given master account ID or is already an associated member of another master account.");
  ExpectOk("POST", "/master", kM, json{{"MasterId", kA}, {"InvitationId", id}}.dump(), "{}");
  ExpectOk("POST", "/invitations/delete", kM, R"({"AccountIds":["111111111111"]})",
           R"({"UnprocessedAccounts":[{"AccountId":"111111111111","ProcessingResult":"The request is rejected because the current account cannot delete the invitation from the given master account ID since it is still associated to it."}]})");
  ExpectOk("POST", "/members", kM, R"({"AccountDetails":[{"AccountId":"555555555555"}]})",
           R"({"UnprocessedAccounts":[{"AccountId":"555555555555","ProcessingResult":"The request is rejected because the current account cannot create members since it is already an associated member of another master account."}]})");
  ExpectError("DELETE", "/accounts", kM, "", 400, "InvalidInputException",
              "Member account cannot disable Security Hub. Disassociate from the administrator account first.");
  ExpectOk("POST", "/administrator/disassociate", kM, "", "{}");
  ExpectOk("GET", "/master", kM, "", "{}");
  EXPECT_EQ(Redact(Send("GET", "/members?OnlyAssociated=false", kA)->body), R"({"Members":[{"AccountId":"222222222222","MasterId":"111111111111","AdministratorId":"111111111111","MemberStatus":"Resigned","InvitedAt":"<ts>","UpdatedAt":"<ts>"}]})");
  ExpectOk("DELETE", "/accounts", kM, "", "{}");  // no longer associated: may disable
  // Decision 12: the administrator's record of it stays.
  EXPECT_EQ(Redact(Send("GET", "/members?OnlyAssociated=false", kA)->body), R"({"Members":[{"AccountId":"222222222222","MasterId":"111111111111","AdministratorId":"111111111111","MemberStatus":"Resigned","InvitedAt":"<ts>","UpdatedAt":"<ts>"}]})");
}

TEST_F(HttpTest, BadInputGetsAwsShapedErrorsAndChangesNothing) {
  ExpectError("GET", "/members", kA, "", 400, "BadRequestException", "The request is rejected since no such resource found.");
  ExpectOk("POST", "/accounts", kA, "{}", "{}");
  ExpectError("POST", "/members", kA, "{oops", 400, "InvalidInputException", "The request body is not valid JSON.");
  ExpectError("POST", "/members", kA, R"({"AccountDetails":[]})", 400, "InvalidInputException", "1 validation error detected: Value '[]' at 'AccountDetails' failed to satisfy constraint: Member must have length greater than or equal to 1");
  ExpectError("POST", "/members/invite", kA, R"({"AccountIds":[]})", 400, "InvalidInputException", "The request must name at least one account ID.");
  ExpectError("POST", "/administrator", kA, R"({"AdministratorId":"222222222222","InvitationId":""})", 400, "InvalidInputException", "1 validation error detected: Value '' at 'InvitationId' failed to satisfy constraint: Member must satisfy regular expression pattern: .*\\S.*");
  ExpectError("GET", "/members?MaxResults=51", kA, "", 400, "InvalidInputException", "1 validation error detected: Value '51' at 'MaxResults' failed to satisfy constraint: Member must have value less than or equal to 50");
  ExpectError("GET", "/members?NextToken=garbage%21%21", kA, "", 400, "InvalidInputException", "The NextToken 'garbage!!' is not valid for ListMembers. Pass the NextToken value returned by the previous ListMembers call, unchanged.");
  ExpectError("POST", "/members/disassociate", kA, R"({"AccountIds":["999999999999"]})", 404, "ResourceNotFoundException", "The request is rejected because the account ID 999999999999 is not a member of the current account.");
  ExpectError("GET", "/nowhere", kA, "", 404, "UnknownOperationException", "No Security Hub operation is at GET /nowhere.");
  ExpectError("POST", "/actionTargets/get", kA, "{}", 501, "NotImplementedException", "DescribeActionTargets (POST /actionTargets/get) is a Security Hub operation that securityhub-mock does not implement; README.md lists the ones it does under 'What it implements'.");

  auto r = client_.Post("/members", {{"Authorization", "AWS4-HMAC-SHA256 Credential=broken"}}, "{}", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->get_header_value("x-amzn-ErrorType"), "IncompleteSignatureException");

  r = client_.Post("/members", As(kA), std::string(70 * 1024, 'x'), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->get_header_value("x-amzn-ErrorType"), "RequestEntityTooLargeException");
  EXPECT_TRUE(std::regex_match(r->get_header_value("x-amzn-RequestId"), kRequestId));
  EXPECT_EQ(r->body, R"({"Code":"RequestEntityTooLargeException","Message":"The request body is larger than 65536 bytes."})");

  // None of that created anything.
  ExpectOk("GET", "/members?OnlyAssociated=false", kA, "", R"({"Members":[]})");
}

// Sends raw bytes and returns the raw response, for requests no well-behaved client makes.
std::string RawExchange(int port, const std::string& request, bool half_close = true) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return "";
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  (void)!write(fd, request.data(), request.size());
  if (half_close) shutdown(fd, SHUT_WR);  // so a truncated request ends
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, n);
  close(fd);
  return out;
}

TEST_F(HttpTest, MalformedHttpNeverCrashesTheServer) {
  const std::string garbage[] = {
      "NONSENSE\r\n\r\n",
      "BREW /coffee HTTP/1.1\r\nHost: localhost\r\n\r\n",
      "POST /members HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999999999999999999\r\n\r\n{}",
      "POST /members HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      std::string("GET /") + std::string(20000, 'a') + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
      "GET /members HTTP/1.1\r\nHost: localhost\r\nAuthorization: AWS4-HMAC-SHA256 Credential=\xff\xfe/20261129/us-east-1/securityhub/aws4_request, SignedHeaders=host, Signature=0\r\n\r\n",
  };
  for (const std::string& request : garbage) {
    std::string response = RawExchange(server_.port(), request);
    if (!response.empty()) {
      EXPECT_EQ(response.find("<html"), std::string::npos) << response;
      EXPECT_NE(response.find("x-amzn-RequestId"), std::string::npos) << response;
    }
  }
  // Absolute-form request line (what clients send through a proxy): routed on its path.
  std::string response = RawExchange(server_.port(),
      "GET http://127.0.0.1:" + std::to_string(server_.port()) + "/_mock/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", /*half_close=*/false);
  EXPECT_NE(response.find("\"status\":\"ok\""), std::string::npos) << response;
  ExpectOk("POST", "/accounts", kA, "{}", "{}");  // still serving
}

// A bounded, deterministic fuzz: mutated versions of valid requests to every implemented
// operation. Whatever arrives, the answer is JSON, errors are AWS-shaped, and the server lives.
TEST_F(HttpTest, MutatedRequestsNeverBreakTheServer) {
  const std::vector<std::tuple<std::string, std::string, std::string>> seeds = {
      {"POST", "/accounts", R"({"Tags":{"k":"v"},"EnableDefaultStandards":true,"ControlFindingGenerator":"SECURITY_CONTROL"})"},
      {"PATCH", "/accounts", R"({"AutoEnableControls":false})"},
      {"POST", "/members", R"({"AccountDetails":[{"AccountId":"222222222222","Email":"a@b.c"},{"AccountId":"333333333333"}]})"},
      {"POST", "/members/invite", R"({"AccountIds":["222222222222","333333333333"]})"},
      {"POST", "/members/get", R"({"AccountIds":["222222222222"]})"},
      {"POST", "/members/disassociate", R"({"AccountIds":["222222222222"]})"},
      {"POST", "/members/delete", R"({"AccountIds":["333333333333"]})"},
      {"POST", "/administrator", R"({"AdministratorId":"111111111111","InvitationId":"0123456789abcdef0123456789abcdef"})"},
      {"POST", "/master", R"({"MasterId":"111111111111","InvitationId":"x"})"},
      {"POST", "/invitations/decline", R"({"AccountIds":["111111111111"]})"},
      {"POST", "/invitations/delete", R"({"AccountIds":["111111111111"]})"},
      {"GET", "/members?OnlyAssociated=false&MaxResults=2&NextToken=c2htb2Nr", ""},
      {"GET", "/invitations?MaxResults=1", ""},
      {"DELETE", "/accounts", ""},
  };
  const std::string alphabet = "{}[]\",:0123456789aZ \\\xff\x00-";
  std::mt19937 rng(20261129);
  for (int i = 0; i < 1500; ++i) {
    auto [method, path, body] = seeds[rng() % seeds.size()];
    const int edits = 1 + rng() % 4;
    for (int e = 0; e < edits; ++e) {
      std::string& target = (body.empty() || rng() % 4 == 0) ? path : body;
      if (target.empty()) continue;
      size_t at = rng() % target.size();
      switch (rng() % 3) {
        case 0: target[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: target.erase(at, 1 + rng() % 8); break;
        default: target.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
      }
    }
    if (path.empty() || path[0] != '/') path = "/" + path;
    auto r = Send(method, path, rng() % 2 ? kA : kM, body);
    ASSERT_TRUE(r) << "the server stopped answering after " << method << " " << path << " " << body;
    json reply = json::parse(r->body, nullptr, false);
    ASSERT_TRUE(reply.is_object()) << r->body;
    if (r->status != 200) {
      EXPECT_EQ(reply.value("Code", ""), r->get_header_value("x-amzn-ErrorType")) << r->body;
      EXPECT_FALSE(reply.value("Message", "").empty()) << r->body;
      EXPECT_NE(r->status, 500) << method << " " << path << " " << body << " -> " << r->body;
    }
  }
}

TEST_F(HttpTest, ControlEndpoints) {
  auto r = client_.Get("/_mock/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  json health = json::parse(r->body);
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["database"], "in-memory");
  ExpectOk("POST", "/accounts", kA, "{}", "{}");
  r = client_.Post("/_mock/reset", "", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "{}");
  ExpectError("GET", "/accounts", kA, "", 401, "InvalidAccessException", "Account 111111111111 is not subscribed to AWS Security Hub");
}

TEST_F(HttpTest, ConcurrentWritesAreAllKept) {
  ExpectOk("POST", "/accounts", kA, "{}", "{}");
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([t, this] {
      httplib::Client c("127.0.0.1", server_.port());
      for (int i = 0; i < 25; ++i) {
        json body = {{"AccountDetails", {{{"AccountId", std::to_string(800000000000LL + t * 100 + i)}}}}};
        auto r = c.Post("/members", As(kA), body.dump(), "application/json");
        EXPECT_TRUE(r && r->status == 200 && r->body == R"({"UnprocessedAccounts":[]})");
      }
    });
  }
  for (auto& t : threads) t.join();
  size_t total = 0;
  std::string token;
  do {
    json page = Json("GET", "/members?OnlyAssociated=false" + (token.empty() ? "" : "&NextToken=" + token), kA);
    total += page["Members"].size();
    token = page.value("NextToken", "");
  } while (!token.empty());
  EXPECT_EQ(total, 200u);
}

TEST(Persistence, StateSurvivesARestartWithADatabaseFile) {
  char path[] = "/tmp/shmock-test-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  unlink(path);
  const std::string db = std::string(path) + ".db";
  {
    TestServer server(db);
    httplib::Client c("127.0.0.1", server.port());
    ASSERT_EQ(c.Post("/accounts", As(kA), "{}", "application/json")->status, 200);
    ASSERT_EQ(c.Post("/members", As(kA), R"({"AccountDetails":[{"AccountId":"222222222222","Email":"m@example.com"}]})", "application/json")->body, R"({"UnprocessedAccounts":[]})");
    ASSERT_EQ(c.Post("/members/invite", As(kA), R"({"AccountIds":["222222222222"]})", "application/json")->status, 200);
  }
  {
    TestServer server(db);
    httplib::Client c("127.0.0.1", server.port());
    auto r = c.Get("/members?OnlyAssociated=false", As(kA));
    ASSERT_TRUE(r);
    json members = json::parse(r->body)["Members"];
    ASSERT_EQ(members.size(), 1u);
    EXPECT_EQ(members[0]["MemberStatus"], "Invited");
    EXPECT_EQ(members[0]["Email"], "m@example.com");
    auto health = json::parse(c.Get("/_mock/health")->body);
    EXPECT_EQ(health["database"], db);
  }
  for (const char* suffix : {"", "-wal", "-shm"}) unlink((db + suffix).c_str());
}

}  // namespace
}  // namespace shmock

namespace shmock {
namespace {

// How a raw exchange ended: the bytes the server sent, and whether it closed the connection
// (rather than the read timing out on a connection it kept open).
struct RawReply {
  std::string text;
  bool closed = false;
};

// Sends `request` without half-closing, so the server alone decides whether to close.
RawReply RawSend(int port, const std::string& request) {
  RawReply reply;
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return reply;
  timeval tv{8, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  (void)!write(fd, request.data(), request.size());
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) reply.text.append(buf, n);
  reply.closed = n == 0;
  close(fd);
  return reply;
}

// A raw response with its varying values (request id, date) replaced by placeholders.
std::string Normalized(const std::string& response) {
  std::string out = std::regex_replace(response, kRequestId, "<id>");
  return std::regex_replace(out, std::regex(R"(Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT)"), "Date: <date>");
}

// The whole response to a refused request: AWS-shaped, and the connection closes after it.
std::string Refusal(int status, const std::string& reason, const std::string& code, const std::string& message) {
  const std::string body = json({{"Code", code}, {"Message", message}}).dump();
  return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n" +
         "Connection: close\r\n"
         "Content-Length: " + std::to_string(body.size()) + "\r\n"
         "Content-Type: application/json\r\n"
         "Date: <date>\r\n"
         "Keep-Alive: timeout=5, max=1000\r\n"  // cpp-httplib's; Connection: close prevails
         "x-amzn-ErrorMessage: " + message + "\r\n"
         "x-amzn-ErrorType: " + code + "\r\n"
         "x-amzn-RequestId: <id>\r\n"
         "X-Content-Type-Options: nosniff\r\n\r\n" + body;
}

const char kSigned[] =
    "Authorization: AWS4-HMAC-SHA256 Credential=111111111111/20261129/us-east-1/securityhub/aws4_request, "
    "SignedHeaders=host, Signature=00\r\n";

TEST_F(HttpTest, CompressedBodiesAreRefusedUnread) {
  // gzip of "{}": small, but inflating what a client sends could exceed any limit.
  const std::string gzip("\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xab\xae\x05\x00\x43\xbf\xa6\xa3\x02\x00\x00\x00", 22);
  RawReply r = RawSend(server_.port(), "POST /accounts HTTP/1.1\r\nHost: localhost\r\n" + std::string(kSigned) +
                                           "Content-Type: application/json\r\nContent-Encoding: gzip\r\n"
                                           "Content-Length: 22\r\n\r\n" + gzip);
  EXPECT_EQ(Normalized(r.text), Refusal(415, "Unsupported Media Type", "UnsupportedMediaTypeException",
                                        "Content-Encoding 'gzip' is not supported: send the request body uncompressed."));
  EXPECT_TRUE(r.closed);
  ExpectError("GET", "/accounts", kA, "", 401, "InvalidAccessException", "Account 111111111111 is not subscribed to AWS Security Hub");
}

TEST_F(HttpTest, AnOversizedContentLengthIsRefusedBeforeTheBody) {
  // 100 GiB announced, none sent: the answer comes at once and the connection closes.
  RawReply r = RawSend(server_.port(), "POST /members HTTP/1.1\r\nHost: localhost\r\n" + std::string(kSigned) +
                                           "Content-Length: 107374182400\r\n\r\n");
  EXPECT_EQ(Normalized(r.text), Refusal(413, "Payload Too Large", "RequestEntityTooLargeException",
                                        "The request body is larger than 65536 bytes."));
  EXPECT_TRUE(r.closed);
  // A client that waits for 100 Continue gets the refusal instead.
  r = RawSend(server_.port(), "POST /members HTTP/1.1\r\nHost: localhost\r\n" + std::string(kSigned) +
                                  "Expect: 100-continue\r\nContent-Length: 65537\r\n\r\n");
  EXPECT_EQ(Normalized(r.text), Refusal(413, "Payload Too Large", "RequestEntityTooLargeException",
                                        "The request body is larger than 65536 bytes."));
  EXPECT_TRUE(r.closed);
  r = RawSend(server_.port(), "POST /accounts HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2x\r\n\r\n{}");
  EXPECT_EQ(Normalized(r.text), Refusal(400, "Bad Request", "BadRequestException", "Content-Length '2x' is not a number of bytes."));
  EXPECT_TRUE(r.closed);
}

std::string Chunked(const std::string& body, size_t chunk) {
  std::string out;
  char size[32];
  for (size_t at = 0; at < body.size(); at += chunk) {
    const std::string part = body.substr(at, chunk);
    std::snprintf(size, sizeof size, "%zx\r\n", part.size());
    out += size + part + "\r\n";
  }
  return out + "0\r\n\r\n";
}

TEST_F(HttpTest, ChunkedBodiesAreHeldToTheLimit) {
  const std::string head = "POST /accounts HTTP/1.1\r\nHost: localhost\r\n" + std::string(kSigned) +
                           "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n";
  const std::string big = R"({"Tags":{"k":")" + std::string(70 * 1024, 'v') + R"("}})";
  RawReply r = RawSend(server_.port(), head + "\r\n" + Chunked(big, 8192));
  EXPECT_EQ(Normalized(r.text), Refusal(413, "Payload Too Large", "RequestEntityTooLargeException",
                                        "The request body is larger than 65536 bytes."));
  EXPECT_TRUE(r.closed);
  ExpectError("GET", "/accounts", kA, "", 401, "InvalidAccessException", "Account 111111111111 is not subscribed to AWS Security Hub");
  // Within the limit, a chunked body is read like any other.
  r = RawSend(server_.port(), head + "Connection: close\r\n\r\n" + Chunked("{}", 1));
  EXPECT_EQ(r.text.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << r.text;
  EXPECT_EQ(Send("GET", "/accounts", kA)->status, 200);
}

TEST_F(HttpTest, AHeaderBlockOverTheLimitIsRefused) {
  std::string headers;
  for (int i = 0; i < 80; ++i) headers += "X-Pad-" + std::to_string(i) + ": " + std::string(1000, 'p') + "\r\n";
  RawReply r = RawSend(server_.port(), "GET /accounts HTTP/1.1\r\nHost: localhost\r\n" + std::string(kSigned) + headers + "\r\n");
  EXPECT_EQ(Normalized(r.text), Refusal(431, "Request Header Fields Too Large", "RequestHeaderFieldsTooLargeException",
                                        "The request line and headers are larger than 65536 bytes."));
  EXPECT_TRUE(r.closed);
  // A request line alone over the limit (one that never ends, say) gets the same answer.
  r = RawSend(server_.port(), "GET /" + std::string(70 * 1024, 'a'));
  EXPECT_EQ(std::regex_replace(Normalized(r.text), std::regex("Keep-Alive: [^\r]*\r\n"), ""),
            std::regex_replace(Refusal(431, "Request Header Fields Too Large", "RequestHeaderFieldsTooLargeException",
                                       "The request line and headers are larger than 65536 bytes."),
                               std::regex("Keep-Alive: [^\r]*\r\n"), ""));
  EXPECT_TRUE(r.closed);
}

TEST_F(HttpTest, APostWithoutContentLengthHasAnEmptyBody) {
  // RFC 9112 §6.3: no Content-Length and no Transfer-Encoding mean no body; nothing to wait for.
  RawReply r = RawSend(server_.port(), "POST /accounts HTTP/1.1\r\nHost: localhost\r\n" + std::string(kSigned) + "\r\n" +
                                           "POST /_mock/reset HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(std::regex_replace(Normalized(r.text), std::regex("Keep-Alive: [^\r]*\r\n"), ""),
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\nDate: <date>\r\n"
            "x-amzn-RequestId: <id>\r\nX-Content-Type-Options: nosniff\r\n\r\n{}"
            "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\nContent-Type: application/json\r\nDate: <date>\r\n"
            "x-amzn-RequestId: <id>\r\nX-Content-Type-Options: nosniff\r\n\r\n{}");
  EXPECT_TRUE(r.closed);
}

TEST_F(HttpTest, EveryReplyCarriesDateAndNosniff) {
  const std::regex imf_fixdate(R"((Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT)");
  auto check = [&](const httplib::Result& r, const char* what) {
    ASSERT_TRUE(r) << what;
    EXPECT_TRUE(std::regex_match(r->get_header_value("Date"), imf_fixdate)) << what << ": " << r->get_header_value("Date");
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << what;
    std::tm tm{};
    ASSERT_NE(strptime(r->get_header_value("Date").c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm), nullptr);
    EXPECT_LT(std::abs(std::difftime(timegm(&tm), std::time(nullptr))), 3600) << what << ": Date is the current UTC time";
  };
  check(client_.Get("/_mock/health"), "success");
  check(Send("GET", "/accounts", kA), "error from the Api");
  check(client_.Post("/accounts", As(kA), std::string(70 * 1024, 'x'), "application/json"), "refused by the adapter");
  RawReply r = RawSend(server_.port(), "BREW /coffee HTTP/1.1\r\nHost: localhost\r\n\r\n");
  EXPECT_NE(Normalized(r.text).find("\r\nDate: <date>\r\n"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("\r\nX-Content-Type-Options: nosniff\r\n"), std::string::npos) << r.text;
}

TEST_F(HttpTest, ErrorsRepeatTheirMessageInAHeader) {
  auto r = Send("GET", "/accounts", kA);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("x-amzn-ErrorMessage"), json::parse(r->body)["Message"]);
  EXPECT_EQ(r->get_header_value("x-amzn-ErrorMessage"), "Account 111111111111 is not subscribed to AWS Security Hub");
  // A message echoing the request stays one safe, bounded header: no CR/LF, no other control
  // characters, printable ASCII only.
  ExpectOk("POST", "/accounts", kA, "{}", "{}");
  r = Send("GET", "/members?NextToken=x%0d%0aX-Injected:%20yes%09%c3%a9" + std::string(5000, 'a'), kA);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_FALSE(r->has_header("X-Injected"));
  const std::string header = r->get_header_value("x-amzn-ErrorMessage");
  EXPECT_EQ(header.substr(0, 48), "The NextToken 'x  X-Injected: yes ?aaaaaaaaaaaaa");
  EXPECT_EQ(header.size(), 1024u);
  EXPECT_EQ(header.substr(1021), "...");
  EXPECT_TRUE(std::all_of(header.begin(), header.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; }));
}

TEST_F(HttpTest, AnEncodedNewlineCannotForgeALogLine) {
  std::vector<std::string> lines;
  std::mutex mu;
  SetLogSink([&](const std::string& line) {
    std::lock_guard<std::mutex> lock(mu);
    lines.push_back(line);
  });
  SetLogLevel(LogLevel::kWarn);
  auto r = Send("GET", "/members%0a2026-01-01T00:00:00.000Z%20info%20forged", kA);
  SetLogLevel(LogLevel::kError);
  SetLogSink(nullptr);
  ASSERT_TRUE(r);
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].find('\n'), std::string::npos);
  EXPECT_NE(lines[0].find(" warn  request="), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find(R"( method=GET path="/members\n2026-01-01T00:00:00.000Z info forged" )"), std::string::npos) << lines[0];
}

TEST_F(HttpTest, APathWithANewlineIsRoutedLikeAnyOther) {
  auto r = Send("GET", "/members%0a2026-01-01T00:00:00.000Z%20info%20forged", kA);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->body, R"({"Code":"UnknownOperationException","Message":"No Security Hub operation is at GET /members\n2026-01-01T00:00:00.000Z info forged."})");
}

}  // namespace
}  // namespace shmock
