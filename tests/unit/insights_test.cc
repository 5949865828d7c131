// Insights through the domain API, on both stores: create, list, update, delete, the managed
// insights, the checks and limits, and results counted over the caller's view as the
// membership changes. Rules: behavior.md §14 (decisions 85-89).
#include "shmock/insights.h"

#include <gtest/gtest.h>

#include <memory>

#include "memory_store.h"
#include "shmock/findings.h"
#include "shmock/hubs.h"
#include "shmock/store.h"

namespace shmock {
namespace {

using nlohmann::json;

const char kAdmin[] = "111111111111";
const char kMember[] = "222222222222";
const char kOther[] = "333333333333";
const char kNoHub[] = "444444444444";
const char kRegion[] = "us-east-1";
const char kManaged29[] = "arn:aws:securityhub:::insight/securityhub/default/29";

Caller As(const std::string& account) { return {account, kRegion}; }

json Finding(const std::string& account, const std::string& id, const std::string& severity,
             const json& resources) {
  return {{"SchemaVersion", "2018-10-08"},
          {"Id", id},
          {"ProductArn", std::string("arn:aws:securityhub:us-east-1:") + account + ":product/" +
                             account + "/default"},
          {"GeneratorId", "scanner"},
          {"AwsAccountId", account},
          {"CreatedAt", "2024-01-01T00:00:00Z"},
          {"UpdatedAt", "2024-01-01T00:00:00Z"},
          {"Title", "Title of " + id},
          {"Description", "An open bucket"},
          {"Resources", resources},
          {"FindingProviderFields", {{"Severity", {{"Label", severity}}}}}};
}

json Bucket(const std::string& name) {
  return {{"Type", "AwsS3Bucket"}, {"Id", "arn:aws:s3:::" + name}};
}

const json kActive = {{"RecordState", {{{"Comparison", "EQUALS"}, {"Value", "ACTIVE"}}}}};

class InsightsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    store_ = NewTestStore(GetParam());
    ASSERT_NE(store_, nullptr);
    hubs_ = std::make_unique<Hubs>(*store_, clock_);
    findings_ = std::make_unique<Findings>(*store_, clock_);
    insights_ = std::make_unique<Insights>(*store_, clock_);
    for (const char* a : {kAdmin, kMember, kOther}) {
      ASSERT_TRUE(hubs_->EnableSecurityHub(As(a), {}).ok());
    }
  }

  std::string Create(const std::string& account, const std::string& name, const json& filters,
                     const std::string& group_by) {
    std::string arn;
    Status s = insights_->CreateInsight(As(account), name, filters, group_by, &arn);
    EXPECT_TRUE(s.ok()) << s.message();
    return arn;
  }
  // Every page of GetInsights, two at a time.
  std::vector<InsightView> List(const std::string& account,
                                const std::optional<std::vector<std::string>>& arns = std::nullopt) {
    std::vector<InsightView> all;
    PageRequest request{2, ""};
    do {
      Page<InsightView> page;
      Status s = insights_->GetInsights(As(account), arns, request, &page);
      EXPECT_TRUE(s.ok()) << s.message();
      if (!s.ok()) break;
      for (InsightView& v : page.items) all.push_back(std::move(v));
      request.after = page.next_after;
    } while (!request.after.empty());
    return all;
  }
  std::vector<std::pair<std::string, int64_t>> Results(const std::string& account,
                                                       const std::string& arn) {
    InsightResultsView view;
    Status s = insights_->GetInsightResults(As(account), arn, &view);
    EXPECT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(view.arn, arn);
    return view.values;
  }
  void Import(const std::string& account, const json& findings) {
    ImportResult r;
    ASSERT_TRUE(findings_->BatchImportFindings(As(account), findings, &r).ok());
    ASSERT_EQ(r.failed.size(), 0u) << r.failed[0].error_message;
  }
  void SetRelationship(MemberStatus status) {
    ASSERT_TRUE(store_
                    ->Run(Store::Access::kWrite,
                          [&](StoreTransaction& tx) {
                            Relationship r;
                            r.region = kRegion;
                            r.administrator_id = kAdmin;
                            r.member_id = kMember;
                            r.status = status;
                            tx.relationships().Put(r);
                            return Status::OK();
                          })
                    .ok());
  }

  FakeClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Hubs> hubs_;
  std::unique_ptr<Findings> findings_;
  std::unique_ptr<Insights> insights_;
};

using Values = std::vector<std::pair<std::string, int64_t>>;

