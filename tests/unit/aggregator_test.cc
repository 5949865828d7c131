// The finding aggregator through the domain API, on both stores: its ARN and home Region, the
// settings it refuses (each changing nothing), one per account, where each operation may be
// called from, the fixtures' Seed; and its effect on the findings view: the home Region sees
// the linked Regions' findings of the account and of its Enabled members there, each with its
// own Region, and works them. Rules: behavior.md §17.
#include "shmock/aggregator.h"

#include <gtest/gtest.h>

#include <memory>
#include <regex>

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
const char kHome[] = "us-east-1";
const char kLinked[] = "eu-west-1";
const char kUnlinked[] = "ap-south-1";

Caller At(const std::string& account, const std::string& region) { return {account, region}; }

json Finding(const std::string& account, const std::string& region, const std::string& id) {
  return {{"SchemaVersion", "2018-10-08"},
          {"Id", id},
          {"ProductArn", "arn:aws:securityhub:" + region + ":" + account + ":product/" + account +
                             "/default"},
          {"GeneratorId", "scanner"},
          {"AwsAccountId", account},
          {"CreatedAt", "2024-01-01T00:00:00Z"},
          {"UpdatedAt", "2024-01-01T00:00:00Z"},
          {"Title", "Title of " + id},
          {"Description", "An open bucket"},
          {"Resources", {{{"Type", "AwsS3Bucket"}, {"Id", "arn:aws:s3:::b"}}}},
          {"Severity", {{"Label", "HIGH"}}}};
}

class AggregatorTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    store_ = NewTestStore(GetParam());
    ASSERT_NE(store_, nullptr);
    hubs_ = std::make_unique<Hubs>(*store_, clock_);
    findings_ = std::make_unique<Findings>(*store_, clock_);
    aggregators_ = std::make_unique<Aggregators>(*store_, clock_);
    for (const char* account : {kAdmin, kMember}) {
      for (const char* region : {kHome, kLinked, kUnlinked}) {
        ASSERT_TRUE(hubs_->EnableSecurityHub(At(account, region), {}).ok());
      }
    }
  }

  FindingAggregatorView Create(const std::string& mode, std::optional<std::vector<std::string>> regions,
                               const std::string& region = kHome) {
    FindingAggregatorView view;
    Status s = aggregators_->Create(At(kAdmin, region), {mode, std::move(regions)}, &view);
    EXPECT_TRUE(s.ok()) << s.message();
    return view;
  }
  Status CreateRefused(const std::string& mode, std::optional<std::vector<std::string>> regions,
                       const std::string& account = kAdmin) {
    FindingAggregatorView view;
    return aggregators_->Create(At(account, kHome), {mode, std::move(regions)}, &view);
  }
  std::vector<std::string> List(const std::string& account = kAdmin,
                                const std::string& region = kHome) {
    std::vector<std::string> arns;
    Status s = aggregators_->List(At(account, region), &arns);
    EXPECT_TRUE(s.ok()) << s.message();
    return arns;
  }
  void Enable(const std::string& region) {  // kMember an Enabled member of kAdmin in `region`
    ASSERT_TRUE(store_
                    ->Run(Store::Access::kWrite,
                          [&](StoreTransaction& tx) {
                            Relationship r;
                            r.region = region;
                            r.administrator_id = kAdmin;
                            r.member_id = kMember;
                            r.status = MemberStatus::kEnabled;
                            tx.relationships().Put(r);
                            return Status::OK();
                          })
                    .ok());
  }
  void Import(const std::string& account, const std::string& region, const std::string& id) {
    ImportResult r;
    Status s = findings_->BatchImportFindings(At(account, region),
                                              json::array({Finding(account, region, id)}), &r);
    ASSERT_TRUE(s.ok()) << s.message();
    ASSERT_EQ(r.success_count, 1);
  }
  // Each visible finding as "<Region>/<account>/<Id>", in GetFindings' order.
  std::vector<std::string> Seen(const std::string& account, const std::string& region) {
    std::vector<std::string> seen;
    FindingsQuery q;
    q.max_results = 1;  // one page per finding: the view holds across pages
    do {
      FindingsPage page;
      Status s = findings_->GetFindings(At(account, region), q, &page);
      EXPECT_TRUE(s.ok()) << s.message();
      if (!s.ok()) break;
      for (const json& f : page.findings) {
        seen.push_back(f["Region"].get<std::string>() + "/" + f["AwsAccountId"].get<std::string>() +
                       "/" + f["Id"].get<std::string>());
      }
      q.after = page.next_after;
    } while (!q.after.empty());
    std::sort(seen.begin(), seen.end());
    return seen;
  }

  FakeClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Hubs> hubs_;
  std::unique_ptr<Findings> findings_;
  std::unique_ptr<Aggregators> aggregators_;
};

