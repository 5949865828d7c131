// Insights: saved finding filters with a grouping attribute, and their results counted over the
// caller's view of findings (CreateInsight, GetInsights, UpdateInsight, DeleteInsight,
// GetInsightResults). Rules and sources: behavior.md §14 (decisions 85-89), Appendix A.9.
//
// A custom insight belongs to the account that created it, in its Region; no other account
// sees it, an administrator's members included. The managed insights are AWS's: built into the
// binary (insight_catalogue_data.cc), the same for every account, never changed. An insight's
// results are counted over the findings its owner sees at the time of the call, through the
// same view GetFindings reads (finding_documents.h, ViewOf): an administrator's insight counts
// its Enabled members' findings, and stops counting them the moment the relationship ends. Its
// filters are the filter language's (finding_filter.h), checked by the same parser. No HTTP, no
// SQL; each call is one store transaction.
#ifndef SHMOCK_INSIGHTS_H_
#define SHMOCK_INSIGHTS_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "shmock/clock.h"
#include "shmock/page.h"
#include "shmock/records.h"
#include "shmock/status.h"

namespace shmock {

class Store;

// The User Guide's quotas (securityhub_limits): custom insights per account per Region, and the
// values one GetInsightResults answers with.
inline constexpr size_t kMaxCustomInsights = 100;
inline constexpr size_t kMaxInsightResultValues = 100;
// Ours (decision 87): InsightArns one GetInsights call may name, more than an account holds.
inline constexpr size_t kMaxInsightArns = 200;

// An insight as GetInsights answers it.
struct InsightView {
  std::string arn;
  std::string name;
  nlohmann::json filters;  // AwsSecurityFindingFilters
  std::string group_by_attribute;
};

struct InsightResultsView {
  std::string arn;
  std::string group_by_attribute;
  // (GroupByAttributeValue, Count): Count descending, then value ascending; at most 100.
  std::vector<std::pair<std::string, int64_t>> values;
};

// What UpdateInsight changes: each member that is set.
struct InsightUpdate {
  std::optional<std::string> name;
  std::optional<nlohmann::json> filters;
  std::optional<std::string> group_by_attribute;
};

// A custom insight as a fixture gives it (behavior.md §8.1): the owner, and the rest as
// CreateInsight takes it; `id` empty for a new one, `created_at` 0 for the load time.
struct InsightSeed {
  std::string region;
  std::string account_id;
  std::string id;
  std::string name;
  nlohmann::json filters;
  std::string group_by_attribute;
  Millis created_at = 0;
};

class Insights {
 public:
  Insights(Store& store, Clock& clock) : store_(store), clock_(clock) {}

  // InvalidInput for filters the filter language refuses or a GroupByAttribute insights cannot
  // group by (decision 86); LimitExceeded for the 101st custom insight of the account.
  Status CreateInsight(const Caller& caller, const std::string& name, const nlohmann::json& filters,
                       const std::string& group_by_attribute, std::string* arn);
  // Without `arns`: the caller's custom insights, oldest first, a page at a time (page keys
  // "<created_at>:<id>"). With them: those insights, managed ones included, in the order
  // named, each once (page keys: the index of the last one answered). ResourceNotFound when
  // one is not an insight the caller has (decision 87).
  Status GetInsights(const Caller& caller, const std::optional<std::vector<std::string>>& arns,
                     const PageRequest& page, Page<InsightView>* out);
  // Replaces the members `update` sets (checked as CreateInsight checks them). A managed
  // insight: InvalidInput (decision 88); unknown: ResourceNotFound.
  Status UpdateInsight(const Caller& caller, const std::string& arn, const InsightUpdate& update);
  Status DeleteInsight(const Caller& caller, const std::string& arn);
  // Counts per value of the insight's GroupByAttribute over the findings in the caller's view
  // that match its filters (decision 89).
  Status GetInsightResults(const Caller& caller, const std::string& arn, InsightResultsView* out);

  // Fixtures: stores each insight, replacing one with the same id. All or nothing:
  // InvalidInput for the first one that CreateInsight would refuse, `*refused` its index.
  Status Seed(const std::vector<InsightSeed>& insights, size_t* refused);
  // Seed's checks alone, so a fixture can be refused before any of it is written.
  Status CheckSeed(const std::vector<InsightSeed>& insights, size_t* refused);

  // arn:aws:securityhub:<region>:<account>:insight/<account>/custom/<id>
  static std::string CustomArn(const std::string& region, const std::string& account_id,
                               const std::string& id);

 private:
  Store& store_;
  Clock& clock_;
};

}  // namespace shmock

#endif  // SHMOCK_INSIGHTS_H_
