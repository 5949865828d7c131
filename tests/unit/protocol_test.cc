// The restJson1 layer: routing, model-driven validation, NextToken handling, error rendering.
#include <gtest/gtest.h>

#include <regex>
#include <stdexcept>

#include "memory_store.h"
#include "shmock/dispatcher.h"
#include "shmock/ids.h"
#include "shmock/operations.h"
#include "protocol/service_model.h"

namespace shmock {
namespace {

using nlohmann::json;

TEST(ServiceModel, RoutesEveryOperationOfTheModel) {
  ServiceModel model;
  EXPECT_EQ(model.operations().size(), 109u);
  for (const Operation& op : model.operations()) {
    std::string path = op.uri;
    for (size_t b; (b = path.find('{')) != std::string::npos;) path.replace(b, path.find('}', b) - b + 1, "x");
    const Operation* routed = model.Route(op.method, path);
    ASSERT_NE(routed, nullptr) << op.name;
    EXPECT_EQ(routed->name, op.name) << op.method << " " << path;
  }
  EXPECT_EQ(model.Route("GET", "/members/get"), nullptr);
  const Operation* other_method = model.RouteAnyMethod("/members/get");
  ASSERT_NE(other_method, nullptr);
  EXPECT_EQ(other_method->name, "GetMembers");
  // A greedy label takes the rest of the path, '/' included; literal segments win.
  const Operation* greedy = model.Route("GET", "/insights/results/arn:aws:x/y");
  ASSERT_NE(greedy, nullptr);
  EXPECT_EQ(greedy->name, "GetInsightResults");
}

Status Parse(const std::string& op_name, const std::string& body,
             std::multimap<std::string, std::string> query = {}, json* out = nullptr) {
  static ServiceModel model({"AccountDetailsList"});
  for (const Operation& op : model.operations()) {
    if (op.name == op_name) {
      json input;
      Status s = model.ParseInput(op, "", query, body, &input);
      if (out) *out = input;
      return s;
    }
  }
  ADD_FAILURE() << "no operation " << op_name;
  return Status::Internal("");
}

TEST(ServiceModel, ValidatesInputsGenericallyFromTheModel) {
  struct Case { const char* op; std::string body; std::multimap<std::string, std::string> query; const char* message; };
  const Case cases[] = {
      {"CreateMembers", "{}", {}, "1 validation error detected: Value null at 'AccountDetails' failed to satisfy constraint: Member must not be null"},
      {"CreateMembers", R"({"AccountDetails":[]})", {}, "Value '[]' at 'AccountDetails' failed to satisfy constraint: Member must have length greater than or equal to 1"},
      {"CreateMembers", R"({"AccountDetails":[{"Email":"x@example.com"}]})", {}, "Value null at 'AccountDetails[0].AccountId' failed to satisfy constraint: Member must not be null"},
      {"CreateMembers", R"({"AccountDetails":"111111111111"})", {}, "Member must be a list"},
      {"CreateMembers", R"({"AccountDetails":[{"AccountId":111111111111}]})", {}, "Value '111111111111' at 'AccountDetails[0].AccountId' failed to satisfy constraint: Member must be a string"},
      {"InviteMembers", R"({"AccountIds":[""]})", {}, "Value '' at 'AccountIds[0]' failed to satisfy constraint: Member must satisfy regular expression pattern: .*\\S.*"},
      {"InviteMembers", R"({"AccountIds":["1", 2]})", {}, "Value '2' at 'AccountIds[1]'"},
      {"AcceptAdministratorInvitation", R"({"AdministratorId":"111111111111"})", {}, "Value null at 'InvitationId'"},
      {"AcceptAdministratorInvitation", "{}", {}, "2 validation errors detected: Value null at 'AdministratorId' failed to satisfy constraint: Member must not be null; Value null at 'InvitationId'"},
      {"EnableSecurityHub", R"({"ControlFindingGenerator":"BOTH"})", {}, "Member must satisfy enum value set: [STANDARD_CONTROL, SECURITY_CONTROL]"},
      {"EnableSecurityHub", R"({"Tags":{"aws:x":"v"}})", {}, "Member must satisfy regular expression pattern"},
      {"EnableSecurityHub", R"({"EnableDefaultStandards":"yes"})", {}, "Member must be a boolean"},
      {"ListMembers", "", {{"MaxResults", "0"}}, "Value '0' at 'MaxResults' failed to satisfy constraint: Member must have value greater than or equal to 1"},
      {"ListMembers", "", {{"MaxResults", "51"}}, "Member must have value less than or equal to 50"},
      {"ListMembers", "", {{"MaxResults", "ten"}}, "Value 'ten' at 'MaxResults' failed to satisfy constraint: Member must be an integer"},
      {"ListMembers", "", {{"OnlyAssociated", "TRUE"}}, "Member must be true or false"},
      {"InviteMembers", "{not json", {}, "The request body is not valid JSON."},
      {"InviteMembers", "[]", {}, "The request body must be a JSON object, not array."},
      {"CreateMembers", "{\"AccountDetails\":" + std::string(100000, '[') + std::string(100000, ']') + "}", {}, "nests JSON deeper than 32 levels"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.op) + " " + c.body);
    Status s = Parse(c.op, c.body, c.query);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
    EXPECT_NE(s.message().find(c.message), std::string::npos) << s.message();
  }
}

TEST(ServiceModel, AcceptsWhatRealClientsSend) {
  json in;
  ASSERT_TRUE(Parse("DisassociateFromAdministratorAccount", "", {}, &in).ok());
  EXPECT_EQ(in, json::object());
  ASSERT_TRUE(Parse("ListMembers", "", {{"OnlyAssociated", "false"}, {"MaxResults", "50"}, {"NextToken", "a+b/c"}}, &in).ok());
  EXPECT_EQ(in, json::parse(R"({"OnlyAssociated":false,"MaxResults":50,"NextToken":"a+b/c"})"));
  // The 50-entry rule of AccountDetails is the domain's (decision 3), not a validation error.
  json details = json::array();
  for (int i = 0; i < 60; ++i) details.push_back({{"AccountId", std::to_string(100000000000LL + i)}});
  ASSERT_TRUE(Parse("CreateMembers", json{{"AccountDetails", details}}.dump()).ok());
  // Members the model does not know are ignored; a query member is never read from the body.
  ASSERT_TRUE(Parse("ListMembers", R"({"MaxResults":"x","Other":1})", {}, &in).ok());
  EXPECT_EQ(in, json::parse(R"({"Other":1})"));
}

// A query integer is an optional '-' and 1 to 18 digits, exactly what the regex
// -?[0-9]{1,18} accepted before it was replaced by a loop; longer values cannot overflow.
TEST(ServiceModel, ReadsQueryIntegersAsTheRegexDid) {
  const std::regex integer("-?[0-9]{1,18}");
  const std::vector<std::string> raws = {
      "1", "50", "007", "-1", "-0", "", "-", "--1", "+5", " 5", "5 ", "5\n", "1e3", "0x10",
      "123456789012345678", "-123456789012345678", "1234567890123456789", std::string("5\0", 2),
      std::string(1 << 20, '9')};
  for (const std::string& raw : raws) {
    SCOPED_TRACE(testing::PrintToString(raw.substr(0, 32)));
    json in;
    Status s = Parse("ListMembers", "", {{"MaxResults", raw}}, &in);
    const bool read_as_integer = s.message().find("Member must be an integer") == std::string::npos;
    EXPECT_EQ(read_as_integer, std::regex_match(raw, integer));
    if (s.ok()) {
      EXPECT_EQ(in["MaxResults"], std::stoll(raw));
    }
  }
}

TEST(ServiceModel, RefusesToLoadAModelWithAPatternItCannotCheck) {
  const char* unknown = R"({"operations":[],"shapes":{"AccountId":{"type":"string","pattern":"^[0-9]{12}$"}}})";
  try {
    ServiceModel model({}, unknown);
    ADD_FAILURE() << "a model whose pattern would go unchecked loaded";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("'^[0-9]{12}$'"), std::string::npos) << e.what();
  }
  ServiceModel known({}, R"({"operations":[],"shapes":{"Id":{"type":"string","pattern":".*\\S.*"}}})");
  EXPECT_TRUE(known.operations().empty());
}