TEST_P(AggregatorTest, CreateAnswersTheAggregatorInTheCallersRegionAndGetAndListShowIt) {
  const FindingAggregatorView created = Create("SPECIFIED_REGIONS", {{kLinked, "us-west-2"}});
  EXPECT_TRUE(std::regex_match(
      created.arn, std::regex("arn:aws:securityhub:us-east-1:111111111111:finding-aggregator/"
                              "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << created.arn;
  EXPECT_EQ(created.home_region, kHome);
  EXPECT_EQ(created.linking_mode, "SPECIFIED_REGIONS");
  EXPECT_EQ(created.regions, (std::vector<std::string>{kLinked, "us-west-2"}));
  // Get and List from any Region of the account (decision 61).
  for (const char* region : {kHome, kLinked, kUnlinked}) {
    FindingAggregatorView got;
    ASSERT_TRUE(aggregators_->Get(At(kAdmin, region), created.arn, &got).ok());
    EXPECT_EQ(got.arn, created.arn);
    EXPECT_EQ(got.home_region, kHome);
    EXPECT_EQ(got.regions, created.regions);
    EXPECT_EQ(List(kAdmin, region), std::vector<std::string>{created.arn});
  }
  EXPECT_TRUE(List(kMember).empty());
}

TEST_P(AggregatorTest, SettingsThatDoNotHoldAreRefusedAndChangeNothing) {
  const struct {
    const char* mode;
    std::optional<std::vector<std::string>> regions;
    const char* message;
  } cases[] = {
      {"SOME_REGIONS", std::nullopt,
       "Invalid RegionLinkingMode 'SOME_REGIONS'. Valid values are ALL_REGIONS, "
       "ALL_REGIONS_EXCEPT_SPECIFIED, SPECIFIED_REGIONS and NO_REGIONS."},
      {"ALL_REGIONS", std::vector<std::string>{kLinked},
       "Regions must be empty when RegionLinkingMode is ALL_REGIONS."},
      {"NO_REGIONS", std::vector<std::string>{kLinked},
       "Regions must be empty when RegionLinkingMode is NO_REGIONS."},
      {"SPECIFIED_REGIONS", std::vector<std::string>{},
       "Regions must list at least one Region when RegionLinkingMode is SPECIFIED_REGIONS."},
      {"ALL_REGIONS_EXCEPT_SPECIFIED", std::nullopt,
       "Regions must list at least one Region when RegionLinkingMode is "
       "ALL_REGIONS_EXCEPT_SPECIFIED."},
      {"SPECIFIED_REGIONS", std::vector<std::string>{kLinked, "mars-east-1", "EU-WEST-1"},
       "Invalid Regions: mars-east-1, EU-WEST-1. Each must be an AWS Region where Security Hub "
       "is available, such as eu-west-1."},
      {"ALL_REGIONS_EXCEPT_SPECIFIED", std::vector<std::string>{kLinked, kHome},
       "The home Region us-east-1 cannot be listed in Regions: it is always part of the "
       "aggregation."},
      {"SPECIFIED_REGIONS", std::vector<std::string>(101, kLinked),
       "Regions may list at most 100 Regions."},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.mode);
    Status s = CreateRefused(c.mode, c.regions);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(s.message(), c.message);
    EXPECT_TRUE(List().empty());
  }
}

TEST_P(AggregatorTest, ARegionListedTwiceIsKeptOnceAndAnEmptyListGoesWithAllRegions) {
  EXPECT_EQ(Create("SPECIFIED_REGIONS", {{kLinked, "us-west-2", kLinked}}).regions,
            (std::vector<std::string>{kLinked, "us-west-2"}));
  FindingAggregatorView updated;
  ASSERT_TRUE(aggregators_
                  ->Update(At(kAdmin, kHome), List()[0], {"ALL_REGIONS", std::vector<std::string>{}},
                           &updated)
                  .ok());
  EXPECT_EQ(updated.linking_mode, "ALL_REGIONS");
  EXPECT_TRUE(updated.regions.empty());
}

TEST_P(AggregatorTest, AnAccountHasOneAggregatorWhicheverRegionTheSecondComesFrom) {
  const std::string arn = Create("ALL_REGIONS", std::nullopt).arn;
  for (const char* region : {kHome, kLinked}) {
    FindingAggregatorView view;
    Status s = aggregators_->Create(At(kAdmin, region), {"NO_REGIONS", std::nullopt}, &view);
    EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
    EXPECT_EQ(s.message(), "Account 111111111111 already has a finding aggregator, " + arn +
                               ", with home Region us-east-1. An account has one finding "
                               "aggregator: update it, or delete it to create another.");
  }
  EXPECT_EQ(List(), std::vector<std::string>{arn});
}

TEST_P(AggregatorTest, AMemberAccountAndAnAccountWithoutAHubCannotCreateOne) {
  Enable(kHome);
  Status s = CreateRefused("ALL_REGIONS", std::nullopt, kMember);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(s.message(), "A finding aggregator cannot be created by a member account.");
  s = CreateRefused("ALL_REGIONS", std::nullopt, kOther);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidAccess);
  EXPECT_EQ(s.message(), "Account 333333333333 is not subscribed to AWS Security Hub");
  EXPECT_TRUE(List(kMember).empty());
}

TEST_P(AggregatorTest, UpdateAndDeleteComeFromTheHomeRegionOnly) {
  const std::string arn = Create("SPECIFIED_REGIONS", {{kLinked}}).arn;
  FindingAggregatorView view;
  Status s = aggregators_->Update(At(kAdmin, kLinked), arn, {"NO_REGIONS", std::nullopt}, &view);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(s.message(), "Finding aggregator " + arn +
                             " can be updated only from its home Region us-east-1.");
  s = aggregators_->Delete(At(kAdmin, kLinked), arn);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(s.message(), "Finding aggregator " + arn +
                             " can be deleted only from its home Region us-east-1.");
  ASSERT_TRUE(aggregators_->Get(At(kAdmin, kLinked), arn, &view).ok());
  EXPECT_EQ(view.linking_mode, "SPECIFIED_REGIONS");

  ASSERT_TRUE(aggregators_
                  ->Update(At(kAdmin, kHome), arn,
                           {"ALL_REGIONS_EXCEPT_SPECIFIED", std::vector<std::string>{kUnlinked}}, &view)
                  .ok());
  EXPECT_EQ(view.arn, arn);  // the same aggregator
  EXPECT_EQ(view.linking_mode, "ALL_REGIONS_EXCEPT_SPECIFIED");
  EXPECT_EQ(view.regions, std::vector<std::string>{kUnlinked});
  // An update's settings are checked as Create's.
  s = aggregators_->Update(At(kAdmin, kHome), arn, {"NO_REGIONS", std::vector<std::string>{kLinked}},
                           &view);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);

  ASSERT_TRUE(aggregators_->Delete(At(kAdmin, kHome), arn).ok());
  EXPECT_TRUE(List().empty());
  s = aggregators_->Get(At(kAdmin, kHome), arn, &view);
  EXPECT_EQ(s.code(), ErrorCode::kResourceNotFound);
  EXPECT_EQ(s.message(), "Finding aggregator " + arn + " not found.");
  EXPECT_EQ(aggregators_->Delete(At(kAdmin, kHome), arn).code(), ErrorCode::kResourceNotFound);
}

