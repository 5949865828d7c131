#include "shmock/standards.h"

#include <algorithm>

#include "accounts.h"
#include "shmock/store.h"
#include "subscriptions.h"

namespace shmock {
namespace {

constexpr size_t kMaxBatch = 25;  // [M] StandardsSubscriptionRequests, StandardsSubscriptionArns

// Texts the service answers with (behavior.md Appendix A.11 labels each).
namespace msg {
// real (quote) [MAS#26]: the offending requests as a JSON list.
std::string InvalidRequests(const std::vector<std::string>& requests) {
  std::string list;
  for (const std::string& r : requests) list += (list.empty() ? "" : ",") + r;
  return "Invalid StandardsSubscriptionRequest(s): [" + list + "]";
}
std::string InvalidArns(const std::vector<std::string>& arns) {  // inferred, the same form
  std::string list;
  for (const std::string& a : arns) list += (list.empty() ? "" : ",") + Quoted(a);
  return "Invalid StandardsSubscriptionArn(s): [" + list + "]";
}
// real (quote) [CTE#18] for PENDING; DELETING inferred in the same form.
std::string TryLater(StandardsStatus status, const std::vector<std::string>& arns) {
  std::string list;
  for (const std::string& a : arns) list += (list.empty() ? "" : ",") + Quoted(a);
  return std::string("StandardsSubscription(s) in state ") + StandardsStatusName(status) +
         ", please try later: [" + list + "]";
}
std::string BatchSize(const char* member, size_t n) {
  return std::string(member) + " has " + std::to_string(n) + " entries; a call takes 1 to 25.";
}
std::string SubscriptionNotFound(const std::string& arn) {
  return "The standards subscription " + arn + " does not exist in this account and Region. "
         "GetEnabledStandards lists the subscriptions that do.";
}
std::string NotAuthorized(const std::string& account_id, const std::string& arn) {  // real [TF#36295]
  return "Account id " + account_id + " is not authorized to perform action on resource: " + arn;
}
std::string ControlNotFound(const std::string& arn) {
  return "The standards control " + arn + " does not exist: DescribeStandardsControls lists the "
         "controls of an enabled standard once it is READY.";
}
const char kReasonRequired[] =
    "DisabledReason is required to disable a control: say why it is disabled.";
std::string UnknownStandard(const std::string& arn, const std::string& region) {
  return "The standard " + arn + " is not one that can be enabled in " + region +
         ": DescribeStandards lists the StandardsArn of each.";
}
}  // namespace msg

// `{"StandardsArn":"..."}`, with its input when it has one: a request as AWS echoes it.
std::string RequestText(const StandardsSubscriptionRequest& r) {
  std::string text = "{\"StandardsArn\":" + Quoted(r.standards_arn);
  if (!r.standards_input.empty()) {
    std::string input;
    for (const auto& [k, v] : r.standards_input) {
      input += (input.empty() ? "" : ",") + Quoted(k) + ":" + Quoted(v);
    }
    text += ",\"StandardsInput\":{" + input + "}";
  }
  return text + "}";
}

StandardsSubscription Shown(const Caller& caller, const StandardDefinition& standard,
                            const StandardsSubscriptionRecord& record, StandardsStatus status) {
  StandardsSubscription s;
  s.subscription_arn = SubscriptionArn(caller.region, caller.account_id, standard);
  s.standards_arn = standard.Arn(caller.region);
  s.standards_input = record.standards_input;
  s.status = status;
  s.controls_updatable =
      status == StandardsStatus::kReady || status == StandardsStatus::kIncomplete;
  if (status == StandardsStatus::kIncomplete) s.status_reason = record.status_reason;
  return s;
}

// A position as a key that NaturalLess orders as the numbers: "0", "1", ... "10".
std::string PositionKey(size_t i) { return std::to_string(i); }

// The standard a caller may enable or disable through the Batch* calls by this ARN, or null.
const StandardDefinition* Enableable(const std::string& arn, const std::string& region) {
  const StandardDefinition* s = Catalogue::Get().FindStandardByArn(arn, region);
  return s && !s->service_managed ? s : nullptr;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Standards and subscriptions

Status Standards::DescribeStandards(const Caller& caller, const PageRequest& page,
                                    Page<StandardSummary>* out) {
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction&) {
    // Decision 52: the catalogue's order (the user guide's), paged by position.
    std::vector<StandardSummary> all;
    for (const StandardDefinition& s : Catalogue::Get().standards()) {
      all.push_back({s.Arn(caller.region), &s});
    }
    const StandardDefinition* first = &Catalogue::Get().standards().front();
    TakePage(std::move(all), [first](const StandardSummary& s) {
      return PositionKey(static_cast<size_t>(s.definition - first));
    }, page, out);
    return Status::OK();
  });
}

Status Standards::BatchEnableStandards(const Caller& caller,
                                       const std::vector<StandardsSubscriptionRequest>& requests,
                                       std::vector<StandardsSubscription>* out) {
  out->clear();
  if (requests.empty() || requests.size() > kMaxBatch) {
    return Status::InvalidInput(msg::BatchSize("StandardsSubscriptionRequests", requests.size()));
  }
  return RunWithHub(store_, caller, Store::Access::kWrite, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    const Millis now = clock_.NowMillis(), delay = options_.transition_delay;
    std::vector<std::string> invalid, deleting;
    for (const StandardsSubscriptionRequest& r : requests) {
      const StandardDefinition* s = Enableable(r.standards_arn, caller.region);
      if (!s) {
        invalid.push_back(RequestText(r));
        continue;
      }
      auto live = FindLiveSubscription(tx, caller, *s, now, delay);
      if (live && live->status == StandardsStatus::kDeleting) {
        deleting.push_back(SubscriptionArn(caller.region, caller.account_id, *s));
      }
    }
    if (!invalid.empty()) return Status::InvalidInput(msg::InvalidRequests(invalid));
    if (!deleting.empty()) {
      return Status::InvalidInput(msg::TryLater(StandardsStatus::kDeleting, deleting));
    }
    PurgeGoneSubscriptions(tx, caller, now, delay);
    for (const StandardsSubscriptionRequest& r : requests) {
      const StandardDefinition& s = *Enableable(r.standards_arn, caller.region);
      // Decision 53: a standard already enabled is answered as it is.
      if (auto live = FindLiveSubscription(tx, caller, s, now, delay)) {
        out->push_back(Shown(caller, s, live->record, live->status));
        continue;
      }
      StandardsSubscriptionRecord record = Subscribe(tx, caller, s, r.standards_input, now);
      out->push_back(Shown(caller, s, record, StandardsStatus::kPending));
    }
    return Status::OK();
  });
}

