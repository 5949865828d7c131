// Faults without HTTP: how count and probability rules select calls (faults.h).
#include "shmock/faults.h"

#include <gtest/gtest.h>

namespace shmock {
namespace {

TEST(Faults, NoRuleNoFault) {
  Faults faults({"ListMembers"}, /*seed=*/1);
  FaultDecision d = faults.Decide("ListMembers", "111111111111", "us-east-1");
  EXPECT_EQ(d.delay_ms, 0);
  EXPECT_FALSE(d.error);
}

TEST(Faults, AProbabilityRuleAppliesToAboutThatShareOfCalls) {
  Faults faults({"ListMembers"}, /*seed=*/42);
  std::string stored;
  ASSERT_TRUE(faults.Arm(R"({"operation": "ListMembers", "probability": 0.25, "error": {"status": 500, "code": "InternalException"}})", &stored).ok());
  int applied = 0;
  const int kCalls = 4000;
  for (int i = 0; i < kCalls; ++i) {
    FaultDecision d = faults.Decide("ListMembers", "111111111111", "us-east-1");
    if (d.error) {
      ++applied;
      EXPECT_EQ(d.error->status, 500);
      EXPECT_EQ(d.error->message, "");  // no message given: an empty one
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
  EXPECT_EQ(faults.Decide("ListMembers", "1", "r").delay_ms, 7);
  EXPECT_EQ(faults.Decide("DescribeHub", "1", "r").delay_ms, 7);
  EXPECT_EQ(faults.Decide("ListMembers", "1", "r").delay_ms, 0);
  faults.Clear();
  EXPECT_EQ(faults.List(), R"({"rules":[]})");
}

}  // namespace
}  // namespace shmock