// ARNs travel in greedy path labels: the label takes the rest of the decoded path, '/'
// included, and is validated as a member of the input; a body cannot set it.
TEST(ServiceModel, BindsPathLabelsFromThePath) {
  ServiceModel model;
  const std::string arn =
      "arn:aws:securityhub:us-east-1:111111111111:subscription/pci-dss/v/3.2.1";
  const Operation* op = model.Route("GET", "/standards/controls/" + arn);
  ASSERT_NE(op, nullptr);
  ASSERT_EQ(op->name, "DescribeStandardsControls");
  json input;
  ASSERT_TRUE(model.ParseInput(*op, "/standards/controls/" + arn, {{"MaxResults", "2"}},
                               R"({"StandardsSubscriptionArn":"other"})", &input).ok());
  EXPECT_EQ(input, (json{{"StandardsSubscriptionArn", arn}, {"MaxResults", 2}}));
  const Operation* update = model.Route("PATCH", "/standards/control/" + arn + "/PCI.IAM.1");
  ASSERT_NE(update, nullptr);
  ASSERT_TRUE(model.ParseInput(*update, "/standards/control/" + arn + "/PCI.IAM.1", {},
                               R"({"ControlStatus":"ENABLED"})", &input).ok());
  EXPECT_EQ(input["StandardsControlArn"], arn + "/PCI.IAM.1");
}