TEST_P(AggregatorTest, AnotherAccountsArnOrAnUnknownOneIsNotFound) {
  const std::string arn = Create("NO_REGIONS", std::nullopt).arn;
  FindingAggregatorView view;
  EXPECT_EQ(aggregators_->Get(At(kMember, kHome), arn, &view).code(), ErrorCode::kResourceNotFound);
  EXPECT_EQ(aggregators_->Delete(At(kMember, kHome), arn).code(), ErrorCode::kResourceNotFound);
  EXPECT_EQ(aggregators_->Get(At(kAdmin, kHome), arn + "x", &view).code(),
            ErrorCode::kResourceNotFound);
  EXPECT_EQ(List(), std::vector<std::string>{arn});
}

TEST_P(AggregatorTest, TheHomeRegionSeesTheLinkedRegionsFindingsOfTheAccountAndItsEnabledMembers) {
  Enable(kHome);
  Enable(kLinked);
  Import(kAdmin, kHome, "admin-home");
  Import(kAdmin, kLinked, "admin-linked");
  Import(kMember, kHome, "member-home");
  Import(kMember, kLinked, "member-linked");
  Import(kMember, kUnlinked, "member-unlinked");  // Enabled there? no: and not linked either
  const std::vector<std::string> home_only = {"us-east-1/111111111111/admin-home",
                                              "us-east-1/222222222222/member-home"};
  EXPECT_EQ(Seen(kAdmin, kHome), home_only);

  Create("SPECIFIED_REGIONS", {{kLinked}});
  const std::vector<std::string> aggregated = {
      "eu-west-1/111111111111/admin-linked", "eu-west-1/222222222222/member-linked",
      "us-east-1/111111111111/admin-home", "us-east-1/222222222222/member-home"};
  EXPECT_EQ(Seen(kAdmin, kHome), aggregated);
  // A linked Region itself sees only its own; a member its own.
  EXPECT_EQ(Seen(kAdmin, kLinked), (std::vector<std::string>{"eu-west-1/111111111111/admin-linked",
                                                              "eu-west-1/222222222222/member-linked"}));
  EXPECT_EQ(Seen(kMember, kHome), std::vector<std::string>{"us-east-1/222222222222/member-home"});

  // ALL_REGIONS links ap-south-1 too, but the member is not the administrator's member there.
  FindingAggregatorView view;
  ASSERT_TRUE(aggregators_->Update(At(kAdmin, kHome), List()[0], {"ALL_REGIONS", std::nullopt}, &view).ok());
  EXPECT_EQ(Seen(kAdmin, kHome), aggregated);
  Enable(kUnlinked);
  std::vector<std::string> all = aggregated;
  all.insert(all.begin() + 1, "ap-south-1/222222222222/member-unlinked");
  std::sort(all.begin(), all.end());
  EXPECT_EQ(Seen(kAdmin, kHome), all);

  // NO_REGIONS, and deleting the aggregator, take the linked Regions out of the view again.
  ASSERT_TRUE(aggregators_->Update(At(kAdmin, kHome), List()[0], {"NO_REGIONS", std::nullopt}, &view).ok());
  EXPECT_EQ(Seen(kAdmin, kHome), home_only);
  ASSERT_TRUE(aggregators_->Update(At(kAdmin, kHome), List()[0], {"ALL_REGIONS", std::nullopt}, &view).ok());
  ASSERT_TRUE(aggregators_->Delete(At(kAdmin, kHome), List()[0]).ok());
  EXPECT_EQ(Seen(kAdmin, kHome), home_only);
}

