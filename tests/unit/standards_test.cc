// Standards and controls through the domain API (behavior.md §16, decisions 50-59), on both
// stores: the catalogue, subscriptions and their statuses over time, the controls of a
// standard, security controls and their parameters, associations, the default standards of a
// new hub, and the steps central configuration uses.
#include "shmock/standards.h"

#include <gtest/gtest.h>

#include <memory>

#include "memory_store.h"
#include "shmock/controls.h"
#include "shmock/hubs.h"
#include "shmock/membership.h"
#include "shmock/organizations.h"
#include "shmock/store.h"

namespace shmock {
namespace {

const char A[] = "111111111111", B[] = "222222222222", M[] = "100000000001";
const char kRegion[] = "us-east-1";
const char kFsbp[] =
    "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0";
const char kCis12[] = "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0";
const char kPci[] = "arn:aws:securityhub:us-east-1::standards/pci-dss/v/3.2.1";
const char kFsbpSubscription[] =
    "arn:aws:securityhub:us-east-1:111111111111:subscription/"
    "aws-foundational-security-best-practices/v/1.0.0";
const char kCisSubscription[] =
    "arn:aws:securityhub:us-east-1:111111111111:subscription/cis-aws-foundations-benchmark/v/1.2.0";
const char kPciSubscription[] =
    "arn:aws:securityhub:us-east-1:111111111111:subscription/pci-dss/v/3.2.1";

Caller As(const std::string& account, const std::string& region = kRegion) { return {account, region}; }

TEST(CatalogueTest, HoldsTheDocumentedStandardsAndControls) {
  const Catalogue& c = Catalogue::Get();
  ASSERT_EQ(c.standards().size(), 11u);
  EXPECT_EQ(c.controls().size(), 266u);
  const StandardDefinition* fsbp = c.FindStandardByArn(kFsbp, kRegion);
  ASSERT_NE(fsbp, nullptr);
  EXPECT_EQ(fsbp->name, "AWS Foundational Security Best Practices v1.0.0");
  EXPECT_TRUE(fsbp->enabled_by_default);
  EXPECT_EQ(fsbp->Path(), "aws-foundational-security-best-practices/v/1.0.0");
  // CIS 1.2.0's ARN has no Region; the regional form of it is not a standard.
  const StandardDefinition* cis = c.FindStandardByArn(kCis12, "eu-west-1");
  ASSERT_NE(cis, nullptr);
  EXPECT_TRUE(cis->enabled_by_default);
  EXPECT_EQ(c.FindStandardByArn(
                "arn:aws:securityhub:us-east-1::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
                kRegion),
            nullptr);
  EXPECT_EQ(c.FindStandardByArn(kFsbp, "eu-west-1"), nullptr) << "another Region's ARN";
  int defaults = 0;
  for (const StandardDefinition& s : c.standards()) defaults += s.enabled_by_default;
  EXPECT_EQ(defaults, 2);

  const ControlDefinition* acm1 = c.FindControl("ACM.1");
  ASSERT_NE(acm1, nullptr);
  EXPECT_EQ(acm1->RemediationUrl(), "https://docs.aws.amazon.com/console/securityhub/ACM.1/remediation");
  ASSERT_EQ(acm1->parameters.size(), 1u);
  EXPECT_EQ(acm1->parameters[0].name, "daysToExpiration");
  EXPECT_EQ(acm1->parameters[0].type, ParameterType::kInteger);
  EXPECT_EQ(*acm1->parameters[0].min, 14);
  EXPECT_EQ(acm1->parameters[0].default_value->integers, std::vector<int64_t>{30});
  // CIS 1.2.0 maps its requirement 1.1 to two controls.
  auto cis11 = c.ControlsWithId(*cis, "1.1");
  ASSERT_EQ(cis11.size(), 2u);
  EXPECT_EQ(cis11[0]->id, "CloudWatch.1");
  EXPECT_EQ(cis11[1]->id, "IAM.20");
  for (const ControlDefinition& d : c.controls()) {
    EXPECT_TRUE(d.severity == "LOW" || d.severity == "MEDIUM" || d.severity == "HIGH" ||
                d.severity == "CRITICAL") << d.id;
    EXPECT_FALSE(d.title.empty() || d.description.empty()) << d.id;
  }
  for (const StandardDefinition& s : c.standards()) {
    size_t n = 0;
    for (const ControlDefinition& d : c.controls()) n += d.In(s) != nullptr;
    EXPECT_GT(n, 0u) << s.id;
  }
}

TEST(CatalogueTest, RefusesBrokenData) {
  Catalogue c;
  EXPECT_NE(c.Parse("{}", "{\"controls\": []}"), "");
  Catalogue d;
  EXPECT_NE(d.Parse(R"({"standards": []})",
                    R"({"controls": [{"id": "X.1", "standards": [{"standard": "nope"}]}]})"),
            "");
}

class StandardsTest : public ::testing::TestWithParam<std::string> {
 public:
  void SetUp() override {
    store_ = NewTestStore(GetParam());
    ASSERT_NE(store_, nullptr);
    Rebuild(0);
  }
  // The modules with a transition delay of `delay` ms.
  void Rebuild(Millis delay) {
    hubs_ = std::make_unique<Hubs>(*store_, clock_);
    standards_ = std::make_unique<Standards>(*store_, clock_, StandardsOptions{delay});
    controls_ = std::make_unique<Controls>(*store_, clock_, StandardsOptions{delay});
  }
  void Enable(const std::string& account, bool defaults = true) {
    EnableHubInput input;
    input.enable_default_standards = defaults;
    ASSERT_TRUE(hubs_->EnableSecurityHub(As(account), input).ok());
  }
  // GetEnabledStandards as "ARN-tail:STATUS" entries.
  std::string Enabled(const std::string& account = A) {
    Page<StandardsSubscription> page;
    Status s = standards_->GetEnabledStandards(As(account), {}, {}, &page);
    if (!s.ok()) return ErrorCodeName(s.code());
    std::string out;
    for (const auto& sub : page.items) {
      // The version: the ARN after its last "/v/".
      out += (out.empty() ? "" : " ") + sub.standards_arn.substr(sub.standards_arn.rfind("/v/") + 3) +
             ":" + StandardsStatusName(sub.status) + (sub.controls_updatable ? "" : ":notready");
    }
    return out.empty() ? "-" : out;
  }
  Status EnableStandard(const std::string& arn, std::vector<StandardsSubscription>* out = nullptr) {
    std::vector<StandardsSubscription> ignored;
    return standards_->BatchEnableStandards(As(A), {{arn, {}}}, out ? out : &ignored);
  }
  Status DisableStandard(const std::string& arn, std::vector<StandardsSubscription>* out = nullptr) {
    std::vector<StandardsSubscription> ignored;
    return standards_->BatchDisableStandards(As(A), {arn}, out ? out : &ignored);
  }
  SecurityControl Control(const std::string& id) {
    std::vector<SecurityControl> out;
    std::vector<UnprocessedControl> unprocessed;
    EXPECT_TRUE(controls_->BatchGet(As(A), {id}, &out, &unprocessed).ok());
    EXPECT_EQ(out.size(), 1u);
    return out.empty() ? SecurityControl() : out[0];
  }

