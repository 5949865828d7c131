// Findings and products through the domain API, on both stores: what an import stores and
// fills in, what it refuses, the create/update rules, who sees what across the membership,
// BatchUpdateFindings, and GetFindings' pages and orders. Rules: behavior.md §13.
#include "shmock/findings.h"

#include <gtest/gtest.h>

#include <memory>

#include "memory_store.h"
#include "shmock/hubs.h"
#include "shmock/products.h"
#include "shmock/store.h"

namespace shmock {
namespace {

using nlohmann::json;

const char kAdmin[] = "111111111111";
const char kMember[] = "222222222222";
const char kOther[] = "333333333333";
const char kNoHub[] = "444444444444";
const char kRegion[] = "us-east-1";

Caller As(const std::string& account) { return {account, kRegion}; }

std::string DefaultProduct(const std::string& account) {
  return std::string("arn:aws:securityhub:") + kRegion + ":" + account + ":product/" + account +
         "/default";
}

json Finding(const std::string& account, const std::string& id,
             const std::string& updated_at = "2024-01-01T00:00:00Z") {
  return {{"SchemaVersion", "2018-10-08"},
          {"Id", id},
          {"ProductArn", DefaultProduct(account)},
          {"GeneratorId", "scanner"},
          {"AwsAccountId", account},
          {"CreatedAt", "2024-01-01T00:00:00Z"},
          {"UpdatedAt", updated_at},
          {"Title", "Title of " + id},
          {"Description", "An open bucket"},
          {"Resources", {{{"Type", "AwsS3Bucket"}, {"Id", "arn:aws:s3:::b"}}}},
          {"FindingProviderFields", {{"Severity", {{"Label", "HIGH"}}}}}};
}

class FindingsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    store_ = NewTestStore(GetParam());
    ASSERT_NE(store_, nullptr);
    hubs_ = std::make_unique<Hubs>(*store_, clock_);
    findings_ = std::make_unique<Findings>(*store_, clock_);
    products_ = std::make_unique<Products>(*store_, clock_);
    for (const char* a : {kAdmin, kMember, kOther}) {
      ASSERT_TRUE(hubs_->EnableSecurityHub(As(a), {}).ok());
    }
  }

