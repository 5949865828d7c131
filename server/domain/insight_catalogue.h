// The managed insights AWS gives every account (insight_catalogue_data.cc). Internal to
// server/domain/; insights.cc answers them.
#ifndef SHMOCK_DOMAIN_INSIGHT_CATALOGUE_H_
#define SHMOCK_DOMAIN_INSIGHT_CATALOGUE_H_

#include <vector>

namespace shmock {

struct ManagedInsight {
  int number;                // arn:aws:securityhub:::insight/securityhub/default/<number>
  const char* name;
  const char* group_by_attribute;
  const char* filters;       // AwsSecurityFindingFilters as JSON text
};

// By number.
const std::vector<ManagedInsight>& ManagedInsights();

}  // namespace shmock

#endif  // SHMOCK_DOMAIN_INSIGHT_CATALOGUE_H_
