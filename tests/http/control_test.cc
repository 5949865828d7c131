// The control endpoints over real HTTP: the state snapshot loads back into the same API-visible
// state, runtime fixtures are all or nothing, reset (with and without the start-up fixtures),
// LocalStack's health shape, and how the binary refuses a bad start-up fixture.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "shmock/version.h"
#include "test_server.h"

namespace shmock {
namespace {

using nlohmann::json;

const char kA[] = "111111111111";
const char kEmptyState[] = "{\n  \"accessKeys\": {},\n  \"hubs\": [],\n  \"members\": []\n}\n";

std::string Fixtures(const std::string& name) { return std::string(SHMOCK_FIXTURES_DIR) + "/" + name; }

class ControlTest : public ::testing::Test {
 protected:
  explicit ControlTest(const std::string& fixtures = "")
      : server_(":memory:", fixtures), client_("127.0.0.1", server_.port()) {}

  // An API call as `account`; the result as "<status> <body>".
  std::string Call(const std::string& method, const std::string& path, const std::string& account,
                   const std::string& region = "us-east-1", const std::string& body = "") {
    httplib::Result r = method == "GET"     ? client_.Get(path.c_str(), As(account, region))
                        : method == "PATCH" ? client_.Patch(path.c_str(), As(account, region), body, "application/json")
                                            : client_.Post(path.c_str(), As(account, region), body, "application/json");
    if (!r) return "no reply";
    return std::to_string(r->status) + " " + r->body;
  }
  void Ok(const std::string& method, const std::string& path, const std::string& account,
          const std::string& body = "{}", const std::string& region = "us-east-1") {
    std::string reply = Call(method, path, account, region, body);
    ASSERT_EQ(reply.substr(0, 4), "200 ") << method << " " << path << " as " << account << ": " << reply;
  }

  std::string State() {
    auto r = client_.Get("/_mock/state");
    EXPECT_TRUE(r && r->status == 200);
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
    return r ? r->body : "";
  }
  httplib::Result Control(const std::string& path, const std::string& body = "") {
    return client_.Post(path.c_str(), body, "application/json");
  }
  void ExpectRefusal(const httplib::Result& r, int status, const std::string& code, const std::string& message) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status);
    EXPECT_EQ(r->get_header_value("x-amzn-ErrorType"), code);
    EXPECT_EQ(r->body, json({{"Code", code}, {"Message", message}}).dump());
  }

  // Every read operation, for every account the tests use and one that has nothing, in both
  // Regions: what a client can see of the state.
  std::vector<std::string> EveryRead() {
    const std::vector<std::string> callers = {kA, "222222222222", "333333333333", "444444444444",
                                              "555555555555", "666666666666", "999999999999",
                                              "AKIAADMINEXAMPLE"};
    const std::string all_ids =
        R"({"AccountIds":["111111111111","222222222222","333333333333","444444444444","555555555555","666666666666"]})";
    std::vector<std::string> out;
    for (const char* region : {"us-east-1", "eu-west-1"}) {
      for (const std::string& who : callers) {
        for (const char* path : {"/accounts", "/members?OnlyAssociated=false", "/members",
                                 "/members?OnlyAssociated=false&MaxResults=2", "/invitations",
                                 "/invitations?MaxResults=1", "/invitations/count", "/administrator", "/master"}) {
          out.push_back(who + "@" + region + " GET " + path + " -> " + Call("GET", path, who, region));
        }
        out.push_back(who + "@" + region + " GetMembers -> " + Call("POST", "/members/get", who, region, all_ids));
      }
    }
    return out;
  }

  TestServer server_;
  httplib::Client client_;
};


