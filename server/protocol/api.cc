#include "shmock/api.h"

#include <ctime>
#include <chrono>
#include <stdexcept>
#include <thread>

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
  return ErrorReply(ErrorHttpStatus(status.code()), ErrorCodeName(status.code()), status.message());
}

HttpReply ErrorReply(int http_status, const std::string& code, const std::string& message) {
  HttpReply reply;
  reply.status = http_status;
  reply.headers = {{"Content-Type", kContentType}, {"x-amzn-ErrorType", code}};
  reply.body = render::Error(code.c_str(), message);
  reply.error_code = code;
  reply.error_message = message;
  return reply;
}

Api::Api(Services services, IdentityConfig identity, Faults* faults)
    : services_(services),
      identity_(std::move(identity)),
      model_(/*unbounded_lists=*/{"AccountDetailsList"}),
      handlers_(OperationHandlers()),
      faults_(faults) {
  Status s = CheckHandlers(model_, handlers_);
  if (!s.ok()) throw std::logic_error(s.message());
}

HttpReply Api::Handle(const HttpCall& call) {
  // The credential scope names the service (docs/design.md: other AWS services answered on
  // this port get their own protocol module). A call for STS is refused in STS's protocol; a
  // Security Hub call's refusal (a header that does not parse, a strict-mode refusal) comes
  // after routing, as before.
  Identity identity;
  Status signed_in = Authenticate(SignedRequest{call.method, call.raw_path, call.raw_query, call.headers, call.body},
                                  identity_, std::time(nullptr), &identity);
  if (IsStsCall(call, identity)) return signed_in.ok() ? HandleSts(call, identity.caller) : StsRefusal(call, signed_in);
  if (signed_in.ok()) signed_in = RequireService(identity, "securityhub");

  const Operation* op = model_.Route(call.method, call.path);
  if (op == nullptr) {
    std::string message = "No Security Hub operation is at " + call.method + " " + call.path + ".";
    if (const Operation* other = model_.RouteAnyMethod(call.path)) {
      message += " " + other->name + " is " + other->method + " " + other->uri + ".";
    }
    return ErrorReply(Status::Error(ErrorCode::kUnknownOperation, message));
  }
  const Caller* caller = nullptr;  // known once the signature is accepted
  // Every reply names the operation and, once known, the caller, for the request log.
  auto labelled = [&](HttpReply reply) {
    reply.operation = op->name;
    if (caller != nullptr) {
      reply.account = caller->account_id;
      reply.region = caller->region;
    }
    return reply;
  };
  if (!op->implemented()) {
    return labelled(ErrorReply(Status::Error(
        ErrorCode::kNotImplemented,
        op->name + " (" + op->method + " " + op->uri +
            ") is a Security Hub operation that securityhub-mock does not implement; it "
            "implements the hub lifecycle and the membership operations.")));
  }
  if (!signed_in.ok()) return labelled(ErrorReply(signed_in));
  caller = &identity.caller;

  // Decided before the input is even read, so a call answered with a fault changes nothing.
  if (faults_ != nullptr) {
    FaultDecision fault = faults_->Decide(op->name, caller->account_id, caller->region);
    if (fault.delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(fault.delay_ms));
    if (fault.error) {
      return labelled(ErrorReply(fault.error->status, fault.error->code, fault.error->message));
    }
  }

  // A repeated read is answered before its input is parsed: the key holds the input as sent,
  // and only a reply to an input that passed validation was ever stored.
  HttpReply reply;
  reply.headers = {{"Content-Type", kContentType}};
  const bool cacheable = read_cache_ != nullptr && ReadCache::IsCacheable(op->name);
  std::string cache_key;
  ReadCache::Lookup cached;
  if (cacheable) {
    cache_key = ReadCache::Key(*caller, op->name, call.raw_path, call.raw_query, call.body);
    cached = read_cache_->Find(cache_key, &reply.body);
    if (cached.hit) return labelled(std::move(reply));
  }

  nlohmann::json input;
  Status s = model_.ParseInput(*op, call.query, call.body, &input);
  if (!s.ok()) return labelled(ErrorReply(s));
  try {
    s = handlers_.at(op->name)(services_, *caller, input, &reply.body);
  } catch (const std::exception& e) {
    s = Status::Internal(std::string("internal error in ") + op->name + ": " + e.what());
  }
  if (!s.ok()) return labelled(ErrorReply(s));
  if (cacheable) read_cache_->Put(cache_key, cached.version, reply.body);
  return labelled(std::move(reply));
}

}  // namespace shmock
