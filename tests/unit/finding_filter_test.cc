// The finding filter language, comparison by comparison: each table row is a filter, a finding
// and whether the finding matches. The rules are docs/behavior.md's (finding filters).
#include "shmock/finding_filter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace shmock {
namespace {

using nlohmann::json;

// 2024-06-15T12:00:00Z, the "now" DateRange is measured from.
constexpr Millis kNow = 1718452800000;

struct Case {
  const char* filters;  // AwsSecurityFindingFilters, JSON
  const char* finding;  // the parts of a finding that matter, JSON
  bool matches;
};

void ExpectCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    FindingFilter filter;
    const Status parsed = FindingFilter::Parse(json::parse(c.filters), kNow, &filter);
    ASSERT_TRUE(parsed.ok()) << c.filters << ": " << parsed.message();
    EXPECT_EQ(filter.Matches(json::parse(c.finding)), c.matches)
        << "filters " << c.filters << "\nfinding " << c.finding;
  }
}

TEST(FindingFilterString, EachComparisonAloneIsCaseSensitive) {
  const char* title = R"({"Title": "CloudFront logging disabled"})";
  ExpectCases({
      {R"({"Title": [{"Comparison": "EQUALS", "Value": "CloudFront logging disabled"}]})", title, true},
      {R"({"Title": [{"Comparison": "EQUALS", "Value": "cloudfront logging disabled"}]})", title, false},
      {R"({"Title": [{"Comparison": "EQUALS", "Value": "CloudFront"}]})", title, false},
      {R"({"Title": [{"Comparison": "PREFIX", "Value": "CloudFront"}]})", title, true},
      {R"({"Title": [{"Comparison": "PREFIX", "Value": "cloudFront"}]})", title, false},
      {R"({"Title": [{"Comparison": "PREFIX", "Value": "logging"}]})", title, false},
      {R"({"Title": [{"Comparison": "CONTAINS", "Value": "logging"}]})", title, true},
      {R"({"Title": [{"Comparison": "CONTAINS", "Value": "Logging"}]})", title, false},
      {R"({"Title": [{"Comparison": "NOT_EQUALS", "Value": "CloudFront logging disabled"}]})", title, false},
      {R"({"Title": [{"Comparison": "NOT_EQUALS", "Value": "CloudFront"}]})", title, true},
      {R"({"Title": [{"Comparison": "PREFIX_NOT_EQUALS", "Value": "Cloud"}]})", title, false},
      {R"({"Title": [{"Comparison": "PREFIX_NOT_EQUALS", "Value": "cloud"}]})", title, true},
      {R"({"Title": [{"Comparison": "NOT_CONTAINS", "Value": "logging"}]})", title, false},
      {R"({"Title": [{"Comparison": "NOT_CONTAINS", "Value": "Logging"}]})", title, true},
  });
}

TEST(FindingFilterString, PositivesAreOredAndNegativesAnded) {
  const char* title = R"({"Title": "CloudWatch alarm missing"})";
  ExpectCases({
      {R"({"Title": [{"Comparison": "EQUALS", "Value": "x"},
                     {"Comparison": "EQUALS", "Value": "CloudWatch alarm missing"}]})", title, true},
      {R"({"Title": [{"Comparison": "EQUALS", "Value": "x"}, {"Comparison": "EQUALS", "Value": "y"}]})",
       title, false},
      {R"({"Title": [{"Comparison": "CONTAINS", "Value": "CloudFront"},
                     {"Comparison": "CONTAINS", "Value": "CloudWatch"}]})", title, true},
      {R"({"Title": [{"Comparison": "EQUALS", "Value": "x"},
                     {"Comparison": "PREFIX", "Value": "CloudWatch"}]})", title, true},
      {R"({"Title": [{"Comparison": "NOT_CONTAINS", "Value": "CloudFront"},
                     {"Comparison": "NOT_CONTAINS", "Value": "CloudWatch"}]})", title, false},
      {R"({"Title": [{"Comparison": "NOT_CONTAINS", "Value": "CloudFront"},
                     {"Comparison": "NOT_CONTAINS", "Value": "S3"}]})", title, true},
      {R"({"Title": [{"Comparison": "NOT_EQUALS", "Value": "x"},
                     {"Comparison": "PREFIX_NOT_EQUALS", "Value": "CloudWatch"}]})", title, false},
      {R"({"Title": [{"Comparison": "NOT_EQUALS", "Value": "x"},
                     {"Comparison": "PREFIX_NOT_EQUALS", "Value": "S3"}]})", title, true},
  });
}