  ImportResult Import(const std::string& account, const json& findings, Status* status = nullptr) {
    ImportResult r;
    Status s = findings_->BatchImportFindings(As(account), findings, &r);
    if (status) {
      *status = s;
    } else {
      EXPECT_TRUE(s.ok()) << s.message();
    }
    return r;
  }
  std::vector<json> Get(const std::string& account, const json& filters = nullptr,
                        const json& sort = nullptr) {
    std::vector<json> all;
    FindingsQuery q;
    q.filters = filters;
    q.sort_criteria = sort;
    q.max_results = 2;  // several pages, always
    do {
      FindingsPage page;
      Status s = findings_->GetFindings(As(account), q, &page);
      EXPECT_TRUE(s.ok()) << s.message();
      if (!s.ok()) break;
      for (json& f : page.findings) all.push_back(std::move(f));
      q.after = page.next_after;
    } while (!q.after.empty());
    return all;
  }
  std::vector<std::string> Ids(const std::vector<json>& findings) {
    std::vector<std::string> ids;
    for (const json& f : findings) ids.push_back(f["Id"]);
    return ids;
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
  BatchUpdateResult Update(const std::string& account, const json& input) {
    BatchUpdateResult r;
    Status s = findings_->BatchUpdateFindings(As(account), input, &r);
    EXPECT_TRUE(s.ok()) << s.message();
    return r;
  }

  FakeClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Hubs> hubs_;
  std::unique_ptr<Findings> findings_;
  std::unique_ptr<Products> products_;
};

TEST_P(FindingsTest, AnImportedFindingIsStoredWithTheFieldsTheServiceFills) {
  ImportResult r = Import(kMember, json::array({Finding(kMember, "f1")}));
  EXPECT_EQ(r.success_count, 1);
  EXPECT_TRUE(r.failed.empty());
  std::vector<json> got = Get(kMember);
  ASSERT_EQ(got.size(), 1u);
  json expected = Finding(kMember, "f1");
  expected["Region"] = kRegion;
  expected["ProcessedAt"] = "2021-10-22T11:31:48.385Z";
  expected["ProductName"] = "Default";
  expected["CompanyName"] = "Personal";
  expected["ProductFields"] = {{"aws/securityhub/ProductName", "Default"},
                               {"aws/securityhub/CompanyName", "Personal"},
                               {"aws/securityhub/FindingId", DefaultProduct(kMember) + "/f1"}};
  expected["RecordState"] = "ACTIVE";
  expected["Workflow"] = {{"Status", "NEW"}};
  expected["WorkflowState"] = "NEW";
  expected["Severity"] = {{"Label", "HIGH"}, {"Normalized", 70}};
  EXPECT_EQ(got[0], expected) << got[0].dump(1);
}

TEST_P(FindingsTest, ABadFindingFailsAloneWithTheMemberNamed) {
  json bad = Finding(kMember, "bad");
  bad.erase("Description");
  bad["Resources"][0]["Type"] = "";
  json no_severity = Finding(kMember, "nosev");
  no_severity.erase("FindingProviderFields");
  ImportResult r = Import(kMember, json::array({Finding(kMember, "ok"), bad, no_severity}));
  EXPECT_EQ(r.success_count, 1);
  ASSERT_EQ(r.failed.size(), 2u);
  EXPECT_EQ(r.failed[0].id, "bad");
  EXPECT_EQ(r.failed[0].error_code, "InvalidInput");
  EXPECT_EQ(r.failed[0].error_message,
            "Finding does not adhere to Amazon Finding Format. data should have required "
            "property 'Description', data.Resources[0].Type should NOT be shorter than 1 "
            "characters.");
  EXPECT_EQ(r.failed[1].error_message,
            "Finding does not adhere to Amazon Finding Format. data should have required "
            "property 'FindingProviderFields', data should match some schema in anyOf.");
  EXPECT_EQ(Ids(Get(kMember)), std::vector<std::string>{"ok"});
}

TEST_P(FindingsTest, AnotherAccountsFindingOrAProductNotEnabledRefusesTheWholeBatch) {
  Status s;
  Import(kMember, json::array({Finding(kMember, "mine"), Finding(kOther, "theirs")}), &s);
  EXPECT_EQ(s.code(), ErrorCode::kAccessDenied);
  EXPECT_EQ(s.message(),
            "User: arn:aws:iam::222222222222:root is not authorized to perform: "
            "securityhub:BatchImportFindings on resource: " + DefaultProduct(kOther));
  json prowler = Finding(kMember, "p1");
  prowler["ProductArn"] = "arn:aws:securityhub:us-east-1::product/prowler/prowler";
  Import(kMember, json::array({prowler}), &s);
  EXPECT_EQ(s.code(), ErrorCode::kAccessDenied);
  json guardduty = Finding(kMember, "g1");
  guardduty["ProductArn"] = "arn:aws:securityhub:us-east-1::product/aws/guardduty";
  Import(kMember, json::array({guardduty}), &s);
  EXPECT_EQ(s.code(), ErrorCode::kAccessDenied) << "AWS's products import through the service";
  EXPECT_TRUE(Get(kMember).empty());

  std::string subscription;
  ASSERT_TRUE(products_->EnableImportFindingsForProduct(As(kMember), prowler["ProductArn"],
                                                         &subscription).ok());
  ImportResult r = Import(kMember, json::array({prowler}));
  EXPECT_EQ(r.success_count, 1);
  std::vector<json> got = Get(kMember);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["ProductName"], "Prowler");
  EXPECT_EQ(got[0]["CompanyName"], "Prowler");

  ImportResult none;
  EXPECT_EQ(findings_->BatchImportFindings(As(kNoHub), json::array({Finding(kNoHub, "x")}), &none)
                .code(),
            ErrorCode::kInvalidAccess);
  EXPECT_EQ(findings_->BatchImportFindings(As(kMember), json::array(), &none).code(),
            ErrorCode::kInvalidInput);
}

