// SortCriteria: parsing, the default order, and the total order of findings under the keys.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "shmock/finding_filter.h"

namespace shmock {
namespace {

using nlohmann::json;

std::vector<SortKey> Keys(const char* criteria) {
  std::vector<SortKey> keys;
  const Status s = ParseSortCriteria(json::parse(criteria), &keys);
  EXPECT_TRUE(s.ok()) << criteria << ": " << s.message();
  return keys;
}

TEST(FindingSort, DefaultIsUpdatedAtNewestFirst) {
  for (const char* empty : {"null", "[]"}) {
    const std::vector<SortKey> keys = Keys(empty);
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys[0].attribute->name, "UpdatedAt");
    EXPECT_TRUE(keys[0].descending);
  }
  const std::vector<SortKey> keys =
      Keys(R"([{"Field": "Confidence"}, {"Field": "Title", "SortOrder": "desc"},
               {"Field": "Confidence", "SortOrder": "desc"}])");
  ASSERT_EQ(keys.size(), 2u);  // the repeated Confidence could never decide anything
  EXPECT_EQ(keys[0].attribute->name, "Confidence");
  EXPECT_FALSE(keys[0].descending);  // asc when SortOrder is absent
  EXPECT_EQ(keys[1].attribute->name, "Title");
  EXPECT_TRUE(keys[1].descending);
}

TEST(FindingSort, RefusalsNameTheCriterion) {
  const std::pair<const char*, const char*> refusals[] = {
      {R"({"Field": "Title"})", "SortCriteria must be a list of {Field, SortOrder} objects."},
      {R"(["Title"])", "SortCriteria[0] must be an object with Field and SortOrder."},
      {R"([{"Field": "Title"}, {"SortOrder": "asc"}])", "SortCriteria[1].Field is required and must be a string."},
      {R"([{"Field": "Severity"}])", "SortCriteria[0].Field 'Severity' is not an attribute of "
                                     "AwsSecurityFindingFilters."},
      {R"([{"Field": "ResourceTags"}])", "SortCriteria[0].Field 'ResourceTags' cannot order findings: it "
                                         "is not a single value of a finding."},
      {R"([{"Field": "Keyword"}])", "SortCriteria[0].Field 'Keyword' cannot order findings: it is not a "
                                    "single value of a finding."},
      {R"([{"Field": "Title", "SortOrder": "ASC"}])", "SortCriteria[0].SortOrder must be asc or desc."},
  };
  for (const auto& [criteria, message] : refusals) {
    std::vector<SortKey> keys;
    const Status s = ParseSortCriteria(json::parse(criteria), &keys);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidInput) << criteria;
    EXPECT_EQ(s.message(), message) << criteria;
  }
}

// The Ids of `findings` sorted by `criteria`, ties broken by Id as the store does.
std::vector<std::string> Sorted(const char* criteria, const char* findings) {
  const std::vector<SortKey> keys = Keys(criteria);
  std::vector<json> list = json::parse(findings).get<std::vector<json>>();
  std::sort(list.begin(), list.end(), [&keys](const json& a, const json& b) {
    const int order = CompareFindings(a, b, keys);
    return order != 0 ? order < 0 : a["Id"] < b["Id"];
  });
  std::vector<std::string> ids;
  for (const json& f : list) ids.push_back(f["Id"]);
  return ids;
}

using Ids = std::vector<std::string>;