TEST(FindingFilterString, PrefixesFirstThenTheExclusions) {
  // The model documentation's example: IAM and EC2 resources, minus two resource types.
  const char* filters = R"({"ResourceType": [
      {"Comparison": "PREFIX", "Value": "AwsIam"}, {"Comparison": "PREFIX", "Value": "AwsEc2"},
      {"Comparison": "NOT_EQUALS", "Value": "AwsIamPolicy"},
      {"Comparison": "NOT_EQUALS", "Value": "AwsEc2NetworkInterface"}]})";
  ExpectCases({
      {filters, R"({"Resources": [{"Type": "AwsIamRole"}]})", true},
      {filters, R"({"Resources": [{"Type": "AwsEc2Instance"}]})", true},
      {filters, R"({"Resources": [{"Type": "AwsIamPolicy"}]})", false},
      {filters, R"({"Resources": [{"Type": "AwsEc2NetworkInterface"}]})", false},
      {filters, R"({"Resources": [{"Type": "AwsS3Bucket"}]})", false},
      {R"({"ResourceType": [{"Comparison": "PREFIX", "Value": "AwsEc2"},
                            {"Comparison": "PREFIX_NOT_EQUALS", "Value": "AwsEc2Net"}]})",
       R"({"Resources": [{"Type": "AwsEc2NetworkAcl"}]})", false},
  });
}

TEST(FindingFilterString, ListPathsAndAbsentValues) {
  const char* two = R"({"Resources": [{"Type": "AwsIamRole"}, {"Type": "AwsEc2Instance"}]})";
  ExpectCases({
      // A positive comparison needs one element; a negative one needs every element.
      {R"({"ResourceType": [{"Comparison": "EQUALS", "Value": "AwsEc2Instance"}]})", two, true},
      {R"({"ResourceType": [{"Comparison": "NOT_EQUALS", "Value": "AwsIamRole"}]})", two, false},
      {R"({"ResourceType": [{"Comparison": "NOT_EQUALS", "Value": "AwsS3Bucket"}]})", two, true},
      {R"({"ResourceType": [{"Comparison": "PREFIX", "Value": "AwsEc2"},
                            {"Comparison": "NOT_EQUALS", "Value": "AwsIamRole"}]})", two, false},
      {R"({"Type": [{"Comparison": "PREFIX", "Value": "TTPs/"}]})",
       R"({"Types": ["Effects/Data Exposure", "TTPs/Discovery"]})", true},
      // Absent, null, empty list, or not a string: positives fail, negatives pass.
      {R"({"Title": [{"Comparison": "EQUALS", "Value": "x"}]})", "{}", false},
      {R"({"Title": [{"Comparison": "NOT_EQUALS", "Value": "x"}]})", "{}", true},
      {R"({"Title": [{"Comparison": "PREFIX_NOT_EQUALS", "Value": "x"}]})", "{}", true},
      {R"({"Title": [{"Comparison": "NOT_CONTAINS", "Value": "x"}]})", R"({"Title": null})", true},
      {R"({"Title": [{"Comparison": "PREFIX", "Value": "x"}]})", R"({"Title": null})", false},
      {R"({"ResourceType": [{"Comparison": "EQUALS", "Value": "x"}]})", R"({"Resources": []})", false},
      {R"({"ResourceType": [{"Comparison": "NOT_EQUALS", "Value": "x"}]})", R"({"Resources": []})", true},
      {R"({"Title": [{"Comparison": "EQUALS", "Value": "5"}]})", R"({"Title": 5})", false},
      {R"({"SeverityLabel": [{"Comparison": "EQUALS", "Value": "HIGH"}]})",
       R"({"Severity": "HIGH"})", false},
  });
}