TEST_F(ControlTest, ASnapshotLoadsBackIntoTheSameStateAfterTheInvitationLifecycle) {
  auto r = Control("/_mock/fixtures", R"({"accessKeys": {"AKIAADMINEXAMPLE": {"accountId": "111111111111", "secretAccessKey": "not-dumped"}}})");
  ASSERT_TRUE(r && r->status == 200);
  EXPECT_EQ(r->body, R"({"accessKeys":1,"hubs":0,"members":0})");

  // us-east-1: members Enabled, Resigned (declined), Invited with a deleted invitation,
  // Invited without a hub, Created; the administrator's settings and tags changed.
  Ok("POST", "/accounts", kA, R"({"Tags":{"team":"sec","env":"demo"}})");
  Ok("PATCH", "/accounts", kA, R"({"AutoEnableControls":false,"ControlFindingGenerator":"STANDARD_CONTROL"})");
  for (const char* m : {"222222222222", "333333333333", "444444444444", "666666666666"}) Ok("POST", "/accounts", m);
  Ok("POST", "/members", kA, R"({"AccountDetails":[{"AccountId":"222222222222","Email":"two@example.com"},
      {"AccountId":"333333333333"},{"AccountId":"444444444444","Email":"four@example.com"},
      {"AccountId":"555555555555"},{"AccountId":"666666666666"}]})");
  Ok("POST", "/members/invite", kA, R"({"AccountIds":["222222222222","333333333333","444444444444","555555555555"]})");
  json invitations = json::parse(Call("GET", "/invitations", "222222222222").substr(4));
  const std::string inv = invitations["Invitations"][0]["InvitationId"];
  Ok("POST", "/administrator", "222222222222", R"({"AdministratorId":"111111111111","InvitationId":")" + inv + "\"}");
  Ok("POST", "/invitations/decline", "333333333333", R"({"AccountIds":["111111111111"]})");
  Ok("POST", "/invitations/delete", "444444444444", R"({"AccountIds":["111111111111"]})");
  // eu-west-1: a member that accepted, then left (Removed/Resigned by its own hand).
  Ok("POST", "/accounts", kA, "{}", "eu-west-1");
  Ok("POST", "/accounts", "222222222222", "{}", "eu-west-1");
  Ok("POST", "/members", kA, R"({"AccountDetails":[{"AccountId":"222222222222"}]})", "eu-west-1");
  Ok("POST", "/members/invite", kA, R"({"AccountIds":["222222222222"]})", "eu-west-1");
  invitations = json::parse(Call("GET", "/invitations", "222222222222", "eu-west-1").substr(4));
  Ok("POST", "/administrator", "222222222222",
     R"({"AdministratorId":"111111111111","InvitationId":")" + invitations["Invitations"][0]["InvitationId"].get<std::string>() + "\"}",
     "eu-west-1");
  Ok("POST", "/administrator/disassociate", "222222222222", "{}", "eu-west-1");

  const std::vector<std::string> before = EveryRead();
  const std::string snapshot = State();
  EXPECT_EQ(snapshot.find("not-dumped"), std::string::npos) << "secrets are never dumped";
  json dumped = json::parse(snapshot);
  EXPECT_EQ(dumped["accessKeys"], json({{"AKIAADMINEXAMPLE", kA}}));
  EXPECT_EQ(dumped["hubs"].size(), 7u);
  EXPECT_EQ(dumped["members"].size(), 6u);

  r = Control("/_mock/reset");
  ASSERT_TRUE(r && r->status == 200);
  EXPECT_EQ(State(), kEmptyState);
  EXPECT_NE(EveryRead(), before) << "the reads see the state, so the comparison below can fail";

  r = Control("/_mock/fixtures", snapshot);
  ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "");
  EXPECT_EQ(r->body, R"({"accessKeys":1,"hubs":7,"members":6})");
  EXPECT_EQ(State(), snapshot);
  const std::vector<std::string> after = EveryRead();
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(after[i], before[i]);
}

