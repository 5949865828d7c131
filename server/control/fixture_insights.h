// The "insights" part of the fixture format (fixtures.h), in a file of its own beside
// fixtures.cc: custom insights as an account created them. Internal to server/control/.
#ifndef SHMOCK_CONTROL_FIXTURE_INSIGHTS_H_
#define SHMOCK_CONTROL_FIXTURE_INSIGHTS_H_

#include <nlohmann/json.hpp>
#include <string>

#include "shmock/fixtures.h"

namespace shmock {

// Each entry: {"accountId", "region"?, "insightArn"?, "name", "filters"?, "groupByAttribute",
// "createdAt"?}. The filters and the attribute are checked when loaded (Insights::Seed); here
// the members and their types, and that an insightArn is the account's custom insight ARN.
Status ParseInsightsPart(const nlohmann::json& list, const std::string& default_region,
                         Fixture* fixture);
// "" without insights: the part is left out of the document.
std::string DumpInsightsPart(const Fixture& fixture);

}  // namespace shmock

#endif  // SHMOCK_CONTROL_FIXTURE_INSIGHTS_H_