// Decision 58: a blank DisabledReason or UpdatedReason is left to the domain where the model
// says so (the face's model); every other NonEmptyString still holds to `.*\S.*`.
TEST(ServiceModel, LeavesBlankReasonsToTheDomainWhenTold) {
  ServiceModel strict, lenient({}, kServiceModelJson, {"DisabledReason"});
  const std::string path = "/standards/control/arn:aws:securityhub:us-east-1:1:control/x/v/1/y";
  const Operation* op = strict.Route("PATCH", path);
  ASSERT_NE(op, nullptr);
  json input;
  const std::string body = R"({"ControlStatus":"ENABLED","DisabledReason":" "})";
  EXPECT_EQ(strict.ParseInput(*op, path, {}, body, &input).code(), ErrorCode::kInvalidInput);
  EXPECT_TRUE(lenient.ParseInput(*op, path, {}, body, &input).ok());
  EXPECT_EQ(input["DisabledReason"], " ");
  EXPECT_EQ(lenient.ParseInput(*op, path, {}, R"({"DisabledReason":5})", &input).code(),
            ErrorCode::kInvalidInput);
}

// A string over its max is reported for its length only; the pattern is not run on it.
TEST(ServiceModel, ChecksTheMaxLengthBeforeThePattern) {
  const std::string key(129, ' '), shown = std::string(128, ' ') + "...";
  EXPECT_EQ(Parse("EnableSecurityHub", json{{"Tags", {{key, "v"}}}}.dump()).message(),
            "1 validation error detected: Value '" + shown + "' at 'Tags key '" + shown +
                "'' failed to satisfy constraint: Member must have length less than or equal to 128");
  // Under the max, both the length and the pattern are still checked.
  EXPECT_EQ(Parse("EnableSecurityHub", R"({"Tags":{"":"v"}})").message(),
            "2 validation errors detected: Value '' at 'Tags key ''' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1; Value '' at 'Tags key ''' failed to "
            "satisfy constraint: Member must satisfy regular expression pattern: ^(?!aws:)[a-zA-Z+-=._:/]+$");
}

// The issue's reproduction: an unbounded NonEmptyString tens of KB long overflowed the stack of
// std::regex. It is valid and must simply be accepted.
TEST(ServiceModel, AcceptsHugeValuesTheModelDoesNotBound) {
  const std::string huge(1 << 20, 'a');
  EXPECT_TRUE(Parse("CreateMembers", json{{"AccountDetails", {{{"AccountId", "222222222222"}, {"Email", huge}}}}}.dump()).ok());
  EXPECT_TRUE(Parse("InviteMembers", json{{"AccountIds", {huge}}}.dump()).ok());
  EXPECT_TRUE(Parse("DescribeHub", "", {{"HubArn", huge}}).ok());
}

class ApiTest : public ::testing::Test {
 protected:
  HttpReply Call(const std::string& method, const std::string& path, const std::string& body = "",
                 std::multimap<std::string, std::string> query = {}) {
    HttpCall call{method, path, std::move(query), "",
                  {{"authorization",
                    "AWS4-HMAC-SHA256 Credential=111111111111/20261129/us-east-1/securityhub/aws4_request, "
                    "SignedHeaders=host, Signature=00"}},
                  body, "00000000-0000-4000-8000-000000000000"};
    return dispatcher_.Handle(call);
  }
  static std::string Header(const HttpReply& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }

