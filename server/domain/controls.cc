#include "shmock/controls.h"

#include <algorithm>
#include <cmath>

#include "accounts.h"
#include "shmock/store.h"
#include "subscriptions.h"

namespace shmock {
namespace {

// Decision 56: the batches of controls and associations, unbounded in the model, take 100.
constexpr size_t kMaxBatch = 100;

// Texts the service answers with (behavior.md Appendix A.11 labels each).
namespace msg {
const char kNotFound[] = "RESOURCE_NOT_FOUND";
const char kInvalidInput[] = "INVALID_INPUT";
std::string UnknownControl(const std::string& control) {
  return "There is no security control " + control +
         "; ListSecurityControlDefinitions lists the SecurityControlId of each.";
}
std::string BatchSize(const char* member, size_t n) {
  return std::string(member) + " has " + std::to_string(n) + " entries; a call takes 1 to " +
         std::to_string(kMaxBatch) + ".";
}
std::string UnknownStandard(const std::string& arn, const std::string& region) {
  return "The standard " + arn + " is not one that DescribeStandards shows in " + region + ".";
}
std::string NotInEnabledStandard(const std::string& control, const std::string& standards_arn) {
  return "Control " + control + " is not in the standard " + standards_arn +
         ", or that standard is not enabled and ready in this account and Region.";
}
const char kReasonRequired[] =
    "UpdatedReason is required to disable a control in a standard: say why it is disabled.";
std::string ParameterError(const ControlDefinition& c, const std::string& name,
                           const std::string& what) {
  return "Parameter " + name + " of control " + c.id + ": " + what;
}
const char kOneList[] =
    "A controls configuration lists either the enabled controls or the disabled controls, "
    "exactly one of the two.";
}  // namespace msg

// The control `text` names, an id or a security control ARN of the caller; null if none.
const ControlDefinition* ResolveControl(const Caller& caller, const std::string& text) {
  if (text.compare(0, 4, "arn:") == 0) {
    auto id = OwnResource(text, caller, "security-control");
    return id ? Catalogue::Get().FindControl(*id) : nullptr;
  }
  return Catalogue::Get().FindControl(text);
}

bool Blank(const std::optional<std::string>& text) {
  return !text || std::all_of(text->begin(), text->end(), [](unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

std::string Number(double v) {
  return v == std::floor(v) ? std::to_string(static_cast<int64_t>(v)) : std::to_string(v);
}

// Whether `v` is within the definition's bounds; what is wrong otherwise.
std::string CheckBounds(const ParameterDefinition& d, double v) {
  if (d.min && v < *d.min) return Number(v) + " is below the minimum " + Number(*d.min) + ".";
  if (d.max && v > *d.max) return Number(v) + " is above the maximum " + Number(*d.max) + ".";
  return "";
}

std::string CheckValue(const ParameterDefinition& d, const ParameterValue& v) {
  if (v.type != d.type) {
    return std::string("takes a value of type ") + ParameterTypeName(d.type) + ", not " +
           ParameterTypeName(v.type) + ".";
  }
  const size_t n = IsListType(v.type) ? std::max(v.integers.size(), v.strings.size()) : 1;
  if (d.max_items && n > static_cast<size_t>(*d.max_items)) {
    return "takes at most " + std::to_string(*d.max_items) + " values, not " + std::to_string(n) + ".";
  }
  for (int64_t i : v.integers) {
    std::string e = CheckBounds(d, static_cast<double>(i));
    if (!e.empty()) return e;
  }
  if (v.type == ParameterType::kDouble) {
    std::string e = CheckBounds(d, v.number);
    if (!e.empty()) return e;
  }
  if (!d.allowed_values.empty()) {
    for (const std::string& s : v.strings) {
      if (std::find(d.allowed_values.begin(), d.allowed_values.end(), s) == d.allowed_values.end()) {
        std::string allowed;
        for (const std::string& a : d.allowed_values) allowed += (allowed.empty() ? "" : ", ") + a;
        return "'" + s + "' is not one of its allowed values: " + allowed + ".";
      }
    }
  }
  return "";
}

// InvalidInput unless every setting names a parameter of `control` with a valid value.
Status CheckParameters(const ControlDefinition& control, const ParameterSettings& settings) {
  if (control.parameters.empty() && !settings.empty()) {
    return Status::InvalidInput("Control " + control.id + " has no parameters that can be customized.");
  }
  for (const auto& [name, setting] : settings) {
    const ParameterDefinition* d = control.FindParameter(name);
    if (!d) {
      std::string names;
      for (const ParameterDefinition& p : control.parameters) names += (names.empty() ? "" : ", ") + p.name;
      return Status::InvalidInput(msg::ParameterError(control, name, "no such parameter; it has " + names + "."));
    }
    if (!setting.custom) continue;  // [M]: a DEFAULT value is ignored
    if (!setting.value) {
      return Status::InvalidInput(msg::ParameterError(control, name, "ValueType CUSTOM needs a Value."));
    }
    std::string e = CheckValue(*d, *setting.value);
    if (!e.empty()) return Status::InvalidInput(msg::ParameterError(control, name, e));
  }
  return Status::OK();
}

// Writes `settings` (checked) into the account's record of `control`.
void SetParameters(StoreTransaction& tx, const Caller& account, const ControlDefinition& control,
                   const ParameterSettings& settings, const std::string& reason, Millis now) {
  SecurityControlRecord r;
  if (auto found = tx.standards().FindControl(account.region, account.account_id, control.id)) {
    r = *found;
  }
  r.region = account.region;
  r.account_id = account.account_id;
  r.control_id = control.id;
  for (const auto& [name, setting] : settings) {
    if (setting.custom) r.parameters[name] = *setting.value; else r.parameters.erase(name);
  }
  r.last_update_reason = reason;
  r.updated_at = now;
  tx.standards().PutControl(r);
}

ControlAssociation ShownAssociation(const Caller& caller, const LiveSubscription& subscription,
                                    const AssociationRecords& records,
                                    const ControlDefinition& control) {
  const StandardMembership& m = *control.In(*subscription.standard);
  AssociationState state = AssociationOf(records, subscription, control);
  ControlAssociation a;
  a.standards_arn = subscription.standard->Arn(caller.region);
  a.security_control_arn = SecurityControlArn(caller.region, caller.account_id, control.id);
  a.definition = &control;
  a.enabled = state.enabled;
  a.related_requirements = m.related_requirements;
  a.updated_at = state.updated_at;
  a.updated_reason = state.reason;
  a.standards_control_arns = {
      StandardsControlArn(caller.region, caller.account_id, *subscription.standard, m.control_id)};
  return a;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Definitions

Status Controls::ListDefinitions(const Caller& caller,
                                 const std::optional<std::string>& standards_arn,
                                 const PageRequest& page, Page<const ControlDefinition*>* out) {
  *out = Page<const ControlDefinition*>();
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction&) {
    const Catalogue& catalogue = Catalogue::Get();
    const StandardDefinition* standard = nullptr;
    if (standards_arn) {
      standard = catalogue.FindStandardByArn(*standards_arn, caller.region);
      if (!standard) return Status::InvalidInput(msg::UnknownStandard(*standards_arn, caller.region));
    }
    std::vector<const ControlDefinition*> all;
    for (const ControlDefinition& c : catalogue.controls()) {
      if (!standard || c.In(*standard)) all.push_back(&c);
    }
    TakePage(std::move(all), [](const ControlDefinition* c) { return c->id; }, page, out);
    return Status::OK();
  });
}

Status Controls::GetDefinition(const Caller& caller, const std::string& control_id,
                               const ControlDefinition** out) {
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction&) {
    *out = Catalogue::Get().FindControl(control_id);  // [M]: an id, never an ARN
    return *out ? Status::OK() : Status::NotFound(msg::UnknownControl(control_id));
  });
}

// ---------------------------------------------------------------------------------------------
// Security controls

Status Controls::BatchGet(const Caller& caller, const std::vector<std::string>& controls,
                          std::vector<SecurityControl>* out,
                          std::vector<UnprocessedControl>* unprocessed) {
  out->clear();
  unprocessed->clear();
  if (controls.empty() || controls.size() > kMaxBatch) {
    return Status::InvalidInput(msg::BatchSize("SecurityControlIds", controls.size()));
  }
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    const auto subscriptions =
        LiveSubscriptions(tx, caller, clock_.NowMillis(), options_.transition_delay);
    const AssociationRecords records = ReadAssociations(tx, caller);
    for (const std::string& text : controls) {
      const ControlDefinition* c = ResolveControl(caller, text);
      if (!c) {
        unprocessed->push_back({text, msg::kNotFound, msg::UnknownControl(text)});
        continue;
      }
      SecurityControl sc;
      sc.arn = SecurityControlArn(caller.region, caller.account_id, c->id);
      sc.definition = c;
      // Decision 57: enabled when it is enabled in at least one enabled, ready standard.
      for (const LiveSubscription& s : subscriptions) {
        if (s.controls_updatable() && c->In(*s.standard) && AssociationOf(records, s, *c).enabled) {
          sc.enabled = true;
        }
      }
      auto record = tx.standards().FindControl(caller.region, caller.account_id, c->id);
      for (const ParameterDefinition& p : c->parameters) {
        auto custom = record ? record->parameters.find(p.name) : decltype(record->parameters.end())();
        if (record && custom != record->parameters.end()) {
          sc.parameters[p.name] = {true, custom->second};
        } else {
          sc.parameters[p.name] = {false, p.default_value};
        }
      }
      if (record) sc.last_update_reason = record->last_update_reason;
      out->push_back(std::move(sc));
    }
    return Status::OK();
  });
}