TEST_F(ControlTest, ARefusedFixtureChangesNothing) {
  Ok("POST", "/accounts", kA);
  Ok("POST", "/members", kA, R"({"AccountDetails":[{"AccountId":"222222222222"}]})");
  const std::string state = State();
  const std::vector<std::string> reads = EveryRead();

  // The second member's administrator has no hub: the first member, the hub and the key that
  // came before it in the document are not written either.
  ExpectRefusal(Control("/_mock/fixtures", R"({"accessKeys": {"AKIAADMINEXAMPLE": "333333333333"},
      "hubs": [{"accountId": "333333333333"}],
      "members": [{"administratorId": "333333333333", "accountId": "444444444444"},
                  {"administratorId": "555555555555", "accountId": "444444444444"}]})"),
                400, "InvalidInputException",
                "/members/1: member 444444444444 of 555555555555 in us-east-1: the administrator has no hub in us-east-1");
  ExpectRefusal(Control("/_mock/fixtures", R"({"members": [{"administratorId": "111111111111", "accountId": "222222222222", "memberStatus": "ENABLED"}]})"),
                400, "InvalidInputException",
                "/members/0/memberStatus: 'ENABLED' is not one of Created, Invited, Enabled, Removed, Resigned, Deleted");
  ExpectRefusal(Control("/_mock/fixtures", R"({"hubs": [{"accountId": "333333333333"},]})"), 400,
                "InvalidInputException",
                "invalid JSON at byte 41 (line 1, column 41): syntax error while parsing value - unexpected ']'; expected '[', '{', or a literal");
  ExpectRefusal(Control("/_mock/fixtures", std::string(70 * 1024, ' ')), 413, "RequestEntityTooLargeException",
                "The request body is larger than 65536 bytes.");
  EXPECT_EQ(State(), state);
  EXPECT_EQ(EveryRead(), reads);
}

TEST_F(ControlTest, ResetDropsEverythingAndWithoutStartUpFixturesHasNoneToReapply) {
  ASSERT_EQ(Control("/_mock/fixtures", R"({"accessKeys": {"AKIAADMINEXAMPLE": "111111111111"}, "hubs": [{"accountId": "111111111111"}]})")->status, 200);
  EXPECT_EQ(Call("GET", "/accounts", "AKIAADMINEXAMPLE").substr(0, 3), "200");
  const std::string state = State();
  ExpectRefusal(Control("/_mock/reset?fixtures=1"), 400, "InvalidInputException",
                "The server was started without --fixtures, so reset?fixtures=1 has nothing to load; nothing "
                "was reset. Use POST /_mock/reset, then POST /_mock/fixtures with a document.");
  ExpectRefusal(Control("/_mock/reset?fixtures=yes"), 400, "InvalidInputException",
                "fixtures=yes: use fixtures=1 to load the start-up fixtures after the reset, or leave it out");
  EXPECT_EQ(State(), state);

  auto r = Control("/_mock/reset");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "{}");
  EXPECT_EQ(State(), kEmptyState);
  EXPECT_EQ(Call("GET", "/accounts", "AKIAADMINEXAMPLE"),
            R"(401 {"Code":"InvalidAccessException","Message":"Account 123456789012 is not subscribed to AWS Security Hub"})")
      << "the access key went with the reset: it acts as the default account again";
}

class StartedWithFixtures : public ControlTest {
 protected:
  StartedWithFixtures() : ControlTest(Fixtures("mid-flow.json")) {}
};

TEST_F(StartedWithFixtures, ResetWithFixturesReappliesTheStartUpDocument) {
  const std::string initial = State();
  const std::vector<std::string> reads = EveryRead();
  // Change the state and the access keys.
  ASSERT_EQ(Control("/_mock/fixtures", R"({"accessKeys": {"AKIAOTHER": "999999999999"}, "hubs": [{"accountId": "999999999999"}]})")->status, 200);
  ASSERT_NE(State(), initial);

  auto r = Control("/_mock/reset?fixtures=1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"accessKeys":2,"hubs":6,"members":7})") << "what mid-flow.json holds";
  EXPECT_EQ(State(), initial);
  EXPECT_EQ(EveryRead(), reads);

  r = Control("/_mock/reset");
  EXPECT_EQ(State(), kEmptyState);
}

