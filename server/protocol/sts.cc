#include "protocol/sts.h"

#include <map>
#include <nlohmann/json.hpp>

#include "base/url.h"

namespace shmock {
namespace {

const char kVersion[] = "2011-06-15";
const char kNamespace[] = "https://sts.amazonaws.com/doc/2011-06-15/";

// Text content: only &, < and > need escaping (STS writes quotes as they are).
std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

// The call's parameters: the query string's, then a form-encoded body's. (The HTTP adapter may
// already have merged the body into the query; a name found there wins.)
std::multimap<std::string, std::string> Parameters(const HttpCall& call) {
  std::multimap<std::string, std::string> params = call.query;
  size_t pos = 0;
  while (pos < call.body.size()) {
    size_t amp = call.body.find('&', pos);
    if (amp == std::string::npos) amp = call.body.size();
    const std::string pair = call.body.substr(pos, amp - pos);
    const size_t eq = pair.find('=');
    const std::string name = FormDecode(pair.substr(0, eq));
    if (!name.empty() && params.find(name) == params.end()) {
      params.emplace(name, eq == std::string::npos ? "" : FormDecode(pair.substr(eq + 1)));
    }
    pos = amp + 1;
  }
  return params;
}

std::optional<std::string> OptionalParameter(const std::multimap<std::string, std::string>& params,
                                             const char* name) {
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return it->second;
}

std::string Parameter(const std::multimap<std::string, std::string>& params, const char* name) {
  return OptionalParameter(params, name).value_or("");
}

HttpReply XmlReply(int status, std::string body) {
  HttpReply reply;
  reply.status = status;
  reply.headers = {{"Content-Type", "text/xml"}};
  reply.body = std::move(body);
  return reply;
}

// STS's error shape. Every error this module gives is the caller's fault (Type Sender).
HttpReply StsError(const HttpCall& call, int status, const std::string& code,
                   const std::string& message) {
  HttpReply reply = XmlReply(
      status, std::string("<ErrorResponse xmlns=\"") + kNamespace + "\">\n"
                  "  <Error>\n"
                  "    <Type>Sender</Type>\n"
                  "    <Code>" + code + "</Code>\n"
                  "    <Message>" + XmlEscape(message) + "</Message>\n"
                  "  </Error>\n"
                  "  <RequestId>" + call.request_id + "</RequestId>\n"
                  "</ErrorResponse>\n");
  reply.error_code = code;
  reply.error_message = message;
  return reply;
}

// A successful answer: <Action>Response{<Action>Result{result},ResponseMetadata{RequestId}}.
HttpReply Success(const HttpCall& call, const std::string& action, const std::string& result) {
  return XmlReply(200, "<" + action + "Response xmlns=\"" + kNamespace + "\">\n"
                       "  <" + action + "Result>\n" + result +
                       "  </" + action + "Result>\n"
                       "  <ResponseMetadata>\n"
                       "    <RequestId>" + call.request_id + "</RequestId>\n"
                       "  </ResponseMetadata>\n"
                       "</" + action + "Response>\n");
}

std::string Element(const std::string& indent, const std::string& name, const std::string& text) {
  return indent + "<" + name + ">" + XmlEscape(text) + "</" + name + ">\n";
}

HttpReply GetCallerIdentity(const HttpCall& call, const Identity& identity) {
  const std::string& account = identity.caller.account_id;
  const RoleSession* session = identity.session ? &*identity.session : nullptr;
  return Success(call, "GetCallerIdentity",
                 Element("    ", "Arn", CallerArn(account, session)) +
                     Element("    ", "UserId", CallerUserId(account, session)) +
                     Element("    ", "Account", account));
}

// A policy is a JSON object. Checked without building it, so no nesting costs stack.
bool IsPolicyDocument(const std::string& policy) {
  const size_t first = policy.find_first_not_of(" \t\r\n");
  return first != std::string::npos && policy[first] == '{' && nlohmann::json::accept(policy);
}

HttpReply AssumeRole(const HttpCall& call, const Identity& identity, Sessions& sessions,
                     const std::multimap<std::string, std::string>& params) {
  AssumeRoleInput input;
  input.role_arn = OptionalParameter(params, "RoleArn");
  input.role_session_name = OptionalParameter(params, "RoleSessionName");
  input.duration_seconds = OptionalParameter(params, "DurationSeconds");
  input.external_id = OptionalParameter(params, "ExternalId");
  input.policy = OptionalParameter(params, "Policy");
  input.policy_is_document = IsPolicyDocument;
  AssumedRole assumed;
  const Status s = sessions.AssumeRole(identity.caller.account_id,
                                       identity.session ? &*identity.session : nullptr, input, &assumed);
  if (!s.ok()) return StsRefusal(call, s);
  const RoleSession& session = assumed.session;
  std::string expiration = FormatIso8601Millis(session.expiration);
  expiration.erase(expiration.size() - 5, 4);  // whole seconds, as STS writes them: drop ".mmm"
  std::string result = "    <AssumedRoleUser>\n" +
                       Element("      ", "AssumedRoleId", CallerUserId(session.account_id, &session)) +
                       Element("      ", "Arn", CallerArn(session.account_id, &session)) +
                       "    </AssumedRoleUser>\n"
                       "    <Credentials>\n" +
                       Element("      ", "AccessKeyId", session.access_key_id) +
                       Element("      ", "SecretAccessKey", session.secret_access_key) +
                       Element("      ", "SessionToken", session.session_token) +
                       Element("      ", "Expiration", expiration) + "    </Credentials>\n";
  if (assumed.packed_policy_size) {
    result += Element("    ", "PackedPolicySize", std::to_string(*assumed.packed_policy_size));
  }
  return Success(call, "AssumeRole", result);
}

}  // namespace

bool IsStsCall(const HttpCall& call, const Identity& identity) {
  if (!identity.service.empty()) return identity.service == "sts";
  return call.path == "/" && !Parameter(Parameters(call), "Action").empty();
}

HttpReply HandleSts(const HttpCall& call, const Identity& identity, Sessions* sessions) {
  const Caller& caller = identity.caller;
  const auto params = Parameters(call);
  const std::string action = Parameter(params, "Action");
  const std::string version = Parameter(params, "Version");
  HttpReply reply;
  if (action == "GetCallerIdentity" && version == kVersion) {
    reply = GetCallerIdentity(call, identity);
  } else if (action == "AssumeRole" && version == kVersion && sessions != nullptr) {
    reply = AssumeRole(call, identity, *sessions, params);
  } else {
    // AWS's wording; it names no version when the call gives none.
    reply = StsError(call, 400, "InvalidAction",
                     "Could not find operation " + action + " for version " +
                         (version.empty() ? "NO_VERSION_SPECIFIED" : version));
  }
  reply.operation = "sts:" + (action.empty() ? std::string("-") : action);
  reply.account = caller.account_id;
  reply.region = caller.region;
  return reply;
}

HttpReply StsRefusal(const HttpCall& call, const Status& why) {
  const char* code = ErrorCodeName(why.code());
  switch (why.code()) {
    case ErrorCode::kMissingAuthenticationToken: code = "MissingAuthenticationToken"; break;
    case ErrorCode::kUnrecognizedClient: code = "InvalidClientTokenId"; break;
    case ErrorCode::kInvalidSignature: code = "SignatureDoesNotMatch"; break;
    case ErrorCode::kIncompleteSignature: code = "IncompleteSignature"; break;
    case ErrorCode::kExpiredToken: code = "ExpiredToken"; break;
    case ErrorCode::kAccessDenied: code = "AccessDenied"; break;
    default: break;
  }
  HttpReply reply = StsError(call, ErrorHttpStatus(why.code()), code, why.message());
  reply.operation = "sts:-";
  return reply;
}

}  // namespace shmock
