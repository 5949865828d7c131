#include "aggregation.h"

#include <algorithm>

namespace shmock {

// Decision 60: the aws partition's Regions where Security Hub has an endpoint (botocore's
// endpoints.json), in name order. Opt-in Regions are among them: the mock does not know which
// Regions an account opted into, and treats every one as enabled.
const std::vector<std::string>& KnownRegions() {
  static const std::vector<std::string> regions = {
      "af-south-1",     "ap-east-1",      "ap-east-2",      "ap-northeast-1", "ap-northeast-2",
      "ap-northeast-3", "ap-south-1",     "ap-south-2",     "ap-southeast-1", "ap-southeast-2",
      "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
      "ca-central-1",   "ca-west-1",      "eu-central-1",   "eu-central-2",   "eu-north-1",
      "eu-south-1",     "eu-south-2",     "eu-west-1",      "eu-west-2",      "eu-west-3",
      "il-central-1",   "me-central-1",   "me-south-1",     "mx-central-1",   "sa-east-1",
      "us-east-1",      "us-east-2",      "us-west-1",      "us-west-2"};
  return regions;
}

bool IsKnownRegion(const std::string& region) {
  const auto& known = KnownRegions();
  return std::binary_search(known.begin(), known.end(), region);
}

std::vector<std::string> LinkedRegions(const std::string& home_region,
                                       const std::string& linking_mode,
                                       const std::vector<std::string>& regions) {
  auto named = [&](const std::string& r) {
    return std::find(regions.begin(), regions.end(), r) != regions.end();
  };
  std::vector<std::string> linked;
  for (const std::string& r : KnownRegions()) {
    if (r == home_region) continue;
    const bool link = linking_mode == "ALL_REGIONS" ||
                      (linking_mode == "ALL_REGIONS_EXCEPT_SPECIFIED" && !named(r)) ||
                      (linking_mode == "SPECIFIED_REGIONS" && named(r));
    if (link) linked.push_back(r);
  }
  return linked;
}

std::optional<Aggregation> AggregationOf(StoreTransaction& tx, const std::string& account_id) {
  std::optional<AggregatorRecord> a = tx.aggregators().Find(account_id);
  if (!a) return std::nullopt;
  return Aggregation{a->home_region, LinkedRegions(a->home_region, a->linking_mode, a->regions)};
}

}  // namespace shmock
