// Faults without HTTP: how count and probability rules select calls (faults.h).
#include "shmock/faults.h"

#include <gtest/gtest.h>

namespace shmock {
namespace {

// The delay a decision applies, when its only effect is one.
int DelayOnly(const FaultDecision& d) {
  if (d.effects.size() != 1 || d.effects[0].kind != FaultEffect::Kind::kDelay) return -1;
  return d.effects[0].delay_ms;
}

TEST(Faults, NoRuleNoFault) {
  Faults faults({"ListMembers"}, /*seed=*/1);
  FaultDecision d = faults.Decide("ListMembers", "111111111111", "us-east-1");
  EXPECT_TRUE(d.effects.empty());
}

TEST(Faults, AProbabilityRuleAppliesToAboutThatShareOfCalls) {
  Faults faults({"ListMembers"}, /*seed=*/42);
  std::string stored;
  ASSERT_TRUE(faults.Arm(R"({"operation": "ListMembers", "probability": 0.25, "error": {"status": 500, "code": "InternalException"}})", &stored).ok());
  int applied = 0;
  const int kCalls = 4000;
  for (int i = 0; i < kCalls; ++i) {
    FaultDecision d = faults.Decide("ListMembers", "111111111111", "us-east-1");
    if (!d.effects.empty()) {
      ++applied;
      ASSERT_EQ(d.effects.size(), 1u);
      EXPECT_EQ(d.effects[0].kind, FaultEffect::Kind::kError);
      EXPECT_EQ(d.effects[0].error.status, 500);
      EXPECT_EQ(d.effects[0].error.message, "");  // no message given: an empty one
    }
  }
  // 4000 draws at p = 0.25: the mean is 1000, the standard deviation 27; 800..1200 is over 7 of them.
  EXPECT_GT(applied, 800);
  EXPECT_LT(applied, 1200);
  EXPECT_NE(faults.List().find("\"matched\":4000,\"applied\":" + std::to_string(applied)), std::string::npos)
      << faults.List();
}

TEST(Faults, ASpentCountNoLongerApplies) {
  Faults faults({"ListMembers"}, /*seed=*/1);
  std::string stored;
  ASSERT_TRUE(faults.Arm(R"({"operation": "*", "count": 2, "delayMs": 7})", &stored).ok());
  EXPECT_EQ(DelayOnly(faults.Decide("ListMembers", "1", "r")), 7);
  EXPECT_EQ(DelayOnly(faults.Decide("DescribeHub", "1", "r")), 7);
  EXPECT_TRUE(faults.Decide("ListMembers", "1", "r").effects.empty());
  faults.Clear();
  EXPECT_EQ(faults.List(), R"({"rules":[]})");
}

// A rule with both waits first, then answers its error: the effects come in that order, and the
// rule is listed as it was armed.
TEST(Faults, ADelayAndAnErrorApplyInThatOrder) {
  Faults faults({"ListMembers"}, /*seed=*/1);
  std::string stored;
  ASSERT_TRUE(faults.Arm(R"({"error": {"code": "ThrottlingException", "status": 400}, "delayMs": 30, "operation": "ListMembers", "count": 1})", &stored).ok());
  EXPECT_EQ(stored, R"({"id":"fault-1","operation":"ListMembers","count":1,"remaining":1,"delayMs":30,)"
                    R"("error":{"status":400,"code":"ThrottlingException","message":""},"matched":0,"applied":0})");
  const FaultDecision d = faults.Decide("ListMembers", "111111111111", "us-east-1");
  ASSERT_EQ(d.effects.size(), 2u);
  EXPECT_EQ(d.effects[0].kind, FaultEffect::Kind::kDelay);
  EXPECT_EQ(d.effects[0].delay_ms, 30);
  EXPECT_EQ(d.effects[1].kind, FaultEffect::Kind::kError);
  EXPECT_EQ(d.effects[1].error.code, "ThrottlingException");
}

}  // namespace
}  // namespace shmock
