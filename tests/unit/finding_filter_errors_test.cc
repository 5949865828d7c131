// What the filter language refuses, with the exact message a caller reads (docs/behavior.md,
// Appendix A), and what it tells the store an index can serve.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shmock/finding_filter.h"

namespace shmock {
namespace {

using nlohmann::json;

constexpr Millis kNow = 1718452800000;  // 2024-06-15T12:00:00Z

Status ParseText(const std::string& text) {
  FindingFilter filter;
  return FindingFilter::Parse(json::parse(text), kNow, &filter);
}

struct Refusal {
  std::string filters;
  std::string message;
};

// Each rule, and the message a caller reads for it.
const Refusal kRefusals[] = {
    {R"([])", "Filters must be an object whose members are finding attributes, each with a list "
              "of filters."},
    {R"({"Foo": []})", "Filters.Foo is not an attribute of AwsSecurityFindingFilters."},
    {R"({"severityLabel": []})", "Filters.severityLabel is not an attribute of "
                                 "AwsSecurityFindingFilters. Did you mean SeverityLabel?"},
    {R"({"Title": {"Comparison": "EQUALS", "Value": "x"}})", "Filters.Title must be a list of filters."},
    {R"({"Title": ["x"]})", "Filters.Title[0] must be a StringFilter object."},
    {R"({"Confidence": [5]})", "Filters.Confidence[0] must be a NumberFilter object."},
    {R"({"Title": [{"Value": "x"}]})", "Filters.Title[0].Comparison is required and must be a string."},
    {R"({"Title": [{"Comparison": "EQUALS"}]})", "Filters.Title[0].Value is required and must be a string."},
    {R"({"Title": [{"Comparison": "EQUALS", "Value": 3}]})",
     "Filters.Title[0].Value is required and must be a string."},
    {R"({"Title": [{"Comparison": "LIKE", "Value": "x"}]})",
     "Filters.Title[0].Comparison 'LIKE' is not one of EQUALS, PREFIX, NOT_EQUALS, PREFIX_NOT_EQUALS, "
     "CONTAINS, NOT_CONTAINS."},
    {R"({"Title": [{"Comparison": "EQUALS", "Value": "a"}, {"Comparison": "CONTAINS_WORD", "Value": "x"}]})",
     "Filters.Title[1].Comparison CONTAINS_WORD is accepted only by GetFindingsV2 and the other V2 "
     "operations; use CONTAINS here."},
    {R"({"Title": [{"Comparison": "CONTAINS", "Value": "a"}, {"Comparison": "EQUALS", "Value": "b"}]})",
     "Invalid filter combination for Title: CONTAINS and EQUALS cannot be used on the same attribute; "
     "CONTAINS filters can only be combined with other CONTAINS filters."},
    {R"({"Title": [{"Comparison": "NOT_EQUALS", "Value": "a"}, {"Comparison": "NOT_CONTAINS", "Value": "b"}]})",
     "Invalid filter combination for Title: NOT_EQUALS and NOT_CONTAINS cannot be used on the same "
     "attribute; NOT_CONTAINS filters can only be combined with other NOT_CONTAINS filters."},
    {R"({"Id": [{"Comparison": "EQUALS", "Value": "a"}, {"Comparison": "PREFIX_NOT_EQUALS", "Value": "b"}]})",
     "Invalid filter combination for Id: EQUALS and PREFIX_NOT_EQUALS cannot be used on the same "
     "attribute; an EQUALS filter cannot be combined with a NOT_EQUALS or PREFIX_NOT_EQUALS filter."},
    {R"({"ResourceTags": [{"Key": "k", "Comparison": "PREFIX", "Value": "x"}]})",
     "Filters.ResourceTags[0].Comparison 'PREFIX' is not one of EQUALS, NOT_EQUALS, CONTAINS, NOT_CONTAINS."},
    {R"({"ResourceTags": [{"Key": "k", "Comparison": "CONTAINS_WORD", "Value": "x"}]})",
     "Filters.ResourceTags[0].Comparison 'CONTAINS_WORD' is not one of EQUALS, NOT_EQUALS, CONTAINS, "
     "NOT_CONTAINS."},
    {R"({"ProductFields": [{"Comparison": "EQUALS", "Value": "x"}]})",
     "Filters.ProductFields[0].Key is required and must be a string."},
    {R"({"Confidence": [{"Gte": 1}, {}]})",
     "Filters.Confidence[1] has no bound; give at least one of Eq, Gt, Gte, Lt, Lte."},
    {R"({"Confidence": [{"Gte": "5"}]})", "Filters.Confidence[0].Gte must be a number."},
    {R"({"UpdatedAt": [{"Start": "2024-01-01T00:00:00Z", "DateRange": {"Value": 1, "Unit": "DAYS"}}]})",
     "Filters.UpdatedAt[0] gives both Start/End and DateRange; use one or the other."},
    {R"({"UpdatedAt": [{}]})", "Filters.UpdatedAt[0] is empty; give Start, End or both, or a DateRange."},
    {R"({"CreatedAt": [{"Start": "2024-13-01T00:00:00Z"}]})",
     "Filters.CreatedAt[0].Start '2024-13-01T00:00:00Z' is not a timestamp Security Hub accepts, such "
     "as 2024-01-04T15:25:10Z or 2024-01-04T15:25:10.123+02:00."},
    {R"({"CreatedAt": [{"End": 1704067200000}]})",
     "Filters.CreatedAt[0].End is not a timestamp Security Hub accepts, such as 2024-01-04T15:25:10Z "
     "or 2024-01-04T15:25:10.123+02:00."},
    {R"({"UpdatedAt": [{"DateRange": {"Value": 1, "Unit": "HOURS"}}]})",
     "Filters.UpdatedAt[0].DateRange.Unit 'HOURS' is not supported; the only unit is DAYS."},
    {R"({"UpdatedAt": [{"DateRange": {"Value": 1}}]})",
     "Filters.UpdatedAt[0].DateRange.Unit is required; the only unit is DAYS."},
    {R"({"UpdatedAt": [{"DateRange": {"Value": -1, "Unit": "DAYS"}}]})",
     "Filters.UpdatedAt[0].DateRange.Value is required and must be a whole number of days from 0 to "
     "2147483647."},
    {R"({"UpdatedAt": [{"DateRange": {"Unit": "DAYS"}}]})",
     "Filters.UpdatedAt[0].DateRange.Value is required and must be a whole number of days from 0 to "
     "2147483647."},
    {R"({"UpdatedAt": [{"DateRange": {"Value": 1, "Unit": "DAYS", "Comparison": "NEWER_THAN"}}]})",
     "Filters.UpdatedAt[0].DateRange.Comparison must be WITHIN or OLDER_THAN."},
    {R"({"UpdatedAt": [{"DateRange": 7}]})", "Filters.UpdatedAt[0].DateRange must be an object with "
                                            "Value and Unit."},
    {R"({"NetworkSourceIpV4": [{"Cidr": "10.0.0.0/33"}]})",
     "Filters.NetworkSourceIpV4[0].Cidr '10.0.0.0/33' is not an IPv4 or IPv6 address or CIDR block, "
     "such as 10.0.0.0/8, 192.0.2.7 or 2001:db8::/32."},
    {R"({"NetworkSourceIpV4": [{}]})", "Filters.NetworkSourceIpV4[0].Cidr is required and must be a string."},
    {R"({"Sample": [{"Value": "true"}]})", "Filters.Sample[0].Value is required and must be true or false."},
    {R"({"Keyword": [{}]})", "Filters.Keyword[0].Value is required and must be a string."},
};

TEST(FindingFilterErrors, EachRuleHasAnActionableMessage) {
  for (const Refusal& r : kRefusals) {
    const Status s = ParseText(r.filters);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidInput) << r.filters;
    EXPECT_EQ(s.message(), r.message) << r.filters;
  }
}

TEST(FindingFilterErrors, TenAttributesAndTwentyFiltersAreTheLimits) {
  const char* names[] = {"Id", "Title", "Region", "GeneratorId", "ProductArn", "AwsAccountId",
                         "Description", "SourceUrl", "ProductName", "CompanyName", "RecordState"};
  const json one = json::parse(R"([{"Comparison": "EQUALS", "Value": "x"}])");
  json filters = json::object();
  for (int i = 0; i < 10; ++i) filters[names[i]] = one;
  filters["NoteText"] = json::array();  // an empty list is no condition and does not count
  EXPECT_TRUE(ParseText(filters.dump()).ok());
  filters[names[10]] = one;
  EXPECT_EQ(ParseText(filters.dump()).message(), "Filters uses 11 attributes; a filter may use at most 10.");

  json many = json::array();
  for (int i = 0; i < 20; ++i) many.push_back({{"Comparison", "EQUALS"}, {"Value", std::to_string(i)}});
  EXPECT_TRUE(ParseText(json{{"Title", many}}.dump()).ok());
  many.push_back({{"Comparison", "EQUALS"}, {"Value", "20"}});
  EXPECT_EQ(ParseText(json{{"Title", many}}.dump()).message(),
            "Filters.Title has 21 filters; an attribute may have at most 20.");
  // The count is checked before any filter is looked at.
  EXPECT_EQ(ParseText(json{{"Title", json::array({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                                   17, 18, 19, 20, 21})}}.dump()).message(),
            "Filters.Title has 21 filters; an attribute may have at most 20.");
}

// Every pair of comparisons on one attribute: which AWS allows (the model's StringFilter and
// MapFilter documentation) and which it refuses.
TEST(FindingFilterErrors, ComparisonMixesAllowedAndRefused) {
  const char* ops[] = {"EQUALS", "PREFIX", "NOT_EQUALS", "PREFIX_NOT_EQUALS", "CONTAINS", "NOT_CONTAINS"};
  const bool allowed[6][6] = {
      //  EQ    PRE    NEQ    PNEQ   CON    NCON
      {true, true, false, false, false, false},   // EQUALS
      {true, true, true, true, false, false},     // PREFIX
      {false, true, true, true, false, false},    // NOT_EQUALS
      {false, true, true, true, false, false},    // PREFIX_NOT_EQUALS
      {false, false, false, false, true, false},  // CONTAINS
      {false, false, false, false, false, true},  // NOT_CONTAINS
  };
  for (int a = 0; a < 6; ++a) {
    for (int b = 0; b < 6; ++b) {
      const json filters = {{"Title", {{{"Comparison", ops[a]}, {"Value", "x"}},
                                       {{"Comparison", ops[b]}, {"Value", "y"}}}}};
      EXPECT_EQ(ParseText(filters.dump()).ok(), allowed[a][b]) << ops[a] << " + " << ops[b];
      if (a == 1 || b == 1 || a == 3 || b == 3) continue;  // maps have no PREFIX comparisons
      const json tags = {{"ResourceTags", {{{"Key", "k"}, {"Comparison", ops[a]}, {"Value", "x"}},
                                           {{"Key", "k"}, {"Comparison", ops[b]}, {"Value", "y"}}}}};
      EXPECT_EQ(ParseText(tags.dump()).ok(), a == b) << "map " << ops[a] << " + " << ops[b];
    }
  }
}

TEST(FindingFilterErrors, AFailedParseLeavesTheFilterAsItWas) {
  FindingFilter filter;
  ASSERT_TRUE(FindingFilter::Parse(json::parse(R"({"Title": [{"Comparison": "EQUALS", "Value": "a"}]})"),
                                   kNow, &filter).ok());
  EXPECT_FALSE(FindingFilter::Parse(json::parse(R"({"Title": [{"Comparison": "NOPE", "Value": "a"}]})"),
                                    kNow, &filter).ok());
  EXPECT_TRUE(filter.Matches(json::parse(R"({"Title": "a"})")));
  EXPECT_FALSE(filter.Matches(json::parse(R"({"Title": "b"})")));
}

TEST(FindingFilterErrors, LongValuesAreShortenedInMessages) {
  const std::string cidr(300, '9');
  const Status s = ParseText(json{{"NetworkSourceIpV4", {{{"Cidr", cidr}}}}}.dump());
  EXPECT_EQ(s.message(), "Filters.NetworkSourceIpV4[0].Cidr '" + std::string(64, '9') +
                             "...' is not an IPv4 or IPv6 address or CIDR block, such as 10.0.0.0/8, "
                             "192.0.2.7 or 2001:db8::/32.");
  // Cut before a character that would straddle the 64-byte limit, never inside it.
  const std::string name = std::string(63, 'A') + "\xC3\xA9" + "tail";
  EXPECT_EQ(ParseText(json{{name, json::array()}}.dump()).message(),
            "Filters." + std::string(63, 'A') + "... is not an attribute of AwsSecurityFindingFilters.");
}

FindingFilter Parsed(const char* text) {
  FindingFilter filter;
  const Status s = FindingFilter::Parse(json::parse(text), kNow, &filter);
  EXPECT_TRUE(s.ok()) << s.message();
  return filter;
}

TEST(FindingFilterPlan, EqualsValuesOnlyForPureEqualsConditions) {
  const FindingFilter filter = Parsed(R"({
      "SeverityLabel": [{"Comparison": "EQUALS", "Value": "HIGH"}, {"Comparison": "EQUALS", "Value": "CRITICAL"},
                        {"Comparison": "EQUALS", "Value": "HIGH"}],
      "ResourceType": [{"Comparison": "EQUALS", "Value": "AwsS3Bucket"}, {"Comparison": "PREFIX", "Value": "AwsEc2"}],
      "WorkflowStatus": [{"Comparison": "NOT_EQUALS", "Value": "RESOLVED"}],
      "Confidence": [{"Gte": 10}]})");
  EXPECT_EQ(filter.EqualsValues("SeverityLabel"), (std::vector<std::string>{"HIGH", "CRITICAL"}));
  EXPECT_EQ(filter.EqualsValues("ResourceType"), std::nullopt);
  EXPECT_EQ(filter.EqualsValues("WorkflowStatus"), std::nullopt);
  EXPECT_EQ(filter.EqualsValues("Confidence"), std::nullopt);
  EXPECT_EQ(filter.EqualsValues("Title"), std::nullopt);
  std::vector<std::string_view> names;
  for (const FindingAttribute* a : filter.Attributes()) names.push_back(a->name);
  EXPECT_EQ(names, (std::vector<std::string_view>{"SeverityLabel", "Confidence", "ResourceType",
                                                  "WorkflowStatus"}));  // model order
}

