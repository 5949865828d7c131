// Subscriptions: an account's standards and control settings in one Region as the standards
// and controls modules, and the hub lifecycle, read and change them inside a transaction.
//
// Like accounts.h, it sits below the domain modules: standards.cc and controls.cc both read
// an account's live subscriptions and its associations through it, hubs.cc enables the default
// standards with a new hub and drops them with it, accounts.cc does the same for an
// organization member. Internal to server/domain/.
#ifndef SHMOCK_DOMAIN_SUBSCRIPTIONS_H_
#define SHMOCK_DOMAIN_SUBSCRIPTIONS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "shmock/catalogue.h"
#include "shmock/clock.h"
#include "shmock/page.h"
#include "shmock/records.h"
#include "shmock/store.h"

namespace shmock {

// --- ARNs -----------------------------------------------------------------------------------

// arn:aws:securityhub:<region>:<account>:subscription/<standard path>
std::string SubscriptionArn(const std::string& region, const std::string& account_id,
                            const StandardDefinition& standard);
// arn:aws:securityhub:<region>:<account>:control/<standard path>/<the standard's control id>
std::string StandardsControlArn(const std::string& region, const std::string& account_id,
                                const StandardDefinition& standard, const std::string& control_id);
// arn:aws:securityhub:<region>:<account>:security-control/<control id>
std::string SecurityControlArn(const std::string& region, const std::string& account_id,
                               const std::string& control_id);

// The part of `arn` after arn:aws:securityhub:<region>:<account>:<kind>/ when it has that
// form with the caller's Region and account; nullopt otherwise.
std::optional<std::string> OwnResource(const std::string& arn, const Caller& caller,
                                       const std::string& kind);

// --- Subscriptions --------------------------------------------------------------------------

// A subscription as a read at one moment sees it.
struct LiveSubscription {
  StandardsSubscriptionRecord record;
  const StandardDefinition* standard = nullptr;
  StandardsStatus status = StandardsStatus::kReady;
  // Its controls can be read and changed (READY_FOR_UPDATES): READY or INCOMPLETE.
  bool controls_updatable() const {
    return status == StandardsStatus::kReady || status == StandardsStatus::kIncomplete;
  }
};

// What a read at `now` sees of `record` (decision 51): PENDING until `delay` has passed since it
// was enabled, then READY (INCOMPLETE with a status reason); DELETING until `delay` has passed
// since its disabling was asked for, then nothing.
std::optional<StandardsStatus> StatusAt(const StandardsSubscriptionRecord& record, Millis now,
                                        Millis delay);

// The account's subscriptions that a read at `now` still sees, in standard id order. A record
// of a standard the catalogue does not have is skipped.
std::vector<LiveSubscription> LiveSubscriptions(StoreTransaction& tx, const Caller& account,
                                                Millis now, Millis delay);
std::optional<LiveSubscription> FindLiveSubscription(StoreTransaction& tx, const Caller& account,
                                                     const StandardDefinition& standard,
                                                     Millis now, Millis delay);

// Enables `standard` for the account as of `now` (PENDING until the delay is over), replacing
// any record of it; its controls start from their default status (UG: a standard enabled
// again has every control enabled again).
StandardsSubscriptionRecord Subscribe(StoreTransaction& tx, const Caller& account,
                                      const StandardDefinition& standard,
                                      const std::map<std::string, std::string>& input, Millis now);
// Disables `standard` for the account: with no delay it is gone at once, else DELETING until
// the delay is over. Its control associations go with it.
StandardsSubscriptionRecord Unsubscribe(StoreTransaction& tx, const Caller& account,
                                        const StandardDefinition& standard, Millis now,
                                        Millis delay);
// Drops the records of subscriptions that are gone at `now`, so the state keeps no dead rows.
void PurgeGoneSubscriptions(StoreTransaction& tx, const Caller& account, Millis now, Millis delay);

// The standards with EnabledByDefault, enabled for an account's new hub.
void SubscribeDefaultStandards(StoreTransaction& tx, const Caller& account, Millis now);
// Everything the account has of standards and controls in its Region (its hub is disabled).
void DropStandards(StoreTransaction& tx, const Caller& account);

// --- Control associations -------------------------------------------------------------------

// A control's status in one enabled standard.
struct AssociationState {
  bool enabled = true;
  std::string reason;
  Millis updated_at = 0;
};

// The account's association records, by (standard id, control id).
using AssociationRecords = std::map<std::pair<std::string, std::string>, ControlAssociationRecord>;
AssociationRecords ReadAssociations(StoreTransaction& tx, const Caller& account);

// The status of `control` in `subscription`: as a call set it, else the standard's default
// (enabled, but disabled in a service-managed standard) since the subscription was enabled.
AssociationState AssociationOf(const AssociationRecords& records,
                               const LiveSubscription& subscription,
                               const ControlDefinition& control);

// Sets the status of `control` in `subscription`'s standard.
void SetAssociation(StoreTransaction& tx, const Caller& account,
                    const LiveSubscription& subscription, const ControlDefinition& control,
                    bool enabled, const std::string& reason, Millis now);

// --- Lists ----------------------------------------------------------------------------------

// The order of every standards and controls list: by text, with runs of digits compared as
// numbers (ACM.2 before ACM.10, CIS 1.9 before 1.10).
bool NaturalLess(const std::string& a, const std::string& b);

// Fills `out` with the page of `items` (in NaturalLess order of `key`) that `page` asks for.
template <typename Item, typename KeyOf>
void TakePage(std::vector<Item> items, KeyOf key, const PageRequest& page, Page<Item>* out) {
  *out = Page<Item>();
  for (Item& item : items) {
    if (!page.after.empty() && !NaturalLess(page.after, key(item))) continue;
    if (static_cast<int>(out->items.size()) >= page.max_results) {
      if (!out->items.empty()) out->next_after = key(out->items.back());
      break;
    }
    out->items.push_back(std::move(item));
  }
}

// A text in AWS's error messages as a JSON string: quoted, with quotes, backslashes and
// control characters escaped.
std::string Quoted(const std::string& text);

}  // namespace shmock

#endif  // SHMOCK_DOMAIN_SUBSCRIPTIONS_H_
