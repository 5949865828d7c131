// Aggregators: the cross-Region finding aggregator (CreateFindingAggregator,
// GetFindingAggregator, UpdateFindingAggregator, DeleteFindingAggregator,
// ListFindingAggregators). Rules and sources: behavior.md §17 (decisions 60-64), Appendix A.12.
//
// An account has at most one aggregator. The Region it is created in is its home Region, which
// never changes; its RegionLinkingMode and Regions say which other Regions are linked to it.
// Its effect lives elsewhere, in one place: the findings module's view (the accounts and
// Regions whose findings a caller sees) reads the aggregation through
// server/domain/aggregation.h, which is also what central configuration asks ("which Regions
// does this administrator govern?"). Knows no HTTP and no SQL; each call is one transaction.
#ifndef SHMOCK_AGGREGATOR_H_
#define SHMOCK_AGGREGATOR_H_

#include <optional>
#include <string>
#include <vector>

#include "shmock/clock.h"
#include "shmock/records.h"
#include "shmock/status.h"
#include "shmock/store.h"

namespace shmock {

// What a call asks the aggregator to link: the mode and the Regions it names (absent: none).
struct AggregatorSettings {
  std::string linking_mode;
  std::optional<std::vector<std::string>> regions;
};

// An aggregator as Create, Get and Update answer it.
struct FindingAggregatorView {
  std::string arn;
  std::string home_region;  // FindingAggregationRegion
  std::string linking_mode;
  std::vector<std::string> regions;  // the Regions the mode names; empty: answered as absent
};

// arn:aws:securityhub:<home Region>:<account>:finding-aggregator/<id>
std::string FindingAggregatorArn(const AggregatorRecord& aggregator);

class Aggregators {
 public:
  Aggregators(Store& store, Clock& clock) : store_(store), clock_(clock) {}

  // Creates the caller's aggregator with the caller's Region as its home Region. InvalidAccess
  // without a hub; InvalidInput for settings that do not hold (decision 60), for a member
  // account, or when the account has an aggregator already (decision 62).
  Status Create(const Caller& caller, const AggregatorSettings& settings,
                FindingAggregatorView* out);
  // From any Region of the account (decision 61). ResourceNotFound unless `arn` is the ARN of
  // the caller's aggregator.
  Status Get(const Caller& caller, const std::string& arn, FindingAggregatorView* out);
  // Replaces the mode and the Regions; from the home Region only (InvalidInput elsewhere).
  Status Update(const Caller& caller, const std::string& arn, const AggregatorSettings& settings,
                FindingAggregatorView* out);
  // From the home Region only.
  Status Delete(const Caller& caller, const std::string& arn);
  // The caller's aggregator's ARN, if any, from any Region: at most one.
  Status List(const Caller& caller, std::vector<std::string>* arns);

  // Fixtures: each aggregator checked as Create checks it (its home Region standing in for the
  // caller's Region; no hub needed), then all written in one transaction. `*refused` is the
  // index of the first refused one (the size when none).
  Status Seed(std::vector<AggregatorRecord> aggregators, size_t* refused);

 private:
  Store& store_;
  Clock& clock_;
};

}  // namespace shmock

#endif  // SHMOCK_AGGREGATOR_H_