TEST(FindingFilterPlan, EveryMatchHoldsOneOfTheEqualsValues) {
  const FindingFilter filter = Parsed(R"({"ResourceType": [{"Comparison": "EQUALS", "Value": "AwsS3Bucket"},
                                                           {"Comparison": "EQUALS", "Value": "AwsIamRole"}]})");
  const auto values = filter.EqualsValues("ResourceType");
  ASSERT_TRUE(values);
  const char* types[] = {"AwsS3Bucket", "AwsIamRole", "AwsEc2Instance", "AwsS3BucketPolicy"};
  for (const char* first : types) {
    for (const char* second : types) {
      const json finding = {{"Resources", {{{"Type", first}}, {{"Type", second}}}}};
      const bool indexed = std::find(values->begin(), values->end(), first) != values->end() ||
                           std::find(values->begin(), values->end(), second) != values->end();
      EXPECT_EQ(filter.Matches(finding), indexed) << first << ", " << second;
    }
  }
}

TEST(FindingFilterPlan, DateAndNumberBoundsCoverEveryFilter) {
  const FindingFilter filter = Parsed(R"({
      "UpdatedAt": [{"Start": "2024-01-01T00:00:00Z", "End": "2024-02-01T00:00:00Z"},
                    {"DateRange": {"Value": 1, "Unit": "DAYS"}}],
      "CreatedAt": [{"DateRange": {"Value": 1, "Unit": "DAYS", "Comparison": "OLDER_THAN"}}],
      "Confidence": [{"Gt": 10, "Lte": 20}, {"Eq": 50}],
      "Criticality": [{"Gte": 90}]})");
  const auto updated = filter.DateBoundsOf("UpdatedAt");
  ASSERT_TRUE(updated);
  EXPECT_EQ(FormatIso8601Millis(updated->first), "2024-01-01T00:00:00.000Z");
  EXPECT_EQ(updated->last, kNow);
  const auto created = filter.DateBoundsOf("CreatedAt");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->first, std::numeric_limits<Millis>::min());
  EXPECT_EQ(FormatIso8601Millis(created->last), "2024-06-14T11:59:59.999Z");
  const auto confidence = filter.NumberBoundsOf("Confidence");
  ASSERT_TRUE(confidence);
  EXPECT_EQ(confidence->low, 10);
  EXPECT_EQ(confidence->high, 50);
  EXPECT_EQ(filter.NumberBoundsOf("Criticality")->high, std::numeric_limits<double>::infinity());
  EXPECT_EQ(filter.DateBoundsOf("Confidence"), std::nullopt);
  EXPECT_EQ(filter.NumberBoundsOf("UpdatedAt"), std::nullopt);
  EXPECT_EQ(filter.DateBoundsOf("LastObservedAt"), std::nullopt);
}

}  // namespace
}  // namespace shmock
