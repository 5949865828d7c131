#include "shmock/api.h"

#include <stdexcept>

#include "shmock/render.h"
#include "shmock/sts.h"

namespace shmock {
namespace {
const char kContentType[] = "application/json";
}  // namespace

std::optional<std::string> HttpCall::header(const std::string& lowercase_name) const {
  auto it = headers.find(lowercase_name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

HttpReply ErrorReply(const Status& status) {
  HttpReply reply;
  reply.status = ErrorHttpStatus(status.code());
  const char* code = ErrorCodeName(status.code());
  reply.headers = {{"Content-Type", kContentType}, {"x-amzn-ErrorType", code}};
  reply.body = render::Error(code, status.message());
  reply.error_message = status.message();
  return reply;
}

Api::Api(Services services, IdentityConfig identity)
    : services_(services),
      identity_(std::move(identity)),
      model_(/*unbounded_lists=*/{"AccountDetailsList"}),
      handlers_(OperationHandlers()) {
  Status s = CheckHandlers(model_, handlers_);
  if (!s.ok()) throw std::logic_error(s.message());
}

HttpReply Api::Handle(const HttpCall& call) {
  // The credential scope names the service (docs/design.md: other AWS services answered on
  // this port get their own protocol module). A header that does not parse is Security Hub's to
  // refuse, after routing, as before.
  Identity identity;
  Status signed_in = ResolveIdentity(call.header("authorization"), identity_, &identity);
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

  nlohmann::json input;
  s = model_.ParseInput(*op, call.query, call.body, &input);
  if (!s.ok()) return fail(s, who);

  HttpReply reply;
  try {
    s = handlers_.at(op->name)(services_, caller, input, &reply.body);
  } catch (const std::exception& e) {
    s = Status::Internal(std::string("internal error in ") + op->name + ": " + e.what());
  }
  if (!s.ok()) return fail(s, who);
  reply.headers = {{"Content-Type", kContentType}};
  reply.operation = op->name;
  reply.caller = who;
  return reply;
}

}  // namespace shmock
