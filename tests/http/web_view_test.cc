// The web view's endpoints over real HTTP: the page is self-contained and served read-only,
// the version moves with every committed write and only then, the views are exactly the API's
// answers to that account, and the request log holds the API calls but not the page's polls.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "test_server.h"

namespace shmock {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;  // keeps members in the order the server wrote them

const char kAdmin[] = "111111111111";
const char kMember[] = "222222222222";
const char kNoHub[] = "333333333333";

class WebViewTest : public ::testing::Test {
 protected:
  WebViewTest() : client_("127.0.0.1", server_.port()) {}

  // An API call as `account`: the whole reply as "<status> <body>".
  std::string Call(const std::string& method, const std::string& path, const std::string& account,
                   const std::string& body = "{}", const std::string& region = "us-east-1") {
    httplib::Result r = method == "GET" ? client_.Get(path.c_str(), As(account, region))
                                        : client_.Post(path.c_str(), As(account, region), body, "application/json");
    return r ? std::to_string(r->status) + " " + r->body : "no reply";
  }
  void Ok(const std::string& method, const std::string& path, const std::string& account,
          const std::string& body = "{}") {
    const std::string reply = Call(method, path, account, body);
    ASSERT_EQ(reply.substr(0, 4), "200 ") << method << " " << path << " as " << account << ": " << reply;
  }
  // A web view endpoint's JSON; the page polls them, so no reply may be cached.
  ordered_json Get(const std::string& path) {
    httplib::Result r = client_.Get(path.c_str());
    EXPECT_TRUE(r && r->status == 200) << path << ": " << (r ? r->body : "no reply");
    if (!r) return ordered_json();
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store") << path;
    return ordered_json::parse(r->body);
  }
  uint64_t Version() { return Get("/_mock/state/version")["version"].get<uint64_t>(); }
  // A view as "<status> <body>", the form Call() gives the API's answer.
  std::string View(const ordered_json& views, const char* operation) {
    return std::to_string(views[operation]["status"].get<int>()) + " " + views[operation]["body"].dump();
  }

  // 111111111111 administers 222222222222 (Enabled); 333333333333 is Created and has no hub.
  void Walkthrough() {
    Ok("POST", "/accounts", kAdmin);
    Ok("POST", "/accounts", kMember);
    Ok("POST", "/members", kAdmin,
       R"({"AccountDetails":[{"AccountId":"222222222222","Email":"m@example.com"},{"AccountId":"333333333333"}]})");
    Ok("POST", "/members/invite", kAdmin, R"({"AccountIds":["222222222222","333333333333"]})");
    const json invitations = json::parse(Call("GET", "/invitations", kMember).substr(4));
    Ok("POST", "/administrator", kMember,
       R"({"AdministratorId":"111111111111","InvitationId":")" +
           invitations["Invitations"][0]["InvitationId"].get<std::string>() + "\"}");
  }

  TestServer server_;
  httplib::Client client_;
};

TEST_F(WebViewTest, ThePageIsOneSelfContainedReadOnlyDocument) {
  httplib::Result r = client_.Get("/_mock/ui");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const std::string csp = r->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("connect-src 'self'"), std::string::npos) << csp;
  const std::string& page = r->body;
  EXPECT_EQ(page.rfind("<!doctype html>", 0), 0u);
  EXPECT_NE(page.find("</html>"), std::string::npos) << "the whole file is embedded";
  // Nothing is fetched from elsewhere, and no data becomes markup.
  for (const char* banned : {"http://", "https://", "src=", "@import", "innerHTML", "outerHTML",
                             "insertAdjacentHTML", "document.write", "eval("}) {
    EXPECT_EQ(page.find(banned), std::string::npos) << banned;
  }
  // It only reads: the page is GET, and nothing under it takes a write.
  r = client_.Post("/_mock/ui", "{}", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->get_header_value("x-amzn-ErrorType"), "UnknownOperationException");
}