TEST_P(InsightsTest, ACreatedInsightIsListedAsCreatedWithAnArnAsAwsFormsIt) {
  const std::string arn = Create(kAdmin, "High buckets", kActive, "SeverityLabel");
  const std::string prefix = "arn:aws:securityhub:us-east-1:111111111111:insight/111111111111/custom/";
  ASSERT_EQ(arn.rfind(prefix, 0), 0u) << arn;
  EXPECT_EQ(arn.size(), prefix.size() + 36) << "a UUID ends it";
  std::vector<InsightView> listed = List(kAdmin);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].arn, arn);
  EXPECT_EQ(listed[0].name, "High buckets");
  EXPECT_EQ(listed[0].filters, kActive);
  EXPECT_EQ(listed[0].group_by_attribute, "SeverityLabel");
  EXPECT_TRUE(List(kMember).empty()) << "an insight is its creator's alone";
  EXPECT_TRUE(List(kAdmin, std::vector<std::string>{}).size() == 1u) << "an empty list is no list";
}

TEST_P(InsightsTest, GetInsightsPagesInCreationOrderAndListsManagedOnesOnlyByArn) {
  std::vector<std::string> arns;
  for (int i = 0; i < 5; ++i) {
    arns.push_back(Create(kAdmin, "i" + std::to_string(i), json::object(), "ResourceId"));
    clock_.Advance(i % 2);  // two created in the same millisecond keep their order by id
  }
  std::vector<InsightView> listed = List(kAdmin);
  ASSERT_EQ(listed.size(), 5u);
  std::vector<std::string> names;
  for (const InsightView& v : listed) names.push_back(v.name);
  // Same-millisecond pairs are ordered by id; the pages must still hold each insight once.
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"i0", "i1", "i2", "i3", "i4"}));
  for (const InsightView& v : listed) EXPECT_EQ(v.arn.find(":::"), std::string::npos);

  std::vector<InsightView> named = List(kAdmin, std::vector<std::string>{kManaged29, arns[3], kManaged29});
  ASSERT_EQ(named.size(), 2u) << "each named once, in the order named";
  EXPECT_EQ(named[0].arn, kManaged29);
  EXPECT_EQ(named[0].name, "Severity by counts of findings");
  EXPECT_EQ(named[0].group_by_attribute, "SeverityLabel");
  EXPECT_EQ(named[1].arn, arns[3]);

  Page<InsightView> page;
  Status s = insights_->GetInsights(As(kOther), std::vector<std::string>{arns[0]}, {100, ""}, &page);
  EXPECT_EQ(s.code(), ErrorCode::kResourceNotFound);
  EXPECT_EQ(s.message(), "Insight " + arns[0] + " not found");
  s = insights_->GetInsights(As(kAdmin), std::nullopt, {0, ""}, &page);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  s = insights_->GetInsights(As(kAdmin), std::nullopt, {10, "junk"}, &page);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  s = insights_->GetInsights(As(kAdmin), std::vector<std::string>(201, kManaged29), {10, ""}, &page);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(s.message(), "InsightArns must hold at most 200 ARNs");
}

TEST_P(InsightsTest, EveryManagedInsightParsesAndCounts) {
  Import(kAdmin, json::array({Finding(kAdmin, "f1", "LOW", json::array({Bucket("b")}))}));
  std::vector<std::string> managed;
  for (int n : {1, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, 19, 21, 22, 23, 24, 25, 26, 27,
                28, 29, 30, 31, 32, 33, 34, 35, 36, 37}) {
    managed.push_back("arn:aws:securityhub:::insight/securityhub/default/" + std::to_string(n));
  }
  EXPECT_EQ(List(kAdmin, managed).size(), 32u);
  for (const std::string& arn : managed) {
    InsightResultsView view;
    Status s = insights_->GetInsightResults(As(kAdmin), arn, &view);
    EXPECT_TRUE(s.ok()) << arn << ": " << s.message();
  }
  EXPECT_EQ(Results(kAdmin, kManaged29), (Values{{"LOW", 1}}));
  EXPECT_EQ(Results(kAdmin, "arn:aws:securityhub:::insight/securityhub/default/30"),
            (Values{{"arn:aws:s3:::b", 1}}));
  InsightResultsView view;
  EXPECT_EQ(insights_->GetInsightResults(As(kAdmin), "arn:aws:securityhub:::insight/securityhub/default/2",
                                         &view).code(),
            ErrorCode::kResourceNotFound);
}