TEST_F(ControlTest, LocalStackHealthHasLocalStacksShape) {
  auto r = client_.Get("/_localstack/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(r->body, std::string(R"({"services":{"securityhub":"running","sts":"running"},"edition":"community","version":")") +
                         kVersion + "\"}");
  r = client_.Head("/_localstack/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  r = client_.Get("/_mock/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(json::parse(r->body)["status"], "ok") << "/_mock/health stays";
}

TEST_F(ControlTest, AnUnknownControlPathNamesTheEndpoints) {
  ExpectRefusal(client_.Get("/_mock/fixtures"), 404, "UnknownOperationException",
                "No control endpoint at GET /_mock/fixtures. There are GET /_mock/health, GET /_mock/state, "
                "POST /_mock/fixtures, POST /_mock/reset[?fixtures=1], POST, GET and DELETE /_mock/faults, POST /_mock/snapshot, "
                "POST /_mock/organization/accounts, DELETE /_mock/organization/accounts/{id}, "
                "GET /_localstack/health, the web view, GET /_mock/ui, and the console, GET /_mock/console.");
  ExpectRefusal(client_.Get("/_localstack/info"), 404, "UnknownOperationException",
                "No control endpoint at GET /_localstack/info. There are GET /_mock/health, GET /_mock/state, "
                "POST /_mock/fixtures, POST /_mock/reset[?fixtures=1], POST, GET and DELETE /_mock/faults, POST /_mock/snapshot, "
                "POST /_mock/organization/accounts, DELETE /_mock/organization/accounts/{id}, "
                "GET /_localstack/health, the web view, GET /_mock/ui, and the console, GET /_mock/console.");
}

// The binary with --fixtures `path`: its exit status and what it wrote to stderr.
std::pair<int, std::string> StartWithFixtures(const std::string& path) {
  const std::string command = std::string(SHMOCK_BINARY) + " --port 0 --fixtures '" + path + "' 2>&1 >/dev/null";
  FILE* p = popen(command.c_str(), "r");
  if (!p) return {-1, "popen failed"};
  std::string out;
  char buf[512];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string WriteTemp(const std::string& text) {
  char path[] = "/tmp/shmock-fixture-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return "";
  if (write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) return "";
  close(fd);
  return path;
}

TEST(StartUpFixtures, ABadFileStopsTheServerWithExitCode2AndSaysWhereAndWhy) {
  struct Case { const char* text; const char* message; };
  const Case cases[] = {
      {"{\"hubs\": [\n  {\"accountId\": \"111111111111\"\n]}",
       "invalid JSON at byte 43 (line 3, column 1): syntax error while parsing object - unexpected ']'; expected '}'"},
      {R"({"hubs": [{"accountId": "111111111111"}], "members": [
          {"administratorId": "111111111111", "accountId": "222222222222"},
          {"administratorId": "111111111111", "accountId": "333333333333"},
          {"administratorId": "111111111111", "accountId": "444444444444", "memberStatus": "Active"}]})",
       "/members/2/memberStatus: 'Active' is not one of Created, Invited, Enabled, Removed, Resigned, Deleted"},
      {R"({"members": [{"administratorId": "111111111111", "accountId": "222222222222"}]})",
       "/members/0: member 222222222222 of 111111111111 in us-east-1: the administrator has no hub in us-east-1"},
  };
  for (const Case& c : cases) {
    const std::string path = WriteTemp(c.text);
    ASSERT_FALSE(path.empty());
    auto [code, output] = StartWithFixtures(path);
    EXPECT_EQ(code, 2) << output;
    EXPECT_EQ(output, "securityhub-mock: " + path + ": " + c.message + "\n");
    unlink(path.c_str());
  }
  auto [code, output] = StartWithFixtures("/nonexistent/fixtures.json");
  EXPECT_EQ(code, 2);
  EXPECT_EQ(output, "securityhub-mock: /nonexistent/fixtures.json: cannot read the fixture file\n");
}

}  // namespace
}  // namespace shmock