  static std::string InvalidInputBody(const std::string& message) {
    return json{{"Code", "InvalidInputException"}, {"Message", message}}.dump();
  }
  // What the caller can read of the service's state.
  std::string Snapshot() {
    std::string out;
    for (const char* path : {"/accounts", "/members", "/invitations", "/invitations/count"}) {
      out += Call("GET", path, "", {{"OnlyAssociated", "false"}}).body + "\n";
    }
    return out;
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
  Dispatcher dispatcher_{api_, IdentityConfig{}};
};

TEST_F(ApiTest, RendersErrorsTheAwsWay) {
  HttpReply r = Call("GET", "/accounts");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Header(r, "x-amzn-ErrorType"), "InvalidAccessException");
  EXPECT_EQ(Header(r, "Content-Type"), "application/json");
  EXPECT_EQ(r.body, R"({"Code":"InvalidAccessException","Message":"Account 111111111111 is not subscribed to AWS Security Hub"})");

  r = Call("POST", "/actionTargets/get", "{}");
  EXPECT_EQ(r.status, 501);
  EXPECT_EQ(r.body, R"({"Code":"NotImplementedException","Message":"DescribeActionTargets (POST /actionTargets/get) is a Security Hub operation that securityhub-mock does not implement; README.md lists the ones it does under 'What it implements'."})");
  r = Call("PUT", "/members");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"Code":"UnknownOperationException","Message":"No Security Hub operation is at PUT /members. CreateMembers is POST /members."})");
}

TEST_F(ApiTest, NextTokensAreOpaqueBoundToTheOperationAndChecked) {
  ASSERT_EQ(Call("POST", "/accounts", "{}").status, 200);
  json details = json::array();
  for (int i = 0; i < 3; ++i) details.push_back({{"AccountId", std::to_string(100000000000LL + i)}});
  ASSERT_EQ(Call("POST", "/members", json{{"AccountDetails", details}}.dump()).body, R"({"UnprocessedAccounts":[]})");
  HttpReply r = Call("GET", "/members", "", {{"OnlyAssociated", "false"}, {"MaxResults", "2"}});
  json page = json::parse(r.body);
  ASSERT_EQ(page["Members"].size(), 2u);
  const std::string token = page["NextToken"];
  EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
  page = json::parse(Call("GET", "/members", "", {{"OnlyAssociated", "false"}, {"MaxResults", "2"}, {"NextToken", token}}).body);
  ASSERT_EQ(page["Members"].size(), 1u);
  EXPECT_EQ(page["Members"][0]["AccountId"], "100000000002");
  EXPECT_FALSE(page.contains("NextToken"));

  // Not base64, changed in transit, no key, a key that is no account ID.
  for (const std::string& bad : {std::string("garbage!!"), token + "x", std::string("c2htb2NrMXxMaXN0TWVtYmVyc3w"),
                                 Base64UrlEncode("shmock1|ListMembers|22222222222x")}) {
    r = Call("GET", "/members", "", {{"NextToken", bad}});
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(Header(r, "x-amzn-ErrorType"), "InvalidInputException");
  }
  r = Call("GET", "/invitations", "", {{"NextToken", token}});
  EXPECT_EQ(r.status, 400) << "a ListMembers token is not a ListInvitations token";
}

TEST(Operations, EveryImplementedOperationHasOneRowAndAMismatchStopsTheStart) {
  ServiceModel model;
  EXPECT_TRUE(CheckOperations(model, Operations()).ok());

  std::vector<OperationRow> missing;
  for (const OperationRow& row : Operations()) {
    if (std::string(row.name) != "GetMembers") missing.push_back(row);
  }
  Status s = CheckOperations(model, missing);
  EXPECT_EQ(s.code(), ErrorCode::kInternal);
  EXPECT_NE(s.message().find("GetMembers has no handler"), std::string::npos) << s.message();

  std::vector<OperationRow> extra = Operations();
  // Routed, but not implemented by the model table.
  extra.push_back({"DescribeActionTargets", FindOperation("GetMembers")->handler, Access::kRead});
  s = CheckOperations(model, extra);
  EXPECT_NE(s.message().find("the handler DescribeActionTargets has no implemented operation"), std::string::npos)
      << s.message();
}

