// The handlers of the standards and controls operations (behavior.md §16), beside handlers.cc:
// each reads its validated input, calls the standards or controls module, and renders.
#include <algorithm>

#include "protocol/handlers.h"
#include "protocol/input.h"
#include "protocol/next_token.h"
#include "protocol/render.h"

namespace shmock {
namespace {

using nlohmann::json;
using namespace input;  // the readers of protocol/input.h


// Decision 52: the standards and controls lists page by 25 unless asked otherwise (the model
// bounds MaxResults to 1-100).
constexpr int kDefaultPageSize = 25;
// A page key of these lists is a subscription ARN, a control id, a standards ARN or a position:
// none is longer than this, so a longer one was not issued by the mock.
constexpr size_t kMaxKeyBytes = 512;

Status ReadPage(const std::string& operation, const json& in, PageRequest* page) {
  page->max_results = Optional<int>(in, "MaxResults").value_or(kDefaultPageSize);
  const std::string token = Text(in, "NextToken");
  if (token.empty()) return Status::OK();
  PageKey after;
  if (!DecodeNextToken(operation, token, &after) || after.size() != 1 || after[0].empty() ||
      after[0].size() > kMaxKeyBytes) {
    return Status::InvalidInput("The NextToken '" + token + "' is not valid for " + operation +
                                ". Pass the NextToken value returned by the previous " +
                                operation + " call, unchanged.");
  }
  page->after = after[0];
  return Status::OK();
}

std::string NextToken(const std::string& operation, const std::string& next_after) {
  return next_after.empty() ? "" : EncodeNextToken(operation, PageKey{next_after});
}

// A ParameterValue union: exactly one member (the model cannot say so).
Status ReadParameterValue(const std::string& name, const json& in, ParameterValue* out) {
  int members = 0;
  for (const auto& [key, value] : in.items()) {
    if (value.is_null()) continue;
    ++members;
    std::optional<ParameterType> type = ParseParameterType(key);
    if (!type) continue;  // a member the model does not know: ignored, as elsewhere
    out->type = *type;
    switch (*type) {
      case ParameterType::kInteger: out->integers = {value.get<int64_t>()}; break;
      case ParameterType::kIntegerList: out->integers = value.get<std::vector<int64_t>>(); break;
      case ParameterType::kDouble:
        if (!value.is_number()) {
          return Status::InvalidInput("Parameters['" + name + "'].Value.Double must be a number.");
        }
        out->number = value.get<double>();
        break;
      case ParameterType::kString:
      case ParameterType::kEnum: out->strings = {value.get<std::string>()}; break;
      case ParameterType::kStringList:
      case ParameterType::kEnumList: out->strings = value.get<std::vector<std::string>>(); break;
      case ParameterType::kBoolean: out->boolean = value.get<bool>(); break;
    }
  }
  if (members != 1) {
    return Status::InvalidInput("Parameters['" + name + "'].Value sets " + std::to_string(members) +
                                " members; a ParameterValue sets exactly one (Integer, "
                                "IntegerList, Double, String, StringList, Boolean, Enum or "
                                "EnumList).");
  }
  return Status::OK();
}

Status ReadParameters(const json& in, ParameterSettings* out) {
  for (const auto& [name, configuration] : in.items()) {
    ParameterSetting setting;
    setting.custom = configuration["ValueType"] == "CUSTOM";
    if (Has(configuration, "Value")) {
      ParameterValue value;
      Status s = ReadParameterValue(name, configuration["Value"], &value);
      if (!s.ok()) return s;
      setting.value = value;
    }
    (*out)[name] = setting;
  }
  return Status::OK();
}

AssociationId ReadAssociationId(const json& in) {
  return {Text(in, "SecurityControlId"), Text(in, "StandardsArn")};
}

bool IsEnabled(const json& in, const char* name) { return Text(in, name) == "ENABLED"; }

}  // namespace

namespace handlers {

// --- Standards ------------------------------------------------------------------------------

Status DescribeStandards(Services& sv, const Caller& c, const json& in, std::string* body) {
  PageRequest page;
  Status s = ReadPage("DescribeStandards", in, &page);
  Page<StandardSummary> standards;
  if (s.ok()) s = sv.standards.DescribeStandards(c, page, &standards);
  if (s.ok()) {
    *body = render::StandardPage(standards.items,
                                 NextToken("DescribeStandards", standards.next_after));
  }
  return s;
}

Status BatchEnableStandards(Services& sv, const Caller& c, const json& in, std::string* body) {
  std::vector<StandardsSubscriptionRequest> requests;
  for (const json& r : in["StandardsSubscriptionRequests"]) {
    requests.push_back({Text(r, "StandardsArn"),
                        Optional<std::map<std::string, std::string>>(r, "StandardsInput")
                            .value_or(std::map<std::string, std::string>{})});
  }
  std::vector<StandardsSubscription> subscriptions;
  Status s = sv.standards.BatchEnableStandards(c, requests, &subscriptions);
  if (s.ok()) *body = render::Subscriptions(subscriptions, "");
  return s;
}

Status BatchDisableStandards(Services& sv, const Caller& c, const json& in, std::string* body) {
  std::vector<StandardsSubscription> subscriptions;
  Status s = sv.standards.BatchDisableStandards(c, Texts(in, "StandardsSubscriptionArns"),
                                                &subscriptions);
  if (s.ok()) *body = render::Subscriptions(subscriptions, "");
  return s;
}

Status GetEnabledStandards(Services& sv, const Caller& c, const json& in, std::string* body) {
  PageRequest page;
  Status s = ReadPage("GetEnabledStandards", in, &page);
  Page<StandardsSubscription> subscriptions;
  if (s.ok()) {
    s = sv.standards.GetEnabledStandards(c, Texts(in, "StandardsSubscriptionArns"), page,
                                         &subscriptions);
  }
  if (s.ok()) {
    *body = render::Subscriptions(subscriptions.items,
                                  NextToken("GetEnabledStandards", subscriptions.next_after));
  }
  return s;
}

Status DescribeStandardsControls(Services& sv, const Caller& c, const json& in,
                                 std::string* body) {
  PageRequest page;
  Status s = ReadPage("DescribeStandardsControls", in, &page);
  Page<StandardsControl> controls;
  if (s.ok()) {
    s = sv.standards.DescribeStandardsControls(c, Text(in, "StandardsSubscriptionArn"), page,
                                               &controls);
  }
  if (s.ok()) {
    *body = render::StandardsControlPage(
        controls.items, NextToken("DescribeStandardsControls", controls.next_after));
  }
  return s;
}

Status UpdateStandardsControl(Services& sv, const Caller& c, const json& in, std::string* body) {
  // ControlStatus is optional in the model, but the operation has nothing else to change.
  if (!Has(in, "ControlStatus")) {
    return Status::InvalidInput(
        "ControlStatus is required: ENABLED, or DISABLED with a DisabledReason.");
  }
  *body = render::Empty();
  return sv.standards.UpdateStandardsControl(c, Text(in, "StandardsControlArn"),
                                             IsEnabled(in, "ControlStatus"),
                                             Optional<std::string>(in, "DisabledReason"));
}

// --- Security controls ---------------------------------------------------------------------

Status ListSecurityControlDefinitions(Services& sv, const Caller& c, const json& in,
                                      std::string* body) {
  PageRequest page;
  Status s = ReadPage("ListSecurityControlDefinitions", in, &page);
  Page<const ControlDefinition*> definitions;
  if (s.ok()) {
    s = sv.controls.ListDefinitions(c, Optional<std::string>(in, "StandardsArn"), page,
                                    &definitions);
  }
  if (s.ok()) {
    *body = render::ControlDefinitionPage(
        definitions.items, NextToken("ListSecurityControlDefinitions", definitions.next_after));
  }
  return s;
}

Status GetSecurityControlDefinition(Services& sv, const Caller& c, const json& in,
                                    std::string* body) {
  const ControlDefinition* definition = nullptr;
  Status s = sv.controls.GetDefinition(c, Text(in, "SecurityControlId"), &definition);
  if (s.ok()) *body = render::ControlDefinitionOf(*definition);
  return s;
}

Status BatchGetSecurityControls(Services& sv, const Caller& c, const json& in,
                                std::string* body) {
  std::vector<SecurityControl> controls;
  std::vector<UnprocessedControl> unprocessed;
  Status s = sv.controls.BatchGet(c, Texts(in, "SecurityControlIds"), &controls, &unprocessed);
  if (s.ok()) *body = render::SecurityControls(controls, unprocessed);
  return s;
}

Status UpdateSecurityControl(Services& sv, const Caller& c, const json& in, std::string* body) {
  ParameterSettings parameters;
  Status s = ReadParameters(in["Parameters"], &parameters);
  if (!s.ok()) return s;
  *body = render::Empty();
  return sv.controls.Update(c, Text(in, "SecurityControlId"), parameters,
                            Optional<std::string>(in, "LastUpdateReason"));
}

// --- Associations ---------------------------------------------------------------------------

Status ListStandardsControlAssociations(Services& sv, const Caller& c, const json& in,
                                        std::string* body) {
  PageRequest page;
  Status s = ReadPage("ListStandardsControlAssociations", in, &page);
  Page<ControlAssociation> associations;
  if (s.ok()) s = sv.controls.ListAssociations(c, Text(in, "SecurityControlId"), page, &associations);
  if (s.ok()) {
    *body = render::AssociationSummaryPage(
        associations.items, NextToken("ListStandardsControlAssociations", associations.next_after));
  }
  return s;
}

Status BatchGetStandardsControlAssociations(Services& sv, const Caller& c, const json& in,
                                            std::string* body) {
  std::vector<AssociationId> ids;
  for (const json& id : in["StandardsControlAssociationIds"]) ids.push_back(ReadAssociationId(id));
  std::vector<ControlAssociation> associations;
  std::vector<UnprocessedAssociation> unprocessed;
  Status s = sv.controls.BatchGetAssociations(c, ids, &associations, &unprocessed);
  if (s.ok()) *body = render::AssociationDetails(associations, unprocessed);
  return s;
}

Status BatchUpdateStandardsControlAssociations(Services& sv, const Caller& c, const json& in,
                                               std::string* body) {
  std::vector<AssociationUpdate> updates;
  for (const json& u : in["StandardsControlAssociationUpdates"]) {
    updates.push_back({ReadAssociationId(u), IsEnabled(u, "AssociationStatus"),
                       Optional<std::string>(u, "UpdatedReason")});
  }
  std::vector<UnprocessedAssociationUpdate> unprocessed;
  Status s = sv.controls.BatchUpdateAssociations(c, updates, &unprocessed);
  if (s.ok()) *body = render::UnprocessedAssociationUpdates(unprocessed);
  return s;
}

}  // namespace handlers
}  // namespace shmock
