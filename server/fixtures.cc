#include "shmock/fixtures.h"

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

namespace shmock {
namespace {

using nlohmann::json;

Status Bad(const std::string& where, const std::string& what) {
  return Status::InvalidInput("fixture " + where + ": " + what);
}

// Reads an optional string member; false (with *error set) if it is there but not a string.
bool OptionalString(const json& entry, const char* name, const std::string& where,
                    std::optional<std::string>* out, Status* error) {
  if (!entry.contains(name) || entry[name].is_null()) return true;
  if (!entry[name].is_string()) {
    *error = Bad(where + "." + name, "must be a string");
    return false;
  }
  *out = entry[name].get<std::string>();
  return true;
}

bool RequiredString(const json& entry, const char* name, const std::string& where,
                    std::string* out, Status* error) {
  std::optional<std::string> value;
  if (!OptionalString(entry, name, where, &value, error)) return false;
  if (!value) {
    *error = Bad(where + "." + name, "is required");
    return false;
  }
  *out = *value;
  return true;
}

// Calls `each` for every entry of the optional list doc[key], after checking that the list is a
// list and the entry an object; `where` names the entry in errors, e.g. "members[2]".
Status ForEachEntry(const json& doc, const char* key,
                    const std::function<Status(const json& entry, const std::string& where)>& each) {
  if (!doc.contains(key)) return Status::OK();
  const json& list = doc[key];
  if (!list.is_array()) return Bad(key, "must be a list");
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = std::string(key) + "[" + std::to_string(i) + "]";
    if (!list[i].is_object()) return Bad(where, "must be an object");
    Status s = each(list[i], where);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

// A list of account id strings at organization.<key>, if present.
Status AccountList(const json& organization, const char* key, std::vector<std::string>* out) {
  if (!organization.contains(key)) return Status::OK();
  const json& list = organization[key];
  const std::string where = std::string("organization.") + key;
  if (!list.is_array()) return Bad(where, "must be a list of account IDs");
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string() || !IsAccountId(list[i].get<std::string>())) {
      return Bad(where + "[" + std::to_string(i) + "]", "must be a 12-digit account ID");
    }
    out->push_back(list[i].get<std::string>());
  }
  return Status::OK();
}

Status ParseOrganization(const json& organization, OrganizationSeed* seed) {
  if (!organization.is_object()) return Bad("organization", "must be an object");
  Status error;
  if (!RequiredString(organization, "managementAccountId", "organization",
                      &seed->management_account_id, &error)) {
    return error;
  }
  if (!IsAccountId(seed->management_account_id)) {
    return Bad("organization.managementAccountId", "must be a 12-digit account ID");
  }
  Status s = AccountList(organization, "accounts", &seed->accounts);
  if (s.ok()) s = AccountList(organization, "suspendedAccounts", &seed->suspended_accounts);
  return s;
}

}  // namespace

Status ParseFixture(const std::string& text, const std::string& default_region, Fixture* fixture) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Bad("document", "is not a JSON object");
  *fixture = Fixture();
  Status error;

  if (doc.contains("accessKeys")) {
    if (!doc["accessKeys"].is_object()) return Bad("accessKeys", "must be an object of key id -> account");
    for (const auto& [key, account] : doc["accessKeys"].items()) {
      if (!account.is_string() || !IsAccountId(account.get<std::string>())) {
        return Bad("accessKeys." + key, "must map to a 12-digit account ID");
      }
      fixture->access_keys[key] = account.get<std::string>();
    }
  }

  Status s = ForEachEntry(doc, "hubs", [&](const json& entry, const std::string& where) {
    Hub hub;
    std::optional<std::string> region, generator;
    if (!RequiredString(entry, "accountId", where, &hub.account_id, &error) ||
        !OptionalString(entry, "region", where, &region, &error) ||
        !OptionalString(entry, "controlFindingGenerator", where, &generator, &error)) {
      return error;
    }
    hub.region = region.value_or(default_region);
    if (generator) hub.control_finding_generator = *generator;
    fixture->hubs.push_back(hub);
    return Status::OK();
  });
  if (!s.ok()) return s;

  s = ForEachEntry(doc, "members", [&](const json& entry, const std::string& where) {
    Relationship r;
    std::optional<std::string> region, status;
    if (!RequiredString(entry, "administratorId", where, &r.administrator_id, &error) ||
        !RequiredString(entry, "accountId", where, &r.member_id, &error) ||
        !OptionalString(entry, "region", where, &region, &error) ||
        !OptionalString(entry, "email", where, &r.email, &error) ||
        !OptionalString(entry, "memberStatus", where, &status, &error)) {
      return error;
    }
    r.region = region.value_or(default_region);
    if (status) {
      auto parsed = ParseMemberStatus(*status);
      // AccountSuspended arises only from an organization's administrator, never from an
      // invitation, and fixture members are invitation members.
      if (!parsed || *parsed == MemberStatus::kAccountSuspended) {
        return Bad(where + ".memberStatus", "'" + *status +
                   "' is not one of Created, Invited, Enabled, Removed, Resigned, Deleted");
      }
      r.status = *parsed;
    }
    fixture->relationships.push_back(r);
    return Status::OK();
  });
  if (!s.ok() || !doc.contains("organization")) return s;
  return ParseOrganization(doc["organization"], &fixture->organization.emplace());
}

Status ReadFixtureFile(const std::string& path, const std::string& default_region, Fixture* fixture) {
  std::ifstream in(path);
  if (!in) return Status::InvalidInput("cannot read fixture file '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  Status s = ParseFixture(text.str(), default_region, fixture);
  if (!s.ok()) return Status::InvalidInput(path + ": " + s.message());
  return s;
}

}  // namespace shmock