// Values long enough to overflow the stack of a recursive regex engine, and blank ones that
// cost it quadratic time (issue 6 item 1), in every field a pattern or length guards.
TEST_F(ApiTest, HugeInvalidValuesAreRefusedAndChangeNothing) {
  ASSERT_EQ(Call("POST", "/accounts", "{}").status, 200);
  ASSERT_EQ(Call("POST", "/members", R"({"AccountDetails":[{"AccountId":"222222222222"}]})").body,
            R"({"UnprocessedAccounts":[]})");
  const std::string before = Snapshot();
  ASSERT_NE(before.find(R"("AccountId":"222222222222")"), std::string::npos) << before;
  const std::string fails_pattern =
      "' failed to satisfy constraint: Member must satisfy regular expression pattern: .*\\S.*";
  for (size_t size : {size_t{200} << 10, size_t{1} << 20}) {
    std::string blank;
    while (blank.size() < size) blank += " \t\r\n\v\f";
    const std::string shown = "'" + blank.substr(0, 128) + "...'";
    const std::string key(size, 'k'), key_shown = "'" + key.substr(0, 128) + "...'";
    struct Case { const char* path; json body; std::string message; };
    const Case cases[] = {
        {"/members", {{"AccountDetails", {{{"AccountId", "333333333333"}, {"Email", blank}}}}},
         "Value " + shown + " at 'AccountDetails[0].Email" + fails_pattern},
        {"/members/invite", {{"AccountIds", {"222222222222", blank}}}, "Value " + shown + " at 'AccountIds[1]" + fails_pattern},
        {"/members/delete", {{"AccountIds", {"222222222222", blank}}}, "Value " + shown + " at 'AccountIds[1]" + fails_pattern},
        {"/administrator", {{"AdministratorId", "333333333333"}, {"InvitationId", blank}},
         "Value " + shown + " at 'InvitationId" + fails_pattern},
        {"/accounts", {{"Tags", {{key, "v"}}}},
         "Value " + key_shown + " at 'Tags key " + key_shown +
             "' failed to satisfy constraint: Member must have length less than or equal to 128"},
    };
    for (const Case& c : cases) {
      SCOPED_TRACE(std::string(c.path) + " " + std::to_string(size));
      HttpReply r = Call("POST", c.path, c.body.dump());
      EXPECT_EQ(r.status, 400);
      EXPECT_EQ(Header(r, "x-amzn-ErrorType"), "InvalidInputException");
      EXPECT_EQ(r.body, InvalidInputBody("1 validation error detected: " + c.message));
    }
  }
  EXPECT_EQ(Snapshot(), before);
}