namespace shmock {
namespace {

// Findings in the state document: a fixture seeds them (an AWS product's included), the
// snapshot shows them as GetFindings would, loads back into the same state, and reset drops them.
TEST_F(ControlTest, FindingsAreSeededSnapshotAndReset) {
  const std::string fixture = R"({"hubs": [{"accountId": "111111111111"}],
    "findings": [{"SchemaVersion": "2018-10-08", "Id": "gd-1",
      "ProductArn": "arn:aws:securityhub:us-east-1::product/aws/guardduty",
      "GeneratorId": "gd", "AwsAccountId": "111111111111",
      "CreatedAt": "2024-01-01T00:00:00Z", "UpdatedAt": "2024-01-01T00:00:00Z",
      "Title": "t", "Description": "d", "Resources": [{"Type": "Other", "Id": "r"}],
      "Severity": {"Label": "LOW"}}]})";
  auto r = Control("/_mock/fixtures", fixture);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, R"({"accessKeys":0,"hubs":1,"members":0,"findings":1})");
  const std::string state = State();
  const json findings = json::parse(state)["findings"];
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0]["ProductName"], "GuardDuty");
  EXPECT_EQ(findings[0]["Region"], "us-east-1");
  EXPECT_EQ(findings[0]["Severity"], (json{{"Label", "LOW"}, {"Normalized", 1}}));
  EXPECT_EQ(findings[0]["Workflow"], (json{{"Status", "NEW"}}));
  ASSERT_EQ(Control("/_mock/reset")->status, 200);
  EXPECT_EQ(State(), kEmptyState);
  ASSERT_EQ(Control("/_mock/fixtures", state)->status, 200);
  EXPECT_EQ(State(), state);

  ExpectRefusal(Control("/_mock/fixtures", R"({"hubs": [{"accountId": "222222222222"}],
                        "findings": [{"Id": "x"}]})"),
                400, "InvalidInputException",
                "/findings/0: data should have required property 'SchemaVersion'");
  EXPECT_EQ(State(), state) << "a refused finding writes nothing, not even the hub before it";
}

std::string XmlText(const std::string& body, const std::string& tag) {
  const size_t open = body.find("<" + tag + ">"), close = body.find("</" + tag + ">");
  if (open == std::string::npos || close == std::string::npos) return "";
  return body.substr(open + tag.size() + 2, close - open - tag.size() - 2);
}

// Role sessions STS AssumeRole issued are part of the state: the snapshot lists them, reset
// removes them, and loading the snapshot back makes their credentials work again (decision 46).
TEST_F(ControlTest, RoleSessionsRoundTripThroughTheSnapshotAndGoWithReset) {
  auto sts = [&](const std::string& key, const std::string& form) {
    httplib::Headers h = {{"Authorization", "AWS4-HMAC-SHA256 Credential=" + key +
                                                "/20261129/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0"}};
    return client_.Post("/", h, form, "application/x-www-form-urlencoded");
  };
  auto assumed = sts(kA, "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A222222222222%3Arole%2FAdmin"
                         "&RoleSessionName=snapshot");
  ASSERT_TRUE(assumed && assumed->status == 200);
  const std::string key = XmlText(assumed->body, "AccessKeyId");
  const std::string snapshot = State();
  const json doc = json::parse(snapshot);
  ASSERT_EQ(doc["sessions"].size(), 1u) << snapshot;
  EXPECT_EQ(doc["sessions"][0]["accessKeyId"], key);
  EXPECT_EQ(doc["sessions"][0]["secretAccessKey"], XmlText(assumed->body, "SecretAccessKey"));
  EXPECT_EQ(doc["sessions"][0]["roleArn"], "arn:aws:iam::222222222222:role/Admin");

  ASSERT_EQ(Control("/_mock/reset")->status, 200);
  EXPECT_EQ(State(), kEmptyState);
  // Unknown now: the default account.
  EXPECT_EQ(XmlText(sts(key, "Action=GetCallerIdentity&Version=2011-06-15")->body, "Account"), "123456789012");

  auto loaded = Control("/_mock/fixtures", snapshot);
  ASSERT_TRUE(loaded && loaded->status == 200) << (loaded ? loaded->body : "");
  EXPECT_EQ(State(), snapshot);
  EXPECT_EQ(XmlText(sts(key, "Action=GetCallerIdentity&Version=2011-06-15")->body, "Arn"),
            "arn:aws:sts::222222222222:assumed-role/Admin/snapshot");
}

