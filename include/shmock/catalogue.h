// Catalogue: the standards and controls Security Hub offers, as AWS documents them (behavior.md
// §16.1). Read-only data, the same for every account and Region.
//
// The data is two JSON files in the repository (server/domain/catalogue/standards.json and
// controls.json, built from the public control reference; their README says how), made part of
// the binary by CMake as the web view's page is, and parsed on first use: a server that is never
// asked about standards never pays for them (start-up stays a few milliseconds). The domain's
// standards and controls modules read it; nothing writes it.
#ifndef SHMOCK_CATALOGUE_H_
#define SHMOCK_CATALOGUE_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shmock/clock.h"
#include "shmock/records.h"

namespace shmock {

// How long a standard stays PENDING after it is enabled and DELETING after it is disabled, as
// every read after the Batch* answer sees it (--standards-delay-ms; decision 51). The
// standards and controls modules (standards.h, controls.h) both take it.
struct StandardsOptions {
  Millis transition_delay = 0;
};

struct StandardDefinition {
  std::string key;          // this project's short name ("fsbp", "cis-1.2.0"), used by the data
  std::string id;           // the resource: "standards/pci-dss/v/3.2.1", "ruleset/cis-..."
  bool regional = true;     // the ARN names the Region (all but CIS 1.2.0)
  std::string name;
  std::string description;
  bool enabled_by_default = false;  // EnableSecurityHub's EnableDefaultStandards enables it
  std::string managed_by_company;
  std::string managed_by_product;
  // Created and removed by another service (AWS Control Tower): BatchEnableStandards and
  // BatchDisableStandards refuse it, and its controls start disabled.
  bool service_managed = false;

  // arn:aws:securityhub:<region>::<id>, or arn:aws:securityhub:::<id> when not regional.
  std::string Arn(const std::string& region) const;
  // The id without its first segment: "pci-dss/v/3.2.1", the path of subscription and control
  // ARNs (arn:aws:securityhub:<region>:<account>:subscription/<path>).
  std::string Path() const;
};

// A control parameter that UpdateSecurityControl may set: its type and what its values may be.
struct ParameterDefinition {
  std::string name;
  std::string description;
  ParameterType type = ParameterType::kString;
  std::optional<double> min;     // Integer, IntegerList, Double
  std::optional<double> max;
  std::optional<int> max_items;  // the list types
  std::vector<std::string> allowed_values;  // Enum, EnumList
  std::optional<ParameterValue> default_value;
};

// A control's place in one standard: the id the standard gives it (its own numbering for CIS
// and PCI DSS 3.2.1, the security control id for the others) and the requirements it maps to.
struct StandardMembership {
  const StandardDefinition* standard = nullptr;
  std::string control_id;
  std::vector<std::string> related_requirements;
};

struct ControlDefinition {
  std::string id;  // the security control id, "S3.1"
  std::string title;
  std::string description;
  std::string severity;  // LOW, MEDIUM, HIGH, CRITICAL
  std::vector<ParameterDefinition> parameters;
  std::vector<StandardMembership> standards;

  // https://docs.aws.amazon.com/console/securityhub/<id>/remediation
  std::string RemediationUrl() const;
  const ParameterDefinition* FindParameter(const std::string& name) const;
  const StandardMembership* In(const StandardDefinition& standard) const;
};

class Catalogue {
 public:
  Catalogue() = default;
  Catalogue(const Catalogue&) = delete;  // memberships point into standards_
  Catalogue& operator=(const Catalogue&) = delete;

  // The catalogue, parsed at the first call (thread-safe). A parse failure is a build defect:
  // it aborts with the reason, and the catalogue test catches it first.
  static const Catalogue& Get();

  const std::vector<StandardDefinition>& standards() const { return standards_; }
  // By service, then number: ACM.1, ACM.2, ..., APIGateway.1, ...
  const std::vector<ControlDefinition>& controls() const { return controls_; }

  const StandardDefinition* FindStandard(const std::string& id) const;
  // The standard whose ARN in `region` is `arn`, exactly as DescribeStandards shows it there.
  const StandardDefinition* FindStandardByArn(const std::string& arn,
                                              const std::string& region) const;
  const ControlDefinition* FindControl(const std::string& id) const;
  // The position of `id` in controls(), or controls().size() if there is none.
  size_t ControlIndex(const std::string& id) const;
  // The controls of `standard` with the same id in it (one, or two when a benchmark maps one of
  // its requirements to two controls, as CIS 1.2.0's 1.1).
  std::vector<const ControlDefinition*> ControlsWithId(const StandardDefinition& standard,
                                                       const std::string& control_id) const;

  // Parses the two documents; an empty string on success, else what is wrong.
  std::string Parse(const std::string& standards_json, const std::string& controls_json);

 private:
  std::vector<StandardDefinition> standards_;
  std::vector<ControlDefinition> controls_;
  std::map<std::string, size_t> control_index_;  // by security control id
};

}  // namespace shmock

#endif  // SHMOCK_CATALOGUE_H_