TEST(FindingFilterString, AttributesAreAnded) {
  const char* filters = R"({"SeverityLabel": [{"Comparison": "EQUALS", "Value": "HIGH"}],
                            "WorkflowStatus": [{"Comparison": "EQUALS", "Value": "NEW"},
                                               {"Comparison": "EQUALS", "Value": "NOTIFIED"}]})";
  ExpectCases({
      {filters, R"({"Severity": {"Label": "HIGH"}, "Workflow": {"Status": "NOTIFIED"}})", true},
      {filters, R"({"Severity": {"Label": "HIGH"}, "Workflow": {"Status": "RESOLVED"}})", false},
      {filters, R"({"Severity": {"Label": "LOW"}, "Workflow": {"Status": "NEW"}})", false},
  });
}

TEST(FindingFilterMap, KeysAndValuesOfEveryMapAttribute) {
  const char* tags = R"({"Resources": [{"Tags": {"Env": "prod", "Team": "security"}},
                                       {"Tags": {"Env": "dev"}}]})";
  auto tag = [](const char* key, const char* comparison, const char* value) {
    return std::string(R"({"ResourceTags": [{"Key": ")") + key + R"(", "Comparison": ")" +
           comparison + R"(", "Value": ")" + value + R"("}]})";
  };
  const std::vector<std::string> filters = {
      tag("Env", "EQUALS", "dev"), tag("Env", "EQUALS", "staging"), tag("Env", "CONTAINS", "ro"),
      tag("Env", "NOT_EQUALS", "prod"), tag("Env", "NOT_EQUALS", "staging"),
      tag("Owner", "NOT_EQUALS", "x"), tag("Owner", "EQUALS", "x"),
      tag("Team", "NOT_CONTAINS", "secur"), tag("Team", "NOT_CONTAINS", "xyz"),
      tag("env", "EQUALS", "prod"), tag("Env", "EQUALS", "Prod")};
  const bool expected[] = {true, false, true, false, true, true, false, false, true, false, false};
  std::vector<Case> cases;
  for (size_t i = 0; i < filters.size(); ++i) cases.push_back({filters[i].c_str(), tags, expected[i]});
  ExpectCases(cases);
  ExpectCases({
      {R"({"ResourceTags": [{"Key": "Env", "Comparison": "EQUALS", "Value": "staging"},
                            {"Key": "Team", "Comparison": "EQUALS", "Value": "security"}]})", tags, true},
      {R"({"ResourceTags": [{"Key": "Env", "Comparison": "NOT_EQUALS", "Value": "staging"},
                            {"Key": "Team", "Comparison": "NOT_EQUALS", "Value": "security"}]})", tags, false},
      {R"({"ProductFields": [{"Key": "aws/guardduty/service/action", "Comparison": "EQUALS",
                              "Value": "PORT_PROBE"}]})",
       R"({"ProductFields": {"aws/guardduty/service/action": "PORT_PROBE"}})", true},
      {R"({"UserDefinedFields": [{"Key": "ticket", "Comparison": "CONTAINS", "Value": "SEC-"}]})",
       R"({"UserDefinedFields": {"ticket": "SEC-42"}})", true},
      {R"({"UserDefinedFields": [{"Key": "ticket", "Comparison": "CONTAINS", "Value": "SEC-"}]})",
       R"({"UserDefinedFields": {"other": "SEC-42"}})", false},
      {R"({"ResourceDetailsOther": [{"Key": "size", "Comparison": "EQUALS", "Value": "L"}]})",
       R"({"Resources": [{"Details": {"Other": {"size": "M"}}}, {"Details": {"Other": {"size": "L"}}}]})", true},
      {R"({"ResourceDetailsOther": [{"Key": "size", "Comparison": "NOT_EQUALS", "Value": "L"}]})", "{}", true},
  });
}

