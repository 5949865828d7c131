// The finding aggregator on the wire (behavior.md §17): whole bodies of the five operations, the
// ARN in a greedy path label as the SDKs encode it, the refusals with AWS's status and code, and
// the aggregator through GET /_mock/state and back in as a fixture.
#include <gtest/gtest.h>

#include <regex>

#include "http_test_support.h"

namespace shmock {
namespace {

const char kA[] = "111111111111";

// The SDKs percent-encode a greedy label's ':' and keep its '/'.
std::string Greedy(const std::string& arn) { return std::regex_replace(arn, std::regex(":"), "%3A"); }

class AggregatorHttpTest : public HttpTest {
 protected:
  // The body with the aggregator's UUID replaced by <id>, after checking its form.
  static std::string RedactId(const std::string& body) {
    return std::regex_replace(
        body,
        std::regex("finding-aggregator/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"),
        "finding-aggregator/<id>");
  }
  void ExpectBody(const httplib::Result& r, int status, const std::string& body) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(RedactId(r->body), body);
  }
};

TEST_F(AggregatorHttpTest, FromCreateToDelete) {
  ExpectError("POST", "/findingAggregator/create", kA, R"({"RegionLinkingMode":"ALL_REGIONS"})", 401,
              "InvalidAccessException", "Account 111111111111 is not subscribed to AWS Security Hub");
  ExpectOk("POST", "/accounts", kA, "{}", "{}");
  ASSERT_EQ(Send("POST", "/accounts", kA, "{}", "eu-west-1")->status, 200);
  ExpectOk("GET", "/findingAggregator/list", kA, "", R"({"FindingAggregators":[]})");

  auto r = Send("POST", "/findingAggregator/create", kA,
                R"({"RegionLinkingMode":"SPECIFIED_REGIONS","Regions":["eu-west-1","us-west-2"]})");
  const std::string created =
      R"({"FindingAggregatorArn":"arn:aws:securityhub:us-east-1:111111111111:finding-aggregator/<id>",)"
      R"("FindingAggregationRegion":"us-east-1","RegionLinkingMode":"SPECIFIED_REGIONS",)"
      R"("Regions":["eu-west-1","us-west-2"]})";
  ExpectBody(r, 200, created);
  const std::string arn = json::parse(r->body)["FindingAggregatorArn"];

  ExpectBody(Send("GET", "/findingAggregator/get/" + Greedy(arn), kA), 200, created);
  ExpectBody(Send("GET", "/findingAggregator/get/" + Greedy(arn), kA, "", "eu-west-1"), 200, created);
  ExpectOk("GET", "/findingAggregator/list", kA, "",
           R"({"FindingAggregators":[{"FindingAggregatorArn":")" + arn + R"("}]})");

  ExpectBody(Send("PATCH", "/findingAggregator/update", kA,
                  json{{"FindingAggregatorArn", arn}, {"RegionLinkingMode", "NO_REGIONS"}}.dump()),
             200,
             R"({"FindingAggregatorArn":"arn:aws:securityhub:us-east-1:111111111111:finding-aggregator/<id>",)"
             R"("FindingAggregationRegion":"us-east-1","RegionLinkingMode":"NO_REGIONS"})");

  ExpectError("DELETE", "/findingAggregator/delete/" + Greedy(arn), kA, "", 400, "InvalidInputException",
              "Finding aggregator " + arn + " can be deleted only from its home Region us-east-1.",
              "eu-west-1");
  ExpectOk("DELETE", "/findingAggregator/delete/" + Greedy(arn), kA, "", "{}");
  ExpectOk("GET", "/findingAggregator/list", kA, "", R"({"FindingAggregators":[]})");
  ExpectError("GET", "/findingAggregator/get/" + Greedy(arn), kA, "", 404, "ResourceNotFoundException",
              "Finding aggregator " + arn + " not found.");
  ExpectError("DELETE", "/findingAggregator/delete/" + Greedy(arn), kA, "", 404,
              "ResourceNotFoundException", "Finding aggregator " + arn + " not found.");
}

TEST_F(AggregatorHttpTest, RefusalsChangeNothing) {
  ExpectOk("POST", "/accounts", kA, "{}", "{}");
  ExpectError("POST", "/findingAggregator/create", kA,
              R"({"RegionLinkingMode":"SPECIFIED_REGIONS","Regions":["eu-west-1","xx-nowhere-1"]})", 400,
              "InvalidInputException",
              "Invalid Regions: xx-nowhere-1. Each must be an AWS Region where Security Hub is "
              "available, such as eu-west-1.");
  ExpectError("POST", "/findingAggregator/create", kA,
              R"({"RegionLinkingMode":"NO_REGIONS","Regions":["eu-west-1"]})", 400,
              "InvalidInputException", "Regions must be empty when RegionLinkingMode is NO_REGIONS.");
  ExpectOk("GET", "/findingAggregator/list", kA, "", R"({"FindingAggregators":[]})");

  const std::string arn =
      Json("POST", "/findingAggregator/create", kA, R"({"RegionLinkingMode":"ALL_REGIONS"})")
          ["FindingAggregatorArn"];
  ExpectError("POST", "/findingAggregator/create", kA, R"({"RegionLinkingMode":"ALL_REGIONS"})", 400,
              "InvalidInputException",
              "Account 111111111111 already has a finding aggregator, " + arn +
                  ", with home Region us-east-1. An account has one finding aggregator: update it, "
                  "or delete it to create another.");
  ExpectError("PATCH", "/findingAggregator/update", kA,
              json{{"FindingAggregatorArn", arn}, {"RegionLinkingMode", "SPECIFIED_REGIONS"}}.dump(), 400,
              "InvalidInputException",
              "Regions must list at least one Region when RegionLinkingMode is SPECIFIED_REGIONS.");
  ExpectError("GET", "/findingAggregator/list?NextToken=abc", kA, "", 400, "InvalidInputException",
              "The NextToken 'abc' is not valid for ListFindingAggregators. Pass the NextToken value "
              "returned by the previous ListFindingAggregators call, unchanged.");
  ExpectOk("GET", "/findingAggregator/list", kA, "",
           R"({"FindingAggregators":[{"FindingAggregatorArn":")" + arn + R"("}]})");
  ExpectBody(Send("GET", "/findingAggregator/get/" + Greedy(arn), kA), 200,
             R"({"FindingAggregatorArn":"arn:aws:securityhub:us-east-1:111111111111:finding-aggregator/<id>",)"
             R"("FindingAggregationRegion":"us-east-1","RegionLinkingMode":"ALL_REGIONS"})");
}

TEST_F(AggregatorHttpTest, TheStateCarriesTheAggregatorAndLoadsItBack) {
  ExpectOk("POST", "/accounts", kA, "{}", "{}");
  const std::string arn =
      Json("POST", "/findingAggregator/create", kA,
           R"({"RegionLinkingMode":"ALL_REGIONS_EXCEPT_SPECIFIED","Regions":["ap-south-1"]})")
          ["FindingAggregatorArn"];
  auto state = client_.Get("/_mock/state");
  ASSERT_TRUE(state);
  ASSERT_EQ(state->status, 200) << state->body;
  const json document = json::parse(state->body);
  ASSERT_TRUE(document.contains("aggregators")) << state->body;
  EXPECT_EQ(document["aggregators"].size(), 1u);
  EXPECT_EQ(document["aggregators"][0]["accountId"], kA);
  EXPECT_EQ(document["aggregators"][0]["homeRegion"], "us-east-1");
  EXPECT_EQ(document["aggregators"][0]["regionLinkingMode"], "ALL_REGIONS_EXCEPT_SPECIFIED");
  EXPECT_EQ(document["aggregators"][0]["regions"], json::array({"ap-south-1"}));

  ASSERT_EQ(client_.Post("/_mock/reset", "", "application/json")->status, 200);
  ExpectError("GET", "/findingAggregator/list", kA, "", 401, "InvalidAccessException",
              "Account 111111111111 is not subscribed to AWS Security Hub");
  auto loaded = client_.Post("/_mock/fixtures", state->body, "application/json");
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->status, 200) << loaded->body;
  EXPECT_EQ(client_.Get("/_mock/state")->body, state->body);
  ExpectOk("GET", "/findingAggregator/list", kA, "",
           R"({"FindingAggregators":[{"FindingAggregatorArn":")" + arn + R"("}]})");

  // A fixture aggregator is checked as CreateFindingAggregator checks one.
  auto refused = client_.Post(
      "/_mock/fixtures",
      R"({"aggregators":[{"accountId":"222222222222","regionLinkingMode":"SPECIFIED_REGIONS","regions":["us-east-1"]}]})",
      "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(refused->body,
            R"({"Code":"InvalidInputException","Message":"/aggregators/0: The home Region us-east-1 cannot be listed in Regions: it is always part of the aggregation."})");
}

}  // namespace
}  // namespace shmock
