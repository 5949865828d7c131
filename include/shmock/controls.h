// Controls: the security controls of the catalogue as one account sees them in one Region:
// their definitions, whether each is enabled in each enabled standard (its associations), and
// their parameters (behavior.md §16, decisions 50-59).
//
// A domain module beside standards.h, over the same state (server/domain/subscriptions.h): a
// control's associations exist only for the standards the account has enabled, so enabling or
// disabling a standard changes what every operation here reports. Every public call runs in
// one store transaction and needs the caller's hub. The steps that configure one account
// inside a caller's transaction (CheckControls, ApplyControls) are what a configuration policy
// (central configuration) uses to set control enablement and parameters.
#ifndef SHMOCK_CONTROLS_H_
#define SHMOCK_CONTROLS_H_

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

// A parameter as UpdateSecurityControl sets it and BatchGetSecurityControls shows it:
// ValueType CUSTOM with a value, or DEFAULT (the definition's default value, if it has one).
struct ParameterSetting {
  bool custom = false;
  std::optional<ParameterValue> value;
};
using ParameterSettings = std::map<std::string, ParameterSetting>;

// A security control as BatchGetSecurityControls shows it.
struct SecurityControl {
  std::string arn;  // arn:aws:securityhub:<region>:<account>:security-control/<id>
  const ControlDefinition* definition = nullptr;
  bool enabled = false;  // in at least one enabled standard
  ParameterSettings parameters;  // every parameter the definition has
  std::string last_update_reason;
};

struct UnprocessedControl {
  std::string control;  // the id or ARN as given
  std::string error_code;  // UnprocessedErrorCode: INVALID_INPUT, RESOURCE_NOT_FOUND, ...
  std::string error_reason;
};

// A control in one enabled standard.
struct ControlAssociation {
  std::string standards_arn;
  std::string security_control_arn;
  const ControlDefinition* definition = nullptr;
  bool enabled = true;
  std::vector<std::string> related_requirements;
  Millis updated_at = 0;
  std::string updated_reason;
  std::vector<std::string> standards_control_arns;
};

struct AssociationId {
  std::string security_control_id;  // an id or a security control ARN
  std::string standards_arn;
};

struct UnprocessedAssociation {
  AssociationId id;
  std::string error_code;
  std::string error_reason;
};

struct AssociationUpdate {
  AssociationId id;
  bool enable = true;
  std::optional<std::string> updated_reason;
};

struct UnprocessedAssociationUpdate {
  AssociationUpdate update;
  std::string error_code;
  std::string error_reason;
};

// What a configuration policy sets of an account's controls. Exactly one list is set: the
// controls enabled (every other disabled) or the controls disabled (every other enabled), in
// every enabled standard; and the parameters of some controls.
struct ControlsConfiguration {
  std::optional<std::vector<std::string>> enabled_controls;
  std::optional<std::vector<std::string>> disabled_controls;
  std::map<std::string, ParameterSettings> parameters;  // by security control id
};

class Controls {
 public:
  Controls(Store& store, Clock& clock, StandardsOptions options = {})
      : store_(store), clock_(clock), options_(options) {}

  // The catalogue's controls, or those of one standard (InvalidInput if the ARN is not one
  // DescribeStandards shows in the caller's Region), paged by control id.
  Status ListDefinitions(const Caller& caller, const std::optional<std::string>& standards_arn,
                         const PageRequest& page, Page<const ControlDefinition*>* out);
  // ResourceNotFound for an id the catalogue does not have (an ARN is not accepted).
  Status GetDefinition(const Caller& caller, const std::string& control_id,
                       const ControlDefinition** out);
  // Each control named by id or by ARN (of the caller's account and Region); the others in
  // `unprocessed`.
  Status BatchGet(const Caller& caller, const std::vector<std::string>& controls,
                  std::vector<SecurityControl>* out, std::vector<UnprocessedControl>* unprocessed);
  // Sets parameters of one control: each must be one its definition has, CUSTOM with a value of
  // the parameter's type within its bounds, or DEFAULT; else InvalidInput and no change.
  Status Update(const Caller& caller, const std::string& control, const ParameterSettings& parameters,
                const std::optional<std::string>& reason);
  // The control's association with each enabled standard that includes it and is ready for
  // updates, paged by standard id. InvalidInput for a control the catalogue does not have.
  Status ListAssociations(const Caller& caller, const std::string& control,
                          const PageRequest& page, Page<ControlAssociation>* out);
  Status BatchGetAssociations(const Caller& caller, const std::vector<AssociationId>& ids,
                              std::vector<ControlAssociation>* out,
                              std::vector<UnprocessedAssociation>* unprocessed);
  // Each update is applied or reported in `unprocessed` (RESOURCE_NOT_FOUND for a control not
  // in an enabled standard, INVALID_INPUT for disabling without a reason).
  Status BatchUpdateAssociations(const Caller& caller, const std::vector<AssociationUpdate>& updates,
                                 std::vector<UnprocessedAssociationUpdate>* unprocessed);

  // --- Fixtures

  // Puts security control settings of a fixture (or a snapshot) in place, in one transaction;
  // each account needs its hub in the Region and each parameter must be valid for its control;
  // else InvalidInput naming the entry, and nothing changes.
  Status Seed(const std::vector<SecurityControlRecord>& controls);

  // --- Steps that configure one account (central configuration), in the caller's transaction

  // OK when every control named exists and every parameter is valid for it; else InvalidInput.
  Status CheckControls(const ControlsConfiguration& configuration) const;
  // Sets, in `account`'s Region, each control's association in every standard the account
  // has enabled (ApplyStandards first) and the parameters listed; parameters not listed keep
  // their values. `reason` becomes UpdatedReason / LastUpdateReason.
  Status ApplyControls(StoreTransaction& tx, const Caller& account,
                       const ControlsConfiguration& configuration, const std::string& reason);

 private:
  Store& store_;
  Clock& clock_;
  StandardsOptions options_;
};

}  // namespace shmock

#endif  // SHMOCK_CONTROLS_H_