// The console is a page like the web view: self-contained, the same headers, read-only itself
// (it changes state only through the Security Hub API), and its settings say how to sign.
TEST_F(WebViewTest, TheConsoleIsOneSelfContainedPageWithTheWebViewsHeaders) {
  httplib::Result ui = client_.Get("/_mock/ui");
  httplib::Result r = client_.Get("/_mock/console?account=111111111111&region=eu-west-1");
  ASSERT_TRUE(r && ui);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/html; charset=utf-8");
  for (const char* header : {"Content-Security-Policy", "Cache-Control", "Referrer-Policy"}) {
    EXPECT_EQ(r->get_header_value(header), ui->get_header_value(header)) << header;
  }
  const std::string& page = r->body;
  EXPECT_EQ(page.rfind("<!doctype html>", 0), 0u);
  EXPECT_NE(page.find("</html>"), std::string::npos) << "the whole file is embedded";
  for (const char* banned : {"http://", "https://", "src=", "@import", "innerHTML", "outerHTML",
                             "insertAdjacentHTML", "document.write", "eval(", " onclick=", " onchange="}) {
    EXPECT_EQ(page.find(banned), std::string::npos) << banned;
  }
  EXPECT_NE(ui->body.find("href=\"/_mock/console\""), std::string::npos) << "the web view links to it";
  EXPECT_NE(page.find("href=\"/_mock/ui\""), std::string::npos) << "and it to the web view";
  EXPECT_EQ(Get("/_mock/console/settings").dump(),
            R"({"defaultAccount":"123456789012","defaultRegion":"us-east-1","strictAuth":false})");
  r = client_.Post("/_mock/console", "{}", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(r->get_header_value("x-amzn-ErrorType"), "UnknownOperationException");
}

TEST(WebViewSettings, TheConsoleIsToldWhenSignaturesAreChecked) {
  Config config;
  config.identity.strict_auth = true;
  config.identity.default_account = "999999999999";
  config.identity.default_region = "eu-central-1";
  TestServer server{config};
  httplib::Client c("127.0.0.1", server.port());
  httplib::Result r = c.Get("/_mock/console/settings");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"defaultAccount":"999999999999","defaultRegion":"eu-central-1","strictAuth":true})");
}

TEST_F(WebViewTest, TheVersionMovesWithEveryCommittedWriteAndOnlyThen) {
  const uint64_t start = Version();
  Ok("POST", "/accounts", kAdmin);
  const uint64_t enabled = Version();
  EXPECT_GT(enabled, start);

  Ok("GET", "/members?OnlyAssociated=false", kAdmin);
  Ok("GET", "/accounts", kAdmin);
  EXPECT_EQ(Version(), enabled) << "reads change nothing";
  EXPECT_EQ(Call("POST", "/accounts", kAdmin).substr(0, 4), "409 ") << "a second EnableSecurityHub is refused";
  EXPECT_EQ(Version(), enabled) << "a refused write changes nothing";

  ASSERT_TRUE(client_.Post("/_mock/fixtures", R"({"hubs":[{"accountId":"222222222222"}]})", "application/json"));
  const uint64_t loaded = Version();
  EXPECT_GT(loaded, enabled);
  ASSERT_TRUE(client_.Post("/_mock/reset", "", "application/json"));
  EXPECT_GT(Version(), loaded);
}

TEST_F(WebViewTest, TheViewsAreTheApisAnswersToThatAccount) {
  Walkthrough();
  for (const char* account : {kAdmin, kMember, kNoHub, "444444444444"}) {
    const ordered_json views = Get(std::string("/_mock/views?account=") + account + "&region=us-east-1");
    EXPECT_EQ(views["account"], account);
    EXPECT_EQ(views["region"], "us-east-1");
    EXPECT_EQ(View(views, "ListMembers"), Call("GET", "/members?OnlyAssociated=false", account)) << account;
    EXPECT_EQ(View(views, "ListInvitations"), Call("GET", "/invitations", account)) << account;
    EXPECT_EQ(View(views, "GetAdministratorAccount"), Call("GET", "/administrator", account)) << account;
  }
  // The member's view from the point of view of the test: it has an administrator.
  const ordered_json member = Get("/_mock/views?account=222222222222");
  EXPECT_EQ(member["GetAdministratorAccount"]["body"]["Administrator"]["MemberStatus"], "Enabled");
  EXPECT_EQ(member["region"], "us-east-1") << "the default Region when none is named";
  // Another Region is another state.
  const ordered_json elsewhere = Get("/_mock/views?account=111111111111&region=eu-west-1");
  EXPECT_EQ(View(elsewhere, "ListMembers"),
            Call("GET", "/members?OnlyAssociated=false", kAdmin, "{}", "eu-west-1"));
  EXPECT_NE(elsewhere["ListMembers"]["status"], 200) << "it has no hub in eu-west-1";
}

