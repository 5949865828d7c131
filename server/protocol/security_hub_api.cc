#include "shmock/security_hub_api.h"

#include <stdexcept>

#include "protocol/service_model.h"

namespace shmock {
namespace {

// The generated model, parsed on first use and shared by every SecurityHubApi of the process:
// with every operation's input in it the parse costs a few milliseconds (docs/design.md).
// Throws as ServiceModel's constructor does; a later call tries again.
const ServiceModel& SecurityHubModel() {
  // A blank DisabledReason or UpdatedReason means none (decision 58): Terraform sends "".
  // A finding is checked by the domain, which fails it alone (decision 27).
  static const ServiceModel model(/*unbounded_lists=*/{"AccountDetailsList"}, kServiceModelJson,
                                  /*blank_means_absent=*/{"DisabledReason", "UpdatedReason"},
                                  /*domain_checked=*/{"AwsSecurityFinding"});
  return model;
}

}  // namespace

SecurityHubApi::SecurityHubApi(Services services)
    : services_(services), model_(SecurityHubModel()) {
  Status s = CheckOperations(model_, Operations());
  if (!s.ok()) throw std::logic_error(s.message());
  for (const OperationRow& row : Operations()) rows_.emplace(row.name, &row);
}

std::optional<HttpReply> SecurityHubApi::Admit(const HttpCall& call, const Identity& identity,
                                               Status signed_in, Admitted* admitted) const {
  // A Security Hub call's refusal by identity (a header that does not parse, a strict-mode
  // refusal, a credential for another service) comes after routing.
  if (signed_in.ok()) signed_in = RequireService(identity, "securityhub");
  const Operation* op = model_.Route(call.method, call.path);
  if (op == nullptr) {
    std::string message = "No Security Hub operation is at " + call.method + " " + call.path + ".";
    if (const Operation* other = model_.RouteAnyMethod(call.path)) {
      message += " " + other->name + " is " + other->method + " " + other->uri + ".";
    }
    return ErrorReply(Status::Error(ErrorCode::kUnknownOperation, message));
  }
  admitted->operation = op;
  if (!op->implemented()) {
    return Labelled(
        ErrorReply(Status::Error(
            ErrorCode::kNotImplemented,
            op->name + " (" + op->method + " " + op->uri +
                ") is a Security Hub operation that securityhub-mock does not implement; "
                "README.md lists the ones it does under 'What it implements'.")),
        *admitted);
  }
  if (!signed_in.ok()) return Labelled(ErrorReply(signed_in), *admitted);
  admitted->caller = identity.caller;
  return std::nullopt;
}

HttpReply SecurityHubApi::Run(const Admitted& admitted, const HttpCall& call) {
  const Operation& op = *admitted.operation;
  const OperationRow& row = *rows_.at(op.name);  // CheckOperations: every implemented one has a row
  // A repeated read is answered before its input is parsed: the key holds the input as sent,
  // and only a reply to an input that passed validation was ever stored.
  HttpReply reply;
  reply.headers = {{"Content-Type", "application/json"}};
  const bool cacheable = read_cache_ != nullptr && row.access == Access::kRead;
  std::string cache_key;
  ReadCache::Lookup cached;
  if (cacheable) {
    cache_key = ReadCache::Key(*admitted.caller, op.name, call.raw_path, call.raw_query, call.body);
    cached = read_cache_->Find(cache_key, &reply.body);
    if (cached.hit) return Labelled(std::move(reply), admitted);
  }

  nlohmann::json input;
  Status s = model_.ParseInput(op, call.path, call.query, call.body, &input);
  if (!s.ok()) return Labelled(ErrorReply(s), admitted);
  try {
    s = row.handler(services_, *admitted.caller, input, &reply.body);
  } catch (const std::exception& e) {
    s = Status::Internal(std::string("internal error in ") + op.name + ": " + e.what());
  }
  if (!s.ok()) return Labelled(ErrorReply(s), admitted);
  if (cacheable) read_cache_->Put(cache_key, cached.version, reply.body);
  return Labelled(std::move(reply), admitted);
}

HttpReply SecurityHubApi::Labelled(HttpReply reply, const Admitted& admitted) {
  if (admitted.operation != nullptr) reply.operation = admitted.operation->name;
  if (admitted.caller) {
    reply.account = admitted.caller->account_id;
    reply.region = admitted.caller->region;
  }
  return reply;
}

}  // namespace shmock