Status Standards::BatchDisableStandards(const Caller& caller,
                                        const std::vector<std::string>& subscription_arns,
                                        std::vector<StandardsSubscription>* out) {
  out->clear();
  if (subscription_arns.empty() || subscription_arns.size() > kMaxBatch) {
    return Status::InvalidInput(msg::BatchSize("StandardsSubscriptionArns", subscription_arns.size()));
  }
  return RunWithHub(store_, caller, Store::Access::kWrite, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    const Millis now = clock_.NowMillis(), delay = options_.transition_delay;
    std::vector<std::string> invalid, pending;
    std::vector<const StandardDefinition*> targets;
    for (const std::string& arn : subscription_arns) {
      const StandardDefinition* standard = nullptr;
      for (const StandardDefinition& s : Catalogue::Get().standards()) {
        if (SubscriptionArn(caller.region, caller.account_id, s) == arn) standard = &s;
      }
      auto live = standard ? FindLiveSubscription(tx, caller, *standard, now, delay) : std::nullopt;
      if (!live || standard->service_managed) {
        invalid.push_back(arn);
      } else if (live->status == StandardsStatus::kPending) {
        pending.push_back(arn);
      }
      targets.push_back(standard);
    }
    if (!invalid.empty()) return Status::InvalidInput(msg::InvalidArns(invalid));
    if (!pending.empty()) return Status::InvalidInput(msg::TryLater(StandardsStatus::kPending, pending));
    for (const StandardDefinition* s : targets) {
      StandardsSubscriptionRecord record = Unsubscribe(tx, caller, *s, now, delay);
      out->push_back(Shown(caller, *s, record, StandardsStatus::kDeleting));
    }
    return Status::OK();
  });
}

Status Standards::GetEnabledStandards(const Caller& caller,
                                      const std::vector<std::string>& subscription_arns,
                                      const PageRequest& page, Page<StandardsSubscription>* out) {
  if (subscription_arns.size() > kMaxBatch) {
    return Status::InvalidInput(msg::BatchSize("StandardsSubscriptionArns", subscription_arns.size()));
  }
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    std::vector<StandardsSubscription> shown;
    for (const LiveSubscription& s :
         LiveSubscriptions(tx, caller, clock_.NowMillis(), options_.transition_delay)) {
      StandardsSubscription item = Shown(caller, *s.standard, s.record, s.status);
      if (!subscription_arns.empty() &&
          std::find(subscription_arns.begin(), subscription_arns.end(), item.subscription_arn) ==
              subscription_arns.end()) {
        continue;
      }
      shown.push_back(std::move(item));
    }
    std::sort(shown.begin(), shown.end(), [](const auto& a, const auto& b) {
      return NaturalLess(a.subscription_arn, b.subscription_arn);
    });
    TakePage(std::move(shown), [](const StandardsSubscription& s) { return s.subscription_arn; },
             page, out);
    return Status::OK();
  });
}