Status Controls::Update(const Caller& caller, const std::string& control,
                        const ParameterSettings& parameters,
                        const std::optional<std::string>& reason) {
  return RunWithHub(store_, caller, Store::Access::kWrite, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    const ControlDefinition* c = ResolveControl(caller, control);
    if (!c) return Status::NotFound(msg::UnknownControl(control));
    Status s = CheckParameters(*c, parameters);
    if (!s.ok()) return s;
    SetParameters(tx, caller, *c, parameters, reason.value_or(""), clock_.NowMillis());
    return Status::OK();
  });
}

// ---------------------------------------------------------------------------------------------
// Associations

Status Controls::ListAssociations(const Caller& caller, const std::string& control,
                                  const PageRequest& page, Page<ControlAssociation>* out) {
  *out = Page<ControlAssociation>();
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    const ControlDefinition* c = ResolveControl(caller, control);
    if (!c) return Status::InvalidInput(msg::UnknownControl(control));
    const AssociationRecords records = ReadAssociations(tx, caller);
    std::vector<ControlAssociation> all;
    for (const LiveSubscription& s :
         LiveSubscriptions(tx, caller, clock_.NowMillis(), options_.transition_delay)) {
      // [M]: subscriptions not ready for updates are left out.
      if (s.controls_updatable() && c->In(*s.standard)) {
        all.push_back(ShownAssociation(caller, s, records, *c));
      }
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
      return NaturalLess(a.standards_arn, b.standards_arn);
    });
    TakePage(std::move(all), [](const ControlAssociation& a) { return a.standards_arn; }, page, out);
    return Status::OK();
  });
}