// An ASFF finding of `account`'s default product, as BatchImportFindings takes it.
std::string Finding(const std::string& account, const std::string& id, const std::string& label,
                    const std::string& record_state = "ACTIVE") {
  return json{{"SchemaVersion", "2018-10-08"},
              {"Id", id},
              {"ProductArn", "arn:aws:securityhub:us-east-1:" + account + ":product/" + account + "/default"},
              {"GeneratorId", "web-view-test"},
              {"AwsAccountId", account},
              {"Types", {"Software and Configuration Checks"}},
              {"CreatedAt", "2026-12-01T00:00:00Z"},
              {"UpdatedAt", "2026-12-01T00:00:00Z"},
              {"Severity", {{"Label", label}}},
              {"Title", id},
              {"Description", "d"},
              {"RecordState", record_state},
              {"Resources", {{{"Type", "AwsS3Bucket"}, {"Id", "arn:aws:s3:::b"}}}}}
      .dump();
}

// The web view's counts (behavior.md §9): an account's ACTIVE findings by severity, and for an
// administrator the total of its view, which holds its Enabled members and no other.
TEST_F(WebViewTest, TheViewsCountActiveFindingsBySeverityInTheAccountAndItsView) {
  Walkthrough();
  const char kCreated[] = "444444444444";  // a member of 111111111111 that never accepted
  Ok("POST", "/accounts", kCreated);
  Ok("POST", "/members", kAdmin, R"({"AccountDetails":[{"AccountId":"444444444444"}]})");
  Ok("POST", "/findings/import", kMember,
     "{\"Findings\":[" + Finding(kMember, "m-critical", "CRITICAL") + "," + Finding(kMember, "m-high", "HIGH") + "," +
         Finding(kMember, "m-archived", "HIGH", "ARCHIVED") + "]}");
  Ok("POST", "/findings/import", kAdmin, "{\"Findings\":[" + Finding(kAdmin, "a-low", "LOW") + "]}");
  Ok("POST", "/findings/import", kCreated, "{\"Findings\":[" + Finding(kCreated, "c-medium", "MEDIUM") + "]}");

  const char kOwnLow[] = R"({"CRITICAL":0,"HIGH":0,"MEDIUM":0,"LOW":1,"INFORMATIONAL":0,"total":1})";
  const char kMemberOnes[] = R"({"CRITICAL":1,"HIGH":1,"MEDIUM":0,"LOW":0,"INFORMATIONAL":0,"total":2})";
  EXPECT_EQ(Get("/_mock/views?account=111111111111")["ActiveFindings"].dump(),
            std::string(R"({"status":200,"body":{"account":)") + kOwnLow +
                R"(,"view":{"CRITICAL":1,"HIGH":1,"MEDIUM":0,"LOW":1,"INFORMATIONAL":0,"total":3},)"
                R"("viewAccounts":["111111111111","222222222222"]}})");
  EXPECT_EQ(Get("/_mock/views?account=222222222222")["ActiveFindings"].dump(),
            std::string(R"({"status":200,"body":{"account":)") + kMemberOnes + R"(,"view":)" + kMemberOnes +
                R"(,"viewAccounts":["222222222222"]}})");
  const char kNone[] = R"({"CRITICAL":0,"HIGH":0,"MEDIUM":0,"LOW":0,"INFORMATIONAL":0,"total":0})";
  EXPECT_EQ(Get("/_mock/views?account=333333333333")["ActiveFindings"].dump(),
            std::string(R"({"status":200,"body":{"account":)") + kNone + R"(,"view":)" + kNone +
                R"(,"viewAccounts":["333333333333"]}})")
      << "an account without a hub has none, and no refusal";

  // The membership leaves Enabled: the administrator's view is its own again.
  Ok("POST", "/members/disassociate", kAdmin, R"({"AccountIds":["222222222222"]})");
  EXPECT_EQ(Get("/_mock/views?account=111111111111")["ActiveFindings"]["body"].dump(),
            std::string(R"({"account":)") + kOwnLow + R"(,"view":)" + kOwnLow +
                R"(,"viewAccounts":["111111111111"]})");
}

