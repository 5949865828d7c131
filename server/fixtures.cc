#include "shmock/fixtures.h"

#include <fstream>
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

}  // namespace

Status ParseFixture(const std::string& text, const std::string& default_region, Fixture* fixture) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return Bad("document", "is not a JSON object");
  *fixture = Fixture();
  Status error;

  if (doc.contains("accessKeys")) {
    if (!doc["accessKeys"].is_object()) return Bad("accessKeys", "must be an object of key id -> account");
    for (const auto& [key, account] : doc["accessKeys"].items()) {
      if (!account.is_string() || !Membership::IsAccountId(account.get<std::string>())) {
        return Bad("accessKeys." + key, "must map to a 12-digit account ID");
      }
      fixture->access_keys[key] = account.get<std::string>();
    }
  }

  const json none = json::array();
  const json& hubs = doc.contains("hubs") ? doc["hubs"] : none;
  if (!hubs.is_array()) return Bad("hubs", "must be a list");
  for (size_t i = 0; i < hubs.size(); ++i) {
    const std::string where = "hubs[" + std::to_string(i) + "]";
    if (!hubs[i].is_object()) return Bad(where, "must be an object");
    Hub hub;
    std::optional<std::string> region, generator;
    if (!RequiredString(hubs[i], "accountId", where, &hub.account_id, &error) ||
        !OptionalString(hubs[i], "region", where, &region, &error) ||
        !OptionalString(hubs[i], "controlFindingGenerator", where, &generator, &error)) {
      return error;
    }
    hub.region = region.value_or(default_region);
    if (generator) hub.control_finding_generator = *generator;
    fixture->hubs.push_back(hub);
  }

  const json& members = doc.contains("members") ? doc["members"] : none;
  if (!members.is_array()) return Bad("members", "must be a list");
  for (size_t i = 0; i < members.size(); ++i) {
    const std::string where = "members[" + std::to_string(i) + "]";
    if (!members[i].is_object()) return Bad(where, "must be an object");
    Relationship r;
    std::optional<std::string> region, status;
    if (!RequiredString(members[i], "administratorId", where, &r.administrator_id, &error) ||
        !RequiredString(members[i], "accountId", where, &r.member_id, &error) ||
        !OptionalString(members[i], "region", where, &region, &error) ||
        !OptionalString(members[i], "email", where, &r.email, &error) ||
        !OptionalString(members[i], "memberStatus", where, &status, &error)) {
      return error;
    }
    r.region = region.value_or(default_region);
    if (status) {
      auto parsed = ParseMemberStatus(*status);
      if (!parsed) {
        return Bad(where + ".memberStatus", "'" + *status +
                   "' is not one of Created, Invited, Enabled, Removed, Resigned, Deleted");
      }
      r.status = *parsed;
    }
    fixture->relationships.push_back(r);
  }
  return Status::OK();
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