namespace {

// The association `id` names among the caller's ready subscriptions, or what is wrong.
struct FoundAssociation {
  const ControlDefinition* control = nullptr;
  std::optional<LiveSubscription> subscription;
};

FoundAssociation FindAssociation(const Caller& caller, const std::vector<LiveSubscription>& live,
                                 const AssociationId& id) {
  FoundAssociation found;
  found.control = ResolveControl(caller, id.security_control_id);
  const StandardDefinition* standard =
      Catalogue::Get().FindStandardByArn(id.standards_arn, caller.region);
  if (!found.control || !standard || !found.control->In(*standard)) return found;
  for (const LiveSubscription& s : live) {
    if (s.standard == standard && s.controls_updatable()) found.subscription = s;
  }
  return found;
}

}  // namespace

Status Controls::BatchGetAssociations(const Caller& caller, const std::vector<AssociationId>& ids,
                                      std::vector<ControlAssociation>* out,
                                      std::vector<UnprocessedAssociation>* unprocessed) {
  out->clear();
  unprocessed->clear();
  if (ids.empty() || ids.size() > kMaxBatch) {
    return Status::InvalidInput(msg::BatchSize("StandardsControlAssociationIds", ids.size()));
  }
  return RunWithHub(store_, caller, Store::Access::kRead, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    const auto live = LiveSubscriptions(tx, caller, clock_.NowMillis(), options_.transition_delay);
    const AssociationRecords records = ReadAssociations(tx, caller);
    for (const AssociationId& id : ids) {
      FoundAssociation found = FindAssociation(caller, live, id);
      if (!found.subscription) {
        unprocessed->push_back({id, msg::kNotFound,
                                msg::NotInEnabledStandard(id.security_control_id, id.standards_arn)});
        continue;
      }
      out->push_back(ShownAssociation(caller, *found.subscription, records, *found.control));
    }
    return Status::OK();
  });
}