// Per account its enabled standards, as GetEnabledStandards answers it.
TEST_F(WebViewTest, TheViewsShowTheEnabledStandards) {
  Walkthrough();
  for (const char* account : {kAdmin, kMember, kNoHub}) {
    const ordered_json views = Get(std::string("/_mock/views?account=") + account);
    EXPECT_EQ(View(views, "GetEnabledStandards"), Call("POST", "/standards/get", account, R"({"MaxResults":100})"))
        << account;
  }
  const ordered_json admin = Get("/_mock/views?account=111111111111");
  ASSERT_EQ(admin["GetEnabledStandards"]["status"], 200);
  EXPECT_EQ(admin["GetEnabledStandards"]["body"]["StandardsSubscriptions"].size(), 2u)
      << "EnableSecurityHub enabled the default standards";
  EXPECT_EQ(Get("/_mock/views?account=333333333333")["GetEnabledStandards"]["status"], 401) << "no hub";
}

TEST_F(WebViewTest, TheViewsFollowEveryPageOfALongList) {
  Ok("POST", "/accounts", kAdmin);
  for (int from = 0; from < 120; from += 50) {
    std::string batch;
    for (int i = from; i < std::min(from + 50, 120); ++i) {
      batch += std::string(batch.empty() ? "" : ",") + R"({"AccountId":"5000000)" +
               std::to_string(10000 + i) + "\"}";
    }
    Ok("POST", "/members", kAdmin, R"({"AccountDetails":[)" + batch + "]}");
  }
  const ordered_json views = Get("/_mock/views?account=111111111111");
  const json& members = views["ListMembers"]["body"]["Members"];
  ASSERT_EQ(members.size(), 120u);
  EXPECT_FALSE(views["ListMembers"]["body"].contains("NextToken"));
  EXPECT_EQ(members[0]["AccountId"], "500000010000");
  EXPECT_EQ(members[119]["AccountId"], "500000010119");
}

TEST_F(WebViewTest, AViewsRequestWithoutAnAccountIsRefused) {
  for (const char* path : {"/_mock/views", "/_mock/views?account=12345", "/_mock/views?account=<b>"}) {
    httplib::Result r = client_.Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << path;
    EXPECT_EQ(r->get_header_value("x-amzn-ErrorType"), "InvalidInputException") << path;
    EXPECT_NE(json::parse(r->body)["Message"].get<std::string>().find("is not a 12-digit account ID"),
              std::string::npos);
  }
  httplib::Result r = client_.Get("/_mock/views?account=111111111111&region=US_EAST");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, json({{"Code", "InvalidInputException"},
                           {"Message", "region='US_EAST' is not a Region name such as us-east-1"}})
                         .dump());
}

TEST_F(WebViewTest, TheRequestLogHoldsTheApiCallsButNotTheControlCalls) {
  EXPECT_EQ(Get("/_mock/state/version")["requests"], 0);
  Ok("POST", "/accounts", kAdmin);
  EXPECT_EQ(Call("GET", "/accounts", kNoHub).substr(0, 4), "401 ");
  ASSERT_TRUE(client_.Get("/_mock/state"));
  Get("/_mock/views?account=111111111111");
  EXPECT_EQ(Get("/_mock/state/version")["requests"], 2);

  const ordered_json log = Get("/_mock/requests")["requests"];
  ASSERT_EQ(log.size(), 2u) << log.dump();
  EXPECT_EQ(log[0]["caller"], "111111111111@us-east-1");
  EXPECT_EQ(log[0]["operation"], "EnableSecurityHub");
  EXPECT_EQ(log[0]["status"], 200);
  EXPECT_EQ(log[0]["errorCode"], "");
  EXPECT_EQ(log[1]["caller"], "333333333333@us-east-1");
  EXPECT_EQ(log[1]["operation"], "DescribeHub");
  EXPECT_EQ(log[1]["status"], 401);
  EXPECT_EQ(log[1]["errorCode"], "InvalidAccessException");
  EXPECT_EQ(log[0]["time"].get<std::string>().size(), std::string("2026-11-29T12:00:00.000Z").size());
}

TEST_F(WebViewTest, TheRequestLogKeepsTheLastHundredCalls) {
  for (int i = 0; i < 105; ++i) Call("GET", "/invitations/count", kAdmin);
  Ok("POST", "/accounts", kAdmin);
  const ordered_json log = Get("/_mock/requests")["requests"];
  ASSERT_EQ(log.size(), 100u);
  EXPECT_EQ(log.back()["operation"], "EnableSecurityHub") << "newest last";
  EXPECT_EQ(Get("/_mock/state/version")["requests"], 106);
}

}  // namespace
}  // namespace shmock