// Custom insights are part of the state: a fixture seeds them (checked as CreateInsight checks
// them), the snapshot lists them, the API answers them, reset drops them and the snapshot loads
// back into the same state.
TEST_F(ControlTest, InsightsAreSeededSnapshotAndReset) {
  const std::string arn =
      "arn:aws:securityhub:us-east-1:111111111111:insight/111111111111/custom/0b1c2d3e-0000-4000-8000-000000000001";
  const std::string fixture = R"({"hubs": [{"accountId": "111111111111"}],
    "insights": [{"accountId": "111111111111", "insightArn": ")" + arn + R"(",
      "name": "By severity", "filters": {"RecordState": [{"Comparison": "EQUALS", "Value": "ACTIVE"}]},
      "groupByAttribute": "SeverityLabel", "createdAt": "2024-01-01T00:00:00.000Z"},
      {"accountId": "111111111111", "name": "All", "groupByAttribute": "ResourceId"}]})";
  auto r = Control("/_mock/fixtures", fixture);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, R"({"accessKeys":0,"hubs":1,"members":0,"insights":2})");
  const std::string state = State();
  const json insights = json::parse(state)["insights"];
  ASSERT_EQ(insights.size(), 2u) << state;
  EXPECT_EQ(insights[0], json::parse(R"({"accountId": "111111111111", "region": "us-east-1",
      "insightArn": ")" + arn + R"(", "name": "By severity",
      "filters": {"RecordState": [{"Comparison": "EQUALS", "Value": "ACTIVE"}]},
      "groupByAttribute": "SeverityLabel", "createdAt": "2024-01-01T00:00:00.000Z"})"));
  EXPECT_EQ(insights[1]["filters"], json::object());
  httplib::Headers h = {{"Authorization", std::string("AWS4-HMAC-SHA256 Credential=") + kA +
                                              "/20261129/us-east-1/securityhub/aws4_request, SignedHeaders=host, Signature=0"}};
  auto got = client_.Post("/insights/get", h, R"({"InsightArns":[")" + arn + R"("]})", "application/json");
  ASSERT_TRUE(got && got->status == 200);
  EXPECT_EQ(json::parse(got->body)["Insights"][0]["Name"], "By severity");

  ASSERT_EQ(Control("/_mock/reset")->status, 200);
  EXPECT_EQ(State(), kEmptyState);
  ASSERT_EQ(Control("/_mock/fixtures", state)->status, 200);
  EXPECT_EQ(State(), state);

  ExpectRefusal(Control("/_mock/fixtures", R"({"hubs": [{"accountId": "222222222222"}],
                        "insights": [{"accountId": "222222222222", "name": "x", "groupByAttribute": "Nope"}]})"),
                400, "InvalidInputException",
                "/insights/0: GroupByAttribute 'Nope' is not a finding attribute insights can group by; use a "
                "string attribute of AwsSecurityFindingFilters such as ResourceId, ResourceType, SeverityLabel "
                "or AwsAccountId");
  ExpectRefusal(Control("/_mock/fixtures", R"({"insights": [{"accountId": "222222222222", "name": "x",
                        "groupByAttribute": "ResourceId", "insightArn": ")" + arn + R"("}]})"),
                400, "InvalidInputException",
                "/insights/0/insightArn: must be arn:aws:securityhub:us-east-1:222222222222:insight/"
                "222222222222/custom/<id>, a custom insight of the entry's account and Region");
  EXPECT_EQ(State(), state) << "a refused insight writes nothing, not even the hub before it";
}

}  // namespace
}  // namespace shmock
