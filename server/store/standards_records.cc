#include "standards_records.h"

#include <nlohmann/json.hpp>

namespace shmock {
namespace {

const char kSubscriptionColumns[] =
    "region, account_id, standard_id, standards_input, requested_at, deleting, status_reason";
const char kAssociationColumns[] =
    "region, account_id, standard_id, control_id, enabled, updated_reason, updated_at";
const char kControlColumns[] =
    "region, account_id, control_id, parameters, last_update_reason, updated_at";

// The stored parameters: {"<name>": {"<type>": <value>}}, the API's ParameterValue union.
nlohmann::json ParameterJson(const ParameterValue& v) {
  nlohmann::json value;
  switch (v.type) {
    case ParameterType::kInteger: value = v.integers.empty() ? 0 : v.integers[0]; break;
    case ParameterType::kIntegerList: value = v.integers; break;
    case ParameterType::kDouble: value = v.number; break;
    case ParameterType::kBoolean: value = v.boolean; break;
    case ParameterType::kString:
    case ParameterType::kEnum: value = v.strings.empty() ? "" : v.strings[0]; break;
    case ParameterType::kStringList:
    case ParameterType::kEnumList: value = v.strings; break;
  }
  return nlohmann::json{{ParameterTypeName(v.type), value}};
}

std::string ParametersText(const std::map<std::string, ParameterValue>& parameters) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, value] : parameters) out[name] = ParameterJson(value);
  return out.dump();
}

// What this store wrote; a value it cannot read is left out rather than failing the read.
std::map<std::string, ParameterValue> ReadParameters(std::string_view text) {
  std::map<std::string, ParameterValue> out;
  auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return out;
  for (const auto& [name, union_value] : doc.items()) {
    if (!union_value.is_object() || union_value.size() != 1) continue;
    auto type = ParseParameterType(union_value.begin().key());
    if (!type) continue;
    const nlohmann::json& j = union_value.begin().value();
    ParameterValue v;
    v.type = *type;
    if (j.is_boolean()) v.boolean = j.get<bool>();
    if (j.is_number() && *type == ParameterType::kDouble) v.number = j.get<double>();
    if (j.is_number_integer()) v.integers.push_back(j.get<int64_t>());
    if (j.is_string()) v.strings.push_back(j.get<std::string>());
    for (const auto& item : j.is_array() ? j : nlohmann::json::array()) {
      if (item.is_number_integer()) v.integers.push_back(item.get<int64_t>());
      if (item.is_string()) v.strings.push_back(item.get<std::string>());
    }
    out[name] = v;
  }
  return out;
}

StandardsSubscriptionRecord ReadSubscription(const Statement& st) {
  StandardsSubscriptionRecord s;
  s.region = st.Text(0);
  s.account_id = st.Text(1);
  s.standard_id = st.Text(2);
  auto input = nlohmann::json::parse(st.View(3), nullptr, /*allow_exceptions=*/false);
  if (input.is_object()) {
    for (const auto& [k, v] : input.items()) {
      if (v.is_string()) s.standards_input[k] = v.get<std::string>();
    }
  }
  s.requested_at = st.Int64(4);
  s.deleting = st.Flag(5);
  s.status_reason = st.Text(6);
  return s;
}

ControlAssociationRecord ReadAssociation(const Statement& st) {
  ControlAssociationRecord a;
  a.region = st.Text(0);
  a.account_id = st.Text(1);
  a.standard_id = st.Text(2);
  a.control_id = st.Text(3);
  a.enabled = st.Flag(4);
  a.updated_reason = st.Text(5);
  a.updated_at = st.Int64(6);
  return a;
}

SecurityControlRecord ReadControl(const Statement& st) {
  SecurityControlRecord c;
  c.region = st.Text(0);
  c.account_id = st.Text(1);
  c.control_id = st.Text(2);
  c.parameters = ReadParameters(st.View(3));
  c.last_update_reason = st.Text(4);
  c.updated_at = st.Int64(5);
  return c;
}

// Runs `sql` with (Region, account) bound and reads every row with `read`.
template <typename Record, typename Read>
std::vector<Record> ReadAll(Connection& connection, const Sql& sql, const std::string* region,
                            const std::string* account_id, Read read) {
  Statement st(connection, sql);
  if (region) st.Bind(1, *region);
  if (account_id) st.Bind(2, *account_id);
  std::vector<Record> out;
  while (st.Step()) out.push_back(read(st));
  return out;
}

}  // namespace

// --- Subscriptions --------------------------------------------------------------------------

std::vector<StandardsSubscriptionRecord> SqliteStandardsRecords::Subscriptions(
    const std::string& region, const std::string& account_id) {
  static const Sql sql(std::string("SELECT ") + kSubscriptionColumns +
                       " FROM standards_subscriptions WHERE region = ? AND account_id = ?"
                       " ORDER BY standard_id");
  return ReadAll<StandardsSubscriptionRecord>(connection_, sql, &region, &account_id,
                                              ReadSubscription);
}