  FakeClock clock_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Hubs> hubs_;
  std::unique_ptr<Standards> standards_;
  std::unique_ptr<Controls> controls_;
};

TEST_P(StandardsTest, EnableSecurityHubEnablesTheDefaultStandardsUnlessAskedNotTo) {
  Enable(A);
  EXPECT_EQ(Enabled(A), "1.0.0:READY 1.2.0:READY");
  Page<StandardsSubscription> page;
  ASSERT_TRUE(standards_->GetEnabledStandards(As(A), {}, {}, &page).ok());
  EXPECT_EQ(page.items[0].subscription_arn, kFsbpSubscription);
  EXPECT_EQ(page.items[0].standards_arn, kFsbp);
  EXPECT_EQ(page.items[1].subscription_arn, kCisSubscription);
  EXPECT_EQ(page.items[1].standards_arn, kCis12);
  Enable(B, /*defaults=*/false);
  EXPECT_EQ(Enabled(B), "-");
  EXPECT_EQ(Enabled(M), "InvalidAccessException") << "no hub";
}

TEST_P(StandardsTest, BatchEnableAnswersPendingAndEveryLaterReadSeesReady) {
  Enable(A, false);
  std::vector<StandardsSubscription> out;
  ASSERT_TRUE(EnableStandard(kPci, &out).ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].subscription_arn, kPciSubscription);
  EXPECT_EQ(out[0].status, StandardsStatus::kPending);
  EXPECT_FALSE(out[0].controls_updatable);
  EXPECT_EQ(Enabled(), "3.2.1:READY");
  // Enabling it again answers it as it is (decision 53).
  ASSERT_TRUE(EnableStandard(kPci, &out).ok());
  EXPECT_EQ(out[0].status, StandardsStatus::kReady);
  ASSERT_TRUE(DisableStandard(kPciSubscription, &out).ok());
  EXPECT_EQ(out[0].status, StandardsStatus::kDeleting);
  EXPECT_EQ(Enabled(), "-");
}

TEST_P(StandardsTest, WithADelayStatusesMoveWithTheClockAndReadsChangeNothing) {
  Rebuild(1000);
  Enable(A, false);
  ASSERT_TRUE(EnableStandard(kPci).ok());
  clock_.Advance(999);
  EXPECT_EQ(Enabled(), "3.2.1:PENDING:notready");
  Page<StandardsControl> controls;
  ASSERT_TRUE(standards_->DescribeStandardsControls(As(A), kPciSubscription, {}, &controls).ok());
  EXPECT_TRUE(controls.items.empty()) << "[M]: none while not ready for updates";
  Status s = DisableStandard(kPciSubscription);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(s.message(), std::string("StandardsSubscription(s) in state PENDING, please try later: [\"") +
                             kPciSubscription + "\"]");
  clock_.Advance(1);
  EXPECT_EQ(Enabled(), "3.2.1:READY");
  ASSERT_TRUE(DisableStandard(kPciSubscription).ok());
  clock_.Advance(500);
  EXPECT_EQ(Enabled(), "3.2.1:DELETING:notready");
  s = EnableStandard(kPci);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  EXPECT_NE(s.message().find("in state DELETING, please try later"), std::string::npos);
  clock_.Advance(500);
  EXPECT_EQ(Enabled(), "-");
  ASSERT_TRUE(EnableStandard(kPci).ok()) << "gone: it may be enabled again";
}

TEST_P(StandardsTest, BadBatchesFailAsAWholeAndChangeNothing) {
  Enable(A, false);
  const std::string bad = "arn:aws:securityhub:us-east-1::arn:aws:securityhub:::standards/x";
  std::vector<StandardsSubscription> out;
  Status s = standards_->BatchEnableStandards(As(A), {{kPci, {}}, {bad, {}}}, &out);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(s.message(), "Invalid StandardsSubscriptionRequest(s): [{\"StandardsArn\":\"" + bad + "\"}]");
  EXPECT_EQ(Enabled(), "-");
  // Another Region's ARN, a service-managed standard.
  EXPECT_EQ(EnableStandard("arn:aws:securityhub:eu-west-1::standards/pci-dss/v/3.2.1").code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(EnableStandard("arn:aws:securityhub:us-east-1::standards/"
                           "service-managed-aws-control-tower/v/1.0.0").code(),
            ErrorCode::kInvalidInput);
  std::vector<StandardsSubscriptionRequest> many(26, {kPci, {}});
  EXPECT_EQ(standards_->BatchEnableStandards(As(A), many, &out).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(Enabled(), "-");
  // Another account's subscription, one not enabled.
  Enable(B);
  const std::string theirs = std::string(kFsbpSubscription).replace(26, 12, B);
  s = DisableStandard(theirs);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(s.message(), "Invalid StandardsSubscriptionArn(s): [\"" + theirs + "\"]");
  EXPECT_EQ(DisableStandard(kPciSubscription).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(Enabled(B), "1.0.0:READY 1.2.0:READY");
}

TEST_P(StandardsTest, DescribeStandardsListsTheCatalogueInPages) {
  Enable(A);
  Page<StandardSummary> page;
  ASSERT_TRUE(standards_->DescribeStandards(As(A), {4, ""}, &page).ok());
  ASSERT_EQ(page.items.size(), 4u);
  std::vector<std::string> arns;
  for (PageRequest next{4, ""};;) {
    ASSERT_TRUE(standards_->DescribeStandards(As(A), next, &page).ok());
    for (const auto& s : page.items) arns.push_back(s.arn);
    if (page.next_after.empty()) break;
    next.after = page.next_after;
  }
  EXPECT_EQ(arns.size(), 11u);
  EXPECT_NE(std::find(arns.begin(), arns.end(), kCis12), arns.end());
  EXPECT_NE(std::find(arns.begin(), arns.end(), kFsbp), arns.end());
}

TEST_P(StandardsTest, StandardsControlsCanBeDisabledWithAReason) {
  Enable(A);
  Page<StandardsControl> page;
  ASSERT_TRUE(standards_->DescribeStandardsControls(As(A), kCisSubscription, {100, ""}, &page).ok());
  ASSERT_GE(page.items.size(), 40u);
  EXPECT_EQ(page.items[0].control_id, "1.1") << "natural order";
  EXPECT_EQ(page.items[1].control_id, "1.2");
  const std::string arn = page.items[0].arn;
  EXPECT_EQ(arn, "arn:aws:securityhub:us-east-1:111111111111:control/cis-aws-foundations-benchmark/v/1.2.0/1.1");
  EXPECT_TRUE(page.items[0].enabled);

  Status s = standards_->UpdateStandardsControl(As(A), arn, false, std::nullopt);
  EXPECT_EQ(s.code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(standards_->UpdateStandardsControl(As(A), arn, false, std::string(" ")).code(),
            ErrorCode::kInvalidInput);
  clock_.Advance(10);
  ASSERT_TRUE(standards_->UpdateStandardsControl(As(A), arn, false, std::string("not used")).ok());
  ASSERT_TRUE(standards_->DescribeStandardsControls(As(A), kCisSubscription, {1, ""}, &page).ok());
  EXPECT_FALSE(page.items[0].enabled);
  EXPECT_EQ(page.items[0].disabled_reason, "not used");
  EXPECT_EQ(page.items[0].status_updated_at, clock_.NowMillis());
  EXPECT_EQ(page.next_after, "1.1");
  // Both security controls behind CIS 1.1 are disabled in that standard, and only there.
  EXPECT_FALSE(Control("IAM.20").enabled);
  EXPECT_FALSE(Control("CloudWatch.1").enabled);
  // Enabling needs no reason (Terraform sends an empty one).
  ASSERT_TRUE(standards_->UpdateStandardsControl(As(A), arn, true, std::string("")).ok());
  EXPECT_TRUE(Control("IAM.20").enabled);

  const std::string standards_arn = "arn:aws:securityhub:us-east-1::standards/nist-800-53/v/5.0.0/S3.11";
  s = standards_->UpdateStandardsControl(As(A), standards_arn, false, std::string("x"));
  EXPECT_EQ(s.code(), ErrorCode::kAccessDenied);
  EXPECT_EQ(s.message(), "Account id 111111111111 is not authorized to perform action on resource: " +
                             standards_arn);
  EXPECT_EQ(standards_->UpdateStandardsControl(As(A), arn + "9", true, std::nullopt).code(),
            ErrorCode::kResourceNotFound);
  EXPECT_EQ(standards_->DescribeStandardsControls(As(A), kPciSubscription, {}, &page).code(),
            ErrorCode::kResourceNotFound);
}

TEST_P(StandardsTest, DisablingAStandardForgetsItsControlSettings) {
  Enable(A);
  const std::string arn =
      "arn:aws:securityhub:us-east-1:111111111111:control/aws-foundational-security-best-practices/v/1.0.0/S3.1";
  ASSERT_TRUE(standards_->UpdateStandardsControl(As(A), arn, false, std::string("r")).ok());
  EXPECT_FALSE(Control("S3.1").enabled);
  ASSERT_TRUE(DisableStandard(kFsbpSubscription).ok());
  EXPECT_FALSE(Control("S3.1").enabled) << "in no enabled standard";
  ASSERT_TRUE(EnableStandard(kFsbp).ok());
  EXPECT_TRUE(Control("S3.1").enabled) << "[UG]: enabled again with the standard";
}

TEST_P(StandardsTest, SecurityControlParameters) {
  Enable(A);
  SecurityControl acm = Control("ACM.1");
  EXPECT_EQ(acm.arn, "arn:aws:securityhub:us-east-1:111111111111:security-control/ACM.1");
  ASSERT_EQ(acm.parameters.count("daysToExpiration"), 1u);
  EXPECT_FALSE(acm.parameters["daysToExpiration"].custom);
  EXPECT_EQ(acm.parameters["daysToExpiration"].value->integers, std::vector<int64_t>{30});

  auto integer = [](int64_t v) {
    ParameterValue p;
    p.type = ParameterType::kInteger;
    p.integers = {v};
    return ParameterSetting{true, p};
  };
  ASSERT_TRUE(controls_->Update(As(A), "ACM.1", {{"daysToExpiration", integer(45)}},
                                std::string("team policy")).ok());
  acm = Control("arn:aws:securityhub:us-east-1:111111111111:security-control/ACM.1");
  EXPECT_TRUE(acm.parameters["daysToExpiration"].custom);
  EXPECT_EQ(acm.parameters["daysToExpiration"].value->integers, std::vector<int64_t>{45});
  EXPECT_EQ(acm.last_update_reason, "team policy");

  // Refused, changing nothing: out of bounds, wrong type, unknown name, no value, no parameters.
  EXPECT_EQ(controls_->Update(As(A), "ACM.1", {{"daysToExpiration", integer(13)}}, {}).code(),
            ErrorCode::kInvalidInput);
  ParameterValue text;
  text.type = ParameterType::kString;
  text.strings = {"30"};
  EXPECT_EQ(controls_->Update(As(A), "ACM.1", {{"daysToExpiration", {true, text}}}, {}).code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(controls_->Update(As(A), "ACM.1", {{"days", integer(30)}}, {}).code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(controls_->Update(As(A), "ACM.1", {{"daysToExpiration", {true, std::nullopt}}}, {}).code(),
            ErrorCode::kInvalidInput);
  EXPECT_EQ(controls_->Update(As(A), "S3.1", {{"x", integer(1)}}, {}).code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(controls_->Update(As(A), "Nope.1", {{"x", integer(1)}}, {}).code(),
            ErrorCode::kResourceNotFound);
  EXPECT_EQ(Control("ACM.1").parameters["daysToExpiration"].value->integers, std::vector<int64_t>{45});

  ParameterValue enums;
  enums.type = ParameterType::kEnum;
  enums.strings = {"7"};
  EXPECT_EQ(controls_->Update(As(A), "CloudWatch.16", {{"minRetentionTime", {true, enums}}}, {}).code(),
            ErrorCode::kInvalidInput);
  enums.strings = {"400"};
  EXPECT_TRUE(controls_->Update(As(A), "CloudWatch.16", {{"minRetentionTime", {true, enums}}}, {}).ok());
  // DEFAULT goes back to the default value.
  ASSERT_TRUE(controls_->Update(As(A), "ACM.1", {{"daysToExpiration", {false, std::nullopt}}}, {}).ok());
  EXPECT_FALSE(Control("ACM.1").parameters["daysToExpiration"].custom);

  std::vector<SecurityControl> out;
  std::vector<UnprocessedControl> unprocessed;
  ASSERT_TRUE(controls_->BatchGet(As(A), {"S3.1", "Nope.9"}, &out, &unprocessed).ok());
  ASSERT_EQ(unprocessed.size(), 1u);
  EXPECT_EQ(unprocessed[0].control, "Nope.9");
  EXPECT_EQ(unprocessed[0].error_code, "RESOURCE_NOT_FOUND");
}

TEST_P(StandardsTest, AssociationsFollowTheEnabledStandards) {
  Enable(A);
  Page<ControlAssociation> page;
  ASSERT_TRUE(controls_->ListAssociations(As(A), "IAM.1", {}, &page).ok());
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].standards_arn, kCis12);
  EXPECT_EQ(page.items[0].standards_control_arns,
            std::vector<std::string>{"arn:aws:securityhub:us-east-1:111111111111:control/"
                                     "cis-aws-foundations-benchmark/v/1.2.0/1.22"});
  EXPECT_EQ(page.items[1].standards_arn, kFsbp);
  EXPECT_EQ(controls_->ListAssociations(As(A), "Nope.1", {}, &page).code(), ErrorCode::kInvalidInput);

  std::vector<UnprocessedAssociationUpdate> failed;
  ASSERT_TRUE(controls_->BatchUpdateAssociations(
      As(A),
      {{{"IAM.1", kFsbp}, false, std::nullopt},
       {{"IAM.1", kPci}, false, std::string("r")},
       {{"IAM.1", kCis12}, false, std::string("covered elsewhere")}},
      &failed).ok());
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[0].error_code, "INVALID_INPUT");
  EXPECT_EQ(failed[1].error_code, "RESOURCE_NOT_FOUND");

  std::vector<ControlAssociation> found;
  std::vector<UnprocessedAssociation> missing;
  ASSERT_TRUE(controls_->BatchGetAssociations(As(A), {{"IAM.1", kCis12}, {"IAM.1", kFsbp}, {"IAM.1", kPci}},
                                              &found, &missing).ok());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_FALSE(found[0].enabled);
  EXPECT_EQ(found[0].updated_reason, "covered elsewhere");
  EXPECT_TRUE(found[1].enabled);
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_EQ(missing[0].error_code, "RESOURCE_NOT_FOUND");
  EXPECT_TRUE(Control("IAM.1").enabled) << "still enabled in FSBP";

  ASSERT_TRUE(DisableStandard(kFsbpSubscription).ok());
  ASSERT_TRUE(controls_->ListAssociations(As(A), "IAM.1", {}, &page).ok());
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_FALSE(Control("IAM.1").enabled);
}

TEST_P(StandardsTest, ControlDefinitions) {
  Enable(A);
  Page<const ControlDefinition*> page;
  ASSERT_TRUE(controls_->ListDefinitions(As(A), std::string(kCis12), {100, ""}, &page).ok());
  EXPECT_EQ(page.items.size(), 44u);
  EXPECT_TRUE(page.next_after.empty());
  ASSERT_TRUE(controls_->ListDefinitions(As(A), std::nullopt, {25, ""}, &page).ok());
  EXPECT_EQ(page.items.size(), 25u);
  EXPECT_EQ(page.items[0]->id, "ACM.1");
  EXPECT_EQ(page.next_after, page.items.back()->id);
  EXPECT_EQ(controls_->ListDefinitions(As(A), std::string("arn:nope"), {}, &page).code(),
            ErrorCode::kInvalidInput);
  const ControlDefinition* d = nullptr;
  ASSERT_TRUE(controls_->GetDefinition(As(A), "CloudTrail.1", &d).ok());
  EXPECT_EQ(d->id, "CloudTrail.1");
  EXPECT_EQ(controls_->GetDefinition(As(A), "arn:aws:securityhub:us-east-1:111111111111:security-control/CloudTrail.1", &d).code(),
            ErrorCode::kResourceNotFound) << "[M]: an id, not an ARN";
}

TEST_P(StandardsTest, DisableSecurityHubDropsStandardsAndSettings) {
  Enable(A);
  ParameterValue v;
  v.type = ParameterType::kInteger;
  v.integers = {60};
  ASSERT_TRUE(controls_->Update(As(A), "ACM.1", {{"daysToExpiration", {true, v}}}, {}).ok());
  ASSERT_TRUE(hubs_->DisableSecurityHub(As(A)).ok());
  store_->Run(Store::Access::kRead, [](StoreTransaction& tx) {
    EXPECT_TRUE(tx.standards().AllSubscriptions().empty());
    EXPECT_TRUE(tx.standards().AllControls().empty());
    return Status::OK();
  });
  Enable(A, false);
  EXPECT_EQ(Enabled(), "-");
  EXPECT_FALSE(Control("ACM.1").parameters["daysToExpiration"].custom);
}

TEST_P(StandardsTest, OrganizationMembersGetTheDefaultStandardsWhenConfigured) {
  Organizations organizations(*store_, clock_);
  ASSERT_TRUE(organizations.Seed({M, {A, B}, {}, {}}).ok());
  ASSERT_TRUE(organizations.EnableAdminAccount(As(M), A).ok());
  EXPECT_EQ(Enabled(A), "1.0.0:READY 1.2.0:READY") << "the administrator's new hub";
  ASSERT_TRUE(organizations.UpdateConfiguration(As(A), {true, AutoEnableStandards::kNone, {}}).ok());
  std::vector<std::string> regions;
  ASSERT_TRUE(organizations.AddAccount("333333333333", &regions).ok());
  EXPECT_EQ(Enabled("333333333333"), "-");
  ASSERT_TRUE(organizations.UpdateConfiguration(As(A), {true, AutoEnableStandards::kDefault, {}}).ok());
  ASSERT_TRUE(organizations.AddAccount("444444444444", &regions).ok());
  EXPECT_EQ(Enabled("444444444444"), "1.0.0:READY 1.2.0:READY");
}

TEST_P(StandardsTest, ConfigurationStepsEnableExactlyTheGivenStandardsAndControls) {
  Enable(A);
  ASSERT_TRUE(EnableStandard(kPci).ok());
  EXPECT_EQ(standards_->CheckStandards(kRegion, {kFsbp, "arn:nope"}).code(), ErrorCode::kInvalidInput);
  ControlsConfiguration config;
  config.disabled_controls = std::vector<std::string>{"IAM.1", "S3.1"};
  ParameterValue v;
  v.type = ParameterType::kInteger;
  v.integers = {90};
  config.parameters["ACM.1"]["daysToExpiration"] = {true, v};
  ASSERT_TRUE(controls_->CheckControls(config).ok());
  ControlsConfiguration both = config;
  both.enabled_controls = std::vector<std::string>{};
  EXPECT_EQ(controls_->CheckControls(both).code(), ErrorCode::kInvalidInput);
  ControlsConfiguration unknown = config;
  unknown.disabled_controls->push_back("Nope.1");
  EXPECT_EQ(controls_->CheckControls(unknown).code(), ErrorCode::kInvalidInput);

  Status s = store_->Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    Status r = standards_->ApplyStandards(tx, As(A), {kFsbp, kPci});
    if (r.ok()) r = controls_->ApplyControls(tx, As(A), config, "policy");
    return r;
  });
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_EQ(Enabled(), "1.0.0:READY 3.2.1:READY");
  EXPECT_FALSE(Control("IAM.1").enabled);
  EXPECT_FALSE(Control("S3.1").enabled);
  EXPECT_TRUE(Control("EC2.2").enabled);
  EXPECT_EQ(Control("ACM.1").parameters["daysToExpiration"].value->integers, std::vector<int64_t>{90});
  // Enabled-list form: everything else is disabled.
  ControlsConfiguration only;
  only.enabled_controls = std::vector<std::string>{"EC2.2"};
  ASSERT_TRUE(store_->Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    return controls_->ApplyControls(tx, As(A), only, "policy");
  }).ok());
  EXPECT_TRUE(Control("EC2.2").enabled);
  EXPECT_FALSE(Control("ACM.1").enabled);
  // A step for an account without a hub fails.
  EXPECT_EQ(store_->Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    return standards_->ApplyStandards(tx, As(B), {kFsbp});
  }).code(), ErrorCode::kInvalidAccess);
}

