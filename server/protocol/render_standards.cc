// The response bodies of the standards and controls operations (behavior.md §16), beside
// render.cc: members named as the model names them, in the order of the API reference's
// examples; optional members left out when they have no value; every batch output carrying
// its unprocessed list even when empty, as the membership batches do (decision 14).
#include "base/json_writer.h"
#include "protocol/render.h"

namespace shmock {
namespace render {
namespace {

constexpr size_t kBytesPerControl = 640;  // a control with its texts and requirements

void Member(JsonWriter& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value);
}

// Leaves the member out when `value` is empty: the model's optional strings are non-empty.
void OptionalMember(JsonWriter& w, const char* key, const std::string& value) {
  if (!value.empty()) Member(w, key, value);
}

void Strings(JsonWriter& w, const char* key, const std::vector<std::string>& values) {
  w.Key(key);
  w.BeginArray();
  for (const std::string& v : values) w.String(v);
  w.EndArray();
}

void Integers(JsonWriter& w, const char* key, const std::vector<int64_t>& values) {
  w.Key(key);
  w.BeginArray();
  for (int64_t v : values) w.Int(v);
  w.EndArray();
}

// `value` as its ParameterValue union member, under `key`: {"Integer": 30} has key "Integer".
void WriteValueAs(JsonWriter& w, const char* key, const ParameterValue& value) {
  switch (value.type) {
    case ParameterType::kInteger:
      w.Key(key);
      w.Int(value.integers.empty() ? 0 : value.integers.front());
      break;
    case ParameterType::kIntegerList: Integers(w, key, value.integers); break;
    case ParameterType::kDouble:
      w.Key(key);
      w.Double(value.number);
      break;
    case ParameterType::kString:
    case ParameterType::kEnum: Member(w, key, value.strings.empty() ? "" : value.strings.front()); break;
    case ParameterType::kStringList:
    case ParameterType::kEnumList: Strings(w, key, value.strings); break;
    case ParameterType::kBoolean:
      w.Key(key);
      w.Bool(value.boolean);
      break;
  }
}

void WriteValue(JsonWriter& w, const ParameterValue& value) {
  w.Key("Value");
  w.BeginObject();
  WriteValueAs(w, ParameterTypeName(value.type), value);
  w.EndObject();
}

// A bound of an option: an Integer's bounds are integers, a Double's numbers.
void Bound(JsonWriter& w, const char* key, ParameterType type, const std::optional<double>& v) {
  if (!v) return;
  w.Key(key);
  if (type == ParameterType::kDouble) {
    w.Double(*v);
  } else {
    w.Int(static_cast<int64_t>(*v));
  }
}

// ConfigurationOptions: {"<Type>": {Min, Max, MaxItems, AllowedValues, DefaultValue}}.
void WriteOptions(JsonWriter& w, const ParameterDefinition& p) {
  w.Key("ConfigurationOptions");
  w.BeginObject();
  w.Key(ParameterTypeName(p.type));
  w.BeginObject();
  Bound(w, "Min", p.type, p.min);
  Bound(w, "Max", p.type, p.max);
  if (p.max_items) {
    w.Key("MaxItems");
    w.Int(*p.max_items);
  }
  if (!p.allowed_values.empty()) Strings(w, "AllowedValues", p.allowed_values);
  if (p.default_value) WriteValueAs(w, "DefaultValue", *p.default_value);
  w.EndObject();
  w.EndObject();
}

void WriteDefinition(JsonWriter& w, const ControlDefinition& c) {
  w.BeginObject();
  Member(w, "SecurityControlId", c.id);
  Member(w, "Title", c.title);
  Member(w, "Description", c.description);
  Member(w, "RemediationUrl", c.RemediationUrl());
  Member(w, "SeverityRating", c.severity);
  Member(w, "CurrentRegionAvailability", "AVAILABLE");  // §16.4: every Region
  w.Key("CustomizableProperties");
  w.BeginArray();
  if (!c.parameters.empty()) w.String("Parameters");
  w.EndArray();
  if (!c.parameters.empty()) {
    w.Key("ParameterDefinitions");
    w.BeginObject();
    for (const ParameterDefinition& p : c.parameters) {
      w.Key(p.name);
      w.BeginObject();
      Member(w, "Description", p.description);
      WriteOptions(w, p);
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndObject();
}

void WriteSubscription(JsonWriter& w, const StandardsSubscription& s) {
  w.BeginObject();
  Member(w, "StandardsSubscriptionArn", s.subscription_arn);
  Member(w, "StandardsArn", s.standards_arn);
  w.Key("StandardsInput");
  w.BeginObject();
  for (const auto& [key, value] : s.standards_input) Member(w, key.c_str(), value);
  w.EndObject();
  Member(w, "StandardsStatus", StandardsStatusName(s.status));
  Member(w, "StandardsControlsUpdatable",
         s.controls_updatable ? "READY_FOR_UPDATES" : "NOT_READY_FOR_UPDATES");
  if (!s.status_reason.empty()) {
    w.Key("StandardsStatusReason");
    w.BeginObject();
    Member(w, "StatusReasonCode", s.status_reason);
    w.EndObject();
  }
  w.EndObject();
}

void WriteStandardsControl(JsonWriter& w, const StandardsControl& c) {
  w.BeginObject();
  Member(w, "StandardsControlArn", c.arn);
  Member(w, "ControlStatus", c.enabled ? "ENABLED" : "DISABLED");
  OptionalMember(w, "DisabledReason", c.disabled_reason);
  w.Key("ControlStatusUpdatedAt");
  w.Timestamp(c.status_updated_at);
  Member(w, "ControlId", c.control_id);
  Member(w, "Title", c.definition->title);
  Member(w, "Description", c.definition->description);
  Member(w, "RemediationUrl", c.definition->RemediationUrl());
  Member(w, "SeverityRating", c.definition->severity);
  Strings(w, "RelatedRequirements", c.related_requirements);
  w.EndObject();
}

void WriteSecurityControl(JsonWriter& w, const SecurityControl& c) {
  w.BeginObject();
  Member(w, "SecurityControlId", c.definition->id);
  Member(w, "SecurityControlArn", c.arn);
  Member(w, "Title", c.definition->title);
  Member(w, "Description", c.definition->description);
  Member(w, "RemediationUrl", c.definition->RemediationUrl());
  Member(w, "SeverityRating", c.definition->severity);
  Member(w, "SecurityControlStatus", c.enabled ? "ENABLED" : "DISABLED");
  Member(w, "UpdateStatus", "READY");  // decision 57: updates apply at once
  if (!c.parameters.empty()) {
    w.Key("Parameters");
    w.BeginObject();
    for (const auto& [name, setting] : c.parameters) {
      w.Key(name);
      w.BeginObject();
      Member(w, "ValueType", setting.custom ? "CUSTOM" : "DEFAULT");
      if (setting.value) WriteValue(w, *setting.value);
      w.EndObject();
    }
    w.EndObject();
  }
  OptionalMember(w, "LastUpdateReason", c.last_update_reason);
  w.EndObject();
}

// A StandardsControlAssociationSummary, or with `details` a ...Detail (StandardsControlArns).
void WriteAssociation(JsonWriter& w, const ControlAssociation& a, bool details) {
  w.BeginObject();
  Member(w, "StandardsArn", a.standards_arn);
  Member(w, "SecurityControlId", a.definition->id);
  Member(w, "SecurityControlArn", a.security_control_arn);
  Member(w, "AssociationStatus", a.enabled ? "ENABLED" : "DISABLED");
  Strings(w, "RelatedRequirements", a.related_requirements);
  w.Key("UpdatedAt");
  w.Timestamp(a.updated_at);
  OptionalMember(w, "UpdatedReason", a.updated_reason);
  Member(w, "StandardsControlTitle", a.definition->title);
  Member(w, "StandardsControlDescription", a.definition->description);
  if (details) Strings(w, "StandardsControlArns", a.standards_control_arns);
  w.EndObject();
}

void WriteAssociationId(JsonWriter& w, const AssociationId& id) {
  Member(w, "SecurityControlId", id.security_control_id);
  Member(w, "StandardsArn", id.standards_arn);
}

void WriteError(JsonWriter& w, const std::string& code, const std::string& reason) {
  Member(w, "ErrorCode", code);
  OptionalMember(w, "ErrorReason", reason);
}

// {"<key>": [items...], "NextToken"?}
template <typename Item, typename WriteItem>
std::string ListPage(const char* key, const std::vector<Item>& items, WriteItem write_item,
                     const std::string& next_token) {
  JsonWriter w(64 + next_token.size() + kBytesPerControl * items.size());
  w.BeginObject();
  w.Key(key);
  w.BeginArray();
  for (const Item& item : items) write_item(w, item);
  w.EndArray();
  OptionalMember(w, "NextToken", next_token);
  w.EndObject();
  return w.Take();
}

}  // namespace

std::string StandardPage(const std::vector<StandardSummary>& standards,
                         const std::string& next_token) {
  return ListPage("Standards", standards, [](JsonWriter& w, const StandardSummary& s) {
    w.BeginObject();
    Member(w, "StandardsArn", s.arn);
    Member(w, "Name", s.definition->name);
    Member(w, "Description", s.definition->description);
    w.Key("EnabledByDefault");
    w.Bool(s.definition->enabled_by_default);
    w.Key("StandardsManagedBy");
    w.BeginObject();
    Member(w, "Company", s.definition->managed_by_company);
    Member(w, "Product", s.definition->managed_by_product);
    w.EndObject();
    w.EndObject();
  }, next_token);
}

std::string Subscriptions(const std::vector<StandardsSubscription>& subscriptions,
                          const std::string& next_token) {
  return ListPage("StandardsSubscriptions", subscriptions, WriteSubscription, next_token);
}

std::string StandardsControlPage(const std::vector<StandardsControl>& controls,
                                 const std::string& next_token) {
  return ListPage("Controls", controls, WriteStandardsControl, next_token);
}

std::string ControlDefinitionPage(const std::vector<const ControlDefinition*>& definitions,
                                  const std::string& next_token) {
  return ListPage("SecurityControlDefinitions", definitions,
                  [](JsonWriter& w, const ControlDefinition* c) { WriteDefinition(w, *c); },
                  next_token);
}

std::string ControlDefinitionOf(const ControlDefinition& definition) {
  JsonWriter w(kBytesPerControl * 2);
  w.BeginObject();
  w.Key("SecurityControlDefinition");
  WriteDefinition(w, definition);
  w.EndObject();
  return w.Take();
}

std::string SecurityControls(const std::vector<SecurityControl>& controls,
                             const std::vector<UnprocessedControl>& unprocessed) {
  JsonWriter w(64 + kBytesPerControl * (controls.size() + unprocessed.size()));
  w.BeginObject();
  w.Key("SecurityControls");
  w.BeginArray();
  for (const SecurityControl& c : controls) WriteSecurityControl(w, c);
  w.EndArray();
  w.Key("UnprocessedIds");
  w.BeginArray();
  for (const UnprocessedControl& u : unprocessed) {
    w.BeginObject();
    Member(w, "SecurityControlId", u.control);
    WriteError(w, u.error_code, u.error_reason);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

std::string AssociationSummaryPage(const std::vector<ControlAssociation>& associations,
                                   const std::string& next_token) {
  return ListPage("StandardsControlAssociationSummaries", associations,
                  [](JsonWriter& w, const ControlAssociation& a) { WriteAssociation(w, a, false); },
                  next_token);
}

std::string AssociationDetails(const std::vector<ControlAssociation>& associations,
                               const std::vector<UnprocessedAssociation>& unprocessed) {
  JsonWriter w(64 + kBytesPerControl * (associations.size() + unprocessed.size()));
  w.BeginObject();
  w.Key("StandardsControlAssociationDetails");
  w.BeginArray();
  for (const ControlAssociation& a : associations) WriteAssociation(w, a, true);
  w.EndArray();
  w.Key("UnprocessedAssociations");
  w.BeginArray();
  for (const UnprocessedAssociation& u : unprocessed) {
    w.BeginObject();
    w.Key("StandardsControlAssociationId");
    w.BeginObject();
    WriteAssociationId(w, u.id);
    w.EndObject();
    WriteError(w, u.error_code, u.error_reason);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

std::string UnprocessedAssociationUpdates(
    const std::vector<UnprocessedAssociationUpdate>& unprocessed) {
  JsonWriter w(64 + kBytesPerControl * unprocessed.size());
  w.BeginObject();
  w.Key("UnprocessedAssociationUpdates");
  w.BeginArray();
  for (const UnprocessedAssociationUpdate& u : unprocessed) {
    w.BeginObject();
    w.Key("StandardsControlAssociationUpdate");
    w.BeginObject();
    Member(w, "StandardsArn", u.update.id.standards_arn);
    Member(w, "SecurityControlId", u.update.id.security_control_id);
    Member(w, "AssociationStatus", u.update.enable ? "ENABLED" : "DISABLED");
    if (u.update.updated_reason) Member(w, "UpdatedReason", *u.update.updated_reason);
    w.EndObject();
    WriteError(w, u.error_code, u.error_reason);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

}  // namespace render
}  // namespace shmock
