// Standards: the security standards an account enables in a Region, and the controls each
// shows (behavior.md §16, decisions 50-59).
//
// A domain module beside hubs, membership and organizations, over the same Store port; it
// knows nothing of HTTP, JSON or SQL. Every public call runs in one store transaction and needs
// the caller's hub (401 "not subscribed", decision 12). What standards exist comes from the
// catalogue (catalogue.h); what an account has enabled is the standards part of the store. The
// status a subscription shows is computed when it is read (decision 51): a BatchEnableStandards
// answer says PENDING and a BatchDisableStandards answer DELETING, as AWS's do; every read at
// least `transition_delay` later sees READY, or no subscription at all. Nothing changes on a
// read.
//
// Besides the API's operations, the module offers the steps that configure one account inside
// a caller's transaction (CheckStandards, ApplyStandards): a configuration policy (central
// configuration) enables exactly its standards through them rather than writing its own.
// The controls of the standards are controls.h; the state both read is
// server/domain/subscriptions.h.
#ifndef SHMOCK_STANDARDS_H_
#define SHMOCK_STANDARDS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shmock/catalogue.h"
#include "shmock/clock.h"
#include "shmock/page.h"
#include "shmock/records.h"
#include "shmock/status.h"

namespace shmock {

class Store;
class StoreTransaction;

// A standard as DescribeStandards lists it in the caller's Region.
struct StandardSummary {
  std::string arn;
  const StandardDefinition* definition = nullptr;
};

// A subscription as the Batch* answers and GetEnabledStandards show it.
struct StandardsSubscription {
  std::string subscription_arn;
  std::string standards_arn;
  std::map<std::string, std::string> standards_input;
  StandardsStatus status = StandardsStatus::kReady;
  bool controls_updatable = true;  // READY_FOR_UPDATES, else NOT_READY_FOR_UPDATES
  std::string status_reason;       // StandardsStatusReason.StatusReasonCode; empty: none
};

struct StandardsSubscriptionRequest {
  std::string standards_arn;
  std::map<std::string, std::string> standards_input;
};

// A control of one enabled standard, as DescribeStandardsControls shows it.
struct StandardsControl {
  std::string arn;         // arn:aws:securityhub:<region>:<account>:control/<path>/<control id>
  std::string control_id;  // the standard's own id for it ("2.7" in CIS 1.2.0)
  bool enabled = true;
  std::string disabled_reason;
  Millis status_updated_at = 0;
  const ControlDefinition* definition = nullptr;  // title, description, severity, remediation
  std::vector<std::string> related_requirements;
};

class Standards {
 public:
  Standards(Store& store, Clock& clock, StandardsOptions options = {})
      : store_(store), clock_(clock), options_(options) {}

  // The catalogue's standards, in its order, paged by position.
  Status DescribeStandards(const Caller& caller, const PageRequest& page,
                           Page<StandardSummary>* out);
  // Enables each standard (1 to 25, InvalidInput otherwise). Every ARN must be one that
  // DescribeStandards shows in the caller's Region and not a service-managed standard, else
  // the call fails as a whole, naming the requests at fault, and changes nothing. A standard
  // already enabled is answered as it is (decision 53); one still DELETING is refused.
  Status BatchEnableStandards(const Caller& caller,
                              const std::vector<StandardsSubscriptionRequest>& requests,
                              std::vector<StandardsSubscription>* out);
  // Disables each subscription (1 to 25): each must be one of the caller's own, live, and not
  // PENDING (refused with AWS's "please try later"), else the call fails as a whole.
  Status BatchDisableStandards(const Caller& caller,
                               const std::vector<std::string>& subscription_arns,
                               std::vector<StandardsSubscription>* out);
  // The caller's live subscriptions, or those of `subscription_arns` among them (0 to 25;
  // unknown ARNs are simply not listed), paged by standard id.
  Status GetEnabledStandards(const Caller& caller, const std::vector<std::string>& subscription_arns,
                             const PageRequest& page, Page<StandardsSubscription>* out);
  // The controls of one of the caller's subscriptions, paged by the standard's control id;
  // none while it is not ready for updates. ResourceNotFound for a subscription the caller does
  // not have.
  Status DescribeStandardsControls(const Caller& caller, const std::string& subscription_arn,
                                   const PageRequest& page, Page<StandardsControl>* out);
  // Enables or disables one control of one of the caller's subscriptions; disabling needs a
  // reason (an empty one is none). AccessDenied for an ARN that is not a control ARN of the
  // caller's account and Region; ResourceNotFound for a subscription or control it does not
  // have, or a subscription not ready for updates.
  Status UpdateStandardsControl(const Caller& caller, const std::string& control_arn, bool enable,
                                const std::optional<std::string>& disabled_reason);

  // --- Fixtures

  // Puts the subscriptions and control associations of a fixture (or a snapshot) in place, in
  // one transaction: each account needs its hub in the Region, each standard and control must
  // be in the catalogue (a control in its standard, a subscription for its standard); else
  // InvalidInput naming the entry, and nothing changes. A fixture's hub has the standards the
  // fixture lists, none by default: a fixture is a state, not an EnableSecurityHub call.
  Status Seed(const std::vector<StandardsSubscriptionRecord>& subscriptions,
              const std::vector<ControlAssociationRecord>& associations);

  // --- Steps that configure one account (central configuration), in the caller's transaction

  // OK when every ARN names a standard that DescribeStandards shows in `region` and that a
  // caller may enable; else InvalidInput naming the first that is not.
  Status CheckStandards(const std::string& region, const std::vector<std::string>& standards_arns) const;
  // Makes `standards_arns` (checked by CheckStandards) exactly the standards `account` has
  // enabled in its Region: enables those missing (PENDING, as BatchEnableStandards does),
  // disables the others (service-managed standards are left alone). The account needs a hub.
  Status ApplyStandards(StoreTransaction& tx, const Caller& account,
                        const std::vector<std::string>& standards_arns);

 private:
  Store& store_;
  Clock& clock_;
  StandardsOptions options_;
};

}  // namespace shmock

#endif  // SHMOCK_STANDARDS_H_