TEST(FindingFilterNumber, BoundsOfOneFilterAreAndedFiltersOred) {
  const char* fifty = R"({"Confidence": 50})";
  ExpectCases({
      {R"({"Confidence": [{"Gte": 50}]})", fifty, true},
      {R"({"Confidence": [{"Gt": 50}]})", fifty, false},
      {R"({"Confidence": [{"Lte": 50}]})", fifty, true},
      {R"({"Confidence": [{"Lt": 50}]})", fifty, false},
      {R"({"Confidence": [{"Eq": 50}]})", fifty, true},
      {R"({"Confidence": [{"Eq": 49.5}]})", fifty, false},
      {R"({"Confidence": [{"Gt": 40, "Lt": 60}]})", fifty, true},
      {R"({"Confidence": [{"Gte": 10, "Lte": 40}]})", fifty, false},
      {R"({"Confidence": [{"Eq": 50, "Gt": 50}]})", fifty, false},
      {R"({"Confidence": [{"Gte": 60, "Lte": 40}]})", fifty, false},
      {R"({"Confidence": [{"Lte": 10}, {"Gte": 40}]})", fifty, true},
      {R"({"Confidence": [{"Lte": 10}, {"Gte": 60}]})", fifty, false},
      {R"({"Confidence": [{"Gte": 0}]})", "{}", false},
      {R"({"SeverityProduct": [{"Gt": 4.4}]})", R"({"Severity": {"Product": 4.5}})", true},
      {R"({"SeverityNormalized": [{"Gte": 70}]})", R"({"Severity": {"Normalized": 69}})", false},
      {R"({"NetworkSourcePort": [{"Eq": 22}]})", R"({"Network": {"SourcePort": "22"}})", false},
  });
}

TEST(FindingFilterDate, StartEndInclusiveAndDateRangeFromNow) {
  const char* tenth = R"({"UpdatedAt": "2024-06-10T00:00:00Z"})";
  auto between = [](const char* start, const char* end) {
    std::string s = R"({"UpdatedAt": [{)";
    if (*start) s += std::string(R"("Start": ")") + start + "\"" + (*end ? ", " : "");
    if (*end) s += std::string(R"("End": ")") + end + "\"";
    return s + "}]}";
  };
  const std::vector<std::string> windows = {
      between("2024-06-10T00:00:00Z", ""), between("", "2024-06-10T00:00:00Z"),
      between("2024-06-10T00:00:00.001Z", ""), between("", "2024-06-09T23:59:59.999Z"),
      between("2024-06-10T02:00:00+02:00", "2024-06-09T20:00:00-04:00"),
      between("2024-06-01T00:00:00Z", "2024-06-30T00:00:00Z"),
      between("2024-06-30T00:00:00Z", "2024-06-01T00:00:00Z")};
  const bool expected[] = {true, true, false, false, true, true, false};
  std::vector<Case> cases;
  for (size_t i = 0; i < windows.size(); ++i) cases.push_back({windows[i].c_str(), tenth, expected[i]});
  ExpectCases(cases);
  // now is 2024-06-15T12:00Z: five days back is 2024-06-10T12:00Z.
  ExpectCases({
      {R"({"UpdatedAt": [{"DateRange": {"Value": 5, "Unit": "DAYS"}}]})", tenth, false},
      {R"({"UpdatedAt": [{"DateRange": {"Value": 6, "Unit": "DAYS", "Comparison": "WITHIN"}}]})", tenth, true},
      {R"({"UpdatedAt": [{"DateRange": {"Value": 5, "Unit": "DAYS", "Comparison": "OLDER_THAN"}}]})", tenth, true},
      {R"({"UpdatedAt": [{"DateRange": {"Value": 6, "Unit": "DAYS", "Comparison": "OLDER_THAN"}}]})", tenth, false},
      // Exactly five days back: within (inclusive), not older.
      {R"({"UpdatedAt": [{"DateRange": {"Value": 5, "Unit": "DAYS"}}]})",
       R"({"UpdatedAt": "2024-06-10T12:00:00Z"})", true},
      {R"({"UpdatedAt": [{"DateRange": {"Value": 5, "Unit": "DAYS", "Comparison": "OLDER_THAN"}}]})",
       R"({"UpdatedAt": "2024-06-10T12:00:00Z"})", false},
      {R"({"UpdatedAt": [{"DateRange": {"Value": 5, "Unit": "DAYS", "Comparison": "OLDER_THAN"}}]})",
       R"({"UpdatedAt": "2024-06-10T11:59:59.999Z"})", true},
      {R"({"UpdatedAt": [{"DateRange": {"Value": 30, "Unit": "DAYS"}}]})",
       R"({"UpdatedAt": "2024-06-16T00:00:00Z"})", false},
      {R"({"UpdatedAt": [{"DateRange": {"Value": 0, "Unit": "DAYS"}}]})",
       R"({"UpdatedAt": "2024-06-15T12:00:00Z"})", true},
      {R"({"UpdatedAt": [{"DateRange": {"Value": 5, "Unit": "DAYS"}}]})",
       R"({"UpdatedAt": "2024-06-10T17:30:00+05:30"})", true},
      {R"({"UpdatedAt": [{"End": "2024-01-01T00:00:00Z"}, {"Start": "2024-06-01T00:00:00Z"}]})", tenth, true},
      {R"({"UpdatedAt": [{"End": "2024-01-01T00:00:00Z"}, {"Start": "2024-06-11T00:00:00Z"}]})", tenth, false},
      {R"({"UpdatedAt": [{"Start": "2000-01-01T00:00:00Z"}]})", R"({"UpdatedAt": "June 10"})", false},
      {R"({"UpdatedAt": [{"Start": "2000-01-01T00:00:00Z"}]})", "{}", false},
      {R"({"ThreatIntelIndicatorLastObservedAt": [{"Start": "2024-01-01T00:00:00Z"}]})",
       R"({"ThreatIntelIndicators": [{"LastObservedAt": "2019-01-01T00:00:00Z"},
                                     {"LastObservedAt": "2024-02-01T00:00:00Z"}]})", true},
  });
}