// The JSON reader stops at a NUL byte, so `{...}\0junk` used to be read as `{...}` and acted
// on (issue 6 item 6). Nothing but whitespace may follow the body's JSON value.
TEST_F(ApiTest, BytesAfterTheJsonValueAreRefusedAndChangeNothing) {
  ASSERT_EQ(Call("POST", "/accounts", "{}").status, 200);
  const std::string before = Snapshot();
  const std::string create = R"({"AccountDetails":[{"AccountId":"222222222222"}]})";  // 49 bytes
  struct Case { std::string body; std::string starting; };
  const Case cases[] = {
      {create + std::string("\0junk", 5), "49 (0x00)"},
      {create + std::string(1, '\0'), "49 (0x00)"},
      {create + " \r\n\t" + std::string("\0", 1), "53 (0x00)"},
      {create + " x", "50 (0x78)"},
      {create + "}", "49 (0x7D)"},
      {create + create, "49 (0x7B)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::PrintToString(c.body));
    HttpReply r = Call("POST", "/members", c.body);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(Header(r, "x-amzn-ErrorType"), "InvalidInputException");
    EXPECT_EQ(r.body, InvalidInputBody("The request body has data after its JSON value, starting at byte " +
                                       c.starting + "; nothing but whitespace may follow the value."));
  }
  // A NUL before the value closes, or inside a string, is no JSON at all.
  for (const std::string& body : {R"({"AccountDetails":[{"AccountId":"222222222222"}])" + std::string("\0}", 2),
                                  R"({"AccountDetails":[{"AccountId":"222222222222)" + std::string("\0", 1) + R"("}]})"}) {
    EXPECT_EQ(Call("POST", "/members", body).body, InvalidInputBody("The request body is not valid JSON."));
  }
  EXPECT_EQ(Snapshot(), before);
  // Trailing whitespace is fine.
  EXPECT_EQ(Call("POST", "/members", create + " \r\n\t").body, R"({"UnprocessedAccounts":[]})");
}

// The insight operations on the wire (behavior.md §14): whole bodies, the ARN in the path of the
// three greedy routes, and the errors as AWS shapes them.
TEST_F(ApiTest, InsightOperationsAnswerWholeBodies) {
  ASSERT_EQ(Call("POST", "/accounts", "{}").status, 200);
  const std::string filters = R"({"RecordState":[{"Comparison":"EQUALS","Value":"ACTIVE"}]})";
  HttpReply r = Call("POST", "/insights",
                     R"({"Name":"By severity","Filters":)" + filters + R"(,"GroupByAttribute":"SeverityLabel"})");
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string arn = json::parse(r.body)["InsightArn"];
  const std::string prefix = "arn:aws:securityhub:us-east-1:111111111111:insight/111111111111/custom/";
  ASSERT_EQ(arn.rfind(prefix, 0), 0u) << arn;
  EXPECT_EQ(r.body, R"({"InsightArn":")" + arn + R"("})");

  const std::string listed = R"({"Insights":[{"InsightArn":")" + arn +
                             R"(","Name":"By severity","Filters":)" + filters +
                             R"(,"GroupByAttribute":"SeverityLabel"}]})";
  EXPECT_EQ(Call("POST", "/insights/get", "{}").body, listed);
  EXPECT_EQ(Call("POST", "/insights/get", R"({"InsightArns":[")" + arn + R"("]})").body, listed);

  EXPECT_EQ(Call("GET", "/insights/results/" + arn).body,
            R"({"InsightResults":{"InsightArn":")" + arn +
                R"(","GroupByAttribute":"SeverityLabel","ResultValues":[]}})");
  r = Call("PATCH", "/insights/" + arn, R"({"Name":"Renamed","GroupByAttribute":"ResourceId"})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "{}");
  EXPECT_EQ(Call("POST", "/insights/get", "{}").body,
            R"({"Insights":[{"InsightArn":")" + arn + R"(","Name":"Renamed","Filters":)" + filters +
                R"(,"GroupByAttribute":"ResourceId"}]})");

  const std::string managed = "arn:aws:securityhub:::insight/securityhub/default/29";
  EXPECT_EQ(Call("GET", "/insights/results/" + managed).body,
            R"({"InsightResults":{"InsightArn":")" + managed +
                R"(","GroupByAttribute":"SeverityLabel","ResultValues":[]}})");
  r = Call("DELETE", "/insights/" + managed);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, InvalidInputBody("Insight " + managed + " is a managed insight; managed insights "
                                     "cannot be updated or deleted. Create a custom insight with its "
                                     "filters instead"));
  r = Call("DELETE", "/insights/" + arn);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"InsightArn":")" + arn + R"("})");
  r = Call("GET", "/insights/results/" + arn);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Header(r, "x-amzn-ErrorType"), "ResourceNotFoundException");
  EXPECT_EQ(r.body, R"({"Code":"ResourceNotFoundException","Message":"Insight )" + arn + R"( not found"})");
  EXPECT_EQ(Call("POST", "/insights/get", "{}").body, R"({"Insights":[]})");

  r = Call("POST", "/insights", R"({"Name":"x","Filters":{},"GroupByAttribute":"CreatedAt"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Header(r, "x-amzn-ErrorType"), "InvalidInputException");
  r = Call("POST", "/insights", R"({"Name":"x","GroupByAttribute":"ResourceId"})");
  EXPECT_EQ(r.status, 400) << "Filters is required by the model";
  r = Call("POST", "/insights/get", R"({"NextToken":"garbage"})");
  EXPECT_EQ(r.status, 400);
}

// A page of GetInsights carries a NextToken that only GetInsights takes back.
TEST_F(ApiTest, GetInsightsPagesWithItsOwnToken) {
  ASSERT_EQ(Call("POST", "/accounts", "{}").status, 200);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(Call("POST", "/insights", R"({"Name":"i","Filters":{},"GroupByAttribute":"ResourceId"})").status, 200);
    clock_.Advance(1);
  }
  json page = json::parse(Call("POST", "/insights/get", R"({"MaxResults":2})").body);
  ASSERT_EQ(page["Insights"].size(), 2u);
  ASSERT_TRUE(page.contains("NextToken"));
  json next = json::parse(Call("POST", "/insights/get", json{{"NextToken", page["NextToken"]}}.dump()).body);
  ASSERT_EQ(next["Insights"].size(), 1u);
  EXPECT_FALSE(next.contains("NextToken"));
  HttpReply r = Call("POST", "/findings", json{{"NextToken", page["NextToken"]}}.dump());
  EXPECT_EQ(r.status, 400) << "another operation's token";
}

}  // namespace
}  // namespace shmock