// ---------------------------------------------------------------------------------------------
// The controls of a standard

namespace {

// The controls of `standard` grouped by the standard's own id for them, in NaturalLess order.
std::vector<std::pair<std::string, std::vector<const ControlDefinition*>>> ControlsOf(
    const StandardDefinition& standard) {
  std::map<std::string, std::vector<const ControlDefinition*>> by_id;
  for (const ControlDefinition& c : Catalogue::Get().controls()) {
    if (const StandardMembership* m = c.In(standard)) by_id[m->control_id].push_back(&c);
  }
  std::vector<std::pair<std::string, std::vector<const ControlDefinition*>>> out(by_id.begin(),
                                                                                 by_id.end());
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return NaturalLess(a.first, b.first); });
  return out;
}

// One standards control: enabled while every security control behind it is enabled.
StandardsControl ShownControl(const Caller& caller, const LiveSubscription& subscription,
                              const AssociationRecords& records, const std::string& control_id,
                              const std::vector<const ControlDefinition*>& controls) {
  StandardsControl out;
  out.arn = StandardsControlArn(caller.region, caller.account_id, *subscription.standard, control_id);
  out.control_id = control_id;
  out.definition = controls.front();
  for (const ControlDefinition* c : controls) {
    AssociationState state = AssociationOf(records, subscription, *c);
    if (!state.enabled && out.enabled) {
      out.enabled = false;
      out.disabled_reason = state.reason;
    }
    out.status_updated_at = std::max(out.status_updated_at, state.updated_at);
    for (const std::string& r : c->In(*subscription.standard)->related_requirements) {
      if (std::find(out.related_requirements.begin(), out.related_requirements.end(), r) ==
          out.related_requirements.end()) {
        out.related_requirements.push_back(r);
      }
    }
  }
  return out;
}

// The standard whose subscription ARN of the caller is `arn`, or null.
const StandardDefinition* StandardOfSubscription(const Caller& caller, const std::string& arn) {
  auto path = OwnResource(arn, caller, "subscription");
  if (!path) return nullptr;
  for (const StandardDefinition& s : Catalogue::Get().standards()) {
    if (s.Path() == *path) return &s;
  }
  return nullptr;
}

bool Blank(const std::optional<std::string>& text) {
  return !text || std::all_of(text->begin(), text->end(), [](unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

}  // namespace

Status Standards::DescribeStandardsControls(const Caller& caller,
                                            const std::string& subscription_arn,
                                            const PageRequest& page,
                                            Page<StandardsControl>* out) {
  *out = Page<StandardsControl>();
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    const StandardDefinition* standard = StandardOfSubscription(caller, subscription_arn);
    auto live = standard ? FindLiveSubscription(tx, caller, *standard, clock_.NowMillis(),
                                                options_.transition_delay)
                         : std::nullopt;
    if (!live) return Status::NotFound(msg::SubscriptionNotFound(subscription_arn));
    if (!live->controls_updatable()) return Status::OK();  // [M]: none until it is ready
    const AssociationRecords records = ReadAssociations(tx, caller);
    std::vector<StandardsControl> all;
    for (const auto& [control_id, controls] : ControlsOf(*standard)) {
      all.push_back(ShownControl(caller, *live, records, control_id, controls));
    }
    TakePage(std::move(all), [](const StandardsControl& c) { return c.control_id; }, page, out);
    return Status::OK();
  });
}

Status Standards::UpdateStandardsControl(const Caller& caller, const std::string& control_arn,
                                         bool enable,
                                         const std::optional<std::string>& disabled_reason) {
  if (!enable && Blank(disabled_reason)) return Status::InvalidInput(msg::kReasonRequired);
  return RunWithHub(store_, caller, Store::Access::kWrite, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    auto rest = OwnResource(control_arn, caller, "control");
    if (!rest) return Status::AccessDenied(msg::NotAuthorized(caller.account_id, control_arn));
    const Millis now = clock_.NowMillis();
    for (const StandardDefinition& s : Catalogue::Get().standards()) {
      const std::string prefix = s.Path() + "/";
      if (rest->compare(0, prefix.size(), prefix) != 0) continue;
      auto live = FindLiveSubscription(tx, caller, s, now, options_.transition_delay);
      auto controls = Catalogue::Get().ControlsWithId(s, rest->substr(prefix.size()));
      if (!live || !live->controls_updatable() || controls.empty()) break;
      for (const ControlDefinition* c : controls) {
        SetAssociation(tx, caller, *live, *c, enable, enable ? "" : *disabled_reason, now);
      }
      return Status::OK();
    }
    return Status::NotFound(msg::ControlNotFound(control_arn));
  });
}

