#include "shmock/api.h"

#include <cstring>

#include "shmock/sts.h"

namespace shmock {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

const char kContentType[] = "application/json";

// Strings from requests are echoed in messages; never let invalid UTF-8 throw while rendering.
std::string Dump(const ordered_json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// --- NextToken: opaque to clients, URL-safe, and bound to the operation that issued it. ----

const char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64UrlEncode(const std::string& in) {
  std::string out;
  uint32_t buffer = 0;  // holds at most 14 pending bits
  int bits = 0;
  for (unsigned char c : in) {
    buffer = ((buffer << 8) | c) & 0x3FFF;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kBase64Url[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kBase64Url[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

bool Base64UrlDecode(const std::string& in, std::string* out) {
  out->clear();
  uint32_t buffer = 0;  // holds at most 12 pending bits
  int bits = 0;
  for (char c : in) {
    const char* p = c == '\0' ? nullptr : std::strchr(kBase64Url, c);
    if (p == nullptr) return false;
    buffer = ((buffer << 6) | static_cast<uint32_t>(p - kBase64Url)) & 0xFFF;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return true;
}

const char kTokenVersion[] = "shmock1";

std::string EncodeNextToken(const std::string& operation, const std::string& after) {
  return Base64UrlEncode(std::string(kTokenVersion) + "|" + operation + "|" + after);
}

bool DecodeNextToken(const std::string& operation, const std::string& token, std::string* after) {
  std::string raw;
  const std::string prefix = std::string(kTokenVersion) + "|" + operation + "|";
  if (!Base64UrlDecode(token, &raw) || raw.rfind(prefix, 0) != 0) return false;
  *after = raw.substr(prefix.size());
  return Membership::IsAccountId(*after);
}

// --- Reading inputs (already validated against the model) ---------------------------------

bool Has(const json& in, const char* name) { return in.contains(name) && !in[name].is_null(); }

std::vector<std::string> AccountIds(const json& in) {
  return Has(in, "AccountIds") ? in["AccountIds"].get<std::vector<std::string>>()
                               : std::vector<std::string>{};
}

template <typename T>
std::optional<T> Optional(const json& in, const char* name) {
  if (!Has(in, name)) return std::nullopt;
  return in[name].get<T>();
}

constexpr int kDefaultPageSize = 50;  // decision 13

Status ReadPageRequest(const std::string& operation, const json& in, PageRequest* page) {
  page->max_results = Optional<int>(in, "MaxResults").value_or(kDefaultPageSize);
  const std::string token = Optional<std::string>(in, "NextToken").value_or("");
  if (!token.empty() && !DecodeNextToken(operation, token, &page->after)) {
    return Status::InvalidInput("The NextToken '" + token + "' is not valid for " + operation +
                                ". Pass the NextToken value returned by the previous " +
                                operation + " call, unchanged.");
  }
  return Status::OK();
}

void WritePage(const std::string& operation, const char* key, const RelationshipPage& page,
               ordered_json (*render)(const Relationship&), ordered_json* out) {
  ordered_json items = ordered_json::array();
  for (const Relationship& r : page.items) items.push_back(render(r));
  (*out)[key] = std::move(items);
  if (!page.next_after.empty()) (*out)["NextToken"] = EncodeNextToken(operation, page.next_after);
}

// --- Rendering outputs ---------------------------------------------------------------------

// The administrator's view of a relationship (shape Member), fields in the order AWS sends.
ordered_json MemberJson(const Relationship& r) {
  ordered_json j;
  j["AccountId"] = r.member_id;
  if (r.email) j["Email"] = *r.email;
  j["MasterId"] = r.administrator_id;
  j["AdministratorId"] = r.administrator_id;
  j["MemberStatus"] = MemberStatusName(r.status);
  if (r.invited_at) j["InvitedAt"] = FormatIso8601Millis(*r.invited_at);
  j["UpdatedAt"] = FormatIso8601Millis(r.updated_at);
  return j;
}

// The member's view of a relationship (shape Invitation).
ordered_json InvitationJson(const Relationship& r) {
  ordered_json j;
  j["AccountId"] = r.administrator_id;
  j["InvitationId"] = r.invitation_id;
  if (r.invited_at) j["InvitedAt"] = FormatIso8601Millis(*r.invited_at);
  j["MemberStatus"] = MemberStatusName(r.status);
  return j;
}

ordered_json UnprocessedJson(const UnprocessedAccounts& unprocessed) {
  ordered_json list = ordered_json::array();
  for (const auto& u : unprocessed) {
    list.push_back({{"AccountId", u.account_id}, {"ProcessingResult", u.processing_result}});
  }
  return list;
}

}  // namespace

HttpReply ErrorReply(const Status& status) {
  HttpReply reply;
  reply.status = ErrorHttpStatus(status.code());
  const char* code = ErrorCodeName(status.code());
  reply.headers = {{"Content-Type", kContentType}, {"x-amzn-ErrorType", code}};
  reply.body = Dump(ordered_json{{"Code", code}, {"Message", status.message()}});
  reply.error_message = status.message();
  return reply;
}

Api::Api(Membership& membership, IdentityConfig identity)
    : membership_(membership),
      identity_(std::move(identity)),
      model_(/*unbounded_lists=*/{"AccountDetailsList"}) {
  RegisterHandlers();
}

HttpReply Api::Handle(const HttpCall& call) {
  // The credential scope names the service (design.md: other AWS services answered on this
  // port get their own protocol module). A header that does not parse is Security Hub's to
  // refuse, after routing, as before.
  Identity identity;
  Status signed_in = ResolveIdentity(call.authorization, identity_, &identity);
  if (signed_in.ok() && IsStsCall(call, identity)) return HandleSts(call, identity.caller);
  if (signed_in.ok()) signed_in = RequireService(identity, "securityhub");

  const Operation* op = model_.Route(call.method, call.path);
  if (op == nullptr) {
    std::string message = "No Security Hub operation is at " + call.method + " " + call.path + ".";
    if (const Operation* other = model_.RouteAnyMethod(call.path)) {
      message += " " + other->name + " is " + other->method + " " + other->uri + ".";
    }
    return ErrorReply(Status::Error(ErrorCode::kUnknownOperation, message));
  }
  auto fail = [&](const Status& s, const std::string& caller) {
    HttpReply reply = ErrorReply(s);
    reply.operation = op->name;
    reply.caller = caller;
    return reply;
  };
  if (!op->implemented()) {
    return fail(Status::Error(ErrorCode::kNotImplemented,
                              op->name + " (" + op->method + " " + op->uri +
                                  ") is a Security Hub operation that securityhub-mock does not "
                                  "implement; it implements the hub lifecycle and the membership "
                                  "operations."),
                "");
  }
  if (!signed_in.ok()) return fail(signed_in, "");
  const Caller& caller = identity.caller;
  Status s;
  const std::string who = caller.account_id + "@" + caller.region;

  json input;
  s = model_.ParseInput(*op, call.query, call.body, &input);
  if (!s.ok()) return fail(s, who);

  ordered_json output = ordered_json::object();
  try {
    s = handlers_.at(op->name)(caller, input, &output);
  } catch (const std::exception& e) {
    s = Status::Internal(std::string("internal error in ") + op->name + ": " + e.what());
  }
  if (!s.ok()) return fail(s, who);

  HttpReply reply;
  reply.headers = {{"Content-Type", kContentType}};
  reply.body = Dump(output);
  reply.operation = op->name;
  reply.caller = who;
  return reply;
}

void Api::RegisterHandlers() {
  Membership& m = membership_;

  // Hub lifecycle.
  handlers_["EnableSecurityHub"] = [&m](const Caller& c, const json& in, ordered_json*) {
    EnableHubInput input;
    input.tags = Optional<std::map<std::string, std::string>>(in, "Tags").value_or(
        std::map<std::string, std::string>{});
    input.control_finding_generator = Optional<std::string>(in, "ControlFindingGenerator");
    return m.EnableSecurityHub(c, input);
  };
  handlers_["DisableSecurityHub"] = [&m](const Caller& c, const json&, ordered_json*) {
    return m.DisableSecurityHub(c);
  };
  handlers_["DescribeHub"] = [&m](const Caller& c, const json& in, ordered_json* out) {
    Hub hub;
    Status s = m.DescribeHub(c, Optional<std::string>(in, "HubArn"), &hub);
    if (!s.ok()) return s;
    *out = {{"HubArn", Membership::HubArn(hub.region, hub.account_id)},
            {"SubscribedAt", FormatIso8601Millis(hub.subscribed_at)},
            {"AutoEnableControls", hub.auto_enable_controls},
            {"ControlFindingGenerator", hub.control_finding_generator}};
    return s;
  };
  handlers_["UpdateSecurityHubConfiguration"] = [&m](const Caller& c, const json& in, ordered_json*) {
    HubSettings settings;
    settings.auto_enable_controls = Optional<bool>(in, "AutoEnableControls");
    settings.control_finding_generator = Optional<std::string>(in, "ControlFindingGenerator");
    return m.UpdateSecurityHubConfiguration(c, settings);
  };

  // Batch operations: {"UnprocessedAccounts": [...]} even when every account succeeded.
  using BatchCall = Status (Membership::*)(const Caller&, const std::vector<std::string>&,
                                           UnprocessedAccounts*);
  auto batch = [&m](BatchCall call) -> Handler {
    return [&m, call](const Caller& c, const json& in, ordered_json* out) {
      UnprocessedAccounts unprocessed;
      Status s = (m.*call)(c, AccountIds(in), &unprocessed);
      (*out)["UnprocessedAccounts"] = UnprocessedJson(unprocessed);
      return s;
    };
  };
  handlers_["InviteMembers"] = batch(&Membership::InviteMembers);
  handlers_["DeleteMembers"] = batch(&Membership::DeleteMembers);
  handlers_["DeclineInvitations"] = batch(&Membership::DeclineInvitations);
  handlers_["DeleteInvitations"] = batch(&Membership::DeleteInvitations);

  // Administrator side.
  handlers_["CreateMembers"] = [&m](const Caller& c, const json& in, ordered_json* out) {
    std::vector<AccountDetail> accounts;
    for (const auto& d : in["AccountDetails"]) {
      accounts.push_back({d["AccountId"].get<std::string>(), Optional<std::string>(d, "Email")});
    }
    UnprocessedAccounts unprocessed;
    Status s = m.CreateMembers(c, accounts, &unprocessed);
    (*out)["UnprocessedAccounts"] = UnprocessedJson(unprocessed);
    return s;
  };
  handlers_["ListMembers"] = [&m](const Caller& c, const json& in, ordered_json* out) {
    PageRequest page;
    Status s = ReadPageRequest("ListMembers", in, &page);
    if (!s.ok()) return s;
    RelationshipPage members;
    // The API's default is OnlyAssociated=true, and clients omit the parameter unless set.
    s = m.ListMembers(c, Optional<bool>(in, "OnlyAssociated").value_or(true), page, &members);
    if (s.ok()) WritePage("ListMembers", "Members", members, MemberJson, out);
    return s;
  };
  handlers_["GetMembers"] = [&m](const Caller& c, const json& in, ordered_json* out) {
    std::vector<Relationship> members;
    UnprocessedAccounts unprocessed;
    Status s = m.GetMembers(c, AccountIds(in), &members, &unprocessed);
    ordered_json list = ordered_json::array();
    for (const Relationship& r : members) list.push_back(MemberJson(r));
    (*out)["Members"] = std::move(list);
    (*out)["UnprocessedAccounts"] = UnprocessedJson(unprocessed);
    return s;
  };
  handlers_["DisassociateMembers"] = [&m](const Caller& c, const json& in, ordered_json*) {
    return m.DisassociateMembers(c, AccountIds(in));
  };

  // Member side.
  handlers_["ListInvitations"] = [&m](const Caller& c, const json& in, ordered_json* out) {
    PageRequest page;
    Status s = ReadPageRequest("ListInvitations", in, &page);
    if (!s.ok()) return s;
    RelationshipPage invitations;
    s = m.ListInvitations(c, page, &invitations);
    if (s.ok()) WritePage("ListInvitations", "Invitations", invitations, InvitationJson, out);
    return s;
  };
  handlers_["GetInvitationsCount"] = [&m](const Caller& c, const json&, ordered_json* out) {
    int64_t count = 0;
    Status s = m.GetInvitationsCount(c, &count);
    (*out)["InvitationsCount"] = count;
    return s;
  };

  // The deprecated Master* operations are exact twins of the Administrator ones; only the
  // name of one member differs.
  auto accept = [&m](const char* administrator_member) -> Handler {
    return [&m, administrator_member](const Caller& c, const json& in, ordered_json*) {
      return m.AcceptInvitation(c, in[administrator_member].get<std::string>(),
                                in["InvitationId"].get<std::string>());
    };
  };
  handlers_["AcceptAdministratorInvitation"] = accept("AdministratorId");
  handlers_["AcceptInvitation"] = accept("MasterId");

  auto get_administrator = [&m](const char* output_member) -> Handler {
    return [&m, output_member](const Caller& c, const json&, ordered_json* out) {
      std::optional<Relationship> administrator;
      Status s = m.GetAdministrator(c, &administrator);
      if (s.ok() && administrator) (*out)[output_member] = InvitationJson(*administrator);
      return s;  // decision 11: no administrator -> {}
    };
  };
  handlers_["GetAdministratorAccount"] = get_administrator("Administrator");
  handlers_["GetMasterAccount"] = get_administrator("Master");

  auto disassociate_self = [&m](const Caller& c, const json&, ordered_json*) {
    return m.DisassociateFromAdministrator(c);
  };
  handlers_["DisassociateFromAdministratorAccount"] = disassociate_self;
  handlers_["DisassociateFromMasterAccount"] = disassociate_self;
}

}  // namespace shmock