TEST_P(AggregatorTest, TheHomeRegionWorksALinkedFindingWhichStaysInItsRegion) {
  Enable(kLinked);
  Import(kMember, kLinked, "m1");
  const json identifier = {
      {"Id", "m1"},
      {"ProductArn", "arn:aws:securityhub:eu-west-1:222222222222:product/222222222222/default"}};
  const json update = {{"FindingIdentifiers", json::array({identifier})},
                       {"Workflow", {{"Status", "RESOLVED"}}}};
  BatchUpdateResult result;
  ASSERT_TRUE(findings_->BatchUpdateFindings(At(kAdmin, kHome), update, &result).ok());
  ASSERT_EQ(result.unprocessed.size(), 1u);  // not linked yet
  EXPECT_EQ(result.unprocessed[0].error_code, "FindingNotFound");

  Create("SPECIFIED_REGIONS", {{kLinked}});
  ASSERT_TRUE(findings_->BatchUpdateFindings(At(kAdmin, kHome), update, &result).ok());
  ASSERT_EQ(result.processed.size(), 1u);
  EXPECT_TRUE(result.unprocessed.empty());
  // The member sees the change in the finding's own Region; no copy appeared in the home Region.
  FindingsPage page;
  FindingsQuery q;
  ASSERT_TRUE(findings_->GetFindings(At(kMember, kLinked), q, &page).ok());
  ASSERT_EQ(page.findings.size(), 1u);
  EXPECT_EQ(page.findings[0]["Workflow"]["Status"], "RESOLVED");
  EXPECT_EQ(page.findings[0]["Region"], "eu-west-1");
  EXPECT_EQ(Seen(kMember, kHome), std::vector<std::string>{});
  // Its history is read from the home Region too.
  FindingHistoryQuery hq;
  hq.identifier = {"m1", identifier["ProductArn"]};
  FindingHistoryPage history;
  ASSERT_TRUE(findings_->GetFindingHistory(At(kAdmin, kHome), hq, &history).ok());
  EXPECT_EQ(history.records.size(), 2u);
  // UpdateFindings reaches it as well.
  ASSERT_TRUE(findings_
                  ->UpdateFindings(At(kAdmin, kHome),
                                   json::parse(R"({"Id": [{"Value": "m1", "Comparison": "EQUALS"}]})"),
                                   nullptr, "ARCHIVED")
                  .ok());
  ASSERT_TRUE(findings_->GetFindings(At(kMember, kLinked), q, &page).ok());
  ASSERT_EQ(page.findings.size(), 1u);
  EXPECT_EQ(page.findings[0]["RecordState"], "ARCHIVED");
}

