#include "protocol/sts.h"

#include <map>

#include "base/url.h"

namespace shmock {
namespace {

const char kVersion[] = "2011-06-15";
const char kNamespace[] = "https://sts.amazonaws.com/doc/2011-06-15/";

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
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

std::string Parameter(const std::multimap<std::string, std::string>& params, const char* name) {
  auto it = params.find(name);
  return it == params.end() ? "" : it->second;
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

HttpReply GetCallerIdentity(const HttpCall& call, const Caller& caller) {
  const std::string& account = caller.account_id;
  return XmlReply(200, std::string("<GetCallerIdentityResponse xmlns=\"") + kNamespace + "\">\n"
                           "  <GetCallerIdentityResult>\n"
                           "    <Arn>arn:aws:iam::" + account + ":root</Arn>\n"
                           "    <UserId>" + account + "</UserId>\n"
                           "    <Account>" + account + "</Account>\n"
                           "  </GetCallerIdentityResult>\n"
                           "  <ResponseMetadata>\n"
                           "    <RequestId>" + call.request_id + "</RequestId>\n"
                           "  </ResponseMetadata>\n"
                           "</GetCallerIdentityResponse>\n");
}

}  // namespace

bool IsStsCall(const HttpCall& call, const Identity& identity) {
  if (!identity.service.empty()) return identity.service == "sts";
  return call.path == "/" && !Parameter(Parameters(call), "Action").empty();
}

HttpReply HandleSts(const HttpCall& call, const Caller& caller) {
  const auto params = Parameters(call);
  const std::string action = Parameter(params, "Action");
  const std::string version = Parameter(params, "Version");
  HttpReply reply;
  if (action == "GetCallerIdentity" && version == kVersion) {
    reply = GetCallerIdentity(call, caller);
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
    default: break;
  }
  HttpReply reply = StsError(call, ErrorHttpStatus(why.code()), code, why.message());
  reply.operation = "sts:-";
  return reply;
}

}  // namespace shmock