void SqliteStandardsRecords::PutSubscription(const StandardsSubscriptionRecord& s) {
  static const Sql sql(std::string("INSERT OR REPLACE INTO standards_subscriptions (") +
                       kSubscriptionColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?)");
  const std::string input = nlohmann::json(s.standards_input).dump();
  Execute(connection_, sql, s.region, s.account_id, s.standard_id, input, s.requested_at,
          s.deleting, s.status_reason);
}

void SqliteStandardsRecords::DeleteSubscription(const std::string& region,
                                                const std::string& account_id,
                                                const std::string& standard_id) {
  static const Sql sql(
      "DELETE FROM standards_subscriptions WHERE region = ? AND account_id = ? AND "
      "standard_id = ?");
  Execute(connection_, sql, region, account_id, standard_id);
}

// --- Control associations -------------------------------------------------------------------

std::vector<ControlAssociationRecord> SqliteStandardsRecords::Associations(
    const std::string& region, const std::string& account_id) {
  static const Sql sql(std::string("SELECT ") + kAssociationColumns +
                       " FROM control_associations WHERE region = ? AND account_id = ?"
                       " ORDER BY standard_id, control_id");
  return ReadAll<ControlAssociationRecord>(connection_, sql, &region, &account_id,
                                           ReadAssociation);
}

void SqliteStandardsRecords::PutAssociation(const ControlAssociationRecord& a) {
  static const Sql sql(std::string("INSERT OR REPLACE INTO control_associations (") +
                       kAssociationColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?)");
  Execute(connection_, sql, a.region, a.account_id, a.standard_id, a.control_id, a.enabled,
          a.updated_reason, a.updated_at);
}

void SqliteStandardsRecords::DeleteAssociations(const std::string& region,
                                                const std::string& account_id,
                                                const std::string& standard_id) {
  static const Sql sql(
      "DELETE FROM control_associations WHERE region = ? AND account_id = ? AND "
      "standard_id = ?");
  Execute(connection_, sql, region, account_id, standard_id);
}

// --- Security controls ----------------------------------------------------------------------

std::optional<SecurityControlRecord> SqliteStandardsRecords::FindControl(
    const std::string& region, const std::string& account_id, const std::string& control_id) {
  static const Sql sql(std::string("SELECT ") + kControlColumns +
                       " FROM security_controls WHERE region = ? AND account_id = ? AND "
                       "control_id = ?");
  Statement st(connection_, sql);
  st.BindAll(region, account_id, control_id);
  if (!st.Step()) return std::nullopt;
  return ReadControl(st);
}

void SqliteStandardsRecords::PutControl(const SecurityControlRecord& c) {
  static const Sql sql(std::string("INSERT OR REPLACE INTO security_controls (") +
                       kControlColumns + ") VALUES (?, ?, ?, ?, ?, ?)");
  const std::string parameters = ParametersText(c.parameters);
  Execute(connection_, sql, c.region, c.account_id, c.control_id, parameters, c.last_update_reason,
          c.updated_at);
}

void SqliteStandardsRecords::DeleteControl(const std::string& region,
                                           const std::string& account_id,
                                           const std::string& control_id) {
  static const Sql sql(
      "DELETE FROM security_controls WHERE region = ? AND account_id = ? AND control_id = ?");
  Execute(connection_, sql, region, account_id, control_id);
}

void SqliteStandardsRecords::DeleteAccount(const std::string& region,
                                           const std::string& account_id) {
  static const Sql subscriptions(
      "DELETE FROM standards_subscriptions WHERE region = ? AND account_id = ?");
  static const Sql associations(
      "DELETE FROM control_associations WHERE region = ? AND account_id = ?");
  static const Sql controls("DELETE FROM security_controls WHERE region = ? AND account_id = ?");
  for (const Sql* sql : {&subscriptions, &associations, &controls}) {
    Statement st(connection_, *sql);
    st.BindAll(region, account_id);
    st.Run();
  }
}

// --- The snapshot ---------------------------------------------------------------------------

std::vector<StandardsSubscriptionRecord> SqliteStandardsRecords::AllSubscriptions() {
  static const Sql sql(std::string("SELECT ") + kSubscriptionColumns +
                       " FROM standards_subscriptions ORDER BY region, account_id, standard_id");
  return ReadAll<StandardsSubscriptionRecord>(connection_, sql, nullptr, nullptr,
                                              ReadSubscription);
}

std::vector<ControlAssociationRecord> SqliteStandardsRecords::AllAssociations() {
  static const Sql sql(std::string("SELECT ") + kAssociationColumns +
                       " FROM control_associations"
                       " ORDER BY region, account_id, standard_id, control_id");
  return ReadAll<ControlAssociationRecord>(connection_, sql, nullptr, nullptr, ReadAssociation);
}

std::vector<SecurityControlRecord> SqliteStandardsRecords::AllControls() {
  static const Sql sql(std::string("SELECT ") + kControlColumns +
                       " FROM security_controls ORDER BY region, account_id, control_id");
  return ReadAll<SecurityControlRecord>(connection_, sql, nullptr, nullptr, ReadControl);
}

}  // namespace shmock