TEST_P(FindingsTest, UpdatesFollowUpdatedAtAndKeepTheCustomersMembers) {
  json f = Finding(kMember, "f1", "2024-01-02T00:00:00Z");
  Import(kMember, json::array({f}));
  Update(kMember, {{"FindingIdentifiers", {{{"Id", "f1"}, {"ProductArn", DefaultProduct(kMember)}}}},
                   {"Workflow", {{"Status", "RESOLVED"}}},
                   {"Note", {{"Text", "fixed"}, {"UpdatedBy", "alice"}}}});
  json older = f;
  older["UpdatedAt"] = "2024-01-01T23:59:59Z";
  older["Title"] = "older";
  EXPECT_EQ(Import(kMember, json::array({older})).success_count, 1) << "ignored, not failed";
  EXPECT_EQ(Get(kMember)[0]["Title"], "Title of f1");

  json newer = f;
  newer["UpdatedAt"] = "2024-01-03T00:00:00Z";
  newer["Title"] = "newer";
  newer["Workflow"] = {{"Status", "NEW"}};
  newer["Note"] = {{"Text", "from the provider"}, {"UpdatedBy", "p"}, {"UpdatedAt", "2024-01-03T00:00:00Z"}};
  Import(kMember, json::array({newer}));
  json got = Get(kMember)[0];
  EXPECT_EQ(got["Title"], "newer");
  EXPECT_EQ(got["Workflow"]["Status"], "RESOLVED") << "Workflow belongs to BatchUpdateFindings";
  EXPECT_EQ(got["Note"]["Text"], "fixed");

  json archived = newer;
  archived["UpdatedAt"] = "2024-01-04T00:00:00Z";
  archived["RecordState"] = "ARCHIVED";
  Import(kMember, json::array({archived}));
  EXPECT_EQ(Get(kMember)[0]["Workflow"]["Status"], "RESOLVED");
  json revived = newer;
  revived["UpdatedAt"] = "2024-01-05T00:00:00Z";
  Import(kMember, json::array({revived}));
  EXPECT_EQ(Get(kMember)[0]["Workflow"]["Status"], "NEW") << "ARCHIVED -> ACTIVE reopens";
  EXPECT_EQ(Get(kMember)[0]["RecordState"], "ACTIVE");
}

TEST_P(FindingsTest, ProviderSeverityStopsReachingTheTopOnceTheCustomerChangedIt) {
  Import(kMember, json::array({Finding(kMember, "f1", "2024-01-02T00:00:00Z")}));
  Update(kMember, {{"FindingIdentifiers", {{{"Id", "f1"}, {"ProductArn", DefaultProduct(kMember)}}}},
                   {"Severity", {{"Label", "LOW"}}}});
  json next = Finding(kMember, "f1", "2024-01-03T00:00:00Z");
  next["FindingProviderFields"]["Severity"]["Label"] = "CRITICAL";
  Import(kMember, json::array({next}));
  json got = Get(kMember)[0];
  EXPECT_EQ(got["Severity"], (json{{"Label", "LOW"}, {"Normalized", 1}}));
  EXPECT_EQ(got["FindingProviderFields"]["Severity"], (json{{"Label", "CRITICAL"}}));
}