// ---------------------------------------------------------------------------------------------
// Fixtures

namespace {

// InvalidInput naming a fixture entry: "<what> of <account> in <region>: <problem>".
Status SeedError(const std::string& what, const std::string& account_id, const std::string& region,
                 const std::string& problem) {
  return Status::InvalidInput(what + " of " + account_id + " in " + region + ": " + problem);
}

}  // namespace

Status Standards::Seed(const std::vector<StandardsSubscriptionRecord>& subscriptions,
                       const std::vector<ControlAssociationRecord>& associations) {
  const Millis now = clock_.NowMillis();
  const Catalogue& catalogue = Catalogue::Get();
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    for (StandardsSubscriptionRecord r : subscriptions) {
      const std::string what = "standards subscription " + r.standard_id;
      if (!tx.hubs().Exists(r.region, r.account_id)) {
        return SeedError(what, r.account_id, r.region, "the account has no hub there");
      }
      if (!catalogue.FindStandard(r.standard_id)) {
        return SeedError(what, r.account_id, r.region, "no such standard");
      }
      const auto& reasons = {"NO_AVAILABLE_CONFIGURATION_RECORDER",
                             "MAXIMUM_NUMBER_OF_CONFIG_RULES_EXCEEDED", "INTERNAL_ERROR"};
      if (!r.status_reason.empty() &&
          std::find(reasons.begin(), reasons.end(), r.status_reason) == reasons.end()) {
        return SeedError(what, r.account_id, r.region, "'" + r.status_reason +
                         "' is not a StatusReasonCode");
      }
      if (r.requested_at == 0) r.requested_at = now;
      tx.standards().PutSubscription(r);
    }
    for (ControlAssociationRecord a : associations) {
      const std::string what = "control " + a.control_id + " in " + a.standard_id;
      const StandardDefinition* standard = catalogue.FindStandard(a.standard_id);
      const ControlDefinition* control = catalogue.FindControl(a.control_id);
      if (!standard || !control || !control->In(*standard)) {
        return SeedError(what, a.account_id, a.region, "no such control in that standard");
      }
      bool subscribed = false;
      for (const auto& sub : tx.standards().Subscriptions(a.region, a.account_id)) {
        subscribed = subscribed || (sub.standard_id == a.standard_id && !sub.deleting);
      }
      if (!subscribed) return SeedError(what, a.account_id, a.region, "the standard is not enabled");
      if (a.updated_at == 0) a.updated_at = now;
      tx.standards().PutAssociation(a);
    }
    return Status::OK();
  });
}

// ---------------------------------------------------------------------------------------------
// Steps that configure one account

Status Standards::CheckStandards(const std::string& region,
                                 const std::vector<std::string>& standards_arns) const {
  for (const std::string& arn : standards_arns) {
    if (!Enableable(arn, region)) return Status::InvalidInput(msg::UnknownStandard(arn, region));
  }
  return Status::OK();
}

Status Standards::ApplyStandards(StoreTransaction& tx, const Caller& account,
                                 const std::vector<std::string>& standards_arns) {
  Status s = CheckStandards(account.region, standards_arns);
  if (!s.ok()) return s;
  s = RequireHub(tx, account, NoHub::kNotSubscribed);
  if (!s.ok()) return s;
  const Millis now = clock_.NowMillis(), delay = options_.transition_delay;
  PurgeGoneSubscriptions(tx, account, now, delay);
  std::vector<const StandardDefinition*> wanted;
  for (const std::string& arn : standards_arns) wanted.push_back(Enableable(arn, account.region));
  for (const LiveSubscription& live : LiveSubscriptions(tx, account, now, delay)) {
    const bool keep = std::find(wanted.begin(), wanted.end(), live.standard) != wanted.end();
    if (!keep && !live.standard->service_managed && live.status != StandardsStatus::kDeleting) {
      Unsubscribe(tx, account, *live.standard, now, delay);
    }
  }
  for (const StandardDefinition* standard : wanted) {
    auto live = FindLiveSubscription(tx, account, *standard, now, delay);
    if (!live || live->status == StandardsStatus::kDeleting) {
      Subscribe(tx, account, *standard, {}, now);
    }
  }
  return Status::OK();
}

}  // namespace shmock