TEST_P(InsightsTest, ResultsCountEachValueOncePerFindingByCountThenValue) {
  Import(kAdmin, json::array({
      Finding(kAdmin, "f1", "HIGH", json::array({Bucket("a"), Bucket("b"), Bucket("a")})),
      Finding(kAdmin, "f2", "HIGH", json::array({Bucket("b")})),
      Finding(kAdmin, "f3", "LOW", json::array({Bucket("c")})),
      Finding(kAdmin, "f4", "MEDIUM", json::array({Bucket("c")})),
  }));
  const std::string by_resource = Create(kAdmin, "r", json::object(), "ResourceId");
  EXPECT_EQ(Results(kAdmin, by_resource),
            (Values{{"arn:aws:s3:::b", 2}, {"arn:aws:s3:::c", 2}, {"arn:aws:s3:::a", 1}}));
  const std::string high = Create(
      kAdmin, "h", {{"SeverityLabel", {{{"Comparison", "EQUALS"}, {"Value", "HIGH"}}}}},
      "SeverityLabel");
  EXPECT_EQ(Results(kAdmin, high), (Values{{"HIGH", 2}}));
  const std::string none = Create(
      kAdmin, "n", {{"SeverityLabel", {{{"Comparison", "EQUALS"}, {"Value", "CRITICAL"}}}}},
      "SeverityLabel");
  EXPECT_TRUE(Results(kAdmin, none).empty());
}

TEST_P(InsightsTest, ResultsStopAtTheHundredLargestGroups) {
  json batch = json::array();
  for (int i = 0; i < 100; ++i) {
    batch.push_back(Finding(kAdmin, "f" + std::to_string(i), "LOW",
                            json::array({Bucket("b" + std::to_string(1000 + i))})));
  }
  Import(kAdmin, batch);
  Import(kAdmin, json::array({Finding(kAdmin, "g", "LOW", json::array({Bucket("z"), Bucket("b1050")}))}));
  Values values = Results(kAdmin, Create(kAdmin, "r", json::object(), "ResourceId"));
  ASSERT_EQ(values.size(), 100u) << "101 resources, the quota's 100 answered";
  EXPECT_EQ(values[0], (std::pair<std::string, int64_t>{"arn:aws:s3:::b1050", 2}));
  EXPECT_EQ(values[1].first, "arn:aws:s3:::b1000");
  EXPECT_EQ(values[99].first, "arn:aws:s3:::b1099") << "arn:aws:s3:::z is the one left out";
}

TEST_P(InsightsTest, AnAdministratorsResultsHoldItsEnabledMembersFindingsOnly) {
  Import(kMember, json::array({Finding(kMember, "m1", "HIGH", json::array({Bucket("m")})),
                               Finding(kMember, "m2", "CRITICAL", json::array({Bucket("m")}))}));
  Import(kAdmin, json::array({Finding(kAdmin, "a1", "HIGH", json::array({Bucket("a")}))}));
  const std::string arn = Create(kAdmin, "by severity", kActive, "SeverityLabel");
  EXPECT_EQ(Results(kAdmin, arn), (Values{{"HIGH", 1}}));
  SetRelationship(MemberStatus::kInvited);
  EXPECT_EQ(Results(kAdmin, arn), (Values{{"HIGH", 1}})) << "an Invited member's are hidden";
  SetRelationship(MemberStatus::kEnabled);
  EXPECT_EQ(Results(kAdmin, arn), (Values{{"HIGH", 2}, {"CRITICAL", 1}}));
  EXPECT_EQ(Results(kAdmin, kManaged29), (Values{{"HIGH", 2}, {"CRITICAL", 1}}));
  SetRelationship(MemberStatus::kRemoved);
  EXPECT_EQ(Results(kAdmin, arn), (Values{{"HIGH", 1}}));
  InsightResultsView view;
  EXPECT_EQ(insights_->GetInsightResults(As(kMember), arn, &view).code(),
            ErrorCode::kResourceNotFound) << "the member has no such insight";
}

TEST_P(InsightsTest, UpdateReplacesWhatItIsGivenAndChecksTheResult) {
  const std::string arn = Create(kAdmin, "old", kActive, "SeverityLabel");
  InsightUpdate update;
  update.name = "new";
  ASSERT_TRUE(insights_->UpdateInsight(As(kAdmin), arn, update).ok());
  std::vector<InsightView> listed = List(kAdmin);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].name, "new");
  EXPECT_EQ(listed[0].filters, kActive) << "filters not given are kept";
  EXPECT_EQ(listed[0].group_by_attribute, "SeverityLabel");

  update = {};
  update.filters = json::object();
  update.group_by_attribute = "ResourceType";
  ASSERT_TRUE(insights_->UpdateInsight(As(kAdmin), arn, update).ok());
  listed = List(kAdmin);
  EXPECT_EQ(listed[0].filters, json::object());
  EXPECT_EQ(listed[0].group_by_attribute, "ResourceType");
  EXPECT_EQ(listed[0].arn, arn);

  update = {};
  update.group_by_attribute = "Confidence";  // a number attribute
  Status s = insights_->UpdateInsight(As(kAdmin), arn, update);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  update = {};
  update.filters = json{{"Nope", json::array()}};
  EXPECT_EQ(insights_->UpdateInsight(As(kAdmin), arn, update).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(List(kAdmin)[0].group_by_attribute, "ResourceType") << "a refused update changes nothing";

  s = insights_->UpdateInsight(As(kAdmin), kManaged29, InsightUpdate{});
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(s.message(), std::string("Insight ") + kManaged29 +
                             " is a managed insight; managed insights cannot be updated or "
                             "deleted. Create a custom insight with its filters instead");
  EXPECT_EQ(insights_->UpdateInsight(As(kOther), arn, InsightUpdate{}).code(),
            ErrorCode::kResourceNotFound);
}