TEST_P(StandardsTest, TheStorePartRoundTrips) {
  StandardsSubscriptionRecord sub{kRegion, A, "standards/pci-dss/v/3.2.1", {{"k", "v"}}, 5, true, "INTERNAL_ERROR"};
  ControlAssociationRecord assoc{kRegion, A, "standards/pci-dss/v/3.2.1", "S3.1", false, "why", 7};
  SecurityControlRecord control;
  control.region = kRegion;
  control.account_id = A;
  control.control_id = "EC2.18";
  ParameterValue ports;
  ports.type = ParameterType::kIntegerList;
  ports.integers = {22, 443};
  ParameterValue flag;
  flag.type = ParameterType::kBoolean;
  flag.boolean = true;
  ParameterValue names;
  names.type = ParameterType::kStringList;
  names.strings = {"a", "b\"c"};
  ParameterValue number;
  number.type = ParameterType::kDouble;
  number.number = 1.5;
  control.parameters = {{"ports", ports}, {"flag", flag}, {"names", names}, {"number", number}};
  control.last_update_reason = "r";
  control.updated_at = 9;
  ASSERT_TRUE(store_->Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    tx.standards().PutSubscription(sub);
    tx.standards().PutAssociation(assoc);
    tx.standards().PutControl(control);
    return Status::OK();
  }).ok());
  store_->Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    auto subs = tx.standards().Subscriptions(kRegion, A);
    EXPECT_EQ(subs.size(), 1u);
    EXPECT_EQ(subs[0].standards_input, sub.standards_input);
    EXPECT_TRUE(subs[0].deleting);
    EXPECT_EQ(subs[0].status_reason, "INTERNAL_ERROR");
    auto assocs = tx.standards().Associations(kRegion, A);
    EXPECT_EQ(assocs.size(), 1u);
    EXPECT_EQ(assocs[0].updated_reason, "why");
    auto found = tx.standards().FindControl(kRegion, A, "EC2.18");
    EXPECT_TRUE(found.has_value());
    if (found) {
      EXPECT_EQ(found->parameters, control.parameters);
    }
    EXPECT_TRUE(tx.standards().Subscriptions(kRegion, B).empty());
    return Status::OK();
  });
  ASSERT_TRUE(store_->Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    tx.standards().DeleteAssociations(kRegion, A, "standards/pci-dss/v/3.2.1");
    tx.standards().DeleteControl(kRegion, A, "EC2.18");
    tx.standards().DeleteSubscription(kRegion, A, "standards/pci-dss/v/3.2.1");
    return Status::OK();
  }).ok());
  store_->Run(Store::Access::kRead, [&](StoreTransaction& tx) {
    EXPECT_TRUE(tx.standards().AllSubscriptions().empty());
    EXPECT_TRUE(tx.standards().AllAssociations().empty());
    EXPECT_TRUE(tx.standards().AllControls().empty());
    return Status::OK();
  });
}