TEST_P(FindingsTest, AnAdministratorSeesEnabledMembersFindingsOnly) {
  Import(kMember, json::array({Finding(kMember, "m1")}));
  Import(kAdmin, json::array({Finding(kAdmin, "a1", "2024-01-02T00:00:00Z")}));
  EXPECT_EQ(Ids(Get(kAdmin)), std::vector<std::string>{"a1"});
  SetRelationship(MemberStatus::kInvited);
  EXPECT_EQ(Ids(Get(kAdmin)), std::vector<std::string>{"a1"}) << "invited: not yet";
  SetRelationship(MemberStatus::kEnabled);
  EXPECT_EQ(Ids(Get(kAdmin)), (std::vector<std::string>{"a1", "m1"}));
  EXPECT_EQ(Ids(Get(kMember)), std::vector<std::string>{"m1"}) << "a member sees itself only";

  BatchUpdateResult r =
      Update(kAdmin, {{"FindingIdentifiers", {{{"Id", "m1"}, {"ProductArn", DefaultProduct(kMember)}}}},
                      {"Workflow", {{"Status", "NOTIFIED"}}}});
  EXPECT_EQ(r.processed.size(), 1u);
  EXPECT_EQ(Get(kMember)[0]["Workflow"]["Status"], "NOTIFIED") << "the member sees the update";
  EXPECT_EQ(Get(kMember)[0]["UpdatedAt"], "2024-01-01T00:00:00Z") << "UpdatedAt stays";

  SetRelationship(MemberStatus::kRemoved);
  EXPECT_EQ(Ids(Get(kAdmin)), std::vector<std::string>{"a1"});
  r = Update(kAdmin, {{"FindingIdentifiers", {{{"Id", "m1"}, {"ProductArn", DefaultProduct(kMember)}}}},
                      {"Workflow", {{"Status", "RESOLVED"}}}});
  ASSERT_EQ(r.unprocessed.size(), 1u);
  EXPECT_EQ(r.unprocessed[0].error_code, "FindingNotFound");
  EXPECT_EQ(r.unprocessed[0].error_message, "Finding Not Found");
  EXPECT_EQ(Get(kMember)[0]["Workflow"]["Status"], "NOTIFIED");
}

TEST_P(FindingsTest, BatchUpdateReportsDuplicatesAndRefusesEmptyUpdates) {
  Import(kMember, json::array({Finding(kMember, "f1")}));
  const json id = {{"Id", "f1"}, {"ProductArn", DefaultProduct(kMember)}};
  BatchUpdateResult r = Update(kMember, {{"FindingIdentifiers", {id, id}},
                                         {"VerificationState", "TRUE_POSITIVE"}});
  EXPECT_TRUE(r.processed.empty());
  ASSERT_EQ(r.unprocessed.size(), 2u);
  EXPECT_EQ(r.unprocessed[1].error_code, "DuplicatedFindingIdentifier");
  EXPECT_FALSE(Get(kMember)[0].contains("VerificationState"));
  BatchUpdateResult none;
  EXPECT_EQ(findings_->BatchUpdateFindings(As(kMember), {{"FindingIdentifiers", {id}}}, &none).code(),
            ErrorCode::kInvalidInput);
  Status s = findings_->BatchUpdateFindings(
      As(kMember), {{"FindingIdentifiers", {id}}, {"Note", {{"Text", "no author"}}}}, &none);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(s.message(), "data.Note should have required property 'UpdatedBy'");
}

TEST_P(FindingsTest, PagesFilterAndSortAcrossTheView) {
  SetRelationship(MemberStatus::kEnabled);
  json batch = json::array();
  for (int i = 0; i < 5; ++i) {
    json f = Finding(kMember, "m" + std::to_string(i), "2024-01-0" + std::to_string(i + 1) + "T00:00:00Z");
    f["FindingProviderFields"]["Severity"]["Label"] = i % 2 ? "LOW" : "HIGH";
    f["Title"] = std::string(1, static_cast<char>('e' - i));
    batch.push_back(f);
  }
  Import(kMember, batch);
  Import(kAdmin, json::array({Finding(kAdmin, "a0", "2024-01-03T12:00:00Z")}));
  EXPECT_EQ(Ids(Get(kAdmin)), (std::vector<std::string>{"m4", "m3", "a0", "m2", "m1", "m0"}));
  const json high = {{"SeverityLabel", {{{"Value", "HIGH"}, {"Comparison", "EQUALS"}}}}};
  EXPECT_EQ(Ids(Get(kAdmin, high)), (std::vector<std::string>{"m4", "a0", "m2", "m0"}));
  const json by_title = json::array({{{"Field", "Title"}, {"SortOrder", "asc"}}});
  // Bytewise: "Title of a0" sorts before the lower-case one-letter titles.
  EXPECT_EQ(Ids(Get(kAdmin, high, by_title)), (std::vector<std::string>{"a0", "m4", "m2", "m0"}));
  FindingsPage page;
  FindingsQuery q;
  q.after = "d:garbage";
  EXPECT_EQ(findings_->GetFindings(As(kAdmin), q, &page).code(), ErrorCode::kInvalidInput);
  q.after = "";
  q.filters = {{"NoSuchAttribute", json::array()}};
  EXPECT_EQ(findings_->GetFindings(As(kAdmin), q, &page).code(), ErrorCode::kInvalidInput);
}