TEST_P(InsightsTest, DeleteRemovesOnlyTheCallersOwnCustomInsight) {
  const std::string arn = Create(kAdmin, "x", kActive, "SeverityLabel");
  EXPECT_EQ(insights_->DeleteInsight(As(kOther), arn).code(), ErrorCode::kResourceNotFound);
  EXPECT_EQ(insights_->DeleteInsight(As(kAdmin), kManaged29).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(insights_->DeleteInsight({kAdmin, "eu-west-1"}, arn).code(), ErrorCode::kInvalidAccess)
      << "no hub there";
  ASSERT_TRUE(insights_->DeleteInsight(As(kAdmin), arn).ok());
  EXPECT_TRUE(List(kAdmin).empty());
  Status s = insights_->DeleteInsight(As(kAdmin), arn);
  EXPECT_EQ(s.code(), ErrorCode::kResourceNotFound);
  EXPECT_EQ(s.message(), "Insight " + arn + " not found");
}

TEST_P(InsightsTest, CreateChecksFiltersAndGroupingAndTheQuota) {
  std::string arn;
  Status s = insights_->CreateInsight(As(kAdmin), "x", kActive, "Nope", &arn);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(s.message(),
            "GroupByAttribute 'Nope' is not a finding attribute insights can group by; use a "
            "string attribute of AwsSecurityFindingFilters such as ResourceId, ResourceType, "
            "SeverityLabel or AwsAccountId");
  for (const char* not_string : {"CreatedAt", "Confidence", "ResourceTags", "Keyword", "Sample",
                                 "NetworkSourceIpV4", "severitylabel"}) {
    EXPECT_EQ(insights_->CreateInsight(As(kAdmin), "x", kActive, not_string, &arn).code(),
              ErrorCode::kInvalidInput) << not_string;
  }
  s = insights_->CreateInsight(
      As(kAdmin), "x",
      {{"SeverityLabel", {{{"Comparison", "EQUALS"}, {"Value", "HIGH"}},
                          {{"Comparison", "NOT_EQUALS"}, {"Value", "LOW"}}}}},
      "SeverityLabel", &arn);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput) << "the filter language's own mixing rule";
  EXPECT_EQ(insights_->CreateInsight(As(kNoHub), "x", kActive, "SeverityLabel", &arn).code(),
            ErrorCode::kInvalidAccess);
  EXPECT_TRUE(List(kAdmin).empty()) << "nothing refused was stored";

  for (size_t i = 0; i < kMaxCustomInsights; ++i) Create(kAdmin, "q", kActive, "SeverityLabel");
  s = insights_->CreateInsight(As(kAdmin), "q", kActive, "SeverityLabel", &arn);
  EXPECT_EQ(s.code(), ErrorCode::kLimitExceeded);
  EXPECT_EQ(s.message(),
            "Account 111111111111 already has 100 custom insights in this Region, the most it "
            "may have; delete one before creating another");
  EXPECT_TRUE(insights_->CreateInsight({kAdmin, "eu-west-1"}, "q", kActive, "SeverityLabel", &arn)
                  .code() == ErrorCode::kInvalidAccess);
  Create(kOther, "q", kActive, "SeverityLabel");  // the quota is per account
}

TEST_P(InsightsTest, SeedStoresAllOrNothing) {
  InsightSeed good{kRegion, kAdmin, "11111111-2222-3333-4444-555555555555", "seeded", kActive,
                   "SeverityLabel", 5};
  InsightSeed bad = good;
  bad.group_by_attribute = "Nope";
  size_t refused = 99;
  EXPECT_EQ(insights_->Seed({good, bad}, &refused).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(refused, 1u);
  EXPECT_TRUE(List(kAdmin).empty());
  ASSERT_TRUE(insights_->Seed({good}, &refused).ok());
  std::vector<InsightView> listed = List(kAdmin);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].arn, Insights::CustomArn(kRegion, kAdmin, good.id));
}

INSTANTIATE_TEST_SUITE_P(BothStores, InsightsTest, ::testing::Values("memory", "sqlite"));

}  // namespace
}  // namespace shmock