TEST_P(StandardsTest, FixturesSeedSubscriptionsAssociationsAndParameters) {
  Enable(A, false);
  const std::string pci = "standards/pci-dss/v/3.2.1";
  StandardsSubscriptionRecord incomplete{kRegion, A, pci, {}, 0, false, "NO_AVAILABLE_CONFIGURATION_RECORDER"};
  ControlAssociationRecord off{kRegion, A, pci, "IAM.1", false, "seeded", 0};
  ASSERT_TRUE(standards_->Seed({incomplete}, {off}).ok());
  Page<StandardsSubscription> page;
  ASSERT_TRUE(standards_->GetEnabledStandards(As(A), {}, {}, &page).ok());
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].status, StandardsStatus::kIncomplete);
  EXPECT_EQ(page.items[0].status_reason, "NO_AVAILABLE_CONFIGURATION_RECORDER");
  EXPECT_FALSE(Control("IAM.1").enabled);

  // Refused, changing nothing: no hub, an unknown standard, a control not in it, a standard not
  // enabled, a bad reason code, an invalid parameter.
  StandardsSubscriptionRecord no_hub = incomplete;
  no_hub.account_id = B;
  EXPECT_EQ(standards_->Seed({no_hub}, {}).code(), ErrorCode::kInvalidInput);
  StandardsSubscriptionRecord unknown = incomplete;
  unknown.standard_id = "standards/nope/v/1";
  EXPECT_EQ(standards_->Seed({unknown}, {}).code(), ErrorCode::kInvalidInput);
  ControlAssociationRecord stranger = off;
  stranger.control_id = "ACM.1";  // not in PCI DSS 3.2.1
  EXPECT_EQ(standards_->Seed({}, {stranger}).code(), ErrorCode::kInvalidInput);
  ControlAssociationRecord not_enabled = off;
  not_enabled.standard_id = "standards/aws-foundational-security-best-practices/v/1.0.0";
  EXPECT_EQ(standards_->Seed({}, {not_enabled}).code(), ErrorCode::kInvalidInput);
  StandardsSubscriptionRecord bad_reason = incomplete;
  bad_reason.status_reason = "BROKEN";
  EXPECT_EQ(standards_->Seed({bad_reason}, {}).code(), ErrorCode::kInvalidInput);
  SecurityControlRecord control;
  control.region = kRegion;
  control.account_id = A;
  control.control_id = "ACM.1";
  ParameterValue v;
  v.type = ParameterType::kInteger;
  v.integers = {400};
  control.parameters["daysToExpiration"] = v;
  EXPECT_EQ(controls_->Seed({control}).code(), ErrorCode::kInvalidInput);
  control.parameters["daysToExpiration"].integers = {60};
  ASSERT_TRUE(controls_->Seed({control}).ok());
  EXPECT_EQ(Control("ACM.1").parameters["daysToExpiration"].value->integers, std::vector<int64_t>{60});
}

INSTANTIATE_TEST_SUITE_P(Stores, StandardsTest, ::testing::Values("memory", "sqlite"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace shmock