TEST_P(AggregatorTest, SeedChecksEachAggregatorAsCreateDoes) {
  AggregatorRecord a;
  a.account_id = kAdmin;
  a.home_region = kHome;
  a.linking_mode = "SPECIFIED_REGIONS";
  a.regions = {kLinked, kLinked};
  size_t refused = 99;
  ASSERT_TRUE(aggregators_->Seed({a}, &refused).ok());
  EXPECT_EQ(refused, 1u);
  const std::vector<std::string> arns = List();
  ASSERT_EQ(arns.size(), 1u);
  FindingAggregatorView view;
  ASSERT_TRUE(aggregators_->Get(At(kAdmin, kHome), arns[0], &view).ok());
  EXPECT_EQ(view.regions, std::vector<std::string>{kLinked});

  AggregatorRecord bad = a;
  bad.account_id = kMember;
  bad.regions = {kHome};
  AggregatorRecord good = a;
  good.account_id = kOther;
  Status s = aggregators_->Seed({good, bad}, &refused);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(refused, 1u);
  std::optional<AggregatorRecord> other;
  ASSERT_TRUE(store_->Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    other = tx.aggregators().Find(kOther);
    return Status::OK();
  }).ok());
  EXPECT_FALSE(other.has_value());  // all or nothing
  s = aggregators_->Seed({good, good}, &refused);
  EXPECT_EQ(s.message(), "accountId: '333333333333' is listed twice; an account has one finding aggregator");
  good.id = "Not/AnId";
  EXPECT_EQ(aggregators_->Seed({good}, &refused).code(), ErrorCode::kInvalidInput);
}

INSTANTIATE_TEST_SUITE_P(Stores, AggregatorTest, ::testing::Values("memory", "sqlite"));

// The part of the store on its own: what Put keeps, All's order, Delete.
class AggregatorRecordsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(AggregatorRecordsTest, KeepsEveryFieldByAccount) {
  std::unique_ptr<Store> store = NewTestStore(GetParam());
  ASSERT_NE(store, nullptr);
  AggregatorRecord a{kMember, "eu-west-1", "id-2", "ALL_REGIONS_EXCEPT_SPECIFIED",
                     {"us-west-2", "ap-south-1"}, 42};
  AggregatorRecord b{kAdmin, "us-east-1", "id-1", "NO_REGIONS", {}, 7};
  ASSERT_TRUE(store->Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    tx.aggregators().Put(a);
    tx.aggregators().Put(b);
    return Status::OK();
  }).ok());
  std::vector<AggregatorRecord> all;
  std::optional<AggregatorRecord> found;
  ASSERT_TRUE(store->Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    all = tx.aggregators().All();
    found = tx.aggregators().Find(kMember);
    return Status::OK();
  }).ok());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].account_id, kAdmin);  // by account id
  EXPECT_EQ(all[1].account_id, kMember);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->home_region, "eu-west-1");
  EXPECT_EQ(found->id, "id-2");
  EXPECT_EQ(found->linking_mode, "ALL_REGIONS_EXCEPT_SPECIFIED");
  EXPECT_EQ(found->regions, (std::vector<std::string>{"us-west-2", "ap-south-1"}));
  EXPECT_EQ(found->created_at, 42);
  ASSERT_TRUE(store->Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    tx.aggregators().Delete(kMember);
    return Status::OK();
  }).ok());
  ASSERT_TRUE(store->Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    all = tx.aggregators().All();
    found = tx.aggregators().Find(kMember);
    return Status::OK();
  }).ok());
  EXPECT_EQ(all.size(), 1u);
  EXPECT_FALSE(found.has_value());
}

INSTANTIATE_TEST_SUITE_P(Stores, AggregatorRecordsTest, ::testing::Values("memory", "sqlite"));

}  // namespace
}  // namespace shmock