TEST(FindingFilterBoolean, SampleAbsentIsFalse) {
  const char* yes = R"({"Sample": [{"Value": true}]})";
  const char* no = R"({"Sample": [{"Value": false}]})";
  const char* either = R"({"Sample": [{"Value": false}, {"Value": true}]})";
  ExpectCases({
      {yes, R"({"Sample": true})", true}, {yes, R"({"Sample": false})", false}, {yes, "{}", false},
      {no, R"({"Sample": true})", false}, {no, R"({"Sample": false})", true}, {no, "{}", true},
      {either, R"({"Sample": true})", true}, {either, "{}", true},
  });
}

TEST(FindingFilterIp, CidrBlocksOfBothFamilies) {
  auto cidr = [](const char* attribute, const char* block) {
    return std::string(R"({")") + attribute + R"(": [{"Cidr": ")" + block + R"("}]})";
  };
  const char* v4 = R"({"Network": {"SourceIpV4": "10.1.2.3", "SourceIpV6": "2001:db8::1"}})";
  const std::vector<std::pair<std::string, bool>> rows = {
      {cidr("NetworkSourceIpV4", "10.0.0.0/8"), true}, {cidr("NetworkSourceIpV4", "10.1.2.0/24"), true},
      {cidr("NetworkSourceIpV4", "10.1.2.3"), true}, {cidr("NetworkSourceIpV4", "10.1.2.4"), false},
      {cidr("NetworkSourceIpV4", "11.0.0.0/8"), false}, {cidr("NetworkSourceIpV4", "0.0.0.0/0"), true},
      {cidr("NetworkSourceIpV4", "10.1.2.3/32"), true}, {cidr("NetworkSourceIpV4", "10.1.2.2/31"), true},
      {cidr("NetworkSourceIpV4", "10.1.2.4/31"), false}, {cidr("NetworkSourceIpV4", "10.9.9.9/8"), true},
      {cidr("NetworkSourceIpV4", "10.1.2.0/30"), true}, {cidr("NetworkSourceIpV4", "10.1.2.0/31"), false},
      {cidr("NetworkSourceIpV4", "2001:db8::/32"), false},
      {cidr("NetworkSourceIpV6", "2001:db8::/32"), true}, {cidr("NetworkSourceIpV6", "2001:db9::/32"), false},
      {cidr("NetworkSourceIpV6", "2001:db8::1"), true}, {cidr("NetworkSourceIpV6", "2001:0db8:0:0::1/128"), true},
      {cidr("NetworkSourceIpV6", "2001:db8::2"), false}, {cidr("NetworkSourceIpV6", "::/0"), true},
      {cidr("NetworkSourceIpV6", "2001:db8::/127"), true}, {cidr("NetworkSourceIpV6", "2001:db8::2/127"), false},
      {cidr("NetworkSourceIpV6", "10.0.0.0/8"), false}, {cidr("NetworkDestinationIpV4", "0.0.0.0/0"), false},
  };
  std::vector<Case> cases;
  for (const auto& [filter, matches] : rows) cases.push_back({filter.c_str(), v4, matches});
  ExpectCases(cases);
  ExpectCases({
      {R"({"ResourceAwsEc2InstanceIpV4Addresses": [{"Cidr": "10.0.0.0/8"}]})",
       R"({"Resources": [{"Details": {"AwsEc2Instance": {"IpV4Addresses": ["192.168.1.1", "10.0.0.5"]}}}]})", true},
      {R"({"NetworkSourceIpV4": [{"Cidr": "11.0.0.0/8"}, {"Cidr": "10.0.0.0/8"}]})", v4, true},
      {R"({"NetworkSourceIpV4": [{"Cidr": "10.1.2.128/25"}]})", R"({"Network": {"SourceIpV4": "10.1.2.127"}})", false},
      {R"({"NetworkSourceIpV4": [{"Cidr": "10.1.2.128/25"}]})", R"({"Network": {"SourceIpV4": "10.1.2.128"}})", true},
      {R"({"NetworkSourceIpV4": [{"Cidr": "0.0.0.0/0"}]})", R"({"Network": {"SourceIpV4": "10.1.2"}})", false},
  });
}

TEST(FindingFilterKeyword, AnyStringOfTheFindingEqualsTheKeyword) {
  const char* finding = R"({"Title": "Open port", "Resources": [{"Id": "i-0abc", "Tags": {"Env": "prod"}}],
                           "Confidence": 42, "ProductFields": {"k": "deep value"}})";
  ExpectCases({
      {R"({"Keyword": [{"Value": "i-0abc"}]})", finding, true},
      {R"({"Keyword": [{"Value": "i-0ab"}]})", finding, false},
      {R"({"Keyword": [{"Value": "deep value"}]})", finding, true},
      {R"({"Keyword": [{"Value": "prod"}]})", finding, true},
      {R"({"Keyword": [{"Value": "Env"}]})", finding, false},
      {R"({"Keyword": [{"Value": "42"}]})", finding, false},
      {R"({"Keyword": [{"Value": "nothing"}, {"Value": "Open port"}]})", finding, true},
  });
}

