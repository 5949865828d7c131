// Aggregation: what cross-Region aggregation means inside a transaction, for the modules that
// act on it (the findings module's view; central configuration's "home and linked Regions"),
// so none of them includes the aggregator module (aggregator.h). Internal to server/domain/.
#ifndef SHMOCK_DOMAIN_AGGREGATION_H_
#define SHMOCK_DOMAIN_AGGREGATION_H_

#include <optional>
#include <string>
#include <vector>

#include "shmock/store.h"

namespace shmock {

// The Regions the mock knows: the commercial partition's Security Hub Regions (decision 60),
// in name order. The one list a linked Region is checked against and ALL_REGIONS expands to.
const std::vector<std::string>& KnownRegions();
bool IsKnownRegion(const std::string& region);

// An account's aggregation: its home Region and the Regions linked to it (never the home
// Region itself), in name order.
struct Aggregation {
  std::string home_region;
  std::vector<std::string> linked_regions;
};
// The Regions `linking_mode` with `regions` links to `home_region`.
std::vector<std::string> LinkedRegions(const std::string& home_region,
                                       const std::string& linking_mode,
                                       const std::vector<std::string>& regions);
// The account's aggregation, if it has an aggregator.
std::optional<Aggregation> AggregationOf(StoreTransaction& tx, const std::string& account_id);

}  // namespace shmock

#endif  // SHMOCK_DOMAIN_AGGREGATION_H_
