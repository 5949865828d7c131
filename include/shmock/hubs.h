// Hubs: the hub lifecycle. Security Hub enabled, described, configured and disabled for the
// caller's account in the caller's Region (behavior.md decision 12, §3.2, §7).
//
// A domain module beside membership and organizations, over the same records and the same
// Store port; like them it knows nothing of HTTP, JSON or SQL, and every call runs in one store
// transaction, so it happens completely or changes nothing. Disabling reads what membership and
// the organization keep (server/domain/accounts.h), never those modules themselves. The gate
// every other operation that needs a hub passes, "the caller must have a hub", is RequireHub in
// accounts.h, so that membership, organizations, findings and standards share it.
#ifndef SHMOCK_HUBS_H_
#define SHMOCK_HUBS_H_

#include <map>
#include <optional>
#include <string>

#include "shmock/clock.h"
#include "shmock/records.h"
#include "shmock/status.h"

namespace shmock {

class Store;

struct EnableHubInput {
  std::map<std::string, std::string> tags;
  std::optional<std::string> control_finding_generator;
  // EnableDefaultStandards: [M] true unless set, the standards with EnabledByDefault (§16).
  bool enable_default_standards = true;
};

// UpdateSecurityHubConfiguration's input; an absent optional keeps the current value.
struct HubSettings {
  std::optional<bool> auto_enable_controls;
  std::optional<std::string> control_finding_generator;
};

class Hubs {
 public:
  Hubs(Store& store, Clock& clock) : store_(store), clock_(clock) {}

  // Conflict when the caller has a hub already. Enables the default standards unless the input
  // says not to (§16.2).
  Status EnableSecurityHub(const Caller& caller, const EnableHubInput& input);
  // Removes the caller's hub, its standards and control settings, and the relationships it
  // administers in the caller's Region. The
  // relationships in which it is the member stay as they are; its member views answer "hub
  // not enabled" until it enables Security Hub again, and then show them (decision 12).
  // ResourceNotFound without a hub; InvalidInput while it has Enabled members or is one, and
  // while it is its organization's delegated administrator in the Region (§2.4 O9).
  Status DisableSecurityHub(const Caller& caller);
  // The caller's hub; InvalidAccess without one. A `hub_arn`, if given, must be the caller's
  // own: InvalidInput if it is not a hub ARN or has an empty account field, InvalidAccess if
  // it names another account's or Region's hub.
  Status DescribeHub(const Caller& caller, const std::optional<std::string>& hub_arn, Hub* hub);
  // InvalidAccess without a hub.
  Status UpdateSecurityHubConfiguration(const Caller& caller, const HubSettings& settings);

  // arn:aws:securityhub:<region>:<account>:hub/default
  static std::string HubArn(const std::string& region, const std::string& account_id);

 private:
  Store& store_;
  Clock& clock_;
};

}  // namespace shmock

#endif  // SHMOCK_HUBS_H_