TEST_P(FindingsTest, ProductsAreDescribedEnabledListedAndDisabled) {
  Page<ProductView> described;
  ASSERT_TRUE(products_->DescribeProducts(As(kMember), std::nullopt, {100, ""}, &described).ok());
  EXPECT_GT(described.items.size(), 30u);
  EXPECT_EQ(described.items[0].product_arn, "arn:aws:securityhub:us-east-1::product/aws/securityhub");
  Page<ProductView> one;
  ASSERT_TRUE(products_->DescribeProducts(As(kMember),
                                          std::string("arn:aws:securityhub:us-east-1::product/prowler/prowler"),
                                          {100, ""}, &one).ok());
  ASSERT_EQ(one.items.size(), 1u);
  EXPECT_EQ(one.items[0].integration_types, std::vector<std::string>{"SEND_FINDINGS_TO_SECURITY_HUB"});
  // Pages of 10 cover the catalogue once.
  size_t seen = 0;
  PageRequest request{10, ""};
  do {
    Page<ProductView> page;
    ASSERT_TRUE(products_->DescribeProducts(As(kMember), std::nullopt, request, &page).ok());
    seen += page.items.size();
    request.after = page.next_after;
  } while (!request.after.empty());
  EXPECT_EQ(seen, described.items.size());

  Page<std::string> enabled;
  ASSERT_TRUE(products_->ListEnabledProductsForImport(As(kMember), {100, ""}, &enabled).ok());
  EXPECT_EQ(enabled.items.size(), 11u) << "AWS's integrations, from the start";
  std::string arn;
  const std::string prowler = "arn:aws:securityhub:us-east-1::product/prowler/prowler";
  ASSERT_TRUE(products_->EnableImportFindingsForProduct(As(kMember), prowler, &arn).ok());
  EXPECT_EQ(arn, "arn:aws:securityhub:us-east-1:222222222222:product-subscription/prowler/prowler");
  EXPECT_EQ(products_->EnableImportFindingsForProduct(As(kMember), prowler, &arn).code(),
            ErrorCode::kResourceConflict);
  EXPECT_EQ(products_->EnableImportFindingsForProduct(As(kMember), "arn:aws:securityhub:us-east-1::product/no/such", &arn).code(),
            ErrorCode::kInvalidInput);
  ASSERT_TRUE(products_->ListEnabledProductsForImport(As(kMember), {100, ""}, &enabled).ok());
  EXPECT_EQ(enabled.items.size(), 12u);
  EXPECT_EQ(products_->DisableImportFindingsForProduct(As(kOther), arn).code(),
            ErrorCode::kAccessDenied);
  ASSERT_TRUE(products_->DisableImportFindingsForProduct(As(kMember), arn).ok());
  EXPECT_EQ(products_->DisableImportFindingsForProduct(As(kMember), arn).code(),
            ErrorCode::kResourceNotFound);
  EXPECT_EQ(products_->ListEnabledProductsForImport(As(kNoHub), {100, ""}, &enabled).code(),
            ErrorCode::kInvalidAccess);
}

INSTANTIATE_TEST_SUITE_P(Stores, FindingsTest, ::testing::Values("memory", "sqlite"));

}  // namespace
}  // namespace shmock

