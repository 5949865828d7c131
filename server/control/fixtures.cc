#include "shmock/fixtures.h"

#include <algorithm>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fixture_insights.h"
#include "shmock/sessions.h"

namespace shmock {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// A member name as a JSON pointer token (RFC 6901: '~' is "~0", '/' is "~1").
std::string Token(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

Status Bad(const std::string& pointer, const std::string& what) {
  return Status::InvalidInput(pointer + ": " + what);
}

// Reads the members of one JSON object into a record. The first problem is kept as `error()`,
// naming the member by its JSON pointer; every later read is then a no-op that returns false.
class Entry {
 public:
  Entry(const json& object, std::string pointer) : object_(object), pointer_(std::move(pointer)) {}

  const Status& error() const { return error_; }

  // Refuses members not in `names`.
  bool Only(std::initializer_list<const char*> names) {
    for (const auto& item : object_.items()) {
      const std::string& key = item.key();
      const bool known = std::any_of(names.begin(), names.end(), [&](const char* n) { return key == n; });
      if (!known) {
        std::string list;
        for (const char* n : names) list += (list.empty() ? "" : ", ") + std::string(n);
        return Fail(Token(key), "is not a member of this entry; the members are " + list);
      }
    }
    return true;
  }

  bool Has(const char* name) const { return object_.contains(name) && !object_[name].is_null(); }

  bool OptionalString(const char* name, std::optional<std::string>* out) {
    if (!error_.ok()) return false;
    if (!Has(name)) return true;
    if (!object_[name].is_string()) return Fail(name, "must be a string");
    *out = object_[name].get<std::string>();
    return true;
  }

  bool AccountId(const char* name, std::string* out) {
    std::optional<std::string> value;
    if (!OptionalString(name, &value)) return false;
    if (!value) return Fail(name, "is required");
    if (!IsAccountId(*value)) return Fail(name, "'" + *value + "' is not a 12-digit account ID");
    *out = *value;
    return true;
  }

  bool Bool(const char* name, bool* out) {
    if (!error_.ok()) return false;
    if (!Has(name)) return true;
    if (!object_[name].is_boolean()) return Fail(name, "must be true or false");
    *out = object_[name].get<bool>();
    return true;
  }

  bool Timestamp(const char* name, std::optional<Millis>* out) {
    std::optional<std::string> text;
    if (!OptionalString(name, &text)) return false;
    if (!text) return true;
    Millis t = 0;
    if (!ParseIso8601Millis(*text, &t)) {
      return Fail(name, "'" + *text + "' is not an ISO 8601 UTC time such as 2021-10-22T11:31:48.385Z");
    }
    *out = t;
    return true;
  }

  bool StringMap(const char* name, std::map<std::string, std::string>* out) {
    if (!error_.ok()) return false;
    if (!Has(name)) return true;
    const json& map = object_[name];
    if (!map.is_object()) return Fail(name, "must be an object of strings");
    for (const auto& [key, value] : map.items()) {
      if (!value.is_string()) return Fail(std::string(name) + "/" + Token(key), "must be a string");
      (*out)[key] = value.get<std::string>();
    }
    return true;
  }

  // One of `choices`; the check is the caller's, the message is here.
  bool OneOf(const char* name, const std::string& value, bool ok, const char* choices) {
    return ok || Fail(name, "'" + value + "' is not one of " + choices);
  }

 private:
  // `member` is the rest of the pointer, its tokens already escaped.
  bool Fail(const std::string& member, const std::string& what) {
    error_ = Bad(pointer_ + "/" + member, what);
    return false;
  }

  const json& object_;
  std::string pointer_;
  Status error_;
};

// Calls `each` for every entry of `list` (the part at `pointer`), after checking that it is a
// list and the entry an object; `each` gets the entry's pointer, e.g. "/members/2".
Status ForEachEntry(const json& list, const std::string& pointer,
                    const std::function<Status(const json& entry, const std::string& pointer)>& each) {
  if (!list.is_array()) return Bad(pointer, "must be a list");
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = pointer + "/" + std::to_string(i);
    if (!list[i].is_object()) return Bad(where, "must be an object");
    Status s = each(list[i], where);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

std::string Dump(const ordered_json& value) {
  return value.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

// A list part, one entry per line: readable, and a diff of two snapshots shows the records
// that changed.
std::string DumpList(const std::vector<std::string>& entries) {
  if (entries.empty()) return "[]";
  std::string out = "[\n";
  for (size_t i = 0; i < entries.size(); ++i) out += "    " + entries[i] + (i + 1 < entries.size() ? ",\n" : "\n");
  return out + "  ]";
}

// --- accessKeys ----------------------------------------------------------------------------

Status ParseAccessKeys(const json& keys, const std::string&, Fixture* fixture) {
  if (!keys.is_object()) return Bad("/accessKeys", "must be an object of access key id -> account ID");
  for (const auto& [id, value] : keys.items()) {
    const std::string pointer = "/accessKeys/" + Token(id);
    AccessKey key;
    if (value.is_string()) {
      key.account_id = value.get<std::string>();
      if (!IsAccountId(key.account_id)) {
        return Bad(pointer, "'" + key.account_id + "' is not a 12-digit account ID");
      }
    } else if (value.is_object()) {
      Entry entry(value, pointer);
      std::optional<std::string> secret;
      if (!entry.Only({"accountId", "secretAccessKey"}) || !entry.AccountId("accountId", &key.account_id) ||
          !entry.OptionalString("secretAccessKey", &secret)) {
        return entry.error();
      }
      // An empty secret would read as none and sign with the default secret: surely a slip.
      if (secret && secret->empty()) return Bad(pointer + "/secretAccessKey", "must not be empty");
      key.secret_access_key = secret.value_or("");
    } else {
      return Bad(pointer, "must be a 12-digit account ID or {\"accountId\": ..., \"secretAccessKey\": ...}");
    }
    fixture->access_keys[id] = key;
  }
  return Status::OK();
}

// The secret stays behind: a key is written as the account it stands for.
std::string DumpAccessKeys(const Fixture& fixture) {
  ordered_json keys = ordered_json::object();
  for (const auto& [id, key] : fixture.access_keys) keys[id] = key.account_id;
  return Dump(keys);
}

// --- hubs ------------------------------------------------------------------------------------

Status ParseHub(const json& object, const std::string& pointer, const std::string& default_region,
                Hub* hub) {
  Entry entry(object, pointer);
  std::optional<std::string> region, generator;
  std::optional<Millis> subscribed_at;
  if (!entry.Only({"accountId", "region", "subscribedAt", "autoEnableControls",
                   "controlFindingGenerator", "tags"}) ||
      !entry.AccountId("accountId", &hub->account_id) ||
      !entry.OptionalString("region", &region) ||
      !entry.Timestamp("subscribedAt", &subscribed_at) ||
      !entry.Bool("autoEnableControls", &hub->auto_enable_controls) ||
      !entry.OptionalString("controlFindingGenerator", &generator) ||
      (generator && !entry.OneOf("controlFindingGenerator", *generator,
                                 *generator == "SECURITY_CONTROL" || *generator == "STANDARD_CONTROL",
                                 "SECURITY_CONTROL, STANDARD_CONTROL")) ||
      !entry.StringMap("tags", &hub->tags)) {
    return entry.error();
  }
  hub->region = region.value_or(default_region);
  hub->subscribed_at = subscribed_at.value_or(0);  // 0: Seed stamps the load time
  if (generator) hub->control_finding_generator = *generator;
  return Status::OK();
}

Status ParseHubs(const json& list, const std::string& default_region, Fixture* fixture) {
  return ForEachEntry(list, "/hubs", [&](const json& entry, const std::string& pointer) {
    fixture->hubs.emplace_back();
    return ParseHub(entry, pointer, default_region, &fixture->hubs.back());
  });
}

std::string DumpHubs(const Fixture& fixture) {
  std::vector<std::string> hubs;
  for (const Hub& hub : fixture.hubs) {
    hubs.push_back(Dump({{"accountId", hub.account_id},
                         {"region", hub.region},
                         {"subscribedAt", FormatIso8601Millis(hub.subscribed_at)},
                         {"autoEnableControls", hub.auto_enable_controls},
                         {"controlFindingGenerator", hub.control_finding_generator},
                         {"tags", hub.tags}}));
  }
  return DumpList(hubs);
}

// --- members ---------------------------------------------------------------------------------

bool IsInvitationId(const std::string& s) {
  return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Status ParseRelationship(const json& object, const std::string& pointer,
                         const std::string& default_region, Relationship* r) {
  Entry entry(object, pointer);
  std::optional<std::string> region, status, invitation_id;
  std::optional<Millis> updated_at;
  std::optional<MemberStatus> parsed_status = MemberStatus::kCreated;
  std::optional<std::string> origin;
  if (!entry.Only({"region", "administratorId", "accountId", "email", "memberStatus",
                   "invitationId", "invitedAt", "updatedAt", "invitationDeleted", "origin"}) ||
      !entry.OptionalString("origin", &origin) ||
      (origin && !entry.OneOf("origin", *origin, ParseMembershipOrigin(*origin).has_value(),
                              "Invitation, Organization")) ||
      !entry.OptionalString("region", &region) ||
      !entry.AccountId("administratorId", &r->administrator_id) ||
      !entry.AccountId("accountId", &r->member_id) ||
      !entry.OptionalString("email", &r->email) ||
      !entry.OptionalString("memberStatus", &status) ||
      (status && !entry.OneOf("memberStatus", *status, (parsed_status = ParseMemberStatus(*status)).has_value(),
                              "Created, Invited, Enabled, Removed, Resigned, Deleted")) ||
      // AccountSuspended arises only from an organization's administrator, never from an
      // invitation, and fixture members are invitation members.
      (status && !entry.OneOf("memberStatus", *status,
                              parsed_status != MemberStatus::kAccountSuspended || origin == "Organization",
                              "Created, Invited, Enabled, Removed, Resigned, Deleted")) ||
      !entry.OptionalString("invitationId", &invitation_id) ||
      (invitation_id && !entry.OneOf("invitationId", *invitation_id, IsInvitationId(*invitation_id),
                                     "the 32 lowercase hex digits of an InvitationId")) ||
      !entry.Timestamp("invitedAt", &r->invited_at) ||
      !entry.Timestamp("updatedAt", &updated_at) ||
      !entry.Bool("invitationDeleted", &r->invitation_deleted)) {
    return entry.error();
  }
  if (r->administrator_id == r->member_id) {
    return Bad(pointer + "/accountId", "an account cannot be a member of itself");
  }
  r->region = region.value_or(default_region);
  if (origin) r->origin = *ParseMembershipOrigin(*origin);
  r->status = *parsed_status;
  r->invitation_id = invitation_id.value_or("");
  r->updated_at = updated_at.value_or(0);  // 0: Seed stamps it
  return Status::OK();
}

Status ParseRelationships(const json& list, const std::string& default_region, Fixture* fixture) {
  return ForEachEntry(list, "/members", [&](const json& entry, const std::string& pointer) {
    fixture->relationships.emplace_back();
    return ParseRelationship(entry, pointer, default_region, &fixture->relationships.back());
  });
}

std::string DumpRelationships(const Fixture& fixture) {
  std::vector<std::string> members;
  for (const Relationship& r : fixture.relationships) {
    ordered_json m = {{"region", r.region}, {"administratorId", r.administrator_id}, {"accountId", r.member_id}};
    if (r.email) m["email"] = *r.email;
    m["memberStatus"] = MemberStatusName(r.status);
    if (!r.invitation_id.empty()) m["invitationId"] = r.invitation_id;
    if (r.invited_at) m["invitedAt"] = FormatIso8601Millis(*r.invited_at);
    m["updatedAt"] = FormatIso8601Millis(r.updated_at);
    m["invitationDeleted"] = r.invitation_deleted;
    if (r.origin == MembershipOrigin::kOrganization) m["origin"] = MembershipOriginName(r.origin);
    members.push_back(Dump(m));
  }
  return DumpList(members);
}

// --- organization ----------------------------------------------------------------------------

// A list of account ids at /organization/<name>, if present.
Status AccountList(const json& organization, const char* name, std::vector<std::string>* out) {
  if (!organization.contains(name)) return Status::OK();
  const json& list = organization[name];
  const std::string pointer = std::string("/organization/") + name;
  if (!list.is_array()) return Bad(pointer, "must be a list of 12-digit account IDs");
  for (size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_string() || !IsAccountId(list[i].get<std::string>())) {
      return Bad(pointer + "/" + std::to_string(i), "must be a 12-digit account ID");
    }
    out->push_back(list[i].get<std::string>());
  }
  return Status::OK();
}

Status ParseOrganization(const json& object, const std::string& default_region, Fixture* fixture) {
  if (!object.is_object()) return Bad("/organization", "must be an object");
  OrganizationSeed& seed = fixture->organization.emplace();
  Entry entry(object, "/organization");
  if (!entry.Only({"managementAccountId", "accounts", "suspendedAccounts", "delegatedAdministrators"}) ||
      !entry.AccountId("managementAccountId", &seed.management_account_id)) {
    return entry.error();
  }
  if (object.contains("delegatedAdministrators")) {
    Status s = ForEachEntry(object["delegatedAdministrators"], "/organization/delegatedAdministrators",
                            [&](const json& item, const std::string& pointer) {
      Entry admin(item, pointer);
      DelegatedAdministrator d;
      std::optional<std::string> region, standards, type;
      if (!admin.Only({"region", "accountId", "autoEnable", "autoEnableStandards", "configurationType"}) ||
          !admin.OptionalString("region", &region) || !admin.AccountId("accountId", &d.account_id) ||
          !admin.Bool("autoEnable", &d.configuration.auto_enable) ||
          !admin.OptionalString("autoEnableStandards", &standards) ||
          (standards && !admin.OneOf("autoEnableStandards", *standards,
                                     *standards == "DEFAULT" || *standards == "NONE", "DEFAULT, NONE")) ||
          !admin.OptionalString("configurationType", &type) ||
          (type && !admin.OneOf("configurationType", *type, *type == "LOCAL" || *type == "CENTRAL",
                                "LOCAL, CENTRAL"))) {
        return admin.error();
      }
      d.region = region.value_or(default_region);
      if (standards == "NONE") d.configuration.auto_enable_standards = AutoEnableStandards::kNone;
      if (type == "CENTRAL") d.configuration.configuration_type = ConfigurationType::kCentral;
      seed.delegated_administrators.push_back(d);
      return Status::OK();
    });
    if (!s.ok()) return s;
  }
  Status s = AccountList(object, "accounts", &seed.accounts);
  if (s.ok()) s = AccountList(object, "suspendedAccounts", &seed.suspended_accounts);
  if (!s.ok()) return s;
  for (const std::string& id : seed.suspended_accounts) {
    if (id == seed.management_account_id) {
      return Bad("/organization/suspendedAccounts", "the management account " + id + " cannot be suspended");
    }
  }
  return Status::OK();
}

// "" without an organization: the part is left out of the document.
std::string DumpOrganization(const Fixture& fixture) {
  if (!fixture.organization) return "";
  const OrganizationSeed& o = *fixture.organization;
  ordered_json admins = ordered_json::array();
  for (const DelegatedAdministrator& d : o.delegated_administrators) {
    admins.push_back({{"region", d.region},
                      {"accountId", d.account_id},
                      {"autoEnable", d.configuration.auto_enable},
                      {"autoEnableStandards", AutoEnableStandardsName(d.configuration.auto_enable_standards)},
                      {"configurationType", ConfigurationTypeName(d.configuration.configuration_type)}});
  }
  return Dump({{"managementAccountId", o.management_account_id},
               {"accounts", o.accounts},
               {"suspendedAccounts", o.suspended_accounts},
               {"delegatedAdministrators", admins}});
}

// --- sessions ------------------------------------------------------------------------------

Status ParseSessions(const json& list, const std::string&, Fixture* fixture) {
  return ForEachEntry(list, "/sessions", [&](const json& object, const std::string& where) {
    Entry entry(object, where);
    entry.Only({"accessKeyId", "secretAccessKey", "sessionToken", "roleArn", "roleSessionName", "roleId",
                "expiration", "chained"});
    RoleSession session;
    std::optional<std::string> key, secret, token, arn, name, role_id;
    std::optional<Millis> expiration;
    entry.OptionalString("accessKeyId", &key);
    entry.OptionalString("secretAccessKey", &secret);
    entry.OptionalString("sessionToken", &token);
    entry.OptionalString("roleArn", &arn);
    entry.OptionalString("roleSessionName", &name);
    entry.OptionalString("roleId", &role_id);
    entry.Timestamp("expiration", &expiration);
    entry.Bool("chained", &session.chained);
    if (!entry.error().ok()) return entry.error();
    const std::pair<const char*, bool> required[] = {
        {"accessKeyId", key.has_value()}, {"secretAccessKey", secret.has_value()},
        {"sessionToken", token.has_value()}, {"roleArn", arn.has_value()},
        {"roleSessionName", name.has_value()}, {"expiration", expiration.has_value()}};
    for (const auto& [member, present] : required) {
      if (!present) return Bad(where + "/" + member, "is required");
    }
    RoleArn role;
    if (!ParseRoleArn(*arn, "a fixture", &role).ok()) {
      return Bad(where + "/roleArn", "'" + *arn + "' is not an IAM role ARN such as arn:aws:iam::111111111111:role/Admin");
    }
    session.access_key_id = *key;
    session.secret_access_key = *secret;
    session.session_token = *token;
    session.role_arn = *arn;
    session.role_session_name = *name;
    session.role_id = role_id.value_or("");
    session.expiration = *expiration;
    fixture->sessions.push_back(std::move(session));
    return Status::OK();
  });
}

// "" without sessions: the part is left out of the document.
std::string DumpSessions(const Fixture& fixture) {
  if (fixture.sessions.empty()) return "";
  std::vector<std::string> entries;
  for (const RoleSession& s : fixture.sessions) {
    entries.push_back(Dump({{"accessKeyId", s.access_key_id},
                            {"secretAccessKey", s.secret_access_key},
                            {"sessionToken", s.session_token},
                            {"roleArn", s.role_arn},
                            {"roleSessionName", s.role_session_name},
                            {"roleId", s.role_id},
                            {"expiration", FormatIso8601Millis(s.expiration)},
                            {"chained", s.chained}}));
  }
  return DumpList(entries);
}

// --- aggregators ---------------------------------------------------------------------------

// The mode and the Regions are checked by the domain when loaded (Aggregators::Seed).
Status ParseAggregators(const json& list, const std::string& default_region, Fixture* fixture) {
  return ForEachEntry(list, "/aggregators", [&](const json& object, const std::string& where) {
    Entry entry(object, where);
    entry.Only({"accountId", "homeRegion", "id", "regionLinkingMode", "regions", "createdAt"});
    AggregatorRecord a;
    std::optional<std::string> home, id, mode;
    std::optional<Millis> created_at;
    entry.AccountId("accountId", &a.account_id);
    entry.OptionalString("homeRegion", &home);
    entry.OptionalString("id", &id);
    entry.OptionalString("regionLinkingMode", &mode);
    entry.Timestamp("createdAt", &created_at);
    if (!entry.error().ok()) return entry.error();
    if (!mode) return Bad(where + "/regionLinkingMode", "is required");
    if (entry.Has("regions")) {
      const json& regions = object["regions"];
      if (!regions.is_array()) return Bad(where + "/regions", "must be a list of Region names");
      for (size_t i = 0; i < regions.size(); ++i) {
        if (!regions[i].is_string()) {
          return Bad(where + "/regions/" + std::to_string(i), "must be a string");
        }
        a.regions.push_back(regions[i].get<std::string>());
      }
    }
    a.home_region = home.value_or(default_region);
    a.id = id.value_or("");
    a.linking_mode = *mode;
    a.created_at = created_at.value_or(0);
    fixture->aggregators.push_back(std::move(a));
    return Status::OK();
  });
}

// "" without aggregators: the part is left out of the document.
std::string DumpAggregators(const Fixture& fixture) {
  if (fixture.aggregators.empty()) return "";
  std::vector<std::string> entries;
  for (const AggregatorRecord& a : fixture.aggregators) {
    entries.push_back(Dump({{"accountId", a.account_id},
                            {"homeRegion", a.home_region},
                            {"id", a.id},
                            {"regionLinkingMode", a.linking_mode},
                            {"regions", a.regions},
                            {"createdAt", FormatIso8601Millis(a.created_at)}}));
  }
  return DumpList(entries);
}

// --- the document ----------------------------------------------------------------------------

// The document's parts, in the order they are read and written. A part of the state the
// format does not carry yet is one entry here: its member name, a parse and a dump function.
struct Part {
  const char* name;
  Status (*parse)(const json& value, const std::string& default_region, Fixture* fixture);
  std::string (*dump)(const Fixture& fixture);
};
// --- findings --------------------------------------------------------------------------------

// Each finding is checked by the domain when it is loaded (Findings::Seed); here only that it
// is an object, so that the pointer of a refusal is the entry's.
Status ParseFindings(const json& list, const std::string&, Fixture* fixture) {
  return ForEachEntry(list, "/findings", [&](const json& entry, const std::string&) {
    fixture->findings.push_back(entry);
    return Status::OK();
  });
}

std::string DumpFindings(const Fixture& fixture) {
  if (fixture.findings.empty()) return "";
  std::vector<std::string> findings;
  for (const json& f : fixture.findings) {
    findings.push_back(f.dump(-1, ' ', false, json::error_handler_t::replace));
  }
  return DumpList(findings);
}

const Part kParts[] = {
    {"accessKeys", ParseAccessKeys, DumpAccessKeys},
    {"hubs", ParseHubs, DumpHubs},
    {"members", ParseRelationships, DumpRelationships},
    {"organization", ParseOrganization, DumpOrganization},
    {"findings", ParseFindings, DumpFindings},
    {"sessions", ParseSessions, DumpSessions},
    {"insights", ParseInsightsPart, DumpInsightsPart},  // fixture_insights.cc
    {"aggregators", ParseAggregators, DumpAggregators},
};

}  // namespace

std::string RelationshipPointer(size_t index) { return "/members/" + std::to_string(index); }

Status ParseFixture(const std::string& text, const std::string& default_region, Fixture* fixture) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    // e.what() reads "[json.exception.parse_error.101] parse error at line 3, column 1: <reason>".
    const std::string what = e.what();
    const size_t at = what.find(" at line "), colon = what.find(": ");
    std::string place = "byte " + std::to_string(e.byte);
    if (at != std::string::npos && colon != std::string::npos && at < colon) {
      place += " (" + what.substr(at + 4, colon - at - 4) + ")";
    }
    return Status::InvalidInput("invalid JSON at " + place + ": " +
                                (colon == std::string::npos ? what : what.substr(colon + 2)));
  }
  if (!doc.is_object()) {
    return Status::InvalidInput("the document must be a JSON object such as {\"hubs\": [...], \"members\": [...]}, not " +
                                std::string(doc.type_name() == std::string("array") ? "an " : "a ") +
                                doc.type_name());
  }
  *fixture = Fixture();
  for (const auto& item : doc.items()) {
    const std::string& name = item.key();
    const bool known = std::any_of(std::begin(kParts), std::end(kParts),
                                   [&](const Part& part) { return name == part.name; });
    if (!known) {
      std::string names;
      for (const Part& part : kParts) names += (names.empty() ? "" : ", ") + std::string(part.name);
      return Bad("/" + Token(name), "is not a part of a fixture; the parts are " + names);
    }
  }
  for (const Part& part : kParts) {
    if (!doc.contains(part.name)) continue;
    Status s = part.parse(doc[part.name], default_region, fixture);
    if (!s.ok()) return s;
  }
  return Status::OK();
}

Status ReadFixtureFile(const std::string& path, const std::string& default_region, Fixture* fixture) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidInput(path + ": cannot read the fixture file");
  std::stringstream text;
  text << in.rdbuf();
  Status s = ParseFixture(text.str(), default_region, fixture);
  if (!s.ok()) return Status::InvalidInput(path + ": " + s.message());
  return s;
}

std::string DumpFixture(const Fixture& fixture) {
  std::string out = "{";
  for (const Part& part : kParts) {
    const std::string value = part.dump(fixture);
    if (value.empty()) continue;  // a part the state does not have
    out += std::string(out.size() > 1 ? "," : "") + "\n  \"" + part.name + "\": " + value;
  }
  return out + "\n}\n";
}

}  // namespace shmock