TEST(FindingSort, EachTypeInItsOwnOrder) {
  // Numbers numerically (9 before 10), strings bytewise (upper case before lower, UTF-8 last).
  const char* numbers = R"([{"Id": "a", "Confidence": 10}, {"Id": "b", "Confidence": 9},
                            {"Id": "c", "Confidence": 9.5}, {"Id": "d"}])";
  EXPECT_EQ(Sorted(R"([{"Field": "Confidence", "SortOrder": "asc"}])", numbers), (Ids{"b", "c", "a", "d"}));
  EXPECT_EQ(Sorted(R"([{"Field": "Confidence", "SortOrder": "desc"}])", numbers), (Ids{"a", "c", "b", "d"}));
  const char* titles = R"([{"Id": "a", "Title": "b"}, {"Id": "b", "Title": "B"}, {"Id": "c", "Title": "\u00e9"},
                           {"Id": "d", "Title": "ba"}, {"Id": "e", "Title": 5}])";
  EXPECT_EQ(Sorted(R"([{"Field": "Title"}])", titles), (Ids{"b", "a", "d", "c", "e"}));
  EXPECT_EQ(Sorted(R"([{"Field": "Title", "SortOrder": "desc"}])", titles), (Ids{"c", "d", "a", "b", "e"}));
  // Dates as instants: 05:00+05:00 is midnight UTC, before 01:00Z; an unreadable date is missing.
  const char* dates = R"([{"Id": "a", "UpdatedAt": "2024-01-01T01:00:00Z"},
                          {"Id": "b", "UpdatedAt": "2024-01-01T05:00:00+05:00"},
                          {"Id": "c", "UpdatedAt": "2024-01-01T00:30:00.000Z"},
                          {"Id": "d", "UpdatedAt": "yesterday"}])";
  EXPECT_EQ(Sorted("[]", dates), (Ids{"a", "c", "b", "d"}));
  EXPECT_EQ(Sorted(R"([{"Field": "UpdatedAt", "SortOrder": "asc"}])", dates), (Ids{"b", "c", "a", "d"}));
  // Sample: false before true, absent counts as false.
  const char* samples = R"([{"Id": "a", "Sample": true}, {"Id": "b"}, {"Id": "c", "Sample": false}])";
  EXPECT_EQ(Sorted(R"([{"Field": "Sample"}])", samples), (Ids{"b", "c", "a"}));
  EXPECT_EQ(Sorted(R"([{"Field": "Sample", "SortOrder": "desc"}])", samples), (Ids{"a", "b", "c"}));
}

TEST(FindingSort, ListPathsByTheirFirstValueAndSeveralKeys) {
  const char* findings = R"([
      {"Id": "a", "Resources": [{"Type": "Zeta"}, {"Type": "Alpha"}], "Severity": {"Label": "HIGH"}},
      {"Id": "b", "Resources": [{"Id": "no type"}, {"Type": "Mu"}], "Severity": {"Label": "LOW"}},
      {"Id": "c", "Resources": [{"Type": "Mu"}], "Severity": {"Label": "CRITICAL"}},
      {"Id": "d", "Resources": [], "Severity": {"Label": "HIGH"}}])";
  EXPECT_EQ(Sorted(R"([{"Field": "ResourceType"}])", findings), (Ids{"b", "c", "a", "d"}));
  EXPECT_EQ(Sorted(R"([{"Field": "ResourceType"}, {"Field": "SeverityLabel"}])", findings),
            (Ids{"c", "b", "a", "d"}));
  EXPECT_EQ(Sorted(R"([{"Field": "SeverityLabel", "SortOrder": "desc"}, {"Field": "ResourceType"}])", findings),
            (Ids{"b", "a", "d", "c"}));
}

TEST(FindingSort, CompareIsAntisymmetric) {
  const json findings = json::parse(R"([{"Confidence": 1, "Title": "x"}, {"Confidence": 1, "Title": "y"},
                                        {"Title": "x"}, {"Confidence": 2}, {}])");
  const std::vector<SortKey> keys = Keys(R"([{"Field": "Confidence", "SortOrder": "desc"}, {"Field": "Title"}])");
  for (const json& a : findings) {
    EXPECT_EQ(CompareFindings(a, a, keys), 0);
    for (const json& b : findings) {
      const int ab = CompareFindings(a, b, keys), ba = CompareFindings(b, a, keys);
      EXPECT_EQ(ab < 0, ba > 0) << a << " vs " << b;
      EXPECT_EQ(ab == 0, ba == 0) << a << " vs " << b;
    }
  }
}

}  // namespace
}  // namespace shmock