namespace shmock {
namespace {

TEST_P(FindingsTest, HistoryRecordsEveryCreateAndUpdateNewestFirst) {
  Import(kMember, json::array({Finding(kMember, "f1", "2024-01-01T00:00:00Z")}));
  clock_.Advance(1000);
  json next = Finding(kMember, "f1", "2024-01-02T00:00:00Z");
  next["Title"] = "renamed";
  Import(kMember, json::array({next}));
  clock_.Advance(1000);
  Update(kMember, {{"FindingIdentifiers", {{{"Id", "f1"}, {"ProductArn", DefaultProduct(kMember)}}}},
                   {"Workflow", {{"Status", "NOTIFIED"}}}});
  FindingHistoryQuery q;
  q.identifier = {"f1", DefaultProduct(kMember)};
  q.max_results = 2;
  FindingHistoryPage page;
  ASSERT_TRUE(findings_->GetFindingHistory(As(kMember), q, &page).ok());
  ASSERT_EQ(page.records.size(), 2u);
  EXPECT_EQ(page.records[0], (json{
      {"FindingIdentifier", {{"Id", "f1"}, {"ProductArn", DefaultProduct(kMember)}}},
      {"UpdateTime", "2021-10-22T11:31:50.385Z"},
      {"FindingCreated", false},
      {"UpdateSource", {{"Type", "BATCH_UPDATE_FINDINGS"}, {"Identity", "arn:aws:iam::222222222222:root"}}},
      {"Updates", {{{"UpdatedField", "ProcessedAt"}, {"OldValue", "2021-10-22T11:31:49.385Z"},
                    {"NewValue", "2021-10-22T11:31:50.385Z"}},
                   {{"UpdatedField", "Workflow.Status"}, {"OldValue", "NEW"}, {"NewValue", "NOTIFIED"}}}}}))
      << page.records[0].dump(1);
  EXPECT_EQ(page.records[1]["UpdateSource"]["Type"], "BATCH_IMPORT_FINDINGS");
  EXPECT_EQ(page.records[1]["UpdateSource"]["Identity"], DefaultProduct(kMember));
  EXPECT_NE(page.records[1]["Updates"].dump().find("\"UpdatedField\":\"Title\""), std::string::npos);
  ASSERT_FALSE(page.next_after.empty());
  q.after = page.next_after;
  ASSERT_TRUE(findings_->GetFindingHistory(As(kMember), q, &page).ok());
  ASSERT_EQ(page.records.size(), 1u);
  EXPECT_EQ(page.records[0]["FindingCreated"], true);
  EXPECT_EQ(page.records[0]["Updates"], json::array());
  EXPECT_TRUE(page.next_after.empty());

  q.after = "";
  ASSERT_TRUE(findings_->GetFindingHistory(As(kOther), q, &page).ok());
  EXPECT_TRUE(page.records.empty()) << "not in the caller's view";
  q.start_time = "2030-01-01T00:00:00Z";
  q.end_time = "2020-01-01T00:00:00Z";
  EXPECT_EQ(findings_->GetFindingHistory(As(kMember), q, &page).code(), ErrorCode::kInvalidInput);
}

TEST_P(FindingsTest, UpdateFindingsSetsNoteAndRecordStateUntilTheProviderUpdates) {
  Import(kMember, json::array({Finding(kMember, "f1"), Finding(kMember, "f2")}));
  const json f1 = {{"Id", {{{"Value", "f1"}, {"Comparison", "EQUALS"}}}}};
  ASSERT_TRUE(findings_->UpdateFindings(As(kMember), f1, {{"Text", "legacy"}, {"UpdatedBy", "bob"}},
                                        "ARCHIVED").ok());
  std::vector<json> got = Get(kMember, f1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["Note"]["Text"], "legacy");
  EXPECT_EQ(got[0]["RecordState"], "ARCHIVED");
  EXPECT_FALSE(Get(kMember, {{"Id", {{{"Value", "f2"}, {"Comparison", "EQUALS"}}}}})[0].contains("Note"));
  Import(kMember, json::array({Finding(kMember, "f1", "2024-02-01T00:00:00Z")}));
  got = Get(kMember, f1);
  EXPECT_FALSE(got[0].contains("Note")) << "the provider's update undoes UpdateFindings";
  EXPECT_EQ(got[0]["RecordState"], "ACTIVE");
  EXPECT_EQ(findings_->UpdateFindings(As(kMember), {{"Id", {{{"Value", "none"}, {"Comparison", "EQUALS"}}}}},
                                      nullptr, "ARCHIVED").code(),
            ErrorCode::kResourceNotFound);
  EXPECT_EQ(findings_->UpdateFindings(As(kMember), f1, nullptr, "").code(), ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace shmock