TEST(FindingFilter, EmptyFiltersMatchEverything) {
  for (const char* text : {"null", "{}", R"({"Title": []})", R"({"Title": null})"}) {
    FindingFilter filter;
    ASSERT_TRUE(FindingFilter::Parse(json::parse(text), kNow, &filter).ok()) << text;
    EXPECT_TRUE(filter.empty()) << text;
    EXPECT_TRUE(filter.Matches(json::object())) << text;
    EXPECT_TRUE(filter.Matches(json::parse(R"({"Title": "x"})"))) << text;
  }
  EXPECT_TRUE(FindingFilter().empty());
}

TEST(FindingFilter, TheRulesHoldForManagedInsightFilters) {
  // Two of the managed insights' documents, as AWS lists them: the shape real callers send.
  ExpectCases({
      {R"({"Type": [{"Comparison": "PREFIX", "Value": "Effects/Data Exposure"}],
           "ResourceType": [{"Comparison": "EQUALS", "Value": "AwsS3Bucket"}],
           "RecordState": [{"Comparison": "EQUALS", "Value": "ACTIVE"}],
           "WorkflowStatus": [{"Comparison": "EQUALS", "Value": "NEW"}, {"Comparison": "EQUALS", "Value": "NOTIFIED"}]})",
       R"({"Types": ["Effects/Data Exposure/Public Bucket"], "Resources": [{"Type": "AwsS3Bucket"}],
           "RecordState": "ACTIVE", "Workflow": {"Status": "NEW"}})", true},
      {R"({"UpdatedAt": [{"DateRange": {"Value": 1, "Unit": "DAYS"}}],
           "ComplianceStatus": [{"Comparison": "EQUALS", "Value": "FAILED"}]})",
       R"({"UpdatedAt": "2024-06-15T01:00:00.000Z", "Compliance": {"Status": "FAILED"}})", true},
  });
}

}  // namespace
}  // namespace shmock