Status Controls::BatchUpdateAssociations(const Caller& caller,
                                         const std::vector<AssociationUpdate>& updates,
                                         std::vector<UnprocessedAssociationUpdate>* unprocessed) {
  unprocessed->clear();
  if (updates.empty() || updates.size() > kMaxBatch) {
    return Status::InvalidInput(msg::BatchSize("StandardsControlAssociationUpdates", updates.size()));
  }
  return RunWithHub(store_, caller, Store::Access::kWrite, NoHub::kNotSubscribed,
                    [&](StoreTransaction& tx) {
    const Millis now = clock_.NowMillis();
    const auto live = LiveSubscriptions(tx, caller, now, options_.transition_delay);
    for (const AssociationUpdate& u : updates) {
      if (!u.enable && Blank(u.updated_reason)) {
        unprocessed->push_back({u, msg::kInvalidInput, msg::kReasonRequired});
        continue;
      }
      FoundAssociation found = FindAssociation(caller, live, u.id);
      if (!found.subscription) {
        unprocessed->push_back({u, msg::kNotFound,
                                msg::NotInEnabledStandard(u.id.security_control_id, u.id.standards_arn)});
        continue;
      }
      SetAssociation(tx, caller, *found.subscription, *found.control, u.enable,
                     u.updated_reason.value_or(""), now);
    }
    return Status::OK();
  });
}

// ---------------------------------------------------------------------------------------------
// Fixtures

Status Controls::Seed(const std::vector<SecurityControlRecord>& controls) {
  const Millis now = clock_.NowMillis();
  return store_.Run(Store::Access::kWrite, [&](StoreTransaction& tx) {
    for (SecurityControlRecord r : controls) {
      const std::string what =
          "security control " + r.control_id + " of " + r.account_id + " in " + r.region + ": ";
      if (!tx.hubs().Exists(r.region, r.account_id)) {
        return Status::InvalidInput(what + "the account has no hub there");
      }
      const ControlDefinition* c = Catalogue::Get().FindControl(r.control_id);
      if (!c) return Status::InvalidInput(what + "no such control");
      ParameterSettings settings;
      for (const auto& [name, value] : r.parameters) settings[name] = {true, value};
      Status s = CheckParameters(*c, settings);
      if (!s.ok()) return Status::InvalidInput(what + s.message());
      if (r.updated_at == 0) r.updated_at = now;
      tx.standards().PutControl(r);
    }
    return Status::OK();
  });
}

// ---------------------------------------------------------------------------------------------
// Steps that configure one account

Status Controls::CheckControls(const ControlsConfiguration& configuration) const {
  if (configuration.enabled_controls.has_value() == configuration.disabled_controls.has_value()) {
    return Status::InvalidInput(msg::kOneList);
  }
  const auto& listed = configuration.enabled_controls ? *configuration.enabled_controls
                                                      : *configuration.disabled_controls;
  for (const std::string& id : listed) {
    if (!Catalogue::Get().FindControl(id)) return Status::InvalidInput(msg::UnknownControl(id));
  }
  for (const auto& [id, settings] : configuration.parameters) {
    const ControlDefinition* c = Catalogue::Get().FindControl(id);
    if (!c) return Status::InvalidInput(msg::UnknownControl(id));
    Status s = CheckParameters(*c, settings);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

Status Controls::ApplyControls(StoreTransaction& tx, const Caller& account,
                               const ControlsConfiguration& configuration,
                               const std::string& reason) {
  Status s = CheckControls(configuration);
  if (!s.ok()) return s;
  s = RequireHub(tx, account, NoHub::kNotSubscribed);
  if (!s.ok()) return s;
  const Millis now = clock_.NowMillis();
  const bool listing_enabled = configuration.enabled_controls.has_value();
  const auto& listed = listing_enabled ? *configuration.enabled_controls
                                       : *configuration.disabled_controls;
  const AssociationRecords records = ReadAssociations(tx, account);
  for (const LiveSubscription& sub : LiveSubscriptions(tx, account, now, options_.transition_delay)) {
    if (sub.status == StandardsStatus::kDeleting || sub.standard->service_managed) continue;
    for (const ControlDefinition& c : Catalogue::Get().controls()) {
      if (!c.In(*sub.standard)) continue;
      const bool in_list = std::find(listed.begin(), listed.end(), c.id) != listed.end();
      const bool enable = in_list == listing_enabled;
      if (AssociationOf(records, sub, c).enabled != enable) {
        SetAssociation(tx, account, sub, c, enable, reason, now);
      }
    }
  }
  for (const auto& [id, settings] : configuration.parameters) {
    SetParameters(tx, account, *Catalogue::Get().FindControl(id), settings, reason, now);
  }
  return Status::OK();
}

}  // namespace shmock
